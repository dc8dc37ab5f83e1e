// The web-service REST API. A 401 means the session ended: back to the login page.
export class ApiError extends Error {
  constructor(status, reason) {
    super(reason);
    this.status = status;
  }
}

// The session's CSRF token, sent with every request that changes state (the server refuses them without it).
const csrf = JSON.parse(document.getElementById('pulse-config')?.textContent || '{}').csrf || '';

export async function api(path, options = {}) {
  const headers = { Accept: 'application/json', 'X-CSRF-Token': csrf, ...(options.headers || {}) };
  const response = await fetch(path, { credentials: 'same-origin', ...options, headers });
  if (response.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    throw new ApiError(401, 'session ended');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, body.reason || response.statusText);
  }
  return body;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
