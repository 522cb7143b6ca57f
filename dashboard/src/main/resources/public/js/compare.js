import * as api from './api.js';
import { h, clear, appendAll, template, fmtTime, fmtNum, fmtPct, route, emptyState, toLocalInput, fromLocalInput } from './dom.js';
import { dataEnd, iso } from './ranges.js';

const HOUR = 3600e3;
const PRESETS = [
  { id: 'hour-yesterday', text: 'This hour vs the same hour yesterday', span: HOUR, back: 24 * HOUR },
  { id: 'hour-week', text: 'This hour vs the same hour last week', span: HOUR, back: 168 * HOUR },
  { id: 'hour-previous', text: 'This hour vs the previous hour', span: HOUR, back: HOUR },
  { id: 'day-previous', text: 'Last 24 hours vs the 24 hours before', span: 24 * HOUR, back: 24 * HOUR },
  { id: 'custom', text: 'Custom ranges…' },
];
const state = { preset: 'hour-yesterday', source: '', custom: null };

export class CompareView {
  constructor(app) {
    this.app = app;
  }

  async enter() {
    const sources = (this.app.status && this.app.status.database && this.app.status.database.sources) || [];
    const preset = h('select', { id: 'cmp-preset', 'aria-label': 'Comparison' }, PRESETS.map((p) => h('option', { value: p.id, text: p.text })));
    preset.value = state.preset;
    const source = h('select', { id: 'cmp-source', 'aria-label': 'Source' }, h('option', { value: '', text: 'All sources' }),
      sources.map((s) => h('option', { value: s, text: s })));
    source.value = state.source;
    const inputs = ['bf', 'bt', 'tf', 'tt'].map((k) => h('input', { type: 'datetime-local', id: 'cmp-' + k }));
    const custom = h('div', { class: 'custom-compare' },
      h('label', { class: 'field' }, h('span', { text: 'Baseline (UTC)' }), h('span', { class: 'pair' }, inputs[0], '→', inputs[1])),
      h('label', { class: 'field' }, h('span', { text: 'Target (UTC)' }), h('span', { class: 'pair' }, inputs[2], '→', inputs[3])));
    const run = h('button', { type: 'button', class: 'btn primary', id: 'cmp-run', text: 'Compare' });
    this.ranges = () => {
      if (state.preset === 'custom') {
        const [bf, bt, tf, tt] = inputs.map((i) => fromLocalInput(i.value));
        return { baseline_from: bf, baseline_to: bt, target_from: tf, target_to: tt };
      }
      const p = PRESETS.find((x) => x.id === state.preset);
      const end = dataEnd(this.app);
      return { target_from: iso(end - p.span), target_to: iso(end), baseline_from: iso(end - p.span - p.back), baseline_to: iso(end - p.back) };
    };
    const fill = () => {
      const r = this.ranges();
      if (state.preset !== 'custom') {
        [r.baseline_from, r.baseline_to, r.target_from, r.target_to].forEach((v, i) => (inputs[i].value = toLocalInput(v)));
      }
      custom.classList.toggle('hidden', state.preset !== 'custom');
    };
    preset.addEventListener('change', () => {
      if (preset.value === 'custom') fill();
      state.preset = preset.value;
      fill();
      if (state.preset !== 'custom') this.load();
    });
    source.addEventListener('change', () => { state.source = source.value; this.load(); });
    run.addEventListener('click', () => this.load());
    this.head = h('div', { class: 'summary-cards', id: 'cmp-summary' });
    this.body = h('div', { id: 'cmp-body' });
    this.app.main.appendChild(h('div', { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', { text: 'LogCompare' }), h('div', { class: 'toolbar' }, preset, source, run)),
      custom,
      h('p', { class: 'muted small', text: 'Ranges count back from the newest data. Each signature\u2019s counts are tested with a G-test (this signature vs the rest, baseline vs target), like sigdrift compare; CHANGED means p < 0.001.' }),
      this.head, this.body));
    fill();
    await this.load();
  }

  async load() {
    const r = this.ranges();
    if (!r.baseline_from || !r.baseline_to || !r.target_from || !r.target_to) {
      clear(this.body).appendChild(emptyState('Pick both ranges', 'Baseline and target need a start and an end.'));
      return;
    }
    let c;
    try {
      c = await api.get('compare', { ...r, source: state.source, top: 200 });
    } catch (e) {
      clear(this.head);
      clear(this.body).appendChild(h('div', { class: 'error-state', text: 'Could not compare: ' + this.app.failed(e) }));
      return;
    }
    appendAll(clear(this.head),
      card('Baseline', `${fmtNum(c.baselineEvents)} lines`, `${fmtTime(c.baseline.from)} → ${fmtTime(c.baseline.to, false)}`),
      card('Target', `${fmtNum(c.targetEvents)} lines`, `${fmtTime(c.target.from)} → ${fmtTime(c.target.to, false)}`),
      card('New', String(c.newCount), 'only in the target', c.newCount ? 'accent' : ''),
      card('Gone', String(c.goneCount), 'only in the baseline'),
      card('Changed', String(c.changedCount), `${c.unchanged} unchanged`));
    const body = clear(this.body);
    if (!c.baselineEvents || !c.targetEvents) {
      body.appendChild(emptyState('Nothing to compare', (!c.baselineEvents ? 'The baseline' : 'The target') + ' range has no data.'));
      return;
    }
    if (!c.rows.length) {
      body.appendChild(emptyState('No significant differences', 'Every signature kept its share (p ≥ 0.001).'));
      return;
    }
    body.appendChild(h('table', { class: 'grid-table', id: 'cmp-table' },
      h('thead', h('tr', ['#', 'Kind', 'Score', 'Baseline', 'Target', 'Base %', 'Target %', 'Ratio', 'Template'].map((t) => h('th', { text: t })))),
      h('tbody', c.rows.map((row) => h('tr', { dataset: { id: row.id, kind: row.kind } },
        h('td', { class: 'num', text: row.rank }),
        h('td', {}, h('span', { class: `kind cmp-${row.kind}`, text: row.kind })),
        h('td', { class: 'num', text: fmtNum(row.score) }),
        h('td', { class: 'num', text: fmtNum(row.baselineCount) }),
        h('td', { class: 'num', text: fmtNum(row.targetCount) }),
        h('td', { class: 'num', text: fmtPct(row.baselineShare) }),
        h('td', { class: 'num', text: fmtPct(row.targetShare) }),
        h('td', { class: 'num', text: row.ratio === null ? 'new' : row.ratio === 0 ? 'gone' : row.ratio.toFixed(2) + '×' }),
        h('td', { class: 'tpl-cell' }, h('a', { href: route('signatures', row.id), class: 'sig-link' }, template(row.template)),
          row.source ? h('span', { class: 'muted small', text: ' ' + row.source } ) : null))))));
  }
}

function card(label, value, sub, cls) {
  return h('div', { class: 'summary-card ' + (cls || '') }, h('div', { class: 'stat-label', text: label }),
    h('div', { class: 'stat-value', text: value }), sub ? h('div', { class: 'muted small', text: sub }) : null);
}
