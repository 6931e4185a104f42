import type { Matrix } from '../core/vec.js';
import { positive, positiveInt } from '../core/validate.js';

/** Eigen-decomposition of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: number[];
  /** Unit eigenvectors as columns: `vectors[i][k]` is coordinate i of the k-th eigenvector (same order as values). */
  readonly vectors: Matrix;
  /** Jacobi sweeps used (each sweep rotates every off-diagonal pair once). */
  readonly sweeps: number;
}

export interface JacobiOptions {
  /** Stop when the off-diagonal Frobenius norm falls below tol × the matrix's norm. Default 1e-14. */
  tol?: number;
  /** Give up after this many sweeps (a symmetric matrix converges in well under 20). Default 50. */
  maxSweeps?: number;
}

/** Checks that `a` is a finite, square, symmetric matrix (up to rounding) and returns n. */
function checkSymmetric(name: string, a: Matrix): number {
  if (!Array.isArray(a) || a.length === 0) throw new TypeError(`${name} must be a non-empty square matrix (array of rows); got ${String(a)}`);
  const n = a.length;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    if (!Array.isArray(a[i]) || a[i].length !== n) {
      throw new RangeError(`${name} must be square: row ${i} has ${Array.isArray(a[i]) ? a[i].length : 'no'} entries, expected ${n}`);
    }
    for (let j = 0; j < n; j++) {
      if (typeof a[i][j] !== 'number' || !Number.isFinite(a[i][j])) throw new RangeError(`${name}[${i}][${j}] must be a finite number; got ${a[i][j]}`);
      scale = Math.max(scale, Math.abs(a[i][j]));
    }
  }
  // Finite-difference Hessians are symmetric only up to rounding, so allow a relative slack.
  const slack = 1e-8 * Math.max(scale, 1e-300);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    if (Math.abs(a[i][j] - a[j][i]) > slack) {
      throw new RangeError(`${name} must be symmetric; ${name}[${i}][${j}] = ${a[i][j]} but ${name}[${j}][${i}] = ${a[j][i]}`);
    }
  }
  return n;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by the cyclic Jacobi method: each
 * rotation zeroes one off-diagonal pair; sweeps repeat until the off-diagonal part is
 * negligible. Slow for big matrices (O(n³) per sweep) but simple, exact to rounding and
 * robust for the small Hessians of this workbook. The input is not modified; an
 * asymmetric input is symmetrised as (A + Aᵀ)/2 after a tolerance check.
 */
export function eigenSymmetric(a: Matrix, options: JacobiOptions = {}): SymmetricEigen {
  const n = checkSymmetric('matrix', a);
  const tol = positive('tol', options.tol ?? 1e-14);
  const maxSweeps = positiveInt('maxSweeps', options.maxSweeps ?? 50);

  const m = a.map((row, i) => row.map((x, j) => 0.5 * (x + a[j][i])));
  const v: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) total += m[i][j] * m[i][j];
  const target = tol * Math.sqrt(total);

  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * m[p][q] * m[p][q];
    if (Math.sqrt(off) <= target) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p][q];
        if (apq === 0) continue;
        // Rotation angle that zeroes m[p][q]: tan(2φ) = 2 a_pq / (a_qq − a_pp); take the smaller root for stability.
        const theta = (m[q][q] - m[p][p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p];
          const mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq;
          m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k];
          const mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk;
          m[q][k] = s * mpk + c * mqk;
        }
        m[p][q] = 0;
        m[q][p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (sweeps === maxSweeps) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * m[p][q] * m[p][q];
    if (Math.sqrt(off) > target) throw new RangeError(`eigenSymmetric: Jacobi did not converge in maxSweeps = ${maxSweeps} sweeps (off-diagonal norm ${Math.sqrt(off).toExponential(2)})`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i][i] - m[j][j]);
  return {
    values: order.map((i) => m[i][i]),
    vectors: Array.from({ length: n }, (_, row) => order.map((k) => v[row][k])),
    sweeps,
  };
}

/** Eigenvalues of a symmetric matrix, ascending (cyclic Jacobi; see eigenSymmetric). */
export function eigenvaluesSymmetric(a: Matrix, options: JacobiOptions = {}): number[] {
  return eigenSymmetric(a, options).values;
}
