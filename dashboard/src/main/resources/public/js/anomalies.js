import * as api from './api.js';
import { h, clear, appendAll, template, fmtTime, fmtNum, route, emptyState } from './dom.js';
import { lineChart } from './chart.js';

const POLL_MS = 10000;
const KIND_HELP = {
  SPIKE: 'far more lines than expected', DROP: 'far fewer lines than expected', NEW: 'a signature never seen before',
  RARE: 'a rarely seen signature came back', VOLUME: 'the whole source changed volume', SHIFT: 'a sustained drift of the rate',
};
const LABELS = [
  { kind: 'TRUE_POSITIVE', key: '1', text: 'True positive', cls: 'tp' },
  { kind: 'FALSE_POSITIVE', key: '2', text: 'False positive', cls: 'fp' },
  { kind: 'EXPECTED', key: '3', text: 'Expected', cls: 'ex' },
  { kind: 'NEW_NORMAL', key: '4', text: 'New normal', cls: 'nn' },
];
const SCOPES = [
  { id: 'VALUES', text: 'These values', help: 'this signature with the attributed values' },
  { id: 'SIGNATURE', text: 'This signature', help: 'this signature of this source, whatever the values' },
  { id: 'SOURCE', text: 'Whole source', help: 'every signature of this source' },
];
const DURATIONS = [['', 'No expiry'], ['24h', '1 day'], ['7d', '7 days'], ['30d', '30 days']];
const RANGES = [
  { id: 'all', text: 'All time' }, { id: '24h', text: 'Last 24 h of data', hours: 24 },
  { id: '7d', text: 'Last 7 days of data', hours: 168 }, { id: '1h', text: 'Last hour of data', hours: 1 },
];

// filters survive navigation between views
const state = { q: '', source: '', kind: '', min_score: '', range: 'all', label: '', suppressed: '' };
// what the job's audit stream says about a label
const JOB_STATUS = {
  ACCEPTED: 'accepted by the job', REJECTED: 'rejected by the job', REVOKED: 'revoked in the job', EXPIRED: 'expired in the job',
};

export class AnomalyView {
  constructor(app, selectedId) {
    this.app = app;
    this.selected = selectedId || null;
    this.items = [];
    this.detail = null;
    this.timer = null;
  }

