// The overview's live view of the system, fed by system_status frames (every 2 s): pipeline and push figures,
// one card per service instance, throughput and latency charts over the last minutes, and the device status
// distribution by location (online / offline from /api/stats, alerting from the live alerts).
import { formatNumber, formatTime, t } from './config.js';
import { el, onFrame } from './frame.js';

const POINTS = 150; // 5 minutes at one status every 2 s
const COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2'];

function lineChart(canvas, labels) {
  return new window.Chart(canvas, {
    type: 'line',
    data: { datasets: labels.map((label, i) => ({ label: t(label), data: [], borderColor: COLORS[i % COLORS.length],
      pointRadius: 0, borderWidth: 2, tension: 0.2, fill: false, spanGaps: true })) },
    options: {
      animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: { x: { type: 'linear', ticks: { maxTicksLimit: 5, callback: (v) => formatTime(v) } }, y: { beginAtZero: true } },
      plugins: { legend: { labels: { boxWidth: 10 } },
        tooltip: { callbacks: { title: (items) => (items.length ? formatTime(items[0].parsed.x) : '') } } },
    },
  });
}

function push(chart, x, values) {
  chart.data.datasets.forEach((dataset, i) => {
    dataset.data.push({ x, y: values[i] ?? null });
    if (dataset.data.length > POINTS) {
      dataset.data.shift();
    }
  });
  const first = chart.data.datasets[0].data[0];
  chart.options.scales.x.min = first ? first.x : undefined;
  chart.options.scales.x.max = x;
  chart.update('none');
}

const fixed = (value, digits = 1) => (typeof value === 'number' ? value.toFixed(digits) : '–');
const ms = (value) => (typeof value === 'number' ? `${Math.round(value)} ms` : '–');
const mib = (bytes) => (typeof bytes === 'number' ? Math.round(bytes / 1048576) : '–');

function duration(msValue) {
  const s = Math.floor(msValue / 1000);
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ${s % 60}s`;
  }
  return s < 86400 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m` : `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

function instanceCard(i) {
  const state = !i.reporting ? 'silent' : (i.ready ? 'ready' : 'notReady');
  return el('div', { class: `instance ${state}`, 'data-service': i.service, 'data-instance': i.instanceId },
    el('div', { class: 'instance-head' }, el('span', { class: 'dot' }), el('strong', {}, i.service),
      el('span', { class: 'muted' }, i.instanceId)),
    el('div', { class: 'instance-state' }, t(`system.${state}`), ' · ', t('system.uptime', { d: duration(i.uptimeMs) }),
      ' · ', i.version),
    el('div', { class: 'muted' }, typeof i.cpu === 'number' ? t('system.cpu', { p: `${Math.round(i.cpu * 100)} %` }) : '',
      typeof i.cpu === 'number' ? ' · ' : '', t('system.memory', { heap: mib(i.heapUsedBytes), rss: mib(i.rssBytes) })),
    typeof i.connections === 'number' ? el('div', { class: 'muted' }, t('system.connections', { n: i.connections })) : '');
}

export function systemView(client) {
  const throughput = lineChart(document.getElementById('throughput-chart'),
    ['chart.records', 'chart.deliveries', 'chart.invalid']);
  const latency = lineChart(document.getElementById('latency-chart'),
    ['chart.p50', 'chart.p95', 'chart.p99', 'chart.publish', 'chart.browser']);
  const distribution = new window.Chart(document.getElementById('status-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [
      { label: t('chart.online'), data: [], backgroundColor: '#16a34a' },
      { label: t('chart.offline'), data: [], backgroundColor: '#9ca3af' },
      { label: t('chart.alerting'), data: [], backgroundColor: '#dc2626' }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { labels: { boxWidth: 10 } } } },
  });
  const section = document.getElementById('system');

  const render = (status) => {
    const p = status.pipeline;
    const q = status.push;
    const text = (id, value) => { document.getElementById(id).textContent = value; };
    section.dataset.generatedAt = String(status.generatedAt);
    text('system-updated', t('system.updated', { time: formatTime(status.generatedAt) }));
    text('sys-records', p ? fixed(p.recordsPerSecond) : '–');
    text('sys-invalid', p ? fixed(p.invalidPerSecond + p.deadLetteredPerSecond) : '–');
    text('sys-lag', p ? `${formatNumber(p.lagRecords)} · ${fixed(p.lagSeconds)} s` : '–');
    text('sys-publish', p ? ms(p.appendToPublishP95Ms) : '–');
    text('sys-connections', q ? formatNumber(q.connections) : '–');
    text('sys-deliveries', q ? fixed(q.deliveriesPerSecond) : '–');
    text('sys-shed', q ? `${fixed(q.coalescedPerSecond)} · ${fixed(q.droppedPerSecond)} · ${fixed(q.overflowPerSecond)}` : '–');
    text('sys-e2e', q ? `${ms(q.latencyP50Ms)} · ${ms(q.latencyP95Ms)} · ${ms(q.latencyP99Ms)}` : '–');
    document.getElementById('instances').replaceChildren(...status.instances.map(instanceCard));
    push(throughput, status.generatedAt, [p?.recordsPerSecond, q?.deliveriesPerSecond,
      p ? p.invalidPerSecond + p.deadLetteredPerSecond : null]);
    push(latency, status.generatedAt, [q?.latencyP50Ms, q?.latencyP95Ms, q?.latencyP99Ms, p?.appendToPublishP95Ms,
      window.pulse?.freshness?.latency()]);
  };
  client.addEventListener('system-status', (e) => onFrame(() => render(e.detail)));

  return {
    /** byLocation: [{name, online, offline}] from /api/stats; alerts: the live active alerts. */
    devices(byLocation, alerts) {
      const alerting = new Map();
      alerts.filter((a) => a.location !== 'system').forEach((a) => {
        const devices = alerting.get(a.location) || new Set();
        devices.add(a.deviceId);
        alerting.set(a.location, devices);
      });
      onFrame(() => {
        distribution.data.labels = byLocation.map((c) => c.name);
        distribution.data.datasets[0].data = byLocation.map((c) => c.online);
        distribution.data.datasets[1].data = byLocation.map((c) => c.offline);
        distribution.data.datasets[2].data = byLocation.map((c) => (alerting.get(c.name) || new Set()).size);
        distribution.update('none');
      });
    },
  };
}
