import type { Objective } from '../core/types.js';
import { type Matrix, type Vec, type VecLike, norm, solve } from '../core/vec.js';
import { point, positive, positiveInt } from '../core/validate.js';
import { eigenvaluesSymmetric } from './eigen.js';

/** What the second-derivative test says about a critical point. */
export type CriticalKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

export interface CriticalPointInfo {
  readonly kind: CriticalKind;
  /** Hessian eigenvalues at θ, ascending: the curvatures along the principal directions. */
  readonly eigenvalues: number[];
  /** ‖∇L(θ)‖: the test only means something where this is (near) zero. */
  readonly gradientNorm: number;
  /** True when ‖∇L(θ)‖ ≤ gradientTol, i.e. θ really is a critical point. */
  readonly critical: boolean;
  /** Where the Hessian came from. */
  readonly hessian: 'analytic' | 'finite differences';
}

export interface ClassifyOptions {
  /**
   * An eigenvalue with |λ| ≤ tol · max(1, max|λ|) counts as zero. Default 1e-8
   * (finite-difference Hessians need a looser value, e.g. 1e-5).
   */
  tol?: number;
  /** ‖∇L‖ at or below this counts as a critical point. Default 1e-6. */
  gradientTol?: number;
  /** Step for the finite-difference Hessian when the objective has none. Default 1e-5. */
  h?: number;
}

/**
 * The Hessian by central differences of the analytic gradient, symmetrised:
 * H[i][j] ≈ (∂_j g_i + ∂_i g_j)/2 with ∂_j g ≈ (g(θ + h e_j) − g(θ − h e_j)) / 2h.
 * For objectives that do not provide `hessian`.
 */
export function numericalHessian(objective: Objective, theta: VecLike, h = 1e-5): Matrix {
  positive('h', h);
  const t = point('theta', theta, objective.dim);
  const n = t.length;
  const cols: Vec[] = [];
  for (let j = 0; j < n; j++) {
    const plus = t.slice();
    const minus = t.slice();
    plus[j] += h;
    minus[j] -= h;
    const gp = objective.gradient(plus);
    const gm = objective.gradient(minus);
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = (gp[i] - gm[i]) / (2 * h);
    cols.push(col);
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 0.5 * (cols[j][i] + cols[i][j])));
}

/** The sign pattern of a spectrum: mixed signs → saddle; all > 0 → minimum; all < 0 → maximum; else degenerate. */
export function classifyEigenvalues(eigenvalues: readonly number[], tol = 1e-8): CriticalKind {
  positive('tol', tol);
  const scale = Math.max(1, ...eigenvalues.map(Math.abs));
  let pos = 0;
  let neg = 0;
  for (const l of eigenvalues) {
    if (l > tol * scale) pos++;
    else if (l < -tol * scale) neg++;
  }
  // A positive and a negative curvature already make a saddle, whatever the zero ones do.
  if (pos > 0 && neg > 0) return 'saddle';
  if (pos === eigenvalues.length) return 'minimum';
  if (neg === eigenvalues.length) return 'maximum';
  return 'degenerate';
}

/**
 * The second-derivative test at θ: the Hessian's eigenvalues decide whether a critical
 * point is a minimum (all curvatures > 0), a maximum (all < 0), a saddle (both signs) or
 * degenerate (some zero curvature and no sign mix: the test cannot tell, as at the
 * monkey saddle). Uses the objective's analytic Hessian when it has one. The result also
 * reports ‖∇L(θ)‖ and whether θ is critical at all; the kind is computed either way.
 */
export function classifyCriticalPoint(objective: Objective, theta: VecLike, options: ClassifyOptions = {}): CriticalPointInfo {
  const tol = positive('tol', options.tol ?? 1e-8);
  const gradientTol = positive('gradientTol', options.gradientTol ?? 1e-6);
  const t = point('theta', theta, objective.dim);
  const gradientNorm = norm(objective.gradient(t));
  const analytic = typeof objective.hessian === 'function';
  const h = analytic ? objective.hessian!(t) : numericalHessian(objective, t, options.h ?? 1e-5);
  const eigenvalues = eigenvaluesSymmetric(h);
  return {
    kind: classifyEigenvalues(eigenvalues, tol),
    eigenvalues,
    gradientNorm,
    critical: gradientNorm <= gradientTol,
    hessian: analytic ? 'analytic' : 'finite differences',
  };
}