  async enter() {
    const sources = (this.app.status && this.app.status.database && this.app.status.database.sources) || [];
    this.list = h('ol', { class: 'feed-list', id: 'feed-list', role: 'listbox', 'aria-label': 'Anomalies' });
    this.meta = h('div', { class: 'feed-meta', id: 'feed-meta' });
    this.detailPane = h('section', { class: 'detail', id: 'detail', 'aria-live': 'polite' });
    const field = (label, control) => h('label', { class: 'field' }, h('span', { text: label }), control);
    const sel = (name, options) => {
      const el = h('select', { name, id: 'filter-' + name, onchange: () => { state[name] = el.value; this.reload(true); } },
        options.map(([v, t]) => h('option', { value: v, text: t })));
      el.value = state[name];
      return el;
    };
    const search = h('input', { type: 'search', id: 'filter-q', placeholder: 'Search templates and explanations  /', value: state.q, 'aria-label': 'Search' });
    let debounce;
    search.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => { state.q = search.value.trim(); this.reload(true); }, 250);
    });
    const score = h('input', { type: 'number', id: 'filter-min_score', min: 0, max: 100, step: 5, placeholder: '0', value: state.min_score });
    score.addEventListener('change', () => { state.min_score = score.value; this.reload(true); });
    const filters = h('div', { class: 'filters' },
      search,
      h('div', { class: 'filter-row' },
        field('Source', sel('source', [['', 'All sources'], ...sources.map((s) => [s, s])])),
        field('Kind', sel('kind', [['', 'All kinds'], ...Object.keys(KIND_HELP).map((k) => [k, k])])),
        field('Min score', score)),
      h('div', { class: 'filter-row' },
        field('Range', sel('range', RANGES.map((r) => [r.id, r.text]))),
        field('Label', sel('label', [['', 'Any'], ['unlabeled', 'Unlabeled'], ['labeled', 'Labeled'],
          ...LABELS.map((l) => [l.kind, l.text]), ['revoked', 'Revoked']])),
        field('Suppressed', sel('suppressed', [['', 'Hide'], ['include', 'Include'], ['only', 'Only']]))));
    this.app.main.appendChild(h('div', { class: 'feed-layout' },
      h('aside', { class: 'feed' }, filters, this.meta, this.list), this.detailPane));
    await this.reload(false);
    this.timer = setInterval(() => this.reload(false, true), POLL_MS);
  }

  leave() {
    clearInterval(this.timer);
  }

  params() {
    const p = { q: state.q, source: state.source, kind: state.kind, min_score: state.min_score, label: state.label,
      suppressed: state.suppressed, limit: 200 };
    const r = RANGES.find((x) => x.id === state.range);
    const newest = this.app.newest();
    if (r && r.hours && newest) {
      p.to = new Date(Date.parse(newest) + 1).toISOString();
      p.from = new Date(Date.parse(newest) - r.hours * 3600e3).toISOString();
    }
    return p;
  }

  async reload(filtersChanged, quiet) {
    let page;
    try {
      page = await api.get('anomalies', this.params());
    } catch (e) {
      const msg = this.app.failed(e);
      if (!quiet) {
        clear(this.list).appendChild(h('li', { class: 'error-state', text: 'Could not load anomalies: ' + msg }));
        clear(this.detailPane).appendChild(e.status === 503 || e.status === 0
          ? emptyState(e.status === 503 ? 'Database unreachable' : 'Cannot reach the dashboard server',
            'The page retries every 10 seconds; the data come back when the ' + (e.status === 503 ? 'database does.' : 'server does.'))
          : emptyState('Could not load anomalies', msg));
      }
      return;
    }
    const before = new Set(this.items.map((a) => a.id));
    const fresh = quiet ? page.items.filter((a) => !before.has(a.id)) : [];
    this.items = page.items;
    this.renderList(fresh.map((a) => a.id));
    const shown = page.items.length < page.total ? `${page.items.length} of ${page.total}` : String(page.total);
    appendAll(clear(this.meta),
      h('span', { text: `${shown} anomal${page.total === 1 ? 'y' : 'ies'}` }),
      fresh.length ? h('span', { class: 'pill new', text: `${fresh.length} new` }) : null,
      h('span', { class: 'muted live', text: 'live' }));
    if (!this.items.length) {
      this.selected = null;
      const filtered = state.q || state.source || state.kind || state.min_score || state.label || state.suppressed || state.range !== 'all';
      clear(this.detailPane).appendChild(emptyState(filtered ? 'No anomalies match these filters' : 'No anomalies in this range',
        filtered ? 'Clear a filter to see more.' : 'sigdrift reports here when a signature spikes, drops, appears or drifts.'));
      return;
    }
    if (!this.selected || !this.items.some((a) => a.id === this.selected)) {
      if (!quiet || !this.selected) this.select(this.items[0].id, false);
    } else if (!quiet || filtersChanged) {
      this.select(this.selected, false);
    }
  }

  renderList(freshIds) {
    clear(this.list);
    if (!this.items.length) {
      this.list.appendChild(h('li', { class: 'empty-item', text: 'Nothing here.' }));
      return;
    }
    for (const a of this.items) {
      const li = h('li', {
        class: 'feed-item' + (a.id === this.selected ? ' selected' : '') + (freshIds.includes(a.id) ? ' fresh' : ''),
        role: 'option', 'aria-selected': a.id === this.selected ? 'true' : 'false', tabindex: -1,
        dataset: { id: a.id }, onclick: () => this.select(a.id, true),
      },
      h('div', { class: 'item-top' },
        h('span', { class: `kind kind-${a.kind}`, text: a.kind }),
        h('span', { class: 'source', text: a.source }),
        h('span', { class: 'time', text: fmtTime(a.incidentStart) }),
        h('span', { class: 'score', title: 'score 0-100', text: Math.round(a.score) })),
      h('div', { class: 'item-template', text: a.template || a.explanation }),
      h('div', { class: 'item-bottom' },
        h('span', { class: 'change', text: a.change === 'CLOSED' ? 'closed' : 'open' }),
        a.suppressed ? h('span', { class: 'pill suppressed', text: 'suppressed' }) : null,
        a.affectedBy && a.affectedBy.length ? h('span', { class: 'pill affected', title: 'changed by ' + a.affectedBy.join(', '),
          text: 'by ' + a.affectedBy[0] + (a.affectedBy.length > 1 ? ` +${a.affectedBy.length - 1}` : '') }) : null,
        a.label ? h('span', { class: 'label-chip ' + labelClass(a.label), text: labelText(a.label) }) : null));
      this.list.appendChild(li);
    }
  }

  async select(id, focus) {
    this.selected = id;
    for (const li of this.list.querySelectorAll('.feed-item')) {
      const on = li.dataset.id === id;
      li.classList.toggle('selected', on);
      li.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on && focus !== false) li.scrollIntoView({ block: 'nearest' });
    }
    if (location.hash !== route('anomalies', id)) history.replaceState(null, '', route('anomalies', id));
    try {
      this.detail = await api.get('anomalies/' + encodeURIComponent(id));
    } catch (e) {
      clear(this.detailPane).appendChild(h('div', { class: 'error-state', text: 'Could not load this anomaly: ' + this.app.failed(e) }));
      return;
    }
    if (this.selected === id) this.renderDetail();
  }

  renderDetail() {
    const d = this.detail;
    const a = d.anomaly;
    const pane = clear(this.detailPane);
    const ratio = a.expected ? a.observed / a.expected : null;
    pane.appendChild(h('div', { class: 'detail-head' },
      h('span', { class: `kind kind-${a.kind} big`, text: a.kind }),
      h('div', { class: 'detail-title' },
        h('h1', { text: `${kindWord(a)} in ${a.source}` }),
        h('div', { class: 'muted', text: `${fmtTime(a.incidentStart)} → ${a.change === 'CLOSED' ? 'closed ' + fmtTime(a.windowEnd, false) : 'ongoing (last window ' + fmtTime(a.windowEnd, false) + ')'} UTC · ${KIND_HELP[a.kind] || ''}` })),
      h('div', { class: 'scorebox', title: 'score: 0-100, linear in -log10 p' },
        h('div', { class: 'score-num', text: Math.round(a.score) }), h('div', { class: 'muted small', text: 'score' }))));
    pane.appendChild(h('p', { class: 'explanation', text: a.explanation }));
    if (a.suppressed) {
      pane.appendChild(h('div', { class: 'notice', id: 'suppressed-notice' },
        'The job suppressed this event: it was not alerted on. Labels or rules that did it are listed below.'));
    }
    if (a.affectedBy && a.affectedBy.length) {
      pane.appendChild(h('p', { class: 'affected', id: 'affected-by' },
        h('span', { class: 'muted', text: a.suppressed ? 'Suppressed by: ' : 'Changed by feedback: ' }),
        a.affectedBy.map((x) => h('span', { class: 'pill mono', text: x }))));
    }
    pane.appendChild(h('div', { class: 'stats' },
      stat('Observed', fmtNum(a.observed), 'in the window'),
      stat('Expected', a.expected === null ? '—' : fmtNum(a.expected), 'under the baseline'),
      stat('Ratio', ratio === null ? '—' : (ratio >= 10 ? Math.round(ratio) : ratio.toFixed(2)) + '×', a.direction > 0 ? 'above normal' : a.direction < 0 ? 'below normal' : ''),
      stat('P', a.probability.toExponential(1), 'tail probability')));
    const card = (title, ...body) => h('section', { class: 'card' }, h('h2', { text: title }), ...body);
    pane.appendChild(card(a.signature ? 'Counts of this signature around the event' : 'Volume of the source around the event',
      lineChart(d.series, { marks: d.windows, shadeFrom: a.incidentStart, shadeTo: a.windowEnd }),
      h('div', { class: 'legend' }, h('span', { class: 'lg series' }, 'count per window'),
        h('span', { class: 'lg expected' }, 'expected ± 2σ (at the anomaly\u2019s windows)'),
        h('span', { class: 'lg shade' }, 'incident'))));
    if (a.signature) {
      pane.appendChild(card('Template',
        template(a.template),
        h('div', { class: 'row-links' },
          h('a', { href: route('signatures', a.signature), class: 'btn small' }, 'Open signature ', h('kbd', { text: 's' })),
          h('span', { class: 'muted mono', text: a.signature }))));
    }
    if (a.attribution && a.attribution.length) {
      pane.appendChild(card('What changed inside', attributionTable(a.attribution)));
    }
    if (a.windowExamples && a.windowExamples.length) {
      pane.appendChild(card('Lines of the anomalous window',
        h('ol', { class: 'examples', id: 'window-lines' }, a.windowExamples.map((x) => h('li', h('code', { text: x }))))));
    }
    if (a.examples && a.examples.length && !(a.windowExamples && a.windowExamples.length)) {
      pane.appendChild(card('Example lines', h('ol', { class: 'examples' }, a.examples.map((x) => h('li', h('code', { text: x }))))));
    }
    if (a.ancestors && a.ancestors.length) {
      pane.appendChild(card('Lineage', h('p', { class: 'muted', text: 'Earlier ids of this signature, oldest first (its template generalised):' }),
        h('ul', { class: 'lineage' }, a.ancestors.map((id) => h('li', h('a', { href: route('signatures', id), class: 'mono', text: id }))))));
    }
    pane.appendChild(this.labelCard(d));
  }

  labelCard(d) {
    const a = d.anomaly;
    const body = [];
    if (!this.app.config.labels) {
      body.push(h('p', { class: 'muted', text: 'Labelling is off: start the dashboard with --feedback DIR to label anomalies.' }));
    } else {
      if (!api.token()) {
        const input = h('input', { type: 'password', id: 'token-input', placeholder: 'Token printed at start', 'aria-label': 'Token' });
        body.push(h('div', { class: 'token-row' }, input,
          h('button', { type: 'button', class: 'btn small', text: 'Use token', onclick: () => { api.setToken(input.value.trim()); this.renderDetail(); } })));
      }
      this.note = h('textarea', { id: 'label-note', rows: 2, maxlength: 2000, placeholder: 'Note (optional)  n' });
      const hasValues = a.attribution && a.attribution.length;
      const scopes = SCOPES.filter((x) => (x.id !== 'VALUES' || hasValues) && (x.id !== 'SIGNATURE' || a.signature));
      this.scope = h('select', { id: 'label-scope', 'aria-label': 'Label scope' },
        scopes.map((x) => h('option', { value: x.id, text: x.text, title: x.help })));
      this.forSel = h('select', { id: 'label-for', 'aria-label': 'Label expiry' }, DURATIONS.map(([v, t]) => h('option', { value: v, text: t })));
      body.push(h('div', { class: 'label-buttons' }, LABELS.map((l) =>
        h('button', { type: 'button', class: `btn label-btn ${l.cls}` + (a.label === l.kind ? ' current' : ''), dataset: { kind: l.kind },
          title: `${l.text} (${l.key})`, onclick: () => this.label(l.kind) }, h('kbd', { text: l.key }), ' ', l.text))));
      body.push(h('div', { class: 'label-options' },
        h('label', { class: 'field' }, h('span', { text: 'Applies to' }), this.scope),
        h('label', { class: 'field' }, h('span', { text: 'For (log time)' }), this.forSel)));
      body.push(this.note);
      this.labelMsg = h('div', { class: 'label-msg', id: 'label-msg', role: 'status' });
      body.push(this.labelMsg);
    }
    if (d.labels.length) {
      body.push(h('ul', { class: 'label-history', id: 'label-history' }, d.labels.map((l) => h('li', { class: l.revoked ? 'revoked' : '', dataset: { labelId: l.labelId } },
        h('span', { class: 'label-chip ' + labelClass(l.kind), text: labelText(l.kind) }),
        h('span', { class: 'muted', text: ` ${scopeText(l.scope)} · ${fmtTime(l.time)} by ${l.author}` + (l.expires ? ` · until ${fmtTime(l.expires)}` : '') }),
        jobChip(l),
        l.revoked ? h('span', { class: 'pill', text: `revoked ${fmtTime(l.revoked)} by ${l.revokedBy}` })
          : (this.app.config.labels ? h('button', { type: 'button', class: 'btn small revoke-btn', text: 'Revoke', onclick: () => this.revoke(l.labelId) }) : null),
        l.note ? h('div', { class: 'note', text: l.note }) : null))));
    }
    return h('section', { class: 'card', id: 'label-card' }, h('h2', { text: 'Triage' }), ...body);
  }

  async label(kind) {
    if (!this.app.config.labels || !this.detail) return;
    const a = this.detail.anomaly;
    try {
      await api.postLabel({ anomaly_id: a.id, kind, note: this.note ? this.note.value : '', author: 'analyst',
        scope: this.scope ? this.scope.value : '', for: this.forSel ? this.forSel.value : '' });
    } catch (e) {
      const msg = e.status === 401 || e.status === 403 ? 'The token was refused: paste the token printed at start.' : this.app.failed(e);
      if (e.status === 401 || e.status === 403) api.setToken(null);
      if (this.labelMsg) clear(this.labelMsg).appendChild(h('span', { class: 'error-text', text: msg }));
      return;
    }
    const item = this.items.find((x) => x.id === a.id);
    if (item) item.label = kind;
    this.renderList([]);
    await this.select(a.id, false);
    if (this.labelMsg) clear(this.labelMsg).appendChild(h('span', { class: 'ok-text', text: `Labelled ${labelText(kind)}.` }));
  }

  async revoke(labelId) {
    if (!this.detail) return;
    const id = this.detail.anomaly.id;
    try {
      await api.post('labels/' + encodeURIComponent(labelId) + '/revoke', { author: 'analyst' });
    } catch (e) {
      if (this.labelMsg) clear(this.labelMsg).appendChild(h('span', { class: 'error-text', text: this.app.failed(e) }));
      return;
    }
    await this.reload(false, false);
    await this.select(id, false);
    if (this.labelMsg) clear(this.labelMsg).appendChild(h('span', { class: 'ok-text', text: 'Label revoked.' }));
  }

  key(e) {
    if (!this.items.length) return false;
    const i = this.items.findIndex((a) => a.id === this.selected);
    if (e.key === 'j' || e.key === 'ArrowDown') {
      this.select(this.items[Math.min(this.items.length - 1, i + 1)].id, true);
      return true;
    }
    if (e.key === 'k' || e.key === 'ArrowUp') {
      this.select(this.items[Math.max(0, i - 1)].id, true);
      return true;
    }
    const l = LABELS.find((x) => x.key === e.key);
    if (l) {
      this.label(l.kind);
      return true;
    }
    if (e.key === 'n' && this.note) {
      this.note.focus();
      return true;
    }
    if (e.key === 's' && this.detail && this.detail.anomaly.signature) {
      location.hash = route('signatures', this.detail.anomaly.signature);
      return true;
    }
    return false;
  }
}

