/**
 * Many start points at once: the N iterates are the rows of one [N, 2] tensor and every
 * step is a handful of tf ops on the whole batch. Used for basins of attraction: which
 * minimum does gradient descent (or momentum) reach from each point of a grid?
 * Surfaces that provide `gradXY` (the built-in ones) are stepped with x and y as two [N]
 * tensors instead, which is about ten times faster on wasm; results are the same.
 */
import type { Domain2D } from '../core/types.js';
import { type Vec, type VecLike, vec } from '../core/vec.js';
import { nonNegativeInt, point, positive, positiveInt, unitInterval } from '../core/validate.js';
import { MULTI_WELL } from '../objectives/multiWell.js';
import { backendName, ensureBackend, tf, withBackend } from './backend.js';
import { isMissingKernel, releaseFailedTape } from './internal.js';

/** A loss on a batch of 2-D points: rows of X ([N, 2]) → N values ([N]). */
export type TfBatchFunction = (X: tf.Tensor2D) => tf.Tensor1D;

/** Its gradient, row by row: [N, 2] → [N, 2]. */
export type TfBatchGradient = (X: tf.Tensor2D) => tf.Tensor2D;

/** A 2-D surface written for batches: the loss, its analytic gradient, its known minima. */
export interface BatchedSurface {
  readonly name: string;
  readonly f: TfBatchFunction;
  /** Analytic gradient in tf ops (faster than tf.grad and needs no gradient kernels). */
  readonly grad?: TfBatchGradient;
  /**
   * The same analytic gradient on the two coordinates held as separate [N] tensors. When
   * present, batchedDescent keeps x and y apart during the steps: on the wasm backend,
   * splitting and re-joining the columns of an [N, 2] tensor every step costs about ten
   * times more than the arithmetic itself.
   */
  readonly gradXY?: (x: tf.Tensor1D, y: tf.Tensor1D) => [tf.Tensor1D, tf.Tensor1D];
  readonly minima: readonly Vec[];
  readonly domain: Domain2D;
}

/** The two columns of X as [N] tensors. */
function columns(X: tf.Tensor2D): [tf.Tensor1D, tf.Tensor1D] {
  const [x, y] = tf.unstack(X, 1) as tf.Tensor1D[];
  return [x, y];
}

/**
 * Himmelblau's function for batches, the same formula as himmelblau() in objectives:
 * L = (x² + y − 11)² + (x + y² − 7)², ∇L = (4xp + 2q, 2p + 4yq) with p = x² + y − 11,
 * q = x + y² − 7. Four minima, all with L = 0.
 */
export function tfHimmelblau(): BatchedSurface {
  const pq = (x: tf.Tensor, y: tf.Tensor) => ({ p: x.square().add(y).sub(11), q: x.add(y.square()).sub(7) });
  const gradXY = (x: tf.Tensor1D, y: tf.Tensor1D): [tf.Tensor1D, tf.Tensor1D] => {
    const { p, q } = pq(x, y);
    return [x.mul(p).mul(4).add(q.mul(2)), p.mul(2).add(y.mul(q).mul(4))];
  };
  return {
    name: 'Himmelblau',
    f: (X) => { const [x, y] = columns(X); const { p, q } = pq(x, y); return p.square().add(q.square()).reshape([-1]) as tf.Tensor1D; },
    grad: (X) => { const [x, y] = columns(X); return tf.stack(gradXY(x, y), 1) as tf.Tensor2D; },
    gradXY,
    minima: [vec([3, 2]), vec([-2.805118086953, 3.131312518251]), vec([-3.779310253378, -3.283185991286]), vec([3.584428340330, -1.848126526964])],
    domain: { x: [-5, 5], y: [-5, 5] },
  };
}

/**
 * The multi-well surface of figure 1(b) for batches, with the constants of multiWell():
 * L = k‖θ‖² − Σₖ dₖ exp(−‖θ − cₖ‖²/2wₖ²), ∇L = 2kθ + Σₖ eₖ (θ − cₖ)/wₖ², eₖ the k-th dip.
 */
