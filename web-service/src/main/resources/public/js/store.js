// What the page knows: latest device state and the active alerts, fed by the REST API and the push events.
// Listeners hear about changes; they redraw through onFrame, once per animation frame.
import { api } from './api.js';

const ACTIVE_STATES = new Set(['active', 'acknowledged']);

export class Store extends EventTarget {
  constructor() {
    super();
    this.devices = new Map();
    this.alerts = new Map();
    // deviceId -> {seq, timestamp} of the newest reading seen: a jump in deviceSeq is a range this page skipped.
    this.deviceSeqs = new Map();
  }

  applySnapshot(items) {
    items.forEach((device) => this.devices.set(device.deviceId, device));
    this.emit('devices', { snapshot: true });
  }

  applyEvent(event) {
    if (event.type === 'device_data') {
      this.checkSequence(event);
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

  /**
   * Emits `gap` {deviceId, fromSeq, toSeq, fromTs, toTs} when this reading's deviceSeq jumps past the last one seen
   * (readings fromSeq..toSeq, measured between fromTs and toTs, were skipped). A deviceSeq not above the last one
   * is a reset (Redis lost its data, announced by a resync), not a gap.
   */
  checkSequence(event) {
    if (typeof event.deviceSeq !== 'number') {
      return;
    }
    const last = this.deviceSeqs.get(event.deviceId);
    this.deviceSeqs.set(event.deviceId, { seq: event.deviceSeq, timestamp: event.timestamp });
    if (last && event.deviceSeq > last.seq + 1) {
      this.emit('gap', { deviceId: event.deviceId, fromSeq: last.seq + 1, toSeq: event.deviceSeq - 1,
        fromTs: last.timestamp, toTs: event.timestamp });
    }
  }

  /** After a resync the pages load their data again: what came before is no baseline for gaps. */
  forgetSequences() {
    this.deviceSeqs.clear();
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
