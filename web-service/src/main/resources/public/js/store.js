// What the page knows: latest device state and the active alerts, fed by the REST API and the push events.
// Listeners hear about changes; they redraw through onFrame, once per animation frame.
import { api } from './api.js';

const ACTIVE_STATES = new Set(['active', 'acknowledged']);

export class Store extends EventTarget {
  constructor() {
    super();
    this.devices = new Map();
    this.alerts = new Map();
  }

  applySnapshot(items) {
    items.forEach((device) => this.devices.set(device.deviceId, device));
    this.emit('devices', { snapshot: true });
  }

  applyEvent(event) {
    if (event.type === 'device_data') {
      const known = this.devices.get(event.deviceId);
      this.devices.set(event.deviceId, {
        deviceId: event.deviceId, deviceType: event.deviceType, location: event.location, status: 'online',
        lastSeen: event.timestamp, metrics: { ...(known ? known.metrics : {}), ...event.metrics }, eventId: event.eventId,
      });
      this.emit('device', event);
    } else if (event.type === 'device_status') {
      const known = this.devices.get(event.deviceId);
      if (known) {
        this.devices.set(event.deviceId, { ...known, status: event.status.status, lastSeen: event.status.lastSeen });
      }
      this.emit('device', event);
    } else if (event.type === 'alert') {
      this.applyAlert(event);
      this.emit('alert', event);
    }
  }

  applyAlert(event) {
    const id = event.alert.alertId;
    const known = this.alerts.get(id);
    if (known && known.timestamp > event.timestamp && known.alert.state === event.alert.state) {
      return;
    }
    if (ACTIVE_STATES.has(event.alert.state)) {
      this.alerts.set(id, event);
    } else {
      this.alerts.delete(id);
    }
  }

  async loadAlerts() {
    const list = await api('/api/alerts?state=active&limit=1000');
    this.alerts.clear();
    list.items.forEach((event) => this.alerts.set(event.alert.alertId, event));
    this.emit('alerts', {});
  }

  activeAlerts() {
    return [...this.alerts.values()];
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
