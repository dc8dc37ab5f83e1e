// Device detail: latest values and status live, a history chart from the REST API, the device's alerts.
import { store, client } from '../app.js';
import { formatNumber, formatTime, t } from '../config.js';
import { api, query } from '../api.js';
import { el, onFrame } from '../frame.js';
import { LiveChart, exportButtons, thresholdsFor } from '../charts.js';
import { alertPanel } from '../alert-panel.js';
import { fillChartGap } from '../backfill.js';

const deviceId = document.querySelector('main[data-device-id]').dataset.deviceId;
const metricSelect = document.getElementById('history-metric');
const rangeSelect = document.getElementById('history-range');
const chart = new LiveChart(document.getElementById('history-chart'), { maxPoints: 1000 });
let device = null;

function renderDevice() {
  const status = document.getElementById('device-status');
  status.className = `status ${device.status}`;
  status.textContent = t(`status.${device.status}`);
  document.getElementById('device-meta').textContent = `${device.deviceType} · ${device.location} · ${formatTime(device.lastSeen)}`;
  document.getElementById('device-values').replaceChildren(...Object.keys(device.metrics).sort().flatMap((name) => [
    el('dt', {}, name), el('dd', { 'data-metric': name }, formatNumber(device.metrics[name]))]));
}

async function loadHistory() {
  const metric = metricSelect.value;
  const to = Date.now();
  const data = await api(`/api/devices/${encodeURIComponent(deviceId)}/history${query({ metric, from: to - Number(rangeSelect.value), to })}`);
  chart.show(`${deviceId} · ${metric}`, data.points.map((p) => ({ x: p.timestamp, y: p.metrics[metric] })),
    thresholdsFor(device.deviceType, metric));
}

async function start() {
  const detail = await api(`/api/devices/${encodeURIComponent(deviceId)}`);
  device = detail.device;
  const metrics = Object.keys(device.metrics).sort();
  // Open on a metric with thresholds when there is one: the line that matters most.
  const first = metrics.find((m) => Object.keys(thresholdsFor(device.deviceType, m)).length) || metrics[0];
  metricSelect.replaceChildren(...metrics.map((m) => el('option', { value: m, selected: m === first }, m)));
  onFrame(renderDevice);
  await loadHistory();
}

store.addEventListener('device', (e) => {
  const event = e.detail;
  if (event.deviceId !== deviceId || !device) {
    return;
  }
  device = store.devices.get(deviceId) || device;
  onFrame(renderDevice);
  if (event.type === 'device_data' && metricSelect.value in event.metrics) {
    chart.add(event.timestamp, event.metrics[metricSelect.value]);
  }
});

store.addEventListener('gap', (e) => {
  const metric = metricSelect.value;
  if (e.detail.deviceId === deviceId && device && metric) {
    fillChartGap(chart, e.detail, metric, () => metricSelect.value === metric);
  }
});
client.addEventListener('resync', () => start().catch(() => {}));
metricSelect.addEventListener('change', loadHistory);
rangeSelect.addEventListener('change', loadHistory);
exportButtons('history', chart, () => `${deviceId}-${metricSelect.value}`);
alertPanel(store, { deviceId });
start().catch((error) => { document.getElementById('device-meta').textContent = error.message; });
