// Overview: devices online/offline by location and type, active alerts by level (live), service health, and the
// system itself from system_status frames: pipeline and push figures, instance cards, throughput, latency and
// device-status charts.
import { store, client } from '../app.js';
import { t } from '../config.js';
import { api } from '../api.js';
import { batched, el, onFrame } from '../frame.js';
import { alertPanel } from '../alert-panel.js';
import { systemView } from '../system-view.js';

const REFRESH_MS = 5000;
const STATUS_BATCH_MS = 1000;

function rows(counts) {
  return counts.map((c) => el('tr', {}, el('td', {}, c.name), el('td', { class: 'num online' }, c.online),
    el('td', { class: 'num offline' }, c.offline)));
}

let lastStats = null;

async function refresh() {
  try {
    const stats = await api('/api/stats');
    lastStats = stats;
    system.devices(stats.byLocation, store.activeAlerts());
    onFrame(() => {
      document.getElementById('kpi-total').textContent = stats.devices.total;
      document.getElementById('kpi-online').textContent = stats.devices.online;
      document.getElementById('kpi-offline').textContent = stats.devices.offline;
      document.getElementById('by-location').replaceChildren(...rows(stats.byLocation));
      document.getElementById('by-type').replaceChildren(...rows(stats.byType));
      document.getElementById('health').replaceChildren(...stats.services.map((s) => el('li', { class: `health-${s.status}` },
        el('span', { class: 'dot' }), el('span', {}, s.name), el('span', { class: 'muted' }, t(`health.${s.status}`)))));
    });
  } catch (error) {
    console.warn(`stats: ${error.message}`);
  }
}

function alertCounts() {
  const counts = { critical: 0, warning: 0, info: 0 };
  store.activeAlerts().forEach((a) => { counts[a.alert.level] += 1; });
  Object.entries(counts).forEach(([level, n]) => { document.getElementById(`kpi-${level}`).textContent = n; });
}

// Many devices may change status at once (a line stops): one stats request for all of them.
const refreshSoon = batched(refresh, STATUS_BATCH_MS);
const system = systemView(client);
['alert', 'alerts'].forEach((name) => store.addEventListener(name, () => {
  onFrame(alertCounts);
  if (lastStats) {
    system.devices(lastStats.byLocation, store.activeAlerts());
  }
}));
store.addEventListener('device', (e) => {
  if (e.detail.type === 'device_status') {
    refreshSoon();
  }
});
client.addEventListener('resync', refresh);
alertPanel(store);
refresh();
setInterval(refresh, REFRESH_MS);
