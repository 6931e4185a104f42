/**
 * Per-step difference between two runs of one experiment (hand-written vs tf.js) on a log
 * scale, against the tolerance the parity line uses.
 */
import type { RunComparison } from '../run/compare.js';
import { type Figure, type LegendEntry, frame } from './figure.js';
import { Plot, renderPlot } from './render.js';
import { DEFAULT_WIDTH, PALETTE, finiteArray, fmt, show, sizeOption, textOption } from './style.js';

export interface DifferenceSeries {
  readonly label: string;
  /** A comparison from compareRuns, or its perStep array. */
  readonly comparison: RunComparison | readonly number[];
  readonly color?: string;
}

export interface DifferenceFigureOptions {
  /** One comparison (from compareRuns)… */
  comparison?: RunComparison;
  /** …or its per-step differences directly… */
  perStep?: readonly number[];
  /** …or several labelled ones. Exactly one of the three. */
  series?: readonly DifferenceSeries[];
  /** Draws the parity tolerance as a dashed red rule. */
  tolerance?: number;
  /**
   * Where exact zeros are drawn (a log axis has no 0). Default: a decade below the smallest
   * non-zero difference (or 1e-17). They are drawn as hollow triangles and counted in the caption.
   */
  floor?: number;
  title?: string;
  subtitle?: string;
  caption?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

interface Row { t: number; d: number; zero: boolean; k: number }

const perStepOf = (name: string, c: RunComparison | readonly number[]): number[] => {
  if (Array.isArray(c)) return finiteArray(name, c);
  const pc = c as RunComparison | undefined;
  if (!pc || !Array.isArray(pc.perStep)) throw new TypeError(`${name} must be a RunComparison (from compareRuns) or an array of numbers; got ${show(c)}`);
  return finiteArray(`${name}.perStep`, pc.perStep);
};

/** |Δ| per step on a log axis, zeros shown honestly at a floor, with the tolerance line. */
export function differenceFigure(options: DifferenceFigureOptions): Figure {
  if (!options || typeof options !== 'object') throw new TypeError(`differenceFigure: options must be an object; got ${show(options)}`);
  const given = ['comparison', 'perStep', 'series'].filter((k) => options[k as keyof DifferenceFigureOptions] !== undefined);
  if (given.length !== 1) {
    throw new TypeError(`differenceFigure needs exactly one of comparison, perStep or series; got ${given.length === 0 ? 'none' : given.join(' and ')}`);
  }
  let list: { label: string; values: number[]; color: string }[];
  if (options.series !== undefined) {
    if (!Array.isArray(options.series) || options.series.length === 0) throw new RangeError(`series must be a non-empty array of { label, comparison }; got ${show(options.series)}`);
    list = options.series.map((s, k) => ({
      label: textOption(`series[${k}].label`, s?.label) ?? `series ${k}`,
      values: perStepOf(`series[${k}].comparison`, s?.comparison),
      color: s.color ?? PALETTE[k % PALETTE.length],
    }));
  } else {
    const values = options.comparison !== undefined ? perStepOf('comparison', options.comparison) : perStepOf('perStep', options.perStep!);
    list = [{ label: '', values, color: PALETTE[0] }];
  }
  list.forEach((s, k) => s.values.forEach((v, t) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${options.series ? `series[${k}]` : options.comparison ? 'comparison.perStep' : 'perStep'}[${t}] must be a finite difference ≥ 0; got ${v}`);
  }));
  const tolerance = options.tolerance;
  if (tolerance !== undefined && !(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0)) {
    throw new RangeError(`tolerance must be a finite number > 0; got ${show(tolerance)}`);
  }
  const width = sizeOption('width', options.width, DEFAULT_WIDTH)!;
  const height = sizeOption('height', options.height, 300)!;

  let smallest = Infinity;
  let largest = 0;
  for (const s of list) for (const v of s.values) { if (v > 0 && v < smallest) smallest = v; if (v > largest) largest = v; }
  const floor = options.floor ?? (Number.isFinite(smallest) ? 10 ** Math.floor(Math.log10(smallest) - 1) : 1e-17);
  if (!(typeof floor === 'number' && Number.isFinite(floor) && floor > 0)) throw new RangeError(`floor must be a finite number > 0; got ${show(floor)}`);
  if (Number.isFinite(smallest) && floor >= smallest) throw new RangeError(`floor must be below the smallest non-zero difference (${fmt(smallest)}); got ${fmt(floor)}`);

  const rows: Row[] = [];
  let zeros = 0;
  list.forEach((s, k) => s.values.forEach((v, t) => {
    if (v === 0) zeros++;
    rows.push({ t, d: v === 0 ? floor : v, zero: v === 0, k });
  }));
  const top = Math.max(largest, tolerance ?? 0, floor * 10);
  const marks: Plot.Markish[] = [];
  if (zeros > 0) marks.push(Plot.ruleY([floor], { stroke: '#999', strokeDasharray: '2,3' }));
  if (tolerance !== undefined) {
    marks.push(Plot.ruleY([tolerance], { className: 'owb-tolerance', stroke: '#d62728', strokeWidth: 1.2, strokeDasharray: '6,4' }));
    marks.push(Plot.text([tolerance], { y: (d: number) => d, frameAnchor: 'right', text: () => `tolerance ${fmt(tolerance, 2)}`, dy: -7, fill: '#d62728', fontSize: 11 }));
  }
  list.forEach((s, k) => {
    const data = rows.filter((r) => r.k === k);
    marks.push(Plot.line(data, { className: 'owb-diff-line', x: 't', y: 'd', stroke: s.color, strokeWidth: 1.4 }));
    marks.push(Plot.dot(data.filter((r) => !r.zero), { className: 'owb-diff-dot', x: 't', y: 'd', r: 2.2, fill: s.color }));
    const z = data.filter((r) => r.zero);
    if (z.length > 0) marks.push(Plot.dot(z, { className: 'owb-diff-zero', x: 't', y: 'd', r: 3.2, symbol: 'triangle', stroke: s.color, fill: 'none' }));
  });
  const notes: string[] = [];
  if (zeros > 0) {
    notes.push(`${zeros} step${zeros === 1 ? '' : 's'} where the runs agree exactly (|Δ| = 0) ${zeros === 1 ? 'is' : 'are'} drawn as hollow triangles on the dotted floor line at ${fmt(floor, 2)}: a log axis has no zero.`);
  }
  const plotHtml = renderPlot({
    width,
    height,
    marginLeft: 60,
    marginRight: 16,
    x: { label: options.xLabel ?? 'step', labelAnchor: 'center', labelArrow: 'none' },
    y: { type: 'log', domain: [floor / 2, top * 3], label: options.yLabel ?? 'max |Δθ|', labelArrow: 'none', grid: true, tickFormat: '.0e' },
    style: { background: '#fff' },
    marks,
  });
  const legend: LegendEntry[] | undefined = list.length > 1 ? list.map((s) => ({ label: s.label, color: s.color, dot: true })) : undefined;
  const caption = [options.caption, ...notes].filter(Boolean).join(' ') || undefined;
  return frame(plotHtml, {
    width, title: textOption('title', options.title), subtitle: textOption('subtitle', options.subtitle), caption, legend });
}
