/**
 * Values against iteration: velocity components (figure 7), the accumulated g∘g
 * (figure 10), loss curves, effective learning rates.
 */
import type { OptimizerState, Trajectory } from '../core/types.js';
import { type Figure, type LegendEntry, frame } from './figure.js';
import { Plot, renderPlot } from './render.js';
import { DEFAULT_WIDTH, PALETTE, requireRun, runLabel, runStyle, show, sizeOption, textOption } from './style.js';

export interface Series {
  readonly label: string;
  readonly values: ArrayLike<number>;
  /** x positions; default 0, 1, 2, … (the iteration). */
  readonly x?: ArrayLike<number>;
  readonly color?: string;
  readonly dashed?: boolean;
}

export type YScale = 'linear' | 'log' | 'symlog';

/** A reference line: vertical at x, or horizontal at y, with an optional label. */
export interface RuleSpec {
  readonly x?: number;
  readonly y?: number;
  readonly label?: string;
  readonly color?: string;
  readonly dashed?: boolean;
}

export interface SeriesFigureOptions {
  series: readonly Series[];
  xLabel?: string;
  /** Axis text; plain Unicode works ('g∘g', 'v_x', '|Δθ|'). */
  yLabel?: string;
  /** 'log' drops values ≤ 0 (and says how many in the caption); 'symlog' keeps signs. */
  yScale?: YScale;
  /** A dot on every value (default: when each series has at most 60 values). */
  points?: boolean;
  /** A rule at y = 0 (default: on linear scales when the values change sign). */
  zeroLine?: boolean;
  /** Reference lines (a tolerance, the step where something happens), listed in the legend when labelled. */
  rules?: readonly RuleSpec[];
  title?: string;
  subtitle?: string;
  caption?: string;
  width?: number;
  height?: number;
}

interface Row { x: number; y: number; k: number }

/** One or more series against iteration, on a linear, log or symlog y axis. */
export function seriesFigure(options: SeriesFigureOptions): Figure {
  if (!options || typeof options !== 'object') throw new TypeError(`seriesFigure: options must be an object; got ${show(options)}`);
  const { series } = options;
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`series must be a non-empty array of { label, values }; got ${show(series)}`);
  const yScale = options.yScale ?? 'linear';
  if (yScale !== 'linear' && yScale !== 'log' && yScale !== 'symlog') throw new RangeError(`yScale must be 'linear', 'log' or 'symlog'; got ${show(yScale)}`);
  const width = sizeOption('width', options.width, DEFAULT_WIDTH)!;
  const height = sizeOption('height', options.height, 320)!;

  const showPoints = options.points ?? series.every((s) => s?.values?.length <= 60);
  const rows: Row[][] = [];
  const legend: LegendEntry[] = [];
  let dropped = 0;
  let nonFinite = 0;
  let negative = false;
  let positive = false;
  series.forEach((s, k) => {
    if (!s || typeof s !== 'object') throw new TypeError(`series[${k}] must be { label, values }; got ${show(s)}`);
    const label = textOption(`series[${k}].label`, s.label);
    if (label === undefined) throw new TypeError(`series[${k}].label must be a string; got undefined`);
    if (!s.values || typeof s.values.length !== 'number') throw new TypeError(`series[${k}].values must be an array of numbers; got ${show(s.values)}`);
    if (s.x !== undefined && (!s.x || s.x.length !== s.values.length)) {
      throw new RangeError(`series[${k}].x must have one entry per value (${s.values.length}); got ${s.x ? s.x.length : show(s.x)}`);
    }
    const out: Row[] = [];
    for (let i = 0; i < s.values.length; i++) {
      const y = s.values[i];
      const x = s.x ? s.x[i] : i;
      if (typeof y !== 'number' || typeof x !== 'number') throw new TypeError(`series[${k}].values[${i}] must be a number; got ${show(y)}`);
      if (!Number.isFinite(y) || !Number.isFinite(x)) { nonFinite++; continue; }
      if (yScale === 'log' && y <= 0) { dropped++; continue; }
      if (y < 0) negative = true;
      if (y > 0) positive = true;
      out.push({ x, y, k });
    }
    rows.push(out);
    const style = runStyle(k, undefined, s.color, s.dashed);
    legend.push({ label, color: style.color, dashed: style.dashed, dot: showPoints });
  });
  if (rows.every((r) => r.length === 0)) {
    throw new RangeError(yScale === 'log'
      ? 'series: no value is > 0, so nothing can be drawn on a log scale; use yScale: \'symlog\' or \'linear\''
      : 'series: no finite value to draw');
  }

  const marks: Plot.Markish[] = [];
  if (options.zeroLine ?? (yScale !== 'log' && negative && positive)) marks.push(Plot.ruleY([0], { stroke: '#888', strokeWidth: 0.8 }));
  const rules = options.rules ?? [];
  if (!Array.isArray(rules)) throw new TypeError(`rules must be an array of { x } or { y }; got ${show(rules)}`);
  rules.forEach((r, k) => {
    const hasX = r?.x !== undefined, hasY = r?.y !== undefined;
    if (hasX === hasY) throw new TypeError(`rules[${k}] needs exactly one of x (a vertical line) or y (a horizontal line); got ${show(r)}`);
    const at = (hasX ? r.x : r.y) as number;
    if (typeof at !== 'number' || !Number.isFinite(at)) throw new RangeError(`rules[${k}].${hasX ? 'x' : 'y'} must be a finite number; got ${show(at)}`);
    if (hasY && yScale === 'log' && at <= 0) throw new RangeError(`rules[${k}].y must be > 0 on a log scale; got ${at}`);
    const color = r.color ?? '#555';
    const dash = r.dashed ?? true ? '5,4' : undefined;
    marks.push(hasX
      ? Plot.ruleX([at], { className: 'owb-rule', stroke: color, strokeWidth: 1.3, strokeDasharray: dash })
      : Plot.ruleY([at], { className: 'owb-rule', stroke: color, strokeWidth: 1.3, strokeDasharray: dash }));
    if (r.label !== undefined) legend.push({ label: textOption(`rules[${k}].label`, r.label)!, color, dashed: r.dashed ?? true, dot: false });
  });
  rows.forEach((data, k) => {
    const { color, dashed } = legend[k];
    marks.push(Plot.line(data, { className: 'owb-series-line', x: 'x', y: 'y', stroke: color, strokeWidth: 2, strokeDasharray: dashed ? '5,3' : undefined }));
    if (showPoints) marks.push(Plot.dot(data, { className: 'owb-series-dot', x: 'x', y: 'y', r: 2.2, fill: color }));
  });

  // Plot labels log ticks with SI prefixes (10m, 100µ, 1a), which reads badly for losses:
  // plain numbers over a moderate range, exponents (1e-7) beyond it.
  let logFormat = {};
  if (yScale === 'log') {
    const ys = rows.flat().map((r) => r.y);
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    logFormat = { tickFormat: lo >= 1e-3 && hi < 1e6 ? '~g' : '~e' };
  }
  const notes: string[] = [];
  if (dropped > 0) notes.push(`${dropped} value${dropped === 1 ? '' : 's'} ≤ 0 cannot be shown on the log scale and ${dropped === 1 ? 'is' : 'are'} left out.`);
  if (nonFinite > 0) notes.push(`${nonFinite} non-finite value${nonFinite === 1 ? '' : 's'} (NaN/∞) left out.`);
  const plotHtml = renderPlot({
    width,
    height,
    marginLeft: 56,
    marginRight: 16,
    x: { label: options.xLabel ?? 'iteration', labelAnchor: 'center', labelArrow: 'none' },
    y: { type: yScale, label: options.yLabel ?? 'value', labelArrow: 'none', grid: true, ...(yScale === 'symlog' ? { constant: 1 } : {}), ...logFormat },
    style: { background: '#fff' },
    marks,
  });
  const caption = [options.caption, ...notes].filter(Boolean).join(' ') || undefined;
  return frame(plotHtml, {
    width,
    title: textOption('title', options.title), subtitle: textOption('subtitle', options.subtitle), caption,
    legend: legend.length > 1 || series[0].label !== '' ? legend : undefined,
  });
}

