// The push WebSocket: connects with a short-lived token, subscribes, resumes with `since` after any reconnect,
// keeps an app-level heartbeat and reconnects with backoff. Emits: state, snapshot, event, resync, announcement,
// system-status (the whole system's state every 2 s; see contracts' system-status.schema.json).
import { reconnectDelay, retryAfterMs, seqAfter } from './backoff.js';

export const HEARTBEAT_MS = 30000;
export const PONG_TIMEOUT_MS = 60000;
// A handshake or subscription that hangs (a half-open connection, a server stuck mid-upgrade) counts as failed.
export const OPEN_TIMEOUT_MS = 10000;
// Every push node sends a heartbeat frame every 3 s: a socket with no frame of any kind for this long is on a node
// that froze or a path that died, so the client reconnects (with `since`) rather than waiting for TCP to notice.
export const SILENCE_MS = 10000;
const EVENTS = new Set(['device_data', 'alert', 'device_status']);
// push closes a connection with this code when its token's exp passes (reason "token expired").
export const TOKEN_EXPIRED = 4001;

let frameCounter = 0;
function frameId() {
  frameCounter += 1;
  return (crypto.randomUUID ? crypto.randomUUID() : `f-${Date.now()}-${frameCounter}`);
}

export class PushClient extends EventTarget {
  /**
   * @param url          ws:// or wss:// URL of /ws
   * @param tokens       async (fresh) => JWT for the handshake; fresh: a newly issued one, not a cached one
   * @param subscription () => the subscribe payload without `since`
   */
  constructor({ url, tokens, subscription }) {
    super();
    this.url = url;
    this.tokens = tokens;
    this.subscription = subscription;
    this.state = 'disconnected';
    this.lastSeq = null;
    this.attempt = 0;
    this.connectedOnce = false;
    this.instanceId = null;
    this.lastRecovered = null;
    this.clockOffset = 0;
    this.socket = null;
    this.timers = { reconnect: null, heartbeat: null, open: null, silence: null };
    this.lastFrameAt = 0;
  }

  start() {
    window.addEventListener('online', () => this.reconnectNow());
    // Leaving the page (or it going into the back/forward cache) closes the socket at once rather than leaving
    // the server to find out, so the user's connection slots on the push node are free for the next page.
    window.addEventListener('pagehide', () => this.suspend());
    window.addEventListener('pageshow', (e) => {
      if (e.persisted) {
        this.connect();
      }
    });
    this.connect();
  }