/** "203.0.113.77 — 96 % of this window, 0.4 % before, p = 1e-12", one row per attributed value. */
function attributionTable(rows) {
  return h('table', { class: 'grid-table attribution', id: 'attribution' },
    h('thead', h('tr', h('th', { text: 'Value' }), h('th', { text: 'Type' }), h('th', { class: 'num', text: 'Lines' }),
      h('th', { text: 'Share of this window vs before' }))),
    h('tbody', rows.map((x) => h('tr',
      h('td', x.type === 'SIGNATURE' && /^[0-9A-Za-z_-]{1,64}$/.test(x.value)
        ? h('a', { href: route('signatures', x.value), class: 'mono', text: x.value }) : h('code', { class: 'value', text: x.value })),
      h('td', { class: 'muted', text: x.type + (x.position >= 0 ? ' #' + x.position : '') }),
      h('td', { class: 'num', text: x.window_count === undefined ? '—' : fmtNum(x.window_count) }),
      h('td', { text: `${share(x.window_share)} of this window, ${share(x.baseline_share)} before, p = ${pval(x.p)}` })))));
}

function share(x) {
  if (typeof x !== 'number') return '—';
  const p = x * 100;
  return (p >= 10 ? Math.round(p) : p >= 1 ? +p.toFixed(1) : p === 0 ? 0 : +p.toPrecision(1)) + ' %';
}