export function tfMultiWell(): BatchedSurface {
  const { k, wells } = MULTI_WELL;
  const centres = wells.map((w) => [w.cx, w.cy]);
  const depth = wells.map((w) => w.depth);
  const inv2w2 = wells.map((w) => 1 / (2 * w.width ** 2));
  const invW2 = wells.map((w) => 1 / w.width ** 2);
  /** θ − cₖ for every point and well ([N, K, 2]) and the dips eₖ ([N, K]). */
  const dips = (X: tf.Tensor2D) => {
    const diff = X.expandDims(1).sub(tf.tensor3d([centres])) as tf.Tensor3D;
    const e = diff.square().sum(2).mul(tf.tensor2d([inv2w2])).neg().exp().mul(tf.tensor2d([depth])) as tf.Tensor2D;
    return { diff, e };
  };
  /** Per well: the dip eₖ/wₖ² times (θ − cₖ), summed, plus the bowl's 2kθ. */
  const gradXY = (x: tf.Tensor1D, y: tf.Tensor1D): [tf.Tensor1D, tf.Tensor1D] => {
    let gx: tf.Tensor1D = x.mul(2 * k);
    let gy: tf.Tensor1D = y.mul(2 * k);
    wells.forEach((w, i) => {
      const dx = x.sub(w.cx);
      const dy = y.sub(w.cy);
      const e = dx.square().add(dy.square()).mul(-inv2w2[i]).exp().mul(depth[i] * invW2[i]);
      gx = gx.add(e.mul(dx));
      gy = gy.add(e.mul(dy));
    });
    return [gx, gy];
  };
  return {
    name: 'multi-well',
    gradXY,
    f: (X) => { const { e } = dips(X); return X.square().sum(1).mul(k).sub(e.sum(1)) as tf.Tensor1D; },
    grad: (X) => {
      const { diff, e } = dips(X);
      const weights = e.mul(tf.tensor2d([invW2])).expandDims(2);
      return X.mul(2 * k).add(diff.mul(weights).sum(1)) as tf.Tensor2D;
    },
    minima: [vec([1.725096893690, -1.150001864747]), vec([-1.711364887454, 1.521238956435]), vec([-1.343192406252, -1.923990839199]), vec([1.479635431790, 1.831354863033])],
    domain: { x: [-4, 4], y: [-4, 4] },
  };
}

/** An n × n grid of start points covering `domain` (cell centres), as a flat [x0, y0, x1, y1, ...]. */
export function gridStarts(domain: Domain2D, n: number): Float32Array {
  positiveInt('n', n);
  const out = new Float32Array(2 * n * n);
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = 2 * (j * n + i);
      out[k] = x0 + ((i + 0.5) * (x1 - x0)) / n;
      out[k + 1] = y0 + ((j + 0.5) * (y1 - y0)) / n;
    }
  }
  return out;
}

export interface BatchedOptions {
  /** A batched surface (tfHimmelblau(), tfMultiWell()) or a batch loss function. */
  f: BatchedSurface | TfBatchFunction;
  /** An analytic batch gradient; without one (and without surface.grad) tf.grad of Σ f is used. */
  grad?: TfBatchGradient;
  /** Start points: a list of [x, y], or a flat [x0, y0, x1, y1, ...] (gridStarts()). */
  starts: readonly VecLike[] | Float32Array;
  /** ε, the step size. */
  lr: number;
  /** μ: heavy-ball momentum v ← μv − εg, θ ← θ + v (default 0: plain gradient descent). */
  momentum?: number;
  steps: number;
  /** Minima to classify the end points by (default: the surface's). */
  minima?: readonly VecLike[];
  /** An end point counts as having reached a minimum within this distance (default 0.1). */
  radius?: number;
}

export interface BatchedResult {
  /** Number of start points. */
  readonly n: number;
  /** End points, flat [x0, y0, x1, y1, ...] (float32). */
  readonly finals: Float32Array;
  /** For each start, the index of the minimum its end point is within `radius` of, or −1. */
  readonly reached: Int32Array;
  /** How many starts reached each minimum, in the order of the minima. */
  readonly counts: number[];
  /** Starts that reached no minimum (stuck elsewhere, slow, or diverged). */
  readonly unreached: number;
  /** Starts whose end point is NaN or infinite. */
  readonly diverged: number;
  /** Wall time of the steps (tensor upload to read-back), in milliseconds. */
  readonly ms: number;
  /** The backend that ran the steps ('cpu' after a fallback for a missing wasm kernel). */
  readonly backend: string;
}

/**
 * Runs gradient descent (or momentum) from every start at once and reports where each one
 * ended and which known minimum it reached. The gradient is, in order of preference, the
 * `grad` option, the surface's analytic gradient (`gradXY`, then `grad`), or tf.grad of Σ f.
 * All tensors are freed before it returns.
 */
