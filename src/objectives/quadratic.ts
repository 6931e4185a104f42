import type { Objective } from '../core/types.js';
import { type Matrix, type Vec, dot, matVec, vec, zeros } from '../core/vec.js';
import { positive } from '../core/validate.js';

/**
 * The article's bowl L(x, y) = x² + y²: ∇L = (2x, 2y), H = 2I, minimum at the origin.
 * Pass `dim` for the same bowl in more dimensions.
 */
export function bowl(dim = 2): Objective {
  return {
    name: dim === 2 ? 'bowl x²+y²' : `bowl (${dim}-D)`,
    tex: dim === 2 ? 'L(x, y) = x^2 + y^2' : 'L(\\theta) = \\lVert\\theta\\rVert^2',
    dim,
    value: (t) => dot(t, t),
    gradient: (t) => { const g = zeros(t.length); for (let i = 0; i < t.length; i++) g[i] = 2 * t[i]; return g; },
    hessian: (t) => Array.from({ length: t.length }, (_, i) => Array.from({ length: t.length }, (_, j) => (i === j ? 2 : 0))),
    minima: [zeros(dim)],
    domain: { x: [-20, 20], y: [-20, 20] },
  };
}

/**
 * A general quadratic L(θ) = ½ θᵀAθ − bᵀθ with symmetric A: ∇L = Aθ − b, H = A.
 * With A positive definite its only minimum is A⁻¹b.
 */
export function quadratic(a: Matrix, b?: readonly number[], name = 'quadratic'): Objective {
  const n = a.length;
  if (n === 0 || a.some((row) => row.length !== n)) throw new RangeError(`A must be a square matrix; got ${n} rows of lengths ${a.map((r) => r.length).join(', ')}`);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (!Number.isFinite(a[i][j])) throw new RangeError(`A[${i}][${j}] must be finite; got ${a[i][j]}`);
    if (a[i][j] !== a[j][i]) throw new RangeError(`A must be symmetric; A[${i}][${j}] = ${a[i][j]} but A[${j}][${i}] = ${a[j][i]}`);
  }
  if (b && b.length !== n) throw new RangeError(`b must have ${n} entries (A is ${n}×${n}); got ${b.length}`);
  const bv = b ? vec(b) : zeros(n);
  const hessian = a.map((row) => [...row]);
  return {
    name,
    tex: 'L(\\theta) = \\tfrac12\\,\\theta^\\top A\\,\\theta - b^\\top\\theta',
    dim: n,
    value: (t) => 0.5 * dot(t, matVec(a, t)) - dot(bv, t),
    gradient: (t) => { const g = matVec(a, t); for (let i = 0; i < n; i++) g[i] -= bv[i]; return g; },
    hessian: () => hessian.map((row) => [...row]),
    domain: { x: [-10, 10], y: [-10, 10] },
  };
}

/**
 * An axis-aligned ill-conditioned bowl L = ½(a x² + b y²), condition number b/a (a ≤ b).
 * Default a = 1, b = 20: the narrow valley where GD zigzags and momentum helps.
 */
export function illConditioned(options: { a?: number; b?: number } = {}): Objective {
  const a = positive('a', options.a ?? 1);
  const b = positive('b', options.b ?? 20);
  const q = quadratic([[a, 0], [0, b]], undefined, `ill-conditioned ½(${a}x² + ${b}y²)`);
  return { ...q, tex: `L(x, y) = \\tfrac12(${a}x^2 + ${b}y^2)`, minima: [zeros(2)] };
}

export type { Vec };
