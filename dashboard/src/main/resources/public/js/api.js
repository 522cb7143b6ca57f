// The page uses the same JSON API as scripts do. Writes send the token in a header (never a cookie), so
// another site cannot make the browser send it.

const TOKEN_KEY = 'sigdrift.token';

export function takeTokenFromUrl() {
  const m = /(?:^#|[#&])token=([A-Za-z0-9_\-.~]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + '#/anomalies');
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function get(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const url = '/api/' + path + (qs.toString() ? '?' + qs : '');
  let r;
  try {
    r = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'Cannot reach the dashboard server. Is it still running?');
  }
  return parse(r);
}

export function postLabel(body) {
  return post('labels', body);
}

export async function post(path, body) {
  let r;
  try {
    r = await fetch('/api/' + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + (token() || '') },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'Cannot reach the dashboard server.');
  }
  return parse(r);
}

async function parse(r) {
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  if (!r.ok) {
    throw new ApiError(r.status, (body && body.error) || `HTTP ${r.status}`);
  }
  return body;
}
