import type { Objective } from '../core/types.js';
import { type VecLike, vec, zeros } from '../core/vec.js';
import { perParameter, positive, positiveInt } from '../core/validate.js';

/**
 * An n-D quadratic with the given curvatures on its axes, L = ½ Σᵢ cᵢ θᵢ²: ∇L = c ∘ θ,
 * H = diag(c). Cheap in any dimension (no matrix unless the Hessian is asked for), for
 * benchmarks where the curvatures are the whole story. All cᵢ > 0: the minimum is 0.
 */
export function diagonalQuadratic(curvatures: VecLike, name?: string): Objective {
  if (!(Array.isArray(curvatures) || ArrayBuffer.isView(curvatures))) {
    throw new TypeError(`curvatures must be an array of numbers; got ${String(curvatures)}`);
  }
  const c = perParameter('curvatures', curvatures, curvatures.length);
  const n = c.length;
  if (n === 0) throw new RangeError('curvatures must have at least one entry; got []');
  return {
    name: name ?? `diagonal quadratic (${n}-D, κ=${Number((c.reduce((a, b) => Math.max(a, b)) / c.reduce((a, b) => Math.min(a, b))).toPrecision(3))})`,
    tex: 'L(\\theta) = \\tfrac12 \\sum_i c_i \\theta_i^2',
    dim: n,
    value: (t) => { let s = 0; for (let i = 0; i < n; i++) s += c[i] * t[i] * t[i]; return s / 2; },
    gradient: (t) => { const g = zeros(n); for (let i = 0; i < n; i++) g[i] = c[i] * t[i]; return g; },
    hessian: () => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? c[i] : 0))),
    minima: [zeros(n)],
    domain: { x: [-10, 10], y: [-10, 10] },
  };
}

/**
 * A diagonal quadratic in `dim` dimensions whose curvatures are spaced geometrically from 1 to
 * `condition` (the condition number κ of its Hessian): the standard ill-conditioned test problem.
 */
export function conditionedQuadratic(options: { dim: number; condition: number }): Objective {
  const dim = positiveInt('dim', options.dim);
  const condition = positive('condition', options.condition);
  if (condition < 1) throw new RangeError(`condition must be ≥ 1 (largest over smallest curvature); got ${condition}`);
  const c = vec(Array.from({ length: dim }, (_, i) => (dim === 1 ? 1 : condition ** (i / (dim - 1)))));
  return diagonalQuadratic(c, `quadratic (${dim}-D, κ=${condition})`);
}
