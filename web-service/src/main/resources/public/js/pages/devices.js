// Device list: search and filters run on the server, a page at a time, so 1,000+ devices stay smooth; the rows on
// screen update live from push, and a device that starts reporting and matches brings in a fresh page.
import { store, client } from '../app.js';
import { formatNumber, formatTime, t } from '../config.js';
import { api, query } from '../api.js';
import { batched, el, onFrame } from '../frame.js';

const PAGE_SIZE = 50;
const REFETCH_MS = 2000;
const search = document.getElementById('device-search');
const typeSelect = document.getElementById('device-type');
const locationSelect = document.getElementById('device-location');
const statusSelect = document.getElementById('device-status');
const body = document.getElementById('device-rows');
const pageLabel = document.getElementById('device-page');
const prev = document.getElementById('device-prev');
const next = document.getElementById('device-next');

let offset = 0;
let shown = new Map();
let total = 0;
let searchTimer = null;

function filters() {
  return { search: search.value.trim(), type: typeSelect.value, location: locationSelect.value, status: statusSelect.value };
}

function matches(device) {
  const f = filters();
  const text = f.search.toLowerCase();
  return (!f.type || device.deviceType === f.type) && (!f.location || device.location === f.location)
    && (!f.status || device.status === f.status)
    && (!text || [device.deviceId, device.deviceType, device.location].some((v) => v.toLowerCase().includes(text)));
}

function valuesText(metrics) {
  return Object.keys(metrics).sort().map((name) => `${name} ${formatNumber(metrics[name])}`).join(' · ');
}

function row(device) {
  return el('tr', { 'data-device-id': device.deviceId, class: `status-${device.status}` },
    el('td', {}, el('a', { href: `/devices/${encodeURIComponent(device.deviceId)}` }, device.deviceId)),
    el('td', {}, device.deviceType),
    el('td', {}, device.location),
    el('td', {}, el('span', { class: `status ${device.status}` }, t(`status.${device.status}`))),
    el('td', { class: 'last-seen' }, formatTime(device.lastSeen)),
    el('td', { class: 'values' }, valuesText(device.metrics)));
}

function options(select, values) {
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first, ...values.map((v) => el('option', { value: v, selected: v === chosen }, v)));
}

async function load() {
  const page = await api(`/api/devices${query({ ...filters(), offset, limit: PAGE_SIZE })}`);
  total = page.total;
  shown = new Map(page.items.map((d) => [d.deviceId, d]));
  options(typeSelect, page.deviceTypes);
  options(locationSelect, page.locations);
  onFrame(render);
}

function render() {
  body.replaceChildren(...(shown.size ? [...shown.values()].map(row)
    : [el('tr', {}, el('td', { colspan: 6, class: 'empty muted' }, t('devices.none')))]));
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  pageLabel.textContent = t('devices.page', { page: Math.floor(offset / PAGE_SIZE) + 1, pages, total });
  prev.disabled = offset === 0;
  next.disabled = offset + PAGE_SIZE >= total;
}

const refetchSoon = batched(load, REFETCH_MS);

const dirty = new Set();
function renderDirty() {
  dirty.forEach((id) => {
    const current = body.querySelector(`tr[data-device-id="${CSS.escape(id)}"]`);
    if (current && shown.has(id)) {
      current.replaceWith(row(shown.get(id)));
    }
  });
  dirty.clear();
}

store.addEventListener('device', (e) => {
  const id = e.detail.deviceId;
  const device = store.devices.get(id);
  if (!device) {
    return;
  }
  if (shown.has(id)) {
    shown.set(id, device);
    dirty.add(id);
    onFrame(renderDirty);
  } else if (matches(device) && shown.size < PAGE_SIZE) {
    refetchSoon(); // a device new to this page's filter: fetch the page again, in order
  }
});
client.addEventListener('resync', () => load().catch(() => {}));

search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => { offset = 0; load(); }, 250);
});
[typeSelect, locationSelect, statusSelect].forEach((s) => s.addEventListener('change', () => { offset = 0; load(); }));
prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); load(); });
next.addEventListener('click', () => { offset += PAGE_SIZE; load(); });
load().catch((error) => { pageLabel.textContent = error.message; });
