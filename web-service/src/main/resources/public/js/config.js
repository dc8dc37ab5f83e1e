// The page's starting point, rendered by the server into #pulse-config: push URL, user, thresholds, texts.
const config = JSON.parse(document.getElementById('pulse-config').textContent);

export default config;

/** A UI text in the page's language; {name} placeholders are filled from vars. */
export function t(key, vars = {}) {
  let text = config.texts[key] ?? key;
  for (const [name, value] of Object.entries(vars)) {
    text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

const numbers = new Intl.NumberFormat(config.lang, { maximumFractionDigits: 2 });
const times = new Intl.DateTimeFormat(config.lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatNumber(value) {
  return typeof value === 'number' ? numbers.format(value) : '–';
}

export function formatTime(epochMs) {
  return epochMs ? times.format(new Date(epochMs)) : '–';
}

/**
 * The push WebSocket URL: a path means this page's own host (a front such as nginx routes /ws to push-service);
 * a full URL may name {host}, the host name the browser used, so one setting works from any machine.
 */
export function resolvePushUrl(setting, location = window.location) {
  if (setting.startsWith('/')) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${setting}`;
  }
  return setting.replaceAll('{host}', location.hostname);
}
