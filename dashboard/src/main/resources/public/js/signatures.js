import * as api from './api.js';
import { h, s, clear, appendAll, template, fmtTime, fmtNum, fmtPct, route, emptyState } from './dom.js';
import { sparkline, lineChart } from './chart.js';
import { rangePicker } from './ranges.js';

const state = { preset: '24h', from: null, to: null, source: '', q: '' };

export class SignaturesView {
  constructor(app) {
    this.app = app;
  }

  async enter() {
    const sources = (this.app.status && this.app.status.database && this.app.status.database.sources) || [];
    this.picker = rangePicker(this.app, state, (r) => { Object.assign(state, r); this.load(); }, 'sig-range');
    const source = h('select', { id: 'sig-source', 'aria-label': 'Source' }, h('option', { value: '', text: 'All sources' }),
      sources.map((s) => h('option', { value: s, text: s })));
    source.value = state.source;
    source.addEventListener('change', () => { state.source = source.value; this.load(); });
    const search = h('input', { type: 'search', id: 'sig-q', placeholder: 'Filter templates  /', value: state.q, 'aria-label': 'Filter templates' });
    let t;
    search.addEventListener('input', () => { clearTimeout(t); t = setTimeout(() => { state.q = search.value.trim(); this.load(); }, 250); });
    this.summary = h('div', { class: 'summary-cards', id: 'sig-summary' });
    this.body = h('div', { id: 'sig-body' });
    this.app.main.appendChild(h('div', { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', { text: 'Top signatures' }),
        h('div', { class: 'toolbar' }, this.picker.element, source, search)),
      this.summary, this.body));
    await this.load();
  }

  async load() {
    const r = this.picker.get();
    let page;
    try {
      page = await api.get('signatures', { from: r.from, to: r.to, source: state.source, q: state.q, limit: 100, buckets: 48 });
    } catch (e) {
      clear(this.body).appendChild(h('div', { class: 'error-state', text: 'Could not load signatures: ' + this.app.failed(e) }));
      return;
    }
    const newOnes = page.items.filter((s) => s.isNew);
    appendAll(clear(this.summary),
      card('Lines in range', fmtNum(page.total)),
      card('Signatures shown', String(page.items.length)),
      card('New in this range', String(page.newInRange), page.newInRange ? 'first seen inside the range' : 'nothing new', page.newInRange ? 'accent' : ''));
    const body = clear(this.body);
    if (newOnes.length) {
      body.appendChild(h('section', { class: 'card new-strip', id: 'new-in-range' }, h('h2', { text: 'New in this range' }),
        h('ul', { class: 'plain' }, newOnes.map((s) => h('li',
          h('a', { href: route('signatures', s.id), class: 'sig-link' }, template(s.template)),
          h('span', { class: 'muted small', text: ` ${s.source} · first ${fmtTime(s.firstSeen)} · ${fmtNum(s.count)} lines` }))))));
    }
    if (!page.items.length) {
      body.appendChild(emptyState('No signatures in this range', 'Pick a wider range, or another source.'));
      return;
    }
    const table = h('table', { class: 'grid-table', id: 'sig-table' },
      h('thead', h('tr', ['Template', 'Source', 'Count', 'Share', 'Trend', 'First seen', 'Last seen'].map((c) => h('th', { text: c })))),
      h('tbody', page.items.map((s) => h('tr', { dataset: { id: s.id } },
        h('td', { class: 'tpl-cell' }, h('a', { href: route('signatures', s.id), class: 'sig-link' }, template(s.template)),
          s.isNew ? h('span', { class: 'pill new', text: 'NEW' }) : null,
          s.ancestors ? h('span', { class: 'pill', title: 'generalised from earlier templates', text: `${s.ancestors} earlier` }) : null),
        h('td', { text: s.source || '—' }),
        h('td', { class: 'num', text: fmtNum(s.count) }),
        h('td', { class: 'num' }, h('div', { class: 'sharebar' }, h('span', { style: null, class: 'bar', dataset: {} })), fmtPct(s.share)),
        h('td', {}, sparkline(s.sparkline)),
        h('td', { class: 'small', text: fmtTime(s.firstSeen) }),
        h('td', { class: 'small', text: fmtTime(s.lastSeen) })))));
    // share bars are sized through the CSSOM (CSP allows that), not inline style attributes
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      tr.querySelector('.bar').style.width = Math.min(100, page.items[i].share * 100 * 2) + '%';
    });
    body.appendChild(table);
  }
}

export class SignatureDetailView {
  constructor(app, id) {
    this.app = app;
    this.id = id;
  }

  async enter() {
    this.picker = rangePicker(this.app, state, (r) => { Object.assign(state, r); this.load(); }, 'detail-range');
    this.body = h('div', { id: 'signature-detail' });
    this.app.main.appendChild(h('div', { class: 'page' },
      h('div', { class: 'page-head' }, h('a', { href: '#/signatures', class: 'back', text: '← Top signatures' }),
        h('div', { class: 'toolbar' }, this.picker.element)), this.body));
    await this.load();
  }

