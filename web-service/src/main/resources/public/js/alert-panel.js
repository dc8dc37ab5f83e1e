// The alert panel (live, colored by level, filter by level, acknowledge and clear) and the cue for critical alerts.
import config, { formatNumber, formatTime, t } from './config.js';
import { api } from './api.js';
import { el, onFrame } from './frame.js';

const LEVEL_ORDER = { critical: 0, warning: 1, info: 2 };
const SOUND_KEY = 'pulse.sound';
const BANNER_MS = 15000;

export function alertItem(event, { actions }) {
  const a = event.alert;
  const detail = [event.location, formatTime(event.timestamp), t(`state.${a.state}`)];
  if (a.metric && a.value !== undefined && a.value !== null) {
    const threshold = a.threshold !== undefined && a.threshold !== null ? ` (${t('alert.threshold')} ${formatNumber(a.threshold)})` : '';
    detail.push(`${a.metric} ${formatNumber(a.value)}${threshold}`);
  }
  const buttons = [];
  if (actions && config.user.mayAct && (a.state === 'active' || a.state === 'acknowledged')) {
    if (a.state === 'active') {
      buttons.push(el('button', { type: 'button', 'data-action': 'acknowledge' }, t('alert.ack')));
    }
    buttons.push(el('button', { type: 'button', 'data-action': 'clear' }, t('alert.clear')));
  }
  return el('li', { class: `alert-item level-${a.level} state-${a.state}`, 'data-alert-id': a.alertId, 'data-state': a.state },
    el('span', { class: 'level-pill' }, t(`level.${a.level}`)),
    el('div', { class: 'alert-main' },
      // health alerts (deviceType "system") name a service instance, not a device: no device page to link to
      event.deviceType === 'system'
        ? el('span', { class: 'alert-device' }, `${t('alert.system')} ${event.deviceId}`)
        : el('a', { href: `/devices/${encodeURIComponent(event.deviceId)}`, class: 'alert-device' }, event.deviceId),
      ' ', el('span', { class: 'alert-message' }, a.message),
      el('div', { class: 'alert-meta muted' }, detail.join(' · '))),
    el('div', { class: 'alert-actions' }, buttons));
}

/** Renders the store's active alerts into #alert-panel; deviceId limits it to one device. */
export function alertPanel(store, { deviceId } = {}) {
  const list = document.getElementById('alert-list');
  const levelFilter = document.getElementById('alert-level');
  const render = () => {
    const level = levelFilter.value;
    const alerts = store.activeAlerts()
      .filter((e) => (!level || e.alert.level === level) && (!deviceId || e.deviceId === deviceId))
      .sort((x, y) => (LEVEL_ORDER[x.alert.level] - LEVEL_ORDER[y.alert.level]) || (y.timestamp - x.timestamp));
    list.replaceChildren(...(alerts.length
      ? alerts.map((e) => alertItem(e, { actions: true }))
      : [el('li', { class: 'empty muted' }, t('alert.none'))]));
  };
  levelFilter.addEventListener('change', render);
  ['alert', 'alerts'].forEach((name) => store.addEventListener(name, () => onFrame(render)));
  list.addEventListener('click', (click) => {
    const button = click.target.closest('button[data-action]');
    if (button) {
      act(button, button.closest('[data-alert-id]').dataset.alertId, button.dataset.action);
    }
  });
  soundToggle();
  render();
}

async function act(button, alertId, action) {
  const buttons = button.parentElement.querySelectorAll('button');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    // The change itself comes back through push, like everyone else's, once ingest has applied it.
    await api(`/api/alerts/${encodeURIComponent(alertId)}/${action}`, { method: 'POST' });
  } catch (error) {
    buttons.forEach((b) => { b.disabled = false; });
    button.title = `${t('alert.failed')}: ${error.message}`;
    button.classList.add('failed');
  }
}

function soundToggle() {
  const toggle = document.getElementById('alert-sound');
  toggle.checked = localStorage.getItem(SOUND_KEY) === 'on';
  toggle.addEventListener('change', () => {
    localStorage.setItem(SOUND_KEY, toggle.checked ? 'on' : 'off');
    if (toggle.checked) {
      beep(); // also unlocks audio, which browsers allow only after a user gesture
    }
  });
}

let audio = null;
function beep() {
  try {
    audio = audio || new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
  } catch (error) {
    console.info(`no sound: ${error.message}`);
  }
}

/** Every page: a flashing banner for a new critical alert, and a beep when the user turned sound on. */
export function criticalCue(store) {
  const banner = document.getElementById('critical-banner');
  let hideTimer = null;
  store.addEventListener('alert', (e) => {
    const event = e.detail;
    if (event.alert.level !== 'critical' || event.alert.state !== 'active') {
      return;
    }
    banner.replaceChildren(el('strong', {}, `${t('alert.critical')}: `),
      el('a', { href: `/devices/${encodeURIComponent(event.deviceId)}` }, event.deviceId), ` ${event.alert.message}`);
    banner.hidden = false;
    banner.classList.remove('flash');
    void banner.offsetWidth; // restart the animation
    banner.classList.add('flash');
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => { banner.hidden = true; }, BANNER_MS);
    if (localStorage.getItem(SOUND_KEY) === 'on') {
      beep();
    }
  });
}
