// Charts as SVG built from numbers only (no log text reaches an attribute).
import { s, fmtTime, fmtNum } from './dom.js';

export function sparkline(values, { width = 120, height = 26, highlightFrom = -1 } = {}) {
  const n = values.length;
  const max = Math.max(1, ...values);
  const svg = s('svg', { class: 'spark', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'trend' });
  if (n === 0) return svg;
  const x = (i) => (n === 1 ? width / 2 : (i / (n - 1)) * (width - 2) + 1);
  const y = (v) => height - 2 - (v / max) * (height - 4);
  const pts = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  svg.appendChild(s('polygon', { class: 'spark-area', points: `${x(0).toFixed(1)},${height - 1} ${pts} ${x(n - 1).toFixed(1)},${height - 1}` }));
  svg.appendChild(s('polyline', { class: 'spark-line', points: pts }));
  if (highlightFrom >= 0 && highlightFrom < n) {
    svg.appendChild(s('circle', { class: 'spark-dot', cx: x(highlightFrom).toFixed(1), cy: y(values[highlightFrom]).toFixed(1), r: 2.5 }));
  }
  return svg;
}

/**
 * Counts over time, with the anomaly's windows shaded and their expected values drawn as a dashed
 * baseline with a band (expected ± 2·sqrt(expected), the Poisson spread) when the job provided them.
 */
export function lineChart(points, { width = 720, height = 220, marks = [], shadeFrom, shadeTo, label = 'count' } = {}) {
  const pad = { l: 48, r: 12, t: 12, b: 28 };
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${label} over time` });
  if (!points.length) {
    svg.appendChild(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty' }, 'no counts in this range'));
    return svg;
  }
  const ts = points.map((p) => Date.parse(p.t));
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts, t0 + 1);
  const expectedVals = marks.filter((m) => m.expected !== null && m.expected !== undefined).map((m) => m.expected + 2 * Math.sqrt(m.expected));
  const vmax = Math.max(1, ...points.map((p) => p.value), ...expectedVals) * 1.08;
  const X = (t) => pad.l + ((t - t0) / (t1 - t0)) * (width - pad.l - pad.r);
  const Y = (v) => height - pad.b - (v / vmax) * (height - pad.t - pad.b);

  // grid and axis labels
  for (let i = 0; i <= 4; i++) {
    const v = (vmax / 4) * i;
    svg.appendChild(s('line', { class: 'grid', x1: pad.l, x2: width - pad.r, y1: Y(v), y2: Y(v) }));
    svg.appendChild(s('text', { class: 'axis', x: pad.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, fmtNum(v, 0)));
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) / 4) * i;
    svg.appendChild(s('text', { class: 'axis', x: X(t), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' },
      fmtTime(new Date(t).toISOString(), i === 0)));
  }
  if (shadeFrom !== undefined && shadeTo !== undefined) {
    const a = Math.max(X(Date.parse(shadeFrom)), pad.l);
    const b = Math.min(X(Date.parse(shadeTo)), width - pad.r);
    if (b > a) svg.appendChild(s('rect', { class: 'shade', x: a, y: pad.t, width: b - a, height: height - pad.t - pad.b }));
  }
  // expected band and line at the anomaly's windows
  const exp = marks.filter((m) => m.expected !== null && m.expected !== undefined).sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
  if (exp.length) {
    const upper = exp.map((m) => `${X(Date.parse(m.t)).toFixed(1)},${Y(m.expected + 2 * Math.sqrt(m.expected)).toFixed(1)}`);
    const lower = exp.slice().reverse().map((m) => `${X(Date.parse(m.t)).toFixed(1)},${Y(Math.max(0, m.expected - 2 * Math.sqrt(m.expected))).toFixed(1)}`);
    svg.appendChild(s('polygon', { class: 'band', points: upper.concat(lower).join(' ') }));
    svg.appendChild(s('polyline', { class: 'expected', points: exp.map((m) => `${X(Date.parse(m.t)).toFixed(1)},${Y(m.expected).toFixed(1)}`).join(' ') }));
  }
  const pts = points.map((p, i) => `${X(ts[i]).toFixed(1)},${Y(p.value).toFixed(1)}`).join(' ');
  svg.appendChild(s('polyline', { class: 'series', points: pts }));
  for (const m of marks) {
    const t = Date.parse(m.t);
    const c = s('circle', { class: 'mark', cx: X(t).toFixed(1), cy: Y(m.observed).toFixed(1), r: 3.5 });
    c.appendChild(s('title', {}, `${fmtTime(m.t)} observed ${fmtNum(m.observed)}` + (m.expected != null ? `, expected ${fmtNum(m.expected)}` : '')));
    svg.appendChild(c);
  }
  return svg;
}