const AXES = ['x', 'y', 'z'];

/**
 * One series per coordinate of a state vector over a run: `componentSeries(run, 'v')`
 * gives v_x and v_y against iteration (figure 7), `'r'` the accumulated g∘g (figure 10).
 * `pick` may also be a function of the state and step.
 */
export function componentSeries(
  run: Trajectory,
  pick: string | ((state: OptimizerState, t: number) => ArrayLike<number>),
  names?: readonly string[],
): Series[] {
  requireRun('run', run);
  if (run.states.length === 0) throw new RangeError('run has no recorded states');
  const get = typeof pick === 'function' ? pick : (state: OptimizerState): ArrayLike<number> => {
    const value = state[pick];
    if (value === undefined) throw new RangeError(`pick: the state of ${run.label} has no field "${pick}"; it has ${Object.keys(state).join(', ') || 'no fields'}`);
    if (typeof value === 'number') return [value];
    return value;
  };
  const first = get(run.states[0], 0);
  const n = first.length;
  const key = typeof pick === 'string' ? pick : 'value';
  return Array.from({ length: n }, (_, i) => ({
    label: names?.[i] ?? (n === 1 ? key : `${key}_${n <= 3 ? AXES[i] : i}`),
    values: run.states.map((s, t) => get(s, t)[i]),
  }));
}

/** A run's loss L(θ_t) against iteration, labelled with the run's label. */
export function lossSeries(run: Trajectory, label?: string): Series {
  requireRun('run', run);
  return { label: label ?? runLabel(run), values: run.losses, dashed: run.impl === 'tfjs' };
}

/**
 * One state field of a hand-written run (solid) and of its tf.js twin (dashed), coordinate by
 * coordinate, one colour per coordinate — the overlay every parity figure of a state uses.
 */
export function twinSeries(mine: Trajectory, theirs: Trajectory, field: string, name = field): Series[] {
  const names = (suffix: string) => [`${name}_x${suffix}`, `${name}_y${suffix}`];
  return [
    ...componentSeries(mine, field, names('')).map((s, i) => ({ ...s, color: PALETTE[i % PALETTE.length] })),
    ...componentSeries(theirs, field, names(' tf.js')).map((s, i) => ({ ...s, color: PALETTE[i % PALETTE.length], dashed: true })),
  ];
}