export function batchedDescent(options: BatchedOptions): BatchedResult {
  const surface = typeof options.f === 'function' ? null : options.f;
  const f = surface ? surface.f : (options.f as TfBatchFunction);
  if (typeof f !== 'function') throw new TypeError(`f must be a batched surface or a function of an [N, 2] tensor; got ${String(options.f)}`);
  const lr = positive('lr', options.lr);
  const mu = unitInterval('momentum', options.momentum ?? 0);
  const steps = nonNegativeInt('steps', options.steps);
  const radius = positive('radius', options.radius ?? 0.1);
  const minima = (options.minima ?? surface?.minima ?? []).map((m, k) => point(`minima[${k}]`, m, 2));
  const flat = flattenStarts(options.starts);
  const n = flat.length / 2;

  const analytic = options.grad ?? surface?.grad;
  const gradient: TfBatchGradient = analytic ?? (tf.grad((X: tf.Tensor) => f(X as tf.Tensor2D).sum()) as TfBatchGradient);

  ensureBackend();
  const t0 = performance.now();
  const fast = options.grad === undefined ? surface?.gradXY : undefined;
  const run = () => (fast ? runSplit(flat, n, fast, lr, mu, steps) : runJoined(flat, n, gradient, lr, mu, steps));
  let finals: Float32Array;
  let ranOn = backendName() ?? 'cpu';
  try {
    finals = run();
  } catch (err) {
    // A kernel the active backend lacks (wasm has no UnsortedSegmentSum, gather's gradient):
    // run the whole batch on cpu instead.
    releaseFailedTape();
    if (!isMissingKernel(err) || ranOn === 'cpu') throw err;
    finals = withBackend('cpu', run);
    ranOn = 'cpu';
  }
  const ms = performance.now() - t0;

  const reached = new Int32Array(n).fill(-1);
  const counts = minima.map(() => 0);
  let diverged = 0;
  for (let i = 0; i < n; i++) {
    const x = finals[2 * i];
    const y = finals[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) { diverged++; continue; }
    let best = -1;
    let bestD = radius;
    minima.forEach((m, k) => {
      const d = Math.hypot(x - m[0], y - m[1]);
      if (d <= bestD) { best = k; bestD = d; }
    });
    reached[i] = best;
    if (best >= 0) counts[best]++;
  }
  const unreached = n - counts.reduce((a, b) => a + b, 0);
  return { n, finals, reached, counts, unreached, diverged, ms, backend: ranOn };
}

/** The steps on one [N, 2] tensor (any batch function). */
function runJoined(flat: Float32Array, n: number, gradient: TfBatchGradient, lr: number, mu: number, steps: number): Float32Array {
  let X = tf.tensor2d(flat, [n, 2]);
  let V: tf.Tensor2D | null = mu > 0 ? tf.zerosLike(X) : null;
  try {
    for (let t = 0; t < steps; t++) {
      const next = tf.tidy(() => {
        const G = gradient(X);
        if (!V) return [X.sub(G.mul(lr))];
        const v = V.mul(mu).sub(G.mul(lr));
        return [X.add(v), v];
      }) as tf.Tensor2D[];
      X.dispose();
      V?.dispose();
      X = next[0];
      V = next[1] ?? null;
    }
    return X.dataSync() as Float32Array;
  } finally {
    X.dispose();
    V?.dispose();
  }
}

/** The same steps with x and y as two [N] tensors (surfaces that provide gradXY). */
function runSplit(
  flat: Float32Array, n: number, gradXY: NonNullable<BatchedSurface['gradXY']>, lr: number, mu: number, steps: number,
): Float32Array {
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) { xs[i] = flat[2 * i]; ys[i] = flat[2 * i + 1]; }
  // [x, y] or [x, y, vx, vy]
  let held: tf.Tensor1D[] = [tf.tensor1d(xs), tf.tensor1d(ys)];
  if (mu > 0) held.push(tf.zeros([n]), tf.zeros([n]));
  try {
    for (let t = 0; t < steps; t++) {
      const next = tf.tidy(() => {
        const [x, y, vx, vy] = held;
        const [gx, gy] = gradXY(x, y);
        if (mu === 0) return [x.sub(gx.mul(lr)), y.sub(gy.mul(lr))];
        const nvx = vx.mul(mu).sub(gx.mul(lr));
        const nvy = vy.mul(mu).sub(gy.mul(lr));
        return [x.add(nvx), y.add(nvy), nvx, nvy];
      }) as tf.Tensor1D[];
      tf.dispose(held);
      held = next;
    }
    const x = held[0].dataSync();
    const y = held[1].dataSync();
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) { out[2 * i] = x[i]; out[2 * i + 1] = y[i]; }
    return out;
  } finally {
    tf.dispose(held);
  }
}

function flattenStarts(starts: readonly VecLike[] | Float32Array): Float32Array {
  if (starts instanceof Float32Array) {
    if (starts.length === 0 || starts.length % 2 !== 0) throw new RangeError(`starts must hold x, y pairs; got ${starts.length} numbers`);
    for (let i = 0; i < starts.length; i++) if (!Number.isFinite(starts[i])) throw new RangeError(`starts[${i}] must be finite; got ${starts[i]}`);
    return starts;
  }
  if (!Array.isArray(starts) || starts.length === 0) throw new TypeError('starts must be a non-empty list of [x, y] points or a flat Float32Array');
  const out = new Float32Array(2 * starts.length);
  starts.forEach((s, i) => { const p = point(`starts[${i}]`, s, 2); out[2 * i] = p[0]; out[2 * i + 1] = p[1]; });
  return out;
}
