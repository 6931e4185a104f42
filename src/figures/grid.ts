/**
 * Sampling a 2-D objective on a regular grid, and choosing contour levels.
 */
import type { Domain2D, Objective } from '../core/types.js';

export interface SampledGrid {
  readonly nx: number;
  readonly ny: number;
  /** Row-major from (x0, y0): index i + nx·j is the cell centre (x0 + (i+½)dx, y0 + (j+½)dy). */
  readonly values: Float64Array;
  readonly min: number;
  readonly max: number;
}

/** Samples L at the centres of an nx × ny grid over the domain (the layout Plot's dense contour/raster expect). */
export function sampleGrid(objective: Objective, domain: Domain2D, nx: number, ny: number): SampledGrid {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const dx = (x1 - x0) / nx;
  const dy = (y1 - y0) / ny;
  const values = new Float64Array(nx * ny);
  const theta = new Float64Array(2);
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      theta[0] = x0 + (i + 0.5) * dx;
      theta[1] = y0 + (j + 0.5) * dy;
      const v = objective.value(theta);
      values[i + nx * j] = v;
      if (Number.isFinite(v)) { if (v < min) min = v; if (v > max) max = v; }
    }
  }
  if (!(min <= max)) throw new RangeError(`objective: ${objective.name} gave no finite value over the domain x ∈ [${x0}, ${x1}], y ∈ [${y0}, ${y1}]`);
  return { nx, ny, values, min, max };
}

/**
 * n thresholds starting at the minimum, so that there are n filled bands: evenly spaced
 * ('linear'), or geometrically spaced above the minimum ('log', for steep valleys such as
 * Rosenbrock's where even spacing leaves the interesting part one flat band).
 */
export function levelThresholds(min: number, max: number, n: number, spacing: 'linear' | 'log'): number[] {
  const span = max - min;
  if (span === 0) return [min];
  if (spacing === 'linear') return Array.from({ length: n }, (_, k) => min + (k * span) / n);
  const lo = Math.log(span * 1e-3);
  const hi = Math.log(span);
  return [min, ...Array.from({ length: n - 1 }, (_, k) => min + Math.exp(lo + ((k + 1) * (hi - lo)) / n))];
}
