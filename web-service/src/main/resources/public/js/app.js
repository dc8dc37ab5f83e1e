// Every page starts here: one push connection, the store, the connection indicator, the critical-alert cue.
import config, { resolvePushUrl, t } from './config.js';
import { api } from './api.js';
import { PushClient } from './push-client.js';
import { Store } from './store.js';
import { onFrame } from './frame.js';
import { criticalCue } from './alert-panel.js';
import { freshnessIndicator } from './freshness.js';

const REFRESH_BEFORE_MS = 60000;

/** Holds the WebSocket token and fetches a new one a minute before it expires. */
class TokenSource {
  constructor() {
    this.current = null;
    this.timer = null;
  }

  async get(fresh = false) {
    if (fresh || !this.current || this.current.expiresAt - Date.now() < REFRESH_BEFORE_MS) {
      await this.refresh();
    }
    return this.current.token;
  }

  async refresh() {
    this.current = await api('/api/auth/token', { method: 'POST' });
    clearTimeout(this.timer);
    const wait = Math.max(5000, this.current.expiresAt - Date.now() - REFRESH_BEFORE_MS);
    this.timer = setTimeout(() => this.refresh().catch((e) => console.warn(`token refresh failed: ${e.message}`)), wait);
  }
}

function subscription() {
  // system_status carries no device data: location-limited users get it too (the filter does not apply to it).
  const payload = { types: ['device_data', 'alert', 'device_status', 'system_status'] };
  if (config.user.locations.length > 0) {
    payload.filter = { locations: config.user.locations };
  }
  if (config.throttleMs > 0) {
    payload.throttleMs = config.throttleMs;
  }
  return payload;
}

function connectionIndicator(client) {
  const indicator = document.getElementById('conn');
  const render = () => {
    indicator.className = `conn ${client.state}`;
    indicator.dataset.state = client.state;
    indicator.querySelector('.conn-text').textContent = t(`conn.${client.state}`);
    indicator.title = client.instanceId ? `push ${client.instanceId}` : '';
  };
  client.addEventListener('state', () => onFrame(render));
  render();
}

function criticalBadge(store) {
  const badge = document.getElementById('critical-count');
  const render = () => {
    const count = store.activeAlerts().filter((a) => a.alert.level === 'critical' && a.alert.state === 'active').length;
    badge.textContent = String(count);
    badge.hidden = count === 0;
  };
  ['alert', 'alerts'].forEach((name) => store.addEventListener(name, () => onFrame(render)));
}

export const store = new Store();
export const client = new PushClient({
  url: resolvePushUrl(config.pushUrl),
  tokens: (() => { const source = new TokenSource(); return (fresh) => source.get(fresh); })(),
  subscription,
});

client.addEventListener('snapshot', (e) => store.applySnapshot(e.detail));
client.addEventListener('event', (e) => store.applyEvent(e.detail));
client.addEventListener('resync', () => {
  store.forgetSequences();
  store.loadAlerts().catch((e) => console.warn(e.message));
});
connectionIndicator(client);
const freshness = freshnessIndicator(client, store);
criticalBadge(store);
criticalCue(store);
store.loadAlerts().catch((e) => console.warn(`alerts: ${e.message}`));
client.start();

// For the browser console and the system test.
window.pulse = { client, store, config, freshness };
