import type { Objective, Optimizer, OptimizerState } from '../core/types.js';
import { type VecLike, isFiniteVec } from '../core/vec.js';
import { positive, positiveInt } from '../core/validate.js';

export interface BasinsOptions<S extends OptimizerState> {
  objective: Objective;
  optimizer: Optimizer<S>;
  /** 2-D start points: a list of [x, y], or a flat [x0, y0, x1, y1, …] (gridStarts()). */
  starts: readonly VecLike[] | ArrayLike<number>;
  steps: number;
  /** Minima to classify end points by (default the objective's). */
  minima?: readonly VecLike[];
  /** An end point within this distance of a minimum has reached it. Default 0.1. */
  radius?: number;
}

/** The starts as separate points, whichever of the two layouts was given. */
export function startList(starts: readonly VecLike[] | ArrayLike<number>): Float64Array[] {
  const xs = starts as ArrayLike<unknown>;
  if (!xs || typeof xs.length !== 'number' || xs.length === 0) throw new RangeError('starts must be a non-empty list of points or a flat [x0, y0, …]');
  if (typeof xs[0] === 'number') {
    const flat = starts as ArrayLike<number>;
    if (flat.length % 2 !== 0) throw new RangeError(`starts: a flat array needs x, y pairs; got ${flat.length} numbers`);
    return Array.from({ length: flat.length / 2 }, (_, i) => Float64Array.of(flat[2 * i], flat[2 * i + 1]));
  }
  return Array.from(starts as readonly VecLike[], (p) => Float64Array.from(p));
}

/**
 * Which minimum a hand-written optimizer reaches from each start (index into the minima, or
 * null: diverged, stalled, or somewhere else). The plain-JavaScript counterpart of tf.js's
 * batchedDescent, used to check it: only the end point is kept, so thousands of starts are cheap.
 */
export function basinsOf<S extends OptimizerState>(options: BasinsOptions<S>): (number | null)[] {
  const { objective, optimizer } = options;
  const steps = positiveInt('steps', options.steps);
  const radius = positive('radius', options.radius ?? 0.1);
  const minima = options.minima ?? objective.minima ?? [];
  if (minima.length === 0) throw new TypeError(`minima are required: ${objective.name} lists none`);
  return startList(options.starts).map((theta) => {
    const state = optimizer.init(theta);
    try {
      for (let t = 0; t < steps; t++) {
        optimizer.step(theta, state, objective, t);
        if (!isFiniteVec(theta)) return null;
      }
    } catch {
      return null;
    } finally {
      optimizer.dispose?.(state);
    }
    let best: number | null = null;
    let bestD = radius;
    minima.forEach((m, k) => {
      const d = Math.hypot(theta[0] - m[0], theta[1] - m[1]);
      if (d <= bestD) { best = k; bestD = d; }
    });
    return best;
  });
}

/** −1 (tf.js batchedDescent's "no minimum") becomes null, as basinFigure expects. */
export function reachedOrNull(reached: ArrayLike<number>): (number | null)[] {
  return Array.from(reached, (k) => (k < 0 ? null : k));
}

/** How many starts two basin maps assign to the same minimum (null counts as a value). */
export function basinAgreement(a: readonly (number | null)[], b: readonly (number | null)[]): { same: number; total: number; differ: number[] } {
  if (a.length !== b.length) throw new RangeError(`the two basin maps must have the same length; got ${a.length} and ${b.length}`);
  const differ: number[] = [];
  a.forEach((k, i) => { if (k !== b[i]) differ.push(i); });
  return { same: a.length - differ.length, total: a.length, differ };
}
