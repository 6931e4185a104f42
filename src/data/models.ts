import type { Objective } from '../core/types.js';
import { type Matrix, type Vec, type VecLike, solve, zeros } from '../core/vec.js';
import { nonNegative } from '../core/validate.js';
import { checkRows } from './dataset.js';

/**
 * A loss that is a mean over examples, L(θ) = (1/N) Σᵢ Lᵢ(θ), with access to each term:
 * what minibatches() needs. value and gradient are the full-data ones.
 */
export interface DatasetObjective extends Objective {
  /** N, the number of examples. */
  readonly examples: number;
  /** Lᵢ(θ), the loss of example i. */
  exampleValue(theta: Vec, i: number): number;
  /** out ← out + weight·∇Lᵢ(θ), without allocating. */
  addExampleGradient(theta: Vec, i: number, weight: number, out: Vec): void;
}

export interface ModelOptions {
  /** Append a constant 1 to each row, so the model has a bias (default true). */
  intercept?: boolean;
  /** λ ≥ 0: adds (λ/2)‖w‖² over the weights, not the biases (default 0). */
  l2?: number;
}

/** The rows as the model sees them: with a trailing 1 when there is an intercept. */
function design(x: readonly VecLike[], y: VecLike, intercept: boolean): Vec[] {
  const rows = checkRows(x, y);
  if (!intercept) return rows;
  return rows.map((r) => { const out = new Float64Array(r.length + 1); out.set(r); out[r.length] = 1; return out; });
}

/** Shared plumbing: mean value and gradient from the per-example terms. */
function meanObjective(
  base: Omit<DatasetObjective, 'value' | 'gradient'>,
): DatasetObjective {
  const n = base.examples;
  return {
    ...base,
    value(theta) { let s = 0; for (let i = 0; i < n; i++) s += base.exampleValue(theta, i); return s / n; },
    gradient(theta) { const g = zeros(theta.length); for (let i = 0; i < n; i++) base.addExampleGradient(theta, i, 1 / n, g); return g; },
  };
}

const dotRow = (row: Vec, theta: Vec, offset = 0): number => {
  let s = 0;
  for (let j = 0; j < row.length; j++) s += row[j] * theta[offset + j];
  return s;
};

/** Half the squared norm of the weights, skipping the bias at the end of each block of size d. */
function l2Value(theta: Vec, d: number, intercept: boolean): number {
  let s = 0;
  for (let k = 0; k < theta.length; k++) if (!(intercept && k % d === d - 1)) s += theta[k] * theta[k];
  return s / 2;
}

/**
 * Linear least squares, Lᵢ(θ) = ½(θᵀx̃ᵢ − yᵢ)² with x̃ᵢ = (xᵢ, 1): convex, with the unique
 * minimum of the normal equations (listed in `minima` when XᵀX is invertible).
 * θ holds the weights then the bias.
 */
export function leastSquares(x: readonly VecLike[], y: VecLike, options: ModelOptions = {}): DatasetObjective {
  const intercept = options.intercept ?? true;
  const lambda = nonNegative('l2', options.l2 ?? 0);
  const rows = design(x, y, intercept);
  const targets = Float64Array.from(y);
  const n = rows.length;
  const d = rows[0].length;
  const isWeight = (j: number) => !(intercept && j === d - 1);

  const hessian: Matrix = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => {
    let s = 0;
    for (const r of rows) s += r[a] * r[b];
    return s / n + (a === b && isWeight(a) ? lambda : 0);
  }));
  const rhs = zeros(d);
  rows.forEach((r, i) => { for (let j = 0; j < d; j++) rhs[j] += (r[j] * targets[i]) / n; });
  let minima: Vec[] | undefined;
  try { minima = [solve(hessian, rhs)]; } catch { minima = undefined; } // singular XᵀX: a valley of minima

  return meanObjective({
    name: `least squares (${n} examples, ${d} parameters)`,
    tex: 'L(\\theta) = \\frac{1}{N}\\sum_i \\tfrac12 (\\theta^\\top \\tilde x_i - y_i)^2',
    dim: d,
    examples: n,
    exampleValue: (theta, i) => 0.5 * (dotRow(rows[i], theta) - targets[i]) ** 2 + lambda * l2Value(theta, d, intercept),
    addExampleGradient(theta, i, weight, out) {
      const r = rows[i];
      const residual = dotRow(r, theta) - targets[i];
      for (let j = 0; j < d; j++) out[j] += weight * (residual * r[j] + (isWeight(j) ? lambda * theta[j] : 0));
    },
    hessian: () => hessian.map((row) => [...row]),
    minima,
  });
}

export interface LogisticOptions extends ModelOptions {
  /** K, the number of classes (default: the largest label + 1). */
  classes?: number;
}