  async load() {
    const r = this.picker.get();
    let d;
    try {
      d = await api.get('signatures/' + encodeURIComponent(this.id), { from: r.from, to: r.to, buckets: 96 });
    } catch (e) {
      clear(this.body).appendChild(e.status === 404 ? emptyState('No such signature', 'It may have been removed by retention.')
        : h('div', { class: 'error-state', text: 'Could not load the signature: ' + this.app.failed(e) }));
      return;
    }
    const s = d.signature;
    const body = clear(this.body);
    body.appendChild(h('div', { class: 'detail-head' },
      h('div', { class: 'detail-title' }, h('h1', { text: `Signature in ${s.source}` }),
        h('div', { class: 'muted mono', text: s.id }))));
    body.appendChild(h('section', { class: 'card' }, h('h2', { text: 'Template' }), template(s.template)));
    if (s.supersededBy) {
      body.appendChild(h('div', { class: 'notice' }, 'This template was generalised into ',
        h('a', { href: route('signatures', s.supersededBy), class: 'mono', text: s.supersededBy }), '; its later counts are there.'));
    }
    body.appendChild(h('div', { class: 'stats' },
      stat('Count in range', fmtNum(d.count)), stat('Share of the source', fmtPct(d.share)),
      stat('First seen', fmtTime(s.firstSeen)), stat('Last change', s.change + ' ' + fmtTime(s.updated))));
    body.appendChild(h('section', { class: 'card' }, h('h2', { text: 'Counts' }),
      lineChart(d.series.map((p) => ({ t: p.t, value: p.value })), {})));
    body.appendChild(h('section', { class: 'card', id: 'parameter-values' }, h('h2', { text: 'Parameter values in range' }),
      d.parameters && d.parameters.length ? distributions(d.parameters, s.template)
        : h('p', { class: 'muted', text: 'No parameter values in this range (the job sends them with its anomaly stage; windows ingested before this dashboard version have none).' })));
    body.appendChild(h('section', { class: 'card' }, h('h2', { text: 'Lineage' }),
      d.lineage.length ? h('ol', { class: 'lineage' }, d.lineage.map((l) => h('li',
        h('a', { href: route('signatures', l.id), class: 'mono', text: l.id }), ' ', template(l.template))))
        : h('p', { class: 'muted', text: 'No earlier templates: this signature has not generalised.' })));
    body.appendChild(h('section', { class: 'card' }, h('h2', { text: 'Examples' }),
      d.examples.length ? h('ol', { class: 'examples' }, d.examples.map((x) => h('li', h('code', { text: x }))))
        : h('p', { class: 'muted', text: 'No example lines stored.' })));
    body.appendChild(h('section', { class: 'card' }, h('h2', { text: 'Anomalies of this signature' }),
      d.anomalies.length ? h('ul', { class: 'plain' }, d.anomalies.map((a) => h('li',
        h('a', { href: route('anomalies', a.id) }, h('span', { class: `kind kind-${a.kind}`, text: a.kind }), ' ', fmtTime(a.incidentStart)),
        h('span', { class: 'muted', text: ` score ${Math.round(a.score)} · ${a.explanation}` }))))
        : h('p', { class: 'muted', text: 'None.' })));
  }
}

const BAR_WIDTH = 160;

/**
 * Per parameter position, its most frequent values over the range as bars (SVG rectangles sized by share: numbers
 * only, no styles) with the value as text, then "other". Every value is attacker-controlled: textContent only.
 */
function distributions(params, templateText) {
  const tokens = (templateText || '').split(/\s+/);
  return h('div', { class: 'distributions' }, params.map((p) => {
    const token = tokens[p.position];
    const rows = p.values.map((v) => distRow(h('code', { class: 'value', text: v.value }), v.count, v.share));
    if (p.other > 0) rows.push(distRow(h('span', { class: 'muted', text: 'other values' }), p.other, p.otherShare, 'other'));
    return h('div', { class: 'distribution', dataset: { position: p.position } },
      h('div', { class: 'dist-head' }, h('span', { class: 'param', text: token && /^<.*>$/.test(token) ? token : '<' + p.type + '>' }),
        h('span', { class: 'muted', text: ` token ${p.position} · ${fmtNum(p.total)} values` })),
      h('table', { class: 'grid-table dist-table' }, h('tbody', rows)));
  }));
}

function distRow(label, count, share, cls) {
  const w = Math.max(1, Math.round(BAR_WIDTH * Math.min(1, share || 0)));
  return h('tr', { class: cls || '' }, h('td', { class: 'dist-value' }, label),
    h('td', { class: 'dist-bar' }, s('svg', { width: BAR_WIDTH, height: 10, viewBox: `0 0 ${BAR_WIDTH} 10`, 'aria-hidden': 'true' },
      s('rect', { x: 0, y: 0, width: BAR_WIDTH, height: 10, class: 'bar-bg' }), s('rect', { x: 0, y: 0, width: w, height: 10, class: 'bar' }))),
    h('td', { class: 'num', text: fmtNum(count) }), h('td', { class: 'num muted', text: fmtPct(share) }));
}

function card(label, value, sub, cls) {
  return h('div', { class: 'summary-card ' + (cls || '') }, h('div', { class: 'stat-label', text: label }),
    h('div', { class: 'stat-value', text: value }), sub ? h('div', { class: 'muted small', text: sub }) : null);
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label', text: label }), h('div', { class: 'stat-value', text: value }));
}