export interface RefineOptions {
  /** Newton iterations at most. Default 50. */
  maxIter?: number;
  /** Stop when ‖∇L‖ ≤ this. Default 1e-12. */
  gradientTol?: number;
  /** Finite-difference step when the objective has no Hessian. Default 1e-5. */
  h?: number;
}

/**
 * Polishes an approximate critical point with Newton's method on ∇L = 0 (θ ← θ − H⁻¹∇L).
 * Newton's iteration is attracted to every kind of critical point, saddles included, which
 * is what we want here (and is why it is a poor optimizer in high dimension). Returns the
 * point and the final gradient norm; throws a RangeError if the Hessian becomes singular.
 */
export function refineCriticalPoint(objective: Objective, theta: VecLike, options: RefineOptions = {}): { theta: Vec; gradientNorm: number; iterations: number } {
  const maxIter = positiveInt('maxIter', options.maxIter ?? 50);
  const gradientTol = positive('gradientTol', options.gradientTol ?? 1e-12);
  const h = options.h ?? 1e-5;
  const t = point('theta', theta, objective.dim);
  let g = objective.gradient(t);
  let it = 0;
  for (; it < maxIter && norm(g) > gradientTol; it++) {
    const hess = objective.hessian ? objective.hessian(t) : numericalHessian(objective, t, h);
    const dx = solve(hess, g);
    for (let i = 0; i < t.length; i++) t[i] -= dx[i];
    g = objective.gradient(t);
  }
  return { theta: t, gradientNorm: norm(g), iterations: it };
}

/** A critical point found by findCriticalPoints, with its classification and loss. */
export interface FoundCriticalPoint extends CriticalPointInfo {
  readonly theta: Vec;
  readonly value: number;
}

export interface FindCriticalOptions {
  /** The window to search (default the objective's domain). */
  domain?: { x: readonly [number, number]; y: readonly [number, number] };
  /** Newton starts per axis (a res × res grid). Default 15. */
  resolution?: number;
  /** Two points closer than this are the same critical point. Default 1e-6. */
  mergeRadius?: number;
}

/**
 * Every critical point of a 2-D objective that Newton's iteration on ∇L = 0 finds from a
 * grid of starts inside the window: minima, saddles and maxima alike (Newton does not care
 * which). Duplicates are merged; points outside the window and failed starts are dropped.
 * Sorted by loss, lowest first. A search, not a proof: a critical point whose basin of
 * Newton attraction misses every grid start is not found.
 */
export function findCriticalPoints(objective: Objective, options: FindCriticalOptions = {}): FoundCriticalPoint[] {
  if (objective.dim !== 2) throw new RangeError(`findCriticalPoints searches 2-D objectives; got dim = ${objective.dim}`);
  const domain = options.domain ?? objective.domain;
  if (!domain) throw new TypeError(`domain is required: ${objective.name} has none`);
  const res = positiveInt('resolution', options.resolution ?? 15);
  const merge = positive('mergeRadius', options.mergeRadius ?? 1e-6);
  const found: FoundCriticalPoint[] = [];
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res; i++) {
      const start = [x0 + ((i + 0.5) * (x1 - x0)) / res, y0 + ((j + 0.5) * (y1 - y0)) / res];
      let r: ReturnType<typeof refineCriticalPoint>;
      try {
        r = refineCriticalPoint(objective, start, { maxIter: 60, gradientTol: 1e-11 });
      } catch {
        continue; // a singular Hessian on the way: this start finds nothing
      }
      const [x, y] = r.theta;
      if (!(r.gradientNorm <= 1e-9) || x < x0 || x > x1 || y < y0 || y > y1) continue;
      if (found.some((p) => Math.hypot(p.theta[0] - x, p.theta[1] - y) <= merge)) continue;
      const info = classifyCriticalPoint(objective, r.theta, { gradientTol: 1e-9 });
      found.push({ ...info, theta: r.theta, value: objective.value(r.theta) });
    }
  }
  return found.sort((a, b) => a.value - b.value);
}