/**
 * Logistic regression, the cross-entropy of predicted class probabilities.
 * Two classes: p = σ(θᵀx̃), Lᵢ = −[yᵢ log p + (1 − yᵢ) log(1 − p)], θ of size d (+1 bias).
 * K > 2: softmax over K scores θₖᵀx̃, Lᵢ = log Σₖ exp(θₖᵀx̃ᵢ) − θ_{yᵢ}ᵀx̃ᵢ; θ holds the K
 * blocks one after another, each weights then bias. Convex; with separable classes and
 * l2 = 0 the loss keeps decreasing as ‖θ‖ grows, so there is no minimum to list.
 */
export function logisticRegression(x: readonly VecLike[], y: VecLike, options: LogisticOptions = {}): DatasetObjective {
  const intercept = options.intercept ?? true;
  const lambda = nonNegative('l2', options.l2 ?? 0);
  const rows = design(x, y, intercept);
  const labels = Float64Array.from(y);
  let maxLabel = 0;
  labels.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`y[${i}] must be a class index (a whole number ≥ 0); got ${v}`);
    maxLabel = Math.max(maxLabel, v);
  });
  const K = options.classes ?? Math.max(2, maxLabel + 1);
  if (!Number.isInteger(K) || K < 2 || K <= maxLabel) {
    throw new RangeError(`classes must be a whole number ≥ 2 and greater than every label (max ${maxLabel}); got ${K}`);
  }
  const n = rows.length;
  const d = rows[0].length;
  const blocks = K === 2 ? 1 : K; // binary: one score; else one per class
  const isWeight = (j: number) => !(intercept && j % d === d - 1);
  const p = new Float64Array(K); // scratch: class probabilities of one example

  /** Fills p with the class probabilities of example i; returns log Σ exp(score) (softmax) or the score (binary). */
  const probabilities = (theta: Vec, i: number): number => {
    if (blocks === 1) {
      const z = dotRow(rows[i], theta);
      p[1] = 1 / (1 + Math.exp(-z));
      p[0] = 1 - p[1];
      return z;
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) { p[k] = dotRow(rows[i], theta, k * d); max = Math.max(max, p[k]); }
    let sum = 0;
    for (let k = 0; k < K; k++) { p[k] = Math.exp(p[k] - max); sum += p[k]; }
    for (let k = 0; k < K; k++) p[k] /= sum;
    return max + Math.log(sum);
  };

  // log(1 + eᶻ) without overflow.
  const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

  return meanObjective({
    name: K === 2 ? `logistic regression (${n} examples, ${d} parameters)` : `softmax regression (${n} examples, ${K} classes, ${K * d} parameters)`,
    tex: K === 2
      ? 'L(\\theta) = \\frac{1}{N}\\sum_i \\left[\\log(1 + e^{\\theta^\\top \\tilde x_i}) - y_i\\,\\theta^\\top \\tilde x_i\\right]'
      : 'L(\\theta) = \\frac{1}{N}\\sum_i \\left[\\log \\sum_k e^{\\theta_k^\\top \\tilde x_i} - \\theta_{y_i}^\\top \\tilde x_i\\right]',
    dim: blocks * d,
    examples: n,
    exampleValue(theta, i) {
      const reg = lambda * l2Value(theta, d, intercept);
      if (blocks === 1) { const z = dotRow(rows[i], theta); return softplus(z) - labels[i] * z + reg; }
      return probabilities(theta, i) - dotRow(rows[i], theta, labels[i] * d) + reg;
    },
    addExampleGradient(theta, i, weight, out) {
      // ∂Lᵢ/∂θₖ = (pₖ − [yᵢ = k]) x̃ᵢ, the residual of the probabilities.
      probabilities(theta, i);
      const r = rows[i];
      for (let b = 0; b < blocks; b++) {
        const k = blocks === 1 ? 1 : b;
        const residual = p[k] - (labels[i] === k ? 1 : 0);
        for (let j = 0; j < d; j++) {
          const at = b * d + j;
          out[at] += weight * (residual * r[j] + (isWeight(at) ? lambda * theta[at] : 0));
        }
      }
    },
    hessian(theta) {
      // (1/N) Σᵢ (diag(p) − ppᵀ) ⊗ x̃ᵢx̃ᵢᵀ over the blocks (binary: p(1 − p) x̃x̃ᵀ), plus λ on weights.
      const size = blocks * d;
      const h: Matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
      for (let i = 0; i < n; i++) {
        probabilities(theta, i);
        const r = rows[i];
        for (let a = 0; a < blocks; a++) for (let b = 0; b < blocks; b++) {
          const ka = blocks === 1 ? 1 : a;
          const kb = blocks === 1 ? 1 : b;
          const c = (ka === kb ? p[ka] : 0) - p[ka] * p[kb];
          if (c === 0) continue;
          for (let u = 0; u < d; u++) for (let v = 0; v < d; v++) h[a * d + u][b * d + v] += (c * r[u] * r[v]) / n;
        }
      }
      for (let k = 0; k < size; k++) if (isWeight(k)) h[k][k] += lambda;
      return h;
    },
  });
}
