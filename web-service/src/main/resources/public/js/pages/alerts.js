// Alerts: the live panel of active alerts, and the recent alert changes (recovered and cleared ones too).
import { store, client } from '../app.js';
import { t } from '../config.js';
import { api } from '../api.js';
import { batched, el, onFrame } from '../frame.js';
import { alertItem, alertPanel } from '../alert-panel.js';

const RELOAD_MS = 1000;
const recentList = document.getElementById('recent-list');

async function loadRecent() {
  const level = document.getElementById('alert-level').value;
  const list = await api(`/api/alerts?state=recent&limit=100${level ? `&level=${level}` : ''}`);
  onFrame(() => recentList.replaceChildren(...(list.items.length
    ? list.items.map((e) => alertItem(e, { actions: false }))
    : [el('li', { class: 'empty muted' }, t('alert.none'))])));
}

const reloadSoon = batched(loadRecent, RELOAD_MS);

alertPanel(store);
store.addEventListener('alert', reloadSoon);
client.addEventListener('resync', reloadSoon);
document.getElementById('alert-level').addEventListener('change', reloadSoon);
loadRecent().catch((error) => { recentList.textContent = error.message; });