  suspend() {
    Object.values(this.timers).forEach((timer) => { clearTimeout(timer); clearInterval(timer); });
    this.timers = { reconnect: null, heartbeat: null, open: null, silence: null };
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.close(1000, 'page closed'); // scripts may only send 1000 or 3000-4999
    }
  }

  /** Skips the wait, e.g. when the browser says the network is back. */
  reconnectNow() {
    if (this.state === 'reconnecting' && this.timers.reconnect) {
      clearTimeout(this.timers.reconnect);
      this.timers.reconnect = null;
      this.connect();
    }
  }

  async connect(freshToken = false) {
    if (this.state !== 'disconnected' || !this.connectedOnce) {
      this.setState(this.connectedOnce ? 'reconnecting' : 'connecting');
    }
    let token;
    try {
      token = await this.tokens(freshToken);
    } catch (error) {
      this.scheduleReconnect(`no token: ${error.message}`);
      return;
    }
    const separator = this.url.includes('?') ? '&' : '?';
    const socket = new WebSocket(`${this.url}${separator}token=${encodeURIComponent(token)}`);
    this.socket = socket;
    clearTimeout(this.timers.open);
    this.timers.open = setTimeout(() => {
      if (socket === this.socket && this.state !== 'connected') {
        this.dropSocket(`no subscription within ${OPEN_TIMEOUT_MS} ms`);
      }
    }, OPEN_TIMEOUT_MS);
    socket.onmessage = (message) => {
      if (socket === this.socket) {
        this.lastFrameAt = Date.now();
        this.onFrame(message.data);
      }
    };
    socket.onclose = (close) => {
      if (socket === this.socket) {
        this.socket = null;
        this.stopHeartbeat();
        // Not a failure: fetch a new token and resume with since at once, so the operator sees no gap (with the
        // usual backoff should the new token expire at once too, e.g. a clock far off).
        const expiredAgain = Date.now() - (this.tokenExpiredAt || 0) < 10000;
        if (close.code === TOKEN_EXPIRED && !expiredAgain) {
          this.tokenExpiredAt = Date.now();
          console.info('push: token expired; reconnecting with a fresh token');
          this.connect(true);
          return;
        }
        // a node refusing us for now (1013) says how long to stay away: never sooner than that
        this.scheduleReconnect(`closed ${close.code} ${close.reason}`, retryAfterMs(close.reason));
      }
    };
  }

  onFrame(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      console.warn('push: unreadable frame ignored');
      return;
    }
    const data = frame.data || {};
    switch (frame.event) {
      case 'connected':
        this.instanceId = data.instanceId || null;
        // Server clock minus ours (give or take the one-way delay): latencies measured here use the server's clock.
        this.clockOffset = typeof data.serverTime === 'number' ? data.serverTime - Date.now() : 0;
        this.send('config', 'subscribe', this.subscribePayload());
        break;
      case 'subscribed':
        this.onSubscribed(data);
        break;
      case 'history_data':
        if (data.kind === 'snapshot') {
          this.emit('snapshot', data.items || []);
        }
        break;
      case 'pong':
        this.lastPong = Date.now();
        break;
      case 'heartbeat':
        break; // a sign of life (counted in onmessage); its seq is the node's, not this subscription's
      case 'announcement':
        this.emit('announcement', data);
        break;
      case 'system_status':
        this.emit('system-status', data);
        break;
      case 'error':
        console.warn(`push: ${data.code}: ${data.message}`);
        this.emit('push-error', data);
        break;
      default:
        if (EVENTS.has(frame.event) && data.seq && data.event) {
          this.onEvent(data.seq, data.event);
        }
    }
  }

  subscribePayload() {
    const payload = { ...this.subscription() };
    if (this.lastSeq) {
      payload.since = this.lastSeq;
    }
    return payload;
  }

  onSubscribed(data) {
    const resumed = this.connectedOnce;
    this.connectedOnce = true;
    this.lastRecovered = resumed ? data.recovered : null;
    clearTimeout(this.timers.open);
    this.attempt = 0;
    this.lastPong = Date.now();
    this.startHeartbeat();
    this.setState('connected');
    if (resumed && data.recovered === false) {
      // The server could not replay the gap (too long, or nothing seen yet to resume from): what is shown may
      // miss events, so pages load their data again.
      this.emit('resync', {});
    }
  }

  onEvent(seq, event) {
    if (!seqAfter(seq, this.lastSeq)) {
      return; // seen already (replayed after a resume)
    }
    this.lastSeq = seq;
    this.emit('event', event);
  }

  send(type, action, payload) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      const frame = { id: frameId(), type, timestamp: Date.now(), action };
      if (payload) {
        frame.payload = payload;
      }
      this.socket.send(JSON.stringify(frame));
    }
  }

  startHeartbeat() {
    this.stopHeartbeat();
    this.lastFrameAt = Date.now();
    this.timers.silence = setInterval(() => {
      if (Date.now() - this.lastFrameAt > SILENCE_MS) {
        this.dropSocket(`no frame for ${SILENCE_MS / 1000} s`);
      }
    }, 500);
    this.timers.heartbeat = setInterval(() => {
      if (Date.now() - this.lastPong > PONG_TIMEOUT_MS) {
        this.dropSocket('no pong for 60 s');
        return;
      }
      this.send('system', 'ping');
    }, HEARTBEAT_MS);
  }

  stopHeartbeat() {
    clearInterval(this.timers.heartbeat);
    clearInterval(this.timers.silence);
    this.timers.heartbeat = null;
    this.timers.silence = null;
  }

  /** Gives up on a socket that looks open but is dead, and reconnects. */
  dropSocket(reason) {
    const socket = this.socket;
    this.socket = null;
    this.stopHeartbeat();
    if (socket) {
      socket.close(4000, reason);
    }
    this.scheduleReconnect(reason);
  }

  scheduleReconnect(reason, atLeastMs = 0) {
    if (this.timers.reconnect) {
      return;
    }
    const delay = Math.max(reconnectDelay(this.attempt), atLeastMs);
    this.attempt += 1;
    // After a few failed attempts say so plainly; the client keeps trying in the background.
    this.setState(this.attempt > 3 ? 'disconnected' : (this.connectedOnce ? 'reconnecting' : 'connecting'));
    console.info(`push: ${reason}; reconnecting in ${delay} ms (attempt ${this.attempt})`);
    this.timers.reconnect = setTimeout(() => {
      this.timers.reconnect = null;
      this.connect();
    }, delay);
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.emit('state', state);
    }
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
