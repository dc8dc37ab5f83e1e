// The header's data-age indicator, on every page: how old the newest data is (the newest event this page received,
// or the newest event ingest published per system_status) and the measured Kafka->browser latency (receive time
// minus the record's Kafka append time, in the server's clock). Amber when late, red when stale: a stall shows.
import { t } from './config.js';
import { onFrame } from './frame.js';

export const LATE_MS = 5000;
export const STALE_MS = 15000;
const SAMPLES = 50;

export class Freshness {
  constructor(client) {
    this.client = client;
    this.newest = null;
    this.latencies = [];
  }

  now() {
    return Date.now() + (this.client.clockOffset || 0);
  }

  /** A device event arrived: it is data, and tells how long it took from Kafka. */
  onEvent(event) {
    if (event.deviceType === 'system') {
      return; // a health alert is about the pipeline, not data through it
    }
    const now = this.now();
    this.seen(event.sourceTimestamp);
    if (event.type === 'device_data' && typeof event.sourceTimestamp === 'number') {
      this.latencies.push(Math.max(0, now - event.sourceTimestamp));
      if (this.latencies.length > SAMPLES) {
        this.latencies.shift();
      }
    }
  }

  onStatus(status) {
    if (status.pipeline && typeof status.pipeline.lastPublishedAt === 'number') {
      this.seen(status.pipeline.lastPublishedAt);
    }
  }

  seen(timestamp) {
    if (typeof timestamp === 'number' && (this.newest === null || timestamp > this.newest)) {
      this.newest = timestamp;
    }
  }

  /** Age of the newest data in ms, or null before any. */
  age() {
    return this.newest === null ? null : Math.max(0, this.now() - this.newest);
  }

  /** Median of the recent Kafka->browser latencies in ms, or null before any. */
  latency() {
    if (this.latencies.length === 0) {
      return null;
    }
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  state() {
    const age = this.age();
    if (age === null) {
      return 'waiting';
    }
    return age > STALE_MS ? 'stale' : (age > LATE_MS ? 'late' : 'fresh');
  }
}

function seconds(ms) {
  return ms < 10000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

/** Keeps the header indicator (#freshness) up to date, once a second and on every event. */
export function freshnessIndicator(client, store) {
  const freshness = new Freshness(client);
  const indicator = document.getElementById('freshness');
  const render = () => {
    const state = freshness.state();
    const age = freshness.age();
    const latency = freshness.latency();
    indicator.className = `freshness ${state}`;
    indicator.dataset.state = state;
    indicator.dataset.ageMs = age === null ? '' : String(Math.round(age));
    indicator.dataset.latencyMs = latency === null ? '' : String(Math.round(latency));
    indicator.querySelector('.fresh-age').textContent = age === null ? t('fresh.waiting') : t('fresh.age', { s: seconds(age) });
    indicator.querySelector('.fresh-latency').textContent = latency === null ? '' : t('fresh.latency', { ms: Math.round(latency) });
    indicator.title = t(`fresh.${state}`);
  };
  store.addEventListener('device', (e) => freshness.onEvent(e.detail));
  store.addEventListener('alert', (e) => freshness.onEvent(e.detail));
  client.addEventListener('system-status', (e) => freshness.onStatus(e.detail));
  setInterval(() => onFrame(render), 1000);
  render();
  return freshness;
}
