/**
 * Paths of optimizers over the filled contours of a 2-D objective (the article's figures
 * 4, 5, 6, 8, 9): grey bands, one dot per iterate, an arrow from each iterate to the next.
 */
import type { Domain2D, Objective, Trajectory } from '../core/types.js';
import type { VecLike } from '../core/vec.js';
import { type Figure, type LegendEntry, frame } from './figure.js';
import { levelThresholds, sampleGrid } from './grid.js';
import { Plot, renderLegend, renderPlot } from './render.js';
import {
  DEFAULT_WIDTH, point2, requireObjective, requireRun, resolveDomain, runStyle, show, sizeOption, textOption,
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

interface Segment { x1: number; y1: number; x2: number; y2: number }

/** Filled grey contours of `objective` with the given optimizer paths on top. */
export function contourFigure(options: ContourFigureOptions): Figure {
  if (!options || typeof options !== 'object') throw new TypeError(`contourFigure: options must be an object; got ${show(options)}`);
  const objective = requireObjective('objective', options.objective, 2);
  const domain = resolveDomain('domain', options.domain, objective);
  const width = sizeOption('width', options.width, DEFAULT_WIDTH)!;
  const height = sizeOption('height', options.height, undefined);
  const resolution = options.resolution ?? 120;
  if (!Number.isInteger(resolution) || resolution < 8 || resolution > 1000) {
    throw new RangeError(`resolution must be a whole number between 8 and 1000; got ${show(resolution)}`);
  }
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a whole number ≥ 1; got ${show(every)}`);
  const spacing = options.levelSpacing ?? 'linear';
  if (spacing !== 'linear' && spacing !== 'log') throw new RangeError(`levelSpacing must be 'linear' or 'log'; got ${show(spacing)}`);
  const paths = options.paths ?? [];
  if (!Array.isArray(paths)) throw new TypeError(`paths must be an array of { run, label?, color? }; got ${show(paths)}`);
  const title = textOption('title', options.title);

  // Contour bands.
  // Sample one cell beyond each edge and clip to the frame: d3-contour's polygons stop at
  // the outermost sample centres, which would leave a thin unfilled strip along the border.
  const cx = (domain.x[1] - domain.x[0]) / resolution;
  const cy = (domain.y[1] - domain.y[0]) / resolution;
  const padded: Domain2D = { x: [domain.x[0] - cx, domain.x[1] + cx], y: [domain.y[0] - cy, domain.y[1] + cy] };
  const grid = sampleGrid(objective, padded, resolution + 2, resolution + 2);
  let thresholds: number[];
  const levels = options.levels ?? 10;
  if (typeof levels === 'number') {
    if (!Number.isInteger(levels) || levels < 1 || levels > 100) throw new RangeError(`levels must be a whole number between 1 and 100, or an array of thresholds; got ${show(levels)}`);
    thresholds = levelThresholds(grid.min, grid.max, levels, spacing);
  } else if (Array.isArray(levels) && levels.length > 0 && levels.every((t) => Number.isFinite(t))) {
    thresholds = [...levels].sort((a, b) => a - b);
  } else {
    throw new RangeError(`levels must be a whole number between 1 and 100, or a non-empty array of finite thresholds; got ${show(levels)}`);
  }
  const lo = thresholds[0];
  const hi = thresholds.length > 1 ? thresholds[thresholds.length - 1] : lo + 1;
  const greys = { type: 'linear' as const, domain: [lo, hi], range: ['#fbfbfb', '#5c5c5c'], interpolate: 'rgb' as const };

  const marks: Plot.Markish[] = [
    Plot.contour(Array.from(grid.values), {
      width: grid.nx, height: grid.ny,
      x1: padded.x[0], x2: padded.x[1], y1: padded.y[0], y2: padded.y[1],
      interpolate: 'none', className: 'owb-contours', fill: Plot.identity, thresholds, stroke: '#000', strokeOpacity: 0.22, strokeWidth: 0.6, clip: true,
    }),
  ];

  // Minima.
  let minima: [number, number][] = [];
  if (options.minima === undefined || options.minima === true) minima = (objective.minima ?? []).map((m, i) => point2(`objective.minima[${i}]`, m));
  else if (Array.isArray(options.minima)) minima = options.minima.map((m, i) => point2(`minima[${i}]`, m));
  else if (options.minima !== false) throw new TypeError(`minima must be true, false or an array of [x, y] points; got ${show(options.minima)}`);
  minima = minima.filter(([x, y]) => x >= domain.x[0] && x <= domain.x[1] && y >= domain.y[0] && y <= domain.y[1]);

  if (minima.length > 0) {
    marks.push(Plot.dot(minima, { className: 'owb-minima', x: (d: [number, number]) => d[0], y: (d: [number, number]) => d[1], symbol: 'star', r: 5.5, fill: '#ffd400', stroke: '#000', strokeWidth: 0.8 }));
  }

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
    const label = textOption(`paths[${k}].label`, spec.label) ?? (run.impl === 'tfjs' ? `${run.label} (tf.js)` : run.label);
    const style = runStyle(single ? 1 : k, run.impl, spec.color, spec.dashed);
    const arrowColor = single ? '#111' : style.color;
    const pts = run.points
      .map((p, t) => ({ x: p[0], y: p[1], t }))
      .filter((_, i, all) => i % every === 0 || i === all.length - 1);
    const segs: Segment[] = [];
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1];
      const b = pts[i];
      if (a.x !== b.x || a.y !== b.y) segs.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y });
    }
    const dash = style.dashed ? '4,3' : undefined;
    if (options.arrows ?? true) {
      marks.push(Plot.arrow(segs, {
        className: 'owb-steps', x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: arrowColor, strokeWidth: 1.3, headLength: 9,
        strokeDasharray: dash, clip: true,
      }));
    } else {
      marks.push(Plot.line(pts, { className: 'owb-steps', x: 'x', y: 'y', stroke: arrowColor, strokeWidth: 1.5, strokeDasharray: dash, clip: true }));
    }
    if (options.points ?? true) {
      marks.push(Plot.dot(pts, style.hollow
        ? { className: 'owb-iterates', x: 'x', y: 'y', r: 4.2, stroke: style.color, strokeWidth: 1.4, fill: 'none', clip: true }
        : { className: 'owb-iterates', x: 'x', y: 'y', r: 2.8, fill: style.color, stroke: 'none', clip: true }));
    }
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
