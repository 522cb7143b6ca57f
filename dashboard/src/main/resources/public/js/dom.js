// Building DOM nodes safely: every log-derived string goes through textContent (or an attribute that is
// not a URL, a handler or a style), never through innerHTML. Links are built only from our own routes
// with encodeURIComponent'd ids.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs instanceof Node || Array.isArray(attrs) || typeof attrs !== 'object') {
    children.unshift(attrs);
    attrs = null;
  }
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'href') el.setAttribute('href', safeHref(v));
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Only in-app routes: anything else (javascript:, data:, other sites) becomes a dead link. */
export function safeHref(v) {
  const s = String(v);
  return /^#\/[A-Za-z0-9_\-\/?=&%.:]*$/.test(s) ? s : '#/';
}

export function route(...parts) {
  return '#/' + parts.map((p) => encodeURIComponent(String(p))).join('/');
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c instanceof Node) el.appendChild(c);
    else if (c !== undefined && c !== null) el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

/** A template with its typed parameters (<NUM>, <IP>, <*>...) set apart, as text nodes and spans. */
export function template(text) {
  const out = h('code', { class: 'template' });
  if (text === null || text === undefined) {
    out.appendChild(h('span', { class: 'muted', text: '(template not known)' }));
    return out;
  }
  const re = /<[A-Z*][A-Z0-9_*]*>/g;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) out.appendChild(document.createTextNode(text.slice(last, m.index)));
    out.appendChild(h('span', { class: 'param', title: 'parameter', text: m[0] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.appendChild(document.createTextNode(text.slice(last)));
  return out;
}

export function fmtTime(iso, withDate = true) {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const day = d.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return withDate ? `${day} ${date} ${time}` : time;
}

export function fmtNum(n, digits = 1) {
  if (n === null || n === undefined) return '—';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

export function fmtPct(x) {
  if (x === null || x === undefined) return '—';
  const p = x * 100;
  return (p >= 10 ? p.toFixed(1) : p >= 0.1 ? p.toFixed(2) : p.toFixed(3)) + '%';
}

export function toLocalInput(iso) {
  return iso ? iso.slice(0, 16) : '';
}

export function fromLocalInput(v) {
  return v ? new Date(v + ':00Z').toISOString().replace('.000Z', 'Z') : null;
}

export function emptyState(title, detail) {
  return h('div', { class: 'empty' }, h('div', { class: 'empty-title', text: title }), detail ? h('div', { class: 'muted', text: detail }) : null);
}

export function appendAll(el, ...children) {
  append(el, children);
  return el;
}
