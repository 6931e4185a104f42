/**
 * Vectors of the hand-written maths. Float64 so that the closed-form tests can be
 * exact; the tf.js twins work in float32, which is where their small differences start.
 */
export type Vec = Float64Array;

/** Anything a user may pass as a point: `[15, 0.1]`, a typed array, ... */
export type VecLike = ArrayLike<number>;

/** A small dense matrix, row-major (Hessians of 2-D and small n-D objectives). */
export type Matrix = number[][];

export const vec = (xs: VecLike): Vec => Float64Array.from(xs);
export const zeros = (n: number): Vec => new Float64Array(n);

/** A 2-D vector (x, y) without the intermediate array of `vec([x, y])`: gradients on a hot path. */
export function vec2(x: number, y: number): Vec {
  const v = new Float64Array(2);
  v[0] = x;
  v[1] = y;
  return v;
}
export const filled = (n: number, value: number): Vec => new Float64Array(n).fill(value);

export function dot(a: VecLike, b: VecLike): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export const norm = (a: VecLike): number => Math.sqrt(dot(a, a));

/** Largest absolute coordinate difference, the measure of every parity check. */
export function maxAbsDiff(a: VecLike, b: VecLike): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function isFiniteVec(a: VecLike): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** Matrix-vector product H·x. */
export function matVec(h: Matrix, x: VecLike): Vec {
  const out = zeros(h.length);
  for (let i = 0; i < h.length; i++) out[i] = dot(h[i], x);
  return out;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (small dense systems: Newton's step). */
export function solve(a: Matrix, b: VecLike): Vec {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (m[pivot][col] === 0) throw new RangeError('solve: the matrix is singular (a zero pivot)');
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const k = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= k * m[col][c];
    }
  }
  const x = zeros(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x;
}
