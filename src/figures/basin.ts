/**
 * Basins of attraction: which minimum each start point's run ended in, as coloured cells.
 */
import type { Domain2D, Objective } from '../core/types.js';
import type { VecLike } from '../core/vec.js';
import { type Figure, type LegendEntry, frame } from './figure.js';
import { sampleGrid } from './grid.js';
import { Plot, renderPlot } from './render.js';
import { DEFAULT_WIDTH, PALETTE, fmt, point2, requireObjective, resolveDomain, show, sizeOption, textOption } from './style.js';

/** The colour of starts that reached no minimum. */
export const NO_BASIN_COLOR = '#bdbdbd';

export interface BasinFigureOptions {
  /**
   * Start points: a list of [x, y], or a flat [x0, y0, x1, y1, …] (tf.js's gridStarts()). A regular
   * grid gives square cells; any other set is filled by the nearest start.
   */
  starts: readonly VecLike[] | ArrayLike<number>;
  /** For each start, the index into `minima` it reached, or null (diverged, stalled, elsewhere). */
  reached: readonly (number | null)[];
  /** The minima; default the objective's. */
  minima?: readonly VecLike[];
  /** Draws faint contour lines of it underneath the minima (optional). */
  objective?: Objective;
  /** Default: the objective's domain, else the starts' bounding box. */
  domain?: Domain2D;
  /** Legend text per minimum; default "minimum k (x, y)". */
  labels?: readonly string[];
  title?: string;
  subtitle?: string;
  caption?: string;
  width?: number;
  height?: number;
}

/** Start points on a regular res × res grid of cell centres over the domain (row by row from the bottom). */
export function basinStarts(domain: Domain2D, resolution: number): [number, number][] {
  resolveDomain('domain', domain);
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > 400) throw new RangeError(`resolution must be a whole number between 1 and 400; got ${show(resolution)}`);
  const out: [number, number][] = [];
  const dx = (domain.x[1] - domain.x[0]) / resolution;
  const dy = (domain.y[1] - domain.y[0]) / resolution;
  for (let j = 0; j < resolution; j++) for (let i = 0; i < resolution; i++) out.push([domain.x[0] + (i + 0.5) * dx, domain.y[0] + (j + 0.5) * dy]);
  return out;
}

