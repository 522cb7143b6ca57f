import { h, toLocalInput, fromLocalInput } from './dom.js';

const HOUR = 3600e3;

/** The end of the newest data, rounded up to the hour (demo data and replays are not "now"). */
export function dataEnd(app) {
  const newest = app.newest();
  const t = newest ? Date.parse(newest) : Date.now();
  return Math.ceil(t / HOUR) * HOUR;
}

export const PRESETS = [
  { id: '1h', text: 'Last hour', hours: 1 }, { id: '6h', text: 'Last 6 hours', hours: 6 },
  { id: '24h', text: 'Last 24 hours', hours: 24 }, { id: '3d', text: 'Last 3 days', hours: 72 },
  { id: '7d', text: 'Last 7 days', hours: 168 }, { id: 'custom', text: 'Custom…' },
];

/** A range picker: presets counted back from the newest data, or two UTC datetime fields. */
export function rangePicker(app, initial, onChange, idPrefix = 'range') {
  const state = { preset: initial.preset || '24h', from: initial.from || null, to: initial.to || null };
  const select = h('select', { id: idPrefix + '-preset', 'aria-label': 'Range' }, PRESETS.map((p) => h('option', { value: p.id, text: p.text })));
  select.value = state.preset;
  const from = h('input', { type: 'datetime-local', id: idPrefix + '-from', 'aria-label': 'From (UTC)' });
  const to = h('input', { type: 'datetime-local', id: idPrefix + '-to', 'aria-label': 'To (UTC)' });
  const custom = h('span', { class: 'custom-range' }, from, h('span', { class: 'muted', text: '→' }), to, h('span', { class: 'muted small', text: 'UTC' }));
  const sync = () => {
    const r = get();
    from.value = toLocalInput(r.from);
    to.value = toLocalInput(r.to);
    custom.classList.toggle('hidden', state.preset !== 'custom');
  };
  function get() {
    if (state.preset === 'custom' && state.from && state.to) return { from: state.from, to: state.to, preset: 'custom' };
    const p = PRESETS.find((x) => x.id === state.preset && x.hours) || PRESETS[2];
    const end = dataEnd(app);
    return { from: iso(end - p.hours * HOUR), to: iso(end), preset: state.preset };
  }
  select.addEventListener('change', () => {
    if (select.value === 'custom') {
      const r = get();
      state.from = r.from;
      state.to = r.to;
    }
    state.preset = select.value;
    sync();
    onChange(get());
  });
  for (const input of [from, to]) {
    input.addEventListener('change', () => {
      state.from = fromLocalInput(from.value);
      state.to = fromLocalInput(to.value);
      if (state.from && state.to) onChange(get());
    });
  }
  sync();
  return { element: h('span', { class: 'range-picker' }, select, custom), get };
}

export function iso(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
