// Reconnect delays: 3 s x 1.5^attempt, at most 30 s, with +-20 % jitter so that the dashboards of a restarted
// push node do not all come back in the same instant.
export const BASE_MS = 3000;
export const FACTOR = 1.5;
export const MAX_MS = 30000;
const JITTER = 0.2;

export function reconnectDelay(attempt, random = Math.random) {
  const base = Math.min(BASE_MS * Math.pow(FACTOR, attempt), MAX_MS);
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(jittered, MAX_MS));
}

/**
 * How long push asked the client to wait before it comes back, when it refused the connection for now (admission
 * control in a reconnect storm: close 1013 with reason "TRY_AGAIN_LATER retry-after-ms=<n>", jittered by push); 0 when
 * the close reason carries no such hint.
 */
export function retryAfterMs(reason) {
  const match = /retry-after-ms=(\d+)/.exec(reason || '');
  return match ? Number(match[1]) : 0;
}

/** Whether stream id a (<ms>-<n>) comes after b. */
export function seqAfter(a, b) {
  if (!b) {
    return true;
  }
  const [am, an] = a.split('-').map(Number);
  const [bm, bn] = b.split('-').map(Number);
  return am > bm || (am === bm && an > bn);
}