/** The index of the nearest minimum within `tolerance` (Euclidean) of `point` (ties: the first listed), or null. */
export function nearestMinimum(point: VecLike, minima: readonly VecLike[], tolerance = 1e-2): number | null {
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be a finite number > 0; got ${show(tolerance)}`);
  let best: number | null = null;
  let bestD = tolerance;
  minima.forEach((m, k) => {
    if (m.length !== point.length) throw new RangeError(`minima[${k}] has ${m.length} coordinates but point has ${point.length}`);
    let s = 0;
    for (let i = 0; i < m.length; i++) s += (m[i] - point[i]) ** 2;
    const d = Math.sqrt(s);
    if (d < bestD || (best === null && d === bestD)) { bestD = d; best = k; }
  });
  return best;
}

function startPoints(value: unknown): [number, number][] {
  const xs = value as ArrayLike<unknown> | undefined;
  if (!xs || typeof xs !== 'object' || typeof xs.length !== 'number' || xs.length === 0) {
    throw new RangeError(`starts must be a non-empty array of [x, y] points or a flat [x0, y0, x1, y1, …]; got ${show(value)}`);
  }
  if (typeof xs[0] === 'number') {
    if (xs.length % 2 !== 0) throw new RangeError(`starts: a flat array needs an even length (x, y pairs); got ${xs.length}`);
    return Array.from({ length: xs.length / 2 }, (_, i) => point2(`starts[${i}]`, [xs[2 * i], xs[2 * i + 1]]));
  }
  return Array.from(xs, (p, i) => point2(`starts[${i}]`, p));
}

/** Detects a regular grid: unique xs × unique ys with constant spacing covering every start once. */
function regularGrid(pts: [number, number][]): { dx: number; dy: number; nx: number; ny: number } | null {
  const ux = [...new Set(pts.map((p) => p[0]))].sort((a, b) => a - b);
  const uy = [...new Set(pts.map((p) => p[1]))].sort((a, b) => a - b);
  if (ux.length * uy.length !== pts.length || ux.length < 2 || uy.length < 2) return null;
  const even = (u: number[]): number | null => {
    const d = u[1] - u[0];
    for (let i = 2; i < u.length; i++) if (Math.abs(u[i] - u[i - 1] - d) > 1e-4 * Math.abs(d)) return null; // float32 grids round
    return d;
  };
  const dx = even(ux);
  const dy = even(uy);
  return dx && dy ? { dx, dy, nx: ux.length, ny: uy.length } : null;
}

/** Coloured basins of attraction with the minima marked. */
export function basinFigure(options: BasinFigureOptions): Figure {
  if (!options || typeof options !== 'object') throw new TypeError(`basinFigure: options must be an object; got ${show(options)}`);
  const objective = options.objective === undefined ? undefined : requireObjective('objective', options.objective, 2);
  const starts = startPoints(options.starts);
  if (!Array.isArray(options.reached) || options.reached.length !== starts.length) {
    throw new RangeError(`reached must have one entry per start (${starts.length}); got ${Array.isArray(options.reached) ? options.reached.length : show(options.reached)}`);
  }
  const minimaIn = options.minima ?? objective?.minima;
  if (!minimaIn || minimaIn.length === 0) throw new TypeError('minima is required (the objective has none listed)');
  const minima = minimaIn.map((m, i) => point2(`minima[${i}]`, m));
  options.reached.forEach((r, i) => {
    if (r !== null && !(Number.isInteger(r) && r >= 0 && r < minima.length)) {
      throw new RangeError(`reached[${i}] must be null or a minimum index 0…${minima.length - 1}; got ${show(r)}`);
    }
  });
  if (options.labels !== undefined && (!Array.isArray(options.labels) || options.labels.length !== minima.length)) {
    throw new RangeError(`labels must have one string per minimum (${minima.length}); got ${show(options.labels)}`);
  }
  const width = sizeOption('width', options.width, DEFAULT_WIDTH)!;
  const height = sizeOption('height', options.height, undefined);
  const bbox: Domain2D = {
    x: [Math.min(...starts.map((p) => p[0])), Math.max(...starts.map((p) => p[0]))],
    y: [Math.min(...starts.map((p) => p[1])), Math.max(...starts.map((p) => p[1]))],
  };
  const grid = regularGrid(starts);
  const fallback: Domain2D = grid
    ? { x: [bbox.x[0] - grid.dx / 2, bbox.x[1] + grid.dx / 2], y: [bbox.y[0] - grid.dy / 2, bbox.y[1] + grid.dy / 2] }
    : bbox;
  const domain = resolveDomain('domain', options.domain, objective, fallback);

  const colorOf = (r: number | null): string => (r === null ? NO_BASIN_COLOR : PALETTE[r % PALETTE.length]);
  const cells = starts.map((p, i) => ({ x: p[0], y: p[1], fill: colorOf(options.reached[i]) }));
  const marks: Plot.Markish[] = [];
  if (grid) {
    // A regular grid becomes one pixel per start (row-major from the lowest x, y): crisp
    // cells without seams, and a small PNG instead of thousands of <rect>s.
    const order = cells.map((_, i) => i).sort((a, b) => (cells[a].y - cells[b].y) || (cells[a].x - cells[b].x));
    const dense = order.map((i) => cells[i].fill);
    marks.push(Plot.raster(dense, {
      className: 'owb-basin-cells', width: grid.nx, height: grid.ny, interpolate: 'none', fill: Plot.identity, fillOpacity: 0.75, imageRendering: 'pixelated',
      x1: bbox.x[0] - grid.dx / 2, x2: bbox.x[1] + grid.dx / 2, y1: bbox.y[0] - grid.dy / 2, y2: bbox.y[1] + grid.dy / 2,
    }));
  } else {
    // Scattered starts: each pixel takes the colour of the nearest start (a raster, drawn on the canvas).
    marks.push(Plot.raster(cells, {
      className: 'owb-basin-cells', x: 'x', y: 'y', fill: 'fill', fillOpacity: 0.75, interpolate: 'nearest',
      x1: domain.x[0], x2: domain.x[1], y1: domain.y[0], y2: domain.y[1], imageRendering: 'pixelated',
    }));
  }
  if (objective) {
    const g = sampleGrid(objective, domain, 100, 100);
    marks.push(Plot.contour(Array.from(g.values), {
      width: 100, height: 100, x1: domain.x[0], x2: domain.x[1], y1: domain.y[0], y2: domain.y[1], interpolate: 'none',
      value: Plot.identity, thresholds: 14, stroke: '#000', strokeOpacity: 0.3, strokeWidth: 0.6, fill: 'none',
    }));
  }
  marks.push(Plot.dot(minima.map((m, k) => ({ x: m[0], y: m[1], fill: colorOf(k) })), {
    className: 'owb-minima', x: 'x', y: 'y', fill: 'fill', symbol: 'star', r: 7, stroke: '#000', strokeWidth: 1,
  }));
  const plotHtml = renderPlot({
    width,
    height,
    aspectRatio: height === undefined ? 1 : undefined,
    marginLeft: 44,
    marginRight: 12,
    marginTop: 12,
    x: { domain: [...domain.x], label: 'x₀', labelAnchor: 'center', labelArrow: 'none', ticks: 8 },
    y: { domain: [...domain.y], label: 'y₀', labelAnchor: 'center', labelArrow: 'none', ticks: 8 },
    color: { type: 'identity' },
    style: { background: '#fff' },
    marks,
  });
  const counts = minima.map((_, k) => options.reached.filter((r) => r === k).length);
  const none = options.reached.filter((r) => r === null).length;
  const legend: LegendEntry[] = minima.map((m, k) => ({
    label: `${options.labels?.[k] ?? `minimum ${k} (${fmt(m[0])}, ${fmt(m[1])})`}: ${counts[k]}`,
    color: colorOf(k),
    swatch: 'box',
  }));
  if (none > 0) legend.push({ label: `no minimum: ${none}`, color: NO_BASIN_COLOR, swatch: 'box' });
  return frame(plotHtml, {
    width,
    title: textOption('title', options.title),
    subtitle: textOption('subtitle', options.subtitle),
    caption: textOption('caption', options.caption),
    legend,
  });
}
