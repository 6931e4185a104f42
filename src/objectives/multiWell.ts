import type { Objective } from '../core/types.js';
import { vec, vec2 } from '../core/vec.js';

/** One Gaussian dip of the multi-well surface: centre (cx, cy), depth d, width w. */
export interface Well { readonly cx: number; readonly cy: number; readonly depth: number; readonly width: number }

/** The wells of multiWell(), deepest first, and the bowl's curvature k. */
export const MULTI_WELL = {
  k: 0.08,
  wells: [
    { cx: 1.8, cy: -1.2, depth: 3, width: 0.9 },
    { cx: -1.8, cy: 1.6, depth: 2, width: 0.8 },
    { cx: -1.4, cy: -2, depth: 1.5, width: 0.6 },
    { cx: 1.6, cy: 2, depth: 1, width: 0.7 },
  ] as readonly Well[],
} as const;

/**
 * A smooth non-convex surface for figure 1(b): a shallow bowl k‖θ‖² minus four Gaussian
 * dips of different depths, L = k(x² + y²) − Σₖ dₖ exp(−‖θ − cₖ‖² / 2wₖ²).
 * It has four local minima (listed deepest first, L ≈ −2.641, −1.559, −1.046, −0.524),
 * and three saddle points between them (no maximum: minima − saddles + maxima = 1 on a surface that rises at infinity).
 */
export function multiWell(): Objective {
  const { k, wells } = MULTI_WELL;
  // Each dip's value dₖ exp(−‖θ − cₖ‖²/2wₖ²) at a point; the derivatives below reuse it.
  const dip = (w: Well, x: number, y: number) => w.depth * Math.exp(-((x - w.cx) ** 2 + (y - w.cy) ** 2) / (2 * w.width ** 2));
  return {
    name: 'multi-well',
    tex: 'L(\\theta) = 0.08\\,\\lVert\\theta\\rVert^2 - \\sum_{k=1}^{4} d_k \\exp\\!\\left(-\\frac{\\lVert\\theta - c_k\\rVert^2}{2 w_k^2}\\right)',
    dim: 2,
    value: ([x, y]) => k * (x * x + y * y) - wells.reduce((s, w) => s + dip(w, x, y), 0),
    gradient: ([x, y]) => {
      // ∇(−e) = e (θ − c)/w² for a dip e.
      const g = vec2(2 * k * x, 2 * k * y);
      for (const w of wells) {
        const e = dip(w, x, y) / w.width ** 2;
        g[0] += e * (x - w.cx);
        g[1] += e * (y - w.cy);
      }
      return g;
    },
    hessian: ([x, y]) => {
      // ∇²(−e) = e (I/w² − (θ − c)(θ − c)ᵀ/w⁴).
      const h = [[2 * k, 0], [0, 2 * k]];
      for (const w of wells) {
        const w2 = w.width ** 2;
        const e = dip(w, x, y) / w2;
        const dx = x - w.cx;
        const dy = y - w.cy;
        h[0][0] += e * (1 - (dx * dx) / w2);
        h[1][1] += e * (1 - (dy * dy) / w2);
        h[0][1] -= (e * dx * dy) / w2;
      }
      h[1][0] = h[0][1];
      return h;
    },
    minima: [
      // Solved with Newton's method from the dip centres, to 12 digits.
      vec([1.725096893690, -1.150001864747]),
      vec([-1.711364887454, 1.521238956435]),
      vec([-1.343192406252, -1.923990839199]),
      vec([1.479635431790, 1.831354863033]),
    ],
    domain: { x: [-4, 4], y: [-4, 4] },
  };
}
