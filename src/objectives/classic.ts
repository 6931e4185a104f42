import type { Objective } from '../core/types.js';
import { type Matrix, vec, vec2, zeros } from '../core/vec.js';
import { positive, positiveInt } from '../core/validate.js';

/**
 * Rosenbrock's banana L = (a − x)² + b(y − x²)²: a curved, flat-bottomed valley;
 * the minimum (a, a²) is easy to see and slow to reach.
 */
export function rosenbrock(options: { a?: number; b?: number } = {}): Objective {
  const a = options.a ?? 1;
  if (!Number.isFinite(a)) throw new RangeError(`a must be a finite number; got ${a}`);
  const b = positive('b', options.b ?? 100);
  return {
    name: `Rosenbrock (a=${a}, b=${b})`,
    tex: `L(x, y) = (${a} - x)^2 + ${b}\\,(y - x^2)^2`,
    dim: 2,
    value: ([x, y]) => (a - x) ** 2 + b * (y - x * x) ** 2,
    gradient: ([x, y]) => vec2(-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)),
    hessian: ([x, y]) => [
      [2 - 4 * b * (y - x * x) + 8 * b * x * x, -4 * b * x],
      [-4 * b * x, 2 * b],
    ],
    minima: [vec([a, a * a])],
    domain: { x: [-Math.abs(a) - 1, Math.abs(a) + 1], y: [-1, a * a + 2] },
  };
}

/**
 * Himmelblau's function L = (x² + y − 11)² + (x + y² − 7)²: four minima, all with L = 0
 * (so every one is global), separated by saddles around a local maximum.
 */
export function himmelblau(): Objective {
  return {
    name: 'Himmelblau',
    tex: 'L(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    dim: 2,
    value: ([x, y]) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    gradient: ([x, y]) => {
      const p = x * x + y - 11;
      const q = x + y * y - 7;
      return vec2(4 * x * p + 2 * q, 2 * p + 4 * y * q);
    },
    hessian: ([x, y]) => [
      [12 * x * x + 4 * y - 42, 4 * x + 4 * y],
      [4 * x + 4 * y, 12 * y * y + 4 * x - 26],
    ],
    // (3, 2) is exact; the others are roots of a quartic, given to 12 digits.
    minima: [
      vec([3, 2]),
      vec([-2.805118086953, 3.131312518251]),
      vec([-3.779310253378, -3.283185991286]),
      vec([3.584428340330, -1.848126526964]),
    ],
    domain: { x: [-5, 5], y: [-5, 5] },
  };
}

const BEALE_C = [1.5, 2.25, 2.625];

/**
 * Beale's function L = Σₖ (cₖ − x + x yᵏ)², c = (1.5, 2.25, 2.625): flat plateaus and
 * sharp ridges; the only minimum is (3, 0.5).
 */
export function beale(): Objective {
  return {
    name: 'Beale',
    tex: 'L(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2',
    dim: 2,
    value: ([x, y]) => BEALE_C.reduce((sum, c, k) => sum + (c - x + x * y ** (k + 1)) ** 2, 0),
    gradient: ([x, y]) => {
      // Each term is uₖ² with uₖ = cₖ − x + x yᵏ, so its gradient is 2uₖ∇uₖ.
      const g = zeros(2);
      BEALE_C.forEach((c, k0) => {
        const k = k0 + 1;
        const u = c - x + x * y ** k;
        g[0] += 2 * u * (y ** k - 1);
        g[1] += 2 * u * k * x * y ** (k - 1);
      });
      return g;
    },
    hessian: ([x, y]) => {
      // ∇²(uₖ²) = 2(∇uₖ∇uₖᵀ + uₖ∇²uₖ).
      const h: Matrix = [[0, 0], [0, 0]];
      BEALE_C.forEach((c, k0) => {
        const k = k0 + 1;
        const u = c - x + x * y ** k;
        const ux = y ** k - 1;
        const uy = k * x * y ** (k - 1);
        const uxy = k * y ** (k - 1);
        const uyy = k > 1 ? k * (k - 1) * x * y ** (k - 2) : 0;
        h[0][0] += 2 * ux * ux;
        h[0][1] += 2 * (ux * uy + u * uxy);
        h[1][1] += 2 * (uy * uy + u * uyy);
      });
      h[1][0] = h[0][1];
      return h;
    },
    minima: [vec([3, 0.5])],
    domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
  };
}

/**
 * Rastrigin's function L = A n + Σᵢ (θᵢ² − A cos 2πθᵢ): a bowl covered in a grid of local
 * minima (about one per unit cell per dimension); the global minimum is the origin.
 */
export function rastrigin(options: { dim?: number; A?: number } = {}): Objective {
  const dim = positiveInt('dim', options.dim ?? 2);
  const A = positive('A', options.A ?? 10);
  const tau = 2 * Math.PI;
  return {
    name: dim === 2 ? `Rastrigin (A=${A})` : `Rastrigin (${dim}-D, A=${A})`,
    tex: `L(\\theta) = ${A}n + \\sum_i \\left(\\theta_i^2 - ${A}\\cos 2\\pi\\theta_i\\right)`,
    dim,
    value: (t) => {
      let s = A * t.length;
      for (let i = 0; i < t.length; i++) s += t[i] * t[i] - A * Math.cos(tau * t[i]);
      return s;
    },
    gradient: (t) => {
      const g = zeros(t.length);
      for (let i = 0; i < t.length; i++) g[i] = 2 * t[i] + tau * A * Math.sin(tau * t[i]);
      return g;
    },
    hessian: (t) => Array.from({ length: t.length }, (_, i) =>
      Array.from({ length: t.length }, (_, j) => (i === j ? 2 + tau * tau * A * Math.cos(tau * t[i]) : 0))),
    minima: [zeros(dim)],
    domain: { x: [-5.12, 5.12], y: [-5.12, 5.12] },
  };
}
