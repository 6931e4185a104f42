/**
 * The marks the contour figures are made of, as plain Observable Plot marks: a notebook
 * can combine them with its own (`plot([...contourMarks(f).marks, ...pathMarks(run),
 * Plot.text(...)])`), and the live explorer draws them in the reader's browser. This module
 * imports Plot and nothing that needs Node (no jsdom), so it goes into the browser bundle.
 */
import { arrow, contour, dot, identity, line } from '@observablehq/plot';
import type { Markish } from '@observablehq/plot';
import type { Domain2D, Objective } from '../core/types.js';
import type { VecLike } from '../core/vec.js';
import { levelThresholds, sampleGrid } from './grid.js';
import { type RunStyle, show } from './style.js';

export interface ContourMarksOptions {
  /** The window to draw. */
  domain: Domain2D;
  /** Number of filled bands (default 10), or explicit thresholds. */
  levels?: number | readonly number[];
  /** Band spacing: even ('linear', default) or geometric above the minimum ('log'). */
  levelSpacing?: 'linear' | 'log';
  /** Grid samples per axis (default 120). */
  resolution?: number;
}

/** The grey scale the bands are painted with, for the plot's `color` option. */
export interface ContourColor {
  type: 'linear';
  domain: [number, number];
  range: [string, string];
  interpolate: 'rgb';
}

/** Filled grey bands of `objective` over the domain, and the colour scale they need. */
export function contourMarks(objective: Objective, options: ContourMarksOptions): { marks: Markish[]; color: ContourColor } {
  const { domain } = options;
  const resolution = options.resolution ?? 120;
  if (!Number.isInteger(resolution) || resolution < 8 || resolution > 1000) {
    throw new RangeError(`resolution must be a whole number between 8 and 1000; got ${show(resolution)}`);
  }
  const spacing = options.levelSpacing ?? 'linear';
  if (spacing !== 'linear' && spacing !== 'log') throw new RangeError(`levelSpacing must be 'linear' or 'log'; got ${show(spacing)}`);
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
  const color: ContourColor = { type: 'linear', domain: [lo, hi], range: ['#fbfbfb', '#5c5c5c'], interpolate: 'rgb' };
  const marks: Markish[] = [
    contour(Array.from(grid.values), {
      width: grid.nx, height: grid.ny,
      x1: padded.x[0], x2: padded.x[1], y1: padded.y[0], y2: padded.y[1],
      interpolate: 'none', className: 'owb-contours', fill: identity, thresholds, stroke: '#000', strokeOpacity: 0.22, strokeWidth: 0.6, clip: true,
    }),
  ];
  return { marks, color };
}

/** The minima as yellow stars. */
export function minimaMarks(minima: readonly (readonly [number, number])[]): Markish[] {
  if (minima.length === 0) return [];
  return [dot(minima, { className: 'owb-minima', x: (d: readonly [number, number]) => d[0], y: (d: readonly [number, number]) => d[1], symbol: 'star', r: 5.5, fill: '#ffd400', stroke: '#000', strokeWidth: 0.8 })];
}

export interface PathMarksOptions {
  /** How the run is drawn (colour, dashes, hollow dots): see runStyle. */
  style: RunStyle;
  /** Arrow (and line) colour; default the style's colour. */
  arrowColor?: string;
  /** Arrows from each iterate to the next (default true); false draws a plain line. */
  arrows?: boolean;
  /** A dot at every iterate (default true). */
  points?: boolean;
  /** The arrows (or line) between iterates (default true); false draws the dots alone. */
  steps?: boolean;
  /** Draw only every k-th iterate (default 1). The last iterate is always kept. */
  every?: number;
  /** Extra class for every mark (the explorer uses it to find a run's marks). */
  className?: string;
}

interface Segment { x1: number; y1: number; x2: number; y2: number }

/** One run's path: an arrow (or a line) from each iterate to the next, and a dot on each. */
export function pathMarks(points: readonly VecLike[], options: PathMarksOptions): Markish[] {
  const { style } = options;
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a whole number ≥ 1; got ${show(every)}`);
  const extra = options.className ? ` ${options.className}` : '';
  const pts = points
    .map((p, t) => ({ x: p[0], y: p[1], t }))
    .filter((_, i, all) => i % every === 0 || i === all.length - 1);
  const segs: Segment[] = [];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    if (a.x !== b.x || a.y !== b.y) segs.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y });
  }
  const stroke = options.arrowColor ?? style.color;
  const dash = style.dashed ? '4,3' : undefined;
  const marks: Markish[] = [];
  if (options.steps === false) {
    // the dots alone
  } else if (options.arrows ?? true) {
    marks.push(arrow(segs, {
      className: `owb-steps${extra}`, x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke, strokeWidth: 1.3, headLength: 9,
      strokeDasharray: dash, clip: true,
    }));
  } else {
    marks.push(line(pts, { className: `owb-steps${extra}`, x: 'x', y: 'y', stroke, strokeWidth: 1.5, strokeDasharray: dash, clip: true }));
  }
  if (options.points ?? true) {
    marks.push(dot(pts, style.hollow
      ? { className: `owb-iterates${extra}`, x: 'x', y: 'y', r: 4.2, stroke: style.color, strokeWidth: 1.4, fill: 'none', clip: true }
      : { className: `owb-iterates${extra}`, x: 'x', y: 'y', r: 2.8, fill: style.color, stroke: 'none', clip: true }));
  }
  return marks;
}
