/**
 * Paths of optimizers over the filled contours of a 2-D objective (the article's figures
 * 4, 5, 6, 8, 9): grey bands, one dot per iterate, an arrow from each iterate to the next.
 */
import type { Domain2D, Objective, Trajectory } from '../core/types.js';
import type { VecLike } from '../core/vec.js';
import { type Figure, type LegendEntry, frame } from './figure.js';
import { contourMarks, minimaMarks, pathMarks } from './marks.js';
import { Plot, renderLegend, renderPlot } from './render.js';
import {
  DEFAULT_WIDTH, point2, requireObjective, requireRun, resolveDomain, runLabel, runStyle, show, sizeOption, textOption,
} from './style.js';

export interface PathSpec {
  /** The run to draw (its points θ₀ … θ_T). */
  run: Trajectory;
  /** Legend text; default the run's own label (with "(tf.js)" for tf.js runs). */
  label?: string;
  /** CSS colour; default from the palette (a single path: red dots, black arrows, as in the article). */
  color?: string;
  /** Dashed arrows; default true for tf.js runs. */
  dashed?: boolean;
}

export interface ContourFigureOptions {
  objective: Objective;
  /** The window; default the objective's own domain. */
  domain?: Domain2D;
  /** Number of filled bands (default 10), or explicit thresholds. */
  levels?: number | readonly number[];
  /** Band spacing: even ('linear', default) or geometric above the minimum ('log'). */
  levelSpacing?: 'linear' | 'log';
  paths?: readonly PathSpec[];
  /** Arrows from each iterate to the next (default true); false draws a plain line. */
  arrows?: boolean;
  /** A dot at every iterate (default true). */
  points?: boolean;
  /** Draw only every k-th iterate (default 1: all), for long runs. The last iterate is always kept. */
  every?: number;
  /** Mark the objective's minima (true, default), none (false), or these points. */
  minima?: boolean | readonly VecLike[];
  /** A colour ramp legend for the loss values (drawn on a canvas). Default false. */
  lossLegend?: boolean;
  /** Grid samples per axis for the contours (default 120). */
  resolution?: number;
  title?: string;
  subtitle?: string;
  caption?: string;
  width?: number;
  /** Default: the height that gives x and y the same scale. */
  height?: number;
  xLabel?: string;
  yLabel?: string;
}

/** Filled grey contours of `objective` with the given optimizer paths on top. */
export function contourFigure(options: ContourFigureOptions): Figure {
  if (!options || typeof options !== 'object') throw new TypeError(`contourFigure: options must be an object; got ${show(options)}`);
  const objective = requireObjective('objective', options.objective, 2);
  const domain = resolveDomain('domain', options.domain, objective);
  const width = sizeOption('width', options.width, DEFAULT_WIDTH)!;
  const height = sizeOption('height', options.height, undefined);
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a whole number ≥ 1; got ${show(every)}`);
  const paths = options.paths ?? [];
  if (!Array.isArray(paths)) throw new TypeError(`paths must be an array of { run, label?, color? }; got ${show(paths)}`);
  const title = textOption('title', options.title);

  const contours = contourMarks(objective, { domain, levels: options.levels, levelSpacing: options.levelSpacing, resolution: options.resolution });
  const greys = contours.color;
  const marks: Plot.Markish[] = [...contours.marks];

  // Minima.
  let minima: [number, number][] = [];
  if (options.minima === undefined || options.minima === true) minima = (objective.minima ?? []).map((m, i) => point2(`objective.minima[${i}]`, m));
  else if (Array.isArray(options.minima)) minima = options.minima.map((m, i) => point2(`minima[${i}]`, m));
  else if (options.minima !== false) throw new TypeError(`minima must be true, false or an array of [x, y] points; got ${show(options.minima)}`);
  minima = minima.filter(([x, y]) => x >= domain.x[0] && x <= domain.x[1] && y >= domain.y[0] && y <= domain.y[1]);
  marks.push(...minimaMarks(minima));

  // Paths.
  const legend: LegendEntry[] = [];
  const notes: string[] = [];
  const single = paths.length === 1 && paths[0]?.color === undefined;
  paths.forEach((spec, k) => {
    if (!spec || typeof spec !== 'object') throw new TypeError(`paths[${k}] must be { run, label?, color? }; got ${show(spec)}`);
    const run = requireRun(`paths[${k}].run`, spec.run);
    if (run.points.length > 0 && run.points[0].length !== 2) {
      throw new RangeError(`paths[${k}].run must be a 2-D run to be drawn on the contours; its points have ${run.points[0].length} coordinates`);
    }
    const label = textOption(`paths[${k}].label`, spec.label) ?? runLabel(run);
    const style = runStyle(single ? 1 : k, run.impl, spec.color, spec.dashed);
    marks.push(...pathMarks(run.points, { style, arrowColor: single ? '#111' : style.color, arrows: options.arrows, points: options.points, every }));
    legend.push({ label, color: style.color, dashed: style.dashed, hollow: style.hollow });
    if (run.diverged) notes.push(`${label}: stopped at step ${run.diverged.step} (${run.diverged.reason}).`);
  });

  const plotHtml = renderPlot({
    width,
    height,
    aspectRatio: height === undefined ? 1 : undefined,
    marginLeft: 44,
    marginRight: 12,
    marginTop: 12,
    x: { domain: [...domain.x], label: options.xLabel ?? 'x', labelAnchor: 'center', labelArrow: 'none', ticks: 8 },
    y: { domain: [...domain.y], label: options.yLabel ?? 'y', labelAnchor: 'center', labelArrow: 'none', ticks: 8 },
    color: greys,
    style: { background: '#fff' },
    marks,
  });
  const extra = options.lossLegend
    ? renderLegend({ color: { ...greys, label: 'loss L(x, y)' }, legend: 'ramp', width: 260, ticks: 5 })
    : undefined;
  const showLegend = paths.length > 1 || paths.some((p) => p.label !== undefined);
  const caption = [options.caption, ...notes].filter(Boolean).join(' ') || undefined;
  return frame(plotHtml, {
    width,
    title, subtitle: textOption('subtitle', options.subtitle), caption, extra,
    legend: showLegend ? legend : undefined,
  });
}
