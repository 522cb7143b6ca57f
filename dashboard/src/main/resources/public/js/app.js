import * as api from './api.js';
import { h, clear } from './dom.js';
import { AnomalyView } from './anomalies.js';
import { SignaturesView, SignatureDetailView } from './signatures.js';
import { CompareView } from './compare.js';

api.takeTokenFromUrl();

export const app = {
  config: { labels: false, label_kinds: [] },
  status: null,
  view: null,
  main: document.getElementById('main'),
  banner(message) {
    const b = document.getElementById('banner');
    if (!message) {
      b.classList.add('hidden');
      clear(b);
      return;
    }
    clear(b).appendChild(h('span', { text: message }));
    b.classList.remove('hidden');
  },
  /** Errors of a request: 503 and network failures go to the banner; others to the caller's area. */
  failed(e) {
    if (e.status === 0) this.banner(e.message);
    else if (e.status === 503) this.banner('Database unreachable — ' + e.message.replace(/^database unreachable:\s*/, ''));
    return e.message;
  },
  newest() {
    return this.status && this.status.database && this.status.database.lastWindow;
  },
};

async function refreshStatus() {
  const dot = document.getElementById('status-dot');
  const text = document.getElementById('status-text');
  try {
    app.status = await api.get('status');
    const d = app.status.database;
    dot.className = 'dot ' + (app.status.ingest && app.status.ingest.last_error ? 'warn' : 'ok');
    text.textContent = d.lastWindow
      ? `${d.sources.length} sources · data to ${new Date(d.lastWindow).toISOString().slice(0, 16).replace('T', ' ')} UTC · live`
      : 'no data yet — waiting for the job\u2019s output';
    if (app.status.ingest && app.status.ingest.last_error) {
      app.banner('Ingestion failed: ' + app.status.ingest.last_error);
    } else if (document.getElementById('banner').textContent.startsWith('Ingestion') ||
               document.getElementById('banner').textContent.startsWith('Database') ||
               document.getElementById('banner').textContent.startsWith('Cannot')) {
      app.banner(null);
    }
  } catch (e) {
    dot.className = 'dot bad';
    text.textContent = 'offline';
    app.failed(e);
  }
}

function parseRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, query: new URLSearchParams(query || '') };
}

async function render() {
  const { parts, query } = parseRoute();
  const name = parts[0] || 'anomalies';
  for (const a of document.querySelectorAll('.tabs a')) {
    a.classList.toggle('active', a.dataset.view === name);
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (app.view && app.view.leave) app.view.leave();
  clear(app.main);
  if (name === 'signatures' && parts[1]) app.view = new SignatureDetailView(app, parts[1], query);
  else if (name === 'signatures') app.view = new SignaturesView(app, query);
  else if (name === 'compare') app.view = new CompareView(app, query);
  else app.view = new AnomalyView(app, parts[1], query);
  await app.view.enter();
}

let pendingG = false;
document.addEventListener('keydown', (e) => {
  const help = document.getElementById('help');
  if (e.key === 'Escape') {
    help.classList.add('hidden');
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    return;
  }
  const tag = (e.target && e.target.tagName) || '';
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || e.metaKey || e.ctrlKey || e.altKey) return;
  if (pendingG) {
    pendingG = false;
    const to = { a: '#/anomalies', s: '#/signatures', c: '#/compare' }[e.key];
    if (to) {
      location.hash = to;
      e.preventDefault();
      return;
    }
  }
  if (e.key === 'g') {
    pendingG = true;
    setTimeout(() => (pendingG = false), 1200);
    return;
  }
  if (e.key === '?') {
    help.classList.toggle('hidden');
    e.preventDefault();
    return;
  }
  if (e.key === '/') {
    const search = app.main.querySelector('input[type=search]');
    if (search) {
      search.focus();
      e.preventDefault();
    }
    return;
  }
  if (app.view && app.view.key && app.view.key(e)) e.preventDefault();
});
document.getElementById('help-btn').addEventListener('click', () => document.getElementById('help').classList.remove('hidden'));
document.getElementById('help-close').addEventListener('click', () => document.getElementById('help').classList.add('hidden'));
window.addEventListener('hashchange', () => {
  // a printed URL pasted into an open tab changes only the hash
  api.takeTokenFromUrl();
  render();
});

(async function start() {
  try {
    app.config = await api.get('config');
  } catch (e) {
    app.failed(e);
  }
  await refreshStatus();
  setInterval(refreshStatus, 10000);
  await render();
  // User Timing: when the first view had its data on screen (the browser test reports it with first paint)
  performance.mark('sigdrift-first-view');
})();
