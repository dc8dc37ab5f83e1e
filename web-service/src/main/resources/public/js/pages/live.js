// Live charts: one device and metric, filled from the history API, then point by point from push.
import { store, client } from '../app.js';
import { formatNumber, formatTime } from '../config.js';
import { api, query } from '../api.js';
import { el } from '../frame.js';
import { LiveChart, exportButtons, thresholdsFor } from '../charts.js';
import { fillChartGap } from '../backfill.js';

const deviceInput = document.getElementById('live-device');
const metricSelect = document.getElementById('live-metric');
const pointsSelect = document.getElementById('live-points');
const latest = document.getElementById('live-latest');
const chart = new LiveChart(document.getElementById('live-chart'), { maxPoints: Number(pointsSelect.value) });
const params = new URLSearchParams(window.location.search);
let current = { deviceId: null, deviceType: null, metric: null };

async function suggest(search) {
  const page = await api(`/api/devices${query({ search, limit: 50 })}`);
  document.getElementById('live-devices').replaceChildren(...page.items.map((d) => el('option', { value: d.deviceId })));
  return page.items;
}

async function choose(deviceId, metric) {
  let detail;
  try {
    detail = await api(`/api/devices/${encodeURIComponent(deviceId)}`);
  } catch (error) {
    latest.textContent = error.message;
    return;
  }
  const device = detail.device;
  const metrics = Object.keys(device.metrics).sort();
  const chosen = metrics.includes(metric) ? metric : metrics[0];
  metricSelect.replaceChildren(...metrics.map((m) => el('option', { value: m, selected: m === chosen }, m)));
  current = { deviceId, deviceType: device.deviceType, metric: chosen };
  deviceInput.value = deviceId;
  history.replaceState(null, '', `/live${query({ device: deviceId, metric: chosen })}`);
  await load();
}

async function load() {
  const { deviceId, deviceType, metric } = current;
  if (!deviceId || !metric) {
    return;
  }
  const max = Number(pointsSelect.value);
  const data = await api(`/api/devices/${encodeURIComponent(deviceId)}/history${query({ metric, limit: max })}`);
  if (current.deviceId !== deviceId || current.metric !== metric) {
    return; // the user chose something else meanwhile
  }
  chart.setMaxPoints(max);
  chart.show(`${deviceId} · ${metric}`, data.points.map((p) => ({ x: p.timestamp, y: p.metrics[metric] })),
    thresholdsFor(deviceType, metric));
  showLatest(data.points.length ? data.points[data.points.length - 1] : null);
}

function showLatest(point) {
  latest.textContent = point ? `${formatTime(point.timestamp)}: ${formatNumber(point.metrics[current.metric])}` : '';
}

store.addEventListener('device', (e) => {
  const event = e.detail;
  if (!current.deviceId && !first && event.type === 'device_data') {
    current.deviceId = event.deviceId; // nothing to show yet: show the first device that reports
    choose(event.deviceId, null);
    return;
  }
  if (event.type === 'device_data' && event.deviceId === current.deviceId && current.metric in event.metrics) {
    chart.add(event.timestamp, event.metrics[current.metric]);
    showLatest({ timestamp: event.timestamp, metrics: event.metrics });
  }
});
// Readings this page skipped (a deviceSeq jump): fetched from history, or marked as a gap on the chart.
store.addEventListener('gap', (e) => {
  const gap = e.detail;
  const { deviceId, metric } = current;
  if (gap.deviceId === deviceId && metric) {
    fillChartGap(chart, gap, metric, () => current.deviceId === deviceId && current.metric === metric);
  }
});
store.addEventListener('alert', (e) => {
  const a = e.detail.alert;
  // A rule alert says which threshold it crossed: draw that one too.
  if (e.detail.deviceId === current.deviceId && a.metric === current.metric && typeof a.threshold === 'number') {
    chart.setThreshold(a.level, a.threshold);
  }
});

// After a gap the server could not replay, the chart may miss points: load it again from the history API.
client.addEventListener('resync', () => load().catch(() => {}));
deviceInput.addEventListener('input', () => suggest(deviceInput.value).catch(() => {}));
deviceInput.addEventListener('change', () => choose(deviceInput.value.trim(), null));
metricSelect.addEventListener('change', () => {
  current.metric = metricSelect.value;
  history.replaceState(null, '', `/live${query({ device: current.deviceId, metric: current.metric })}`);
  load();
});
pointsSelect.addEventListener('change', load);
exportButtons('live', chart, () => `${current.deviceId}-${current.metric}`);

const first = params.get('device');
suggest('').then((items) => {
  const deviceId = first || (items[0] && items[0].deviceId);
  if (deviceId) {
    choose(deviceId, params.get('metric'));
  }
}).catch((error) => { latest.textContent = error.message; });
window.pulse.liveChart = chart;