function pval(p) {
  if (typeof p !== 'number') return '—';
  return p < 0.001 ? p.toExponential(0) : String(+p.toPrecision(2));
}

/** What the job made of a label (its audit stream): accepted, rejected and why, revoked, expired, or not yet reported. */
function jobChip(l) {
  if (!l.jobStatus) {
    return h('span', { class: 'job-status pending', title: 'the job has not reported on this label yet (its audit stream)', text: 'job: not yet seen' });
  }
  const text = JOB_STATUS[l.jobStatus] || l.jobStatus;
  return h('span', { class: 'job-status job-' + l.jobStatus.toLowerCase(), title: 'the job\u2019s audit, ' + fmtTime(l.jobTime) },
    text + (l.jobReason ? ': ' + l.jobReason : ''));
}

function scopeText(s) {
  const x = SCOPES.find((y) => y.id === s);
  return x ? x.text.toLowerCase() : s;
}

function stat(label, value, sub) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label', text: label }), h('div', { class: 'stat-value', text: value }),
    h('div', { class: 'muted small', text: sub }));
}

function kindWord(a) {
  return { SPIKE: 'Spike', DROP: 'Drop', NEW: 'New signature', RARE: 'Rare signature', VOLUME: 'Volume change', SHIFT: a.direction < 0 ? 'Sustained fall' : 'Sustained rise' }[a.kind] || a.kind;
}

function labelText(k) {
  const l = LABELS.find((x) => x.kind === k);
  return l ? l.text : k;
}

function labelClass(k) {
  const l = LABELS.find((x) => x.kind === k);
  return l ? l.cls : '';
}
