import type { Optimizer } from '../core/types.js';
import { type Vec, dot, norm } from '../core/vec.js';
import { positive } from '../core/validate.js';
import { scratch } from './common.js';
import { formatRate } from './format.js';

export interface BfgsOptions {
  /** The first step length tried by the line search (default 1, the quasi-Newton step). */
  lr?: number;
}

/** H the inverse-Hessian approximation (row-major, d×d), alpha the step length the line search accepted. */
export type BfgsState = { H: Vec; alpha: number };

/** Armijo's sufficient-decrease constant and how many halvings to try. */
const ARMIJO_C = 1e-4;
const MAX_HALVINGS = 50;

/**
 * BFGS: p = −H g, a backtracking line search picks α with
 * L(θ + αp) ≤ L(θ) + c α gᵀp, then with s = αp, y = g_new − g, ρ = 1/(yᵀs):
 * H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ. Only products and sums: no matrix is inverted.
 */
export function bfgs(options: BfgsOptions = {}): Optimizer<BfgsState, BfgsOptions> {
  const lr = positive('lr', options.lr ?? 1);
  const buffers = scratch(4);
  return {
    name: 'bfgs',
    label: lr === 1 ? 'BFGS' : `BFGS α₀=${formatRate(lr)}`,
    impl: 'hand-written',
    options,
    init(theta0) {
      const n = theta0.length;
      const H = new Float64Array(n * n);
      for (let i = 0; i < n; i++) H[i * n + i] = 1; // H₀ = I: the first step is a gradient step
      return { H, alpha: 0 };
    },
    step(theta, state, f, t) {
      const n = theta.length;
      const { H } = state;
      const [p, s, y, Hy] = buffers(n);
      const g = f.gradient(theta, t);
      for (let i = 0; i < n; i++) p[i] = -dot(H.subarray(i * n, i * n + n), g);

      // Backtracking: halve α until the loss drops by at least c·α·|gᵀp|.
      const loss = f.value(theta);
      const slope = dot(g, p);
      let alpha = lr;
      for (let k = 0; k < MAX_HALVINGS; k++) {
        for (let i = 0; i < n; i++) s[i] = theta[i] + alpha * p[i];
        if (f.value(s) <= loss + ARMIJO_C * alpha * slope) break;
        alpha /= 2;
      }
      for (let i = 0; i < n; i++) { s[i] = alpha * p[i]; theta[i] += s[i]; }
      state.alpha = alpha;

      const gNew = f.gradient(theta, t);
      for (let i = 0; i < n; i++) y[i] = gNew[i] - g[i];
      const ys = dot(y, s);
      // Skip the update unless yᵀs > 0 clearly (the curvature condition): H stays positive definite.
      if (!(ys > 1e-12 * norm(y) * norm(s))) return g;

      // H ← H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ, the product form expanded (H symmetric).
      const rho = 1 / ys;
      for (let i = 0; i < n; i++) Hy[i] = dot(H.subarray(i * n, i * n + n), y);
      const yHy = dot(y, Hy);
      if (!Number.isFinite(rho * rho * yHy + rho)) return g; // converged: s and y have underflowed
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += -rho * (s[i] * Hy[j] + Hy[i] * s[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
        }
      }
      return g;
    },
  };
}
