/**
 * Objectives written as tf.js functions: a student types f(x, y) with tf ops and gets an
 * Objective (value, gradient, Hessian as float64 vectors) that every optimizer and runner of
 * the library accepts. tf.grad differentiates it; the computation is float32.
 */
import type { Domain2D, Objective } from '../core/types.js';
import type { Matrix, Vec, VecLike } from '../core/vec.js';
import { point, positiveInt } from '../core/validate.js';
import { backendName, ensureBackend, tf, withBackend } from './backend.js';
import { isMissingKernel, releaseFailedTape } from './internal.js';

/**
 * A 2-D loss written with tf ops on two scalars: `(x, y) => x.square().add(y.square())`.
 * It must return a tensor holding one number (checked when called).
 */
export type TfFunction2D = (x: tf.Scalar, y: tf.Scalar) => tf.Tensor;

/** An n-D loss written with tf ops on one vector θ (shape [dim]), returning one number as a tensor. */
export type TfFunctionND = (theta: tf.Tensor1D) => tf.Tensor;

export interface TfObjectiveOptions {
  /** Required for a vector function (one argument); a two-argument function is 2-D. */
  dim?: number;
  name?: string;
  /** The formula in LaTeX, for captions. */
  tex?: string;
  domain?: Domain2D;
  /** Known minima, global first, if you know them (figures draw them). */
  minima?: readonly VecLike[];
  /**
   * How the Hessian is computed: 'autodiff' differentiates the tf.grad gradient once more and
   * checks the result against central differences, switching to differences for good when
   * they disagree (tf.js drops terms for exp, tanh, sigmoid, elu...); 'differences' uses
   * central differences of the gradient only.
   */
  hessian?: 'autodiff' | 'differences';
}

/** An Objective computed by tf.js, with a note of how its Hessian and kernels were obtained. */
export interface TfObjective extends Objective {
  hessian(theta: Vec): Matrix;
  /** 'autodiff' while tf's second derivatives pass the check, 'differences' after (or when asked). */
  readonly hessianMethod: 'autodiff' | 'differences';
  /**
   * True once a call needed a kernel the active backend lacks (the wasm backend has no
   * UnsortedSegmentSum, the gradient of gather, for instance): such calls, and every later
   * one, run on the cpu backend.
   */
  readonly onCpu: boolean;
}

/**
 * Builds an Objective from a tf.js function. Two arguments: a 2-D function of scalars
 * x and y. One argument: a function of the vector θ, with `options.dim` coordinates.
 * Every evaluation runs inside tf.tidy, so no tensor outlives a call.
 */
export function tfObjective(fn: TfFunction2D, options?: TfObjectiveOptions): TfObjective;
export function tfObjective(fn: TfFunctionND, options: TfObjectiveOptions & { dim: number }): TfObjective;
export function tfObjective(fn: TfFunction2D | TfFunctionND, options: TfObjectiveOptions = {}): TfObjective {
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function of tf tensors; got ${String(fn)}`);
  const pair = fn.length === 2;
  if (!pair && options.dim === undefined) {
    throw new TypeError('tfObjective: a function of one vector needs options.dim (its number of coordinates); a 2-D function takes (x, y)');
  }
  const dim = pair ? 2 : positiveInt('dim', options.dim);
  if (pair && options.dim !== undefined && options.dim !== 2) {
    throw new RangeError(`dim must be 2 for a function of (x, y); got ${options.dim}`);
  }
  const hessianChoice = options.hessian ?? 'autodiff';
  if (hessianChoice !== 'autodiff' && hessianChoice !== 'differences') {
    throw new RangeError(`hessian must be 'autodiff' or 'differences'; got ${String(hessianChoice)}`);
  }
  // Everything goes through a vector function, so gradients come out as one tensor.
  const f: TfFunctionND = pair
    ? (v) => { const [x, y] = tf.unstack(v) as tf.Scalar[]; return (fn as TfFunction2D)(x, y); }
    : (fn as TfFunctionND);

  let onCpu = false;
  let hessianMethod: 'autodiff' | 'differences' = hessianChoice;

  /** `body` inside tf.tidy: every tensor it makes is freed; its plain result is kept. */
  const tidy = <T>(body: () => T): T => {
    let out: T | undefined;
    tf.tidy(() => { out = body(); });
    return out as T;
  };
  /** Runs `body` on the active backend, or on cpu after a missing kernel (then for good). */
  const run = <T>(body: () => T): T => {
    ensureBackend();
    if (!onCpu) {
      try {
        return tidy(body);
      } catch (err) {
        releaseFailedTape();
        if (!isMissingKernel(err) || backendName() === 'cpu') throw err;
        onCpu = true;
      }
    }
    return withBackend('cpu', () => tidy(body));
  };

  const input = (theta: Vec, where: string): tf.Tensor1D => {
    if (theta.length !== dim) throw new RangeError(`${where}: θ must have ${dim} coordinates; got ${theta.length}`);
    return tf.tensor1d(Float32Array.from(theta));
  };
  const asScalar = (out: unknown): tf.Scalar => {
    if (!(out instanceof tf.Tensor) || out.size !== 1) throw new TypeError(`tfObjective: the function must return a scalar tensor; got ${out instanceof tf.Tensor ? `shape [${out.shape}]` : String(out)}`);
    return out.reshape([]) as tf.Scalar;
  };
  const fScalar = (v: tf.Tensor1D): tf.Scalar => asScalar(f(v));
  const gradScalar = tf.grad((v: tf.Tensor) => fScalar(v as tf.Tensor1D)) as (v: tf.Tensor1D) => tf.Tensor1D;

  const value = (theta: Vec): number => run(() => fScalar(input(theta, 'value')).dataSync()[0]);
  const gradient = (theta: Vec): Vec => run(() => Float64Array.from(gradScalar(input(theta, 'gradient')).dataSync()));

  const autodiffHessian = (theta: Vec): Matrix => run(() => {
    const x = input(theta, 'hessian');
    const rows: number[][] = [];
    for (let i = 0; i < dim; i++) {
      const e = tf.tensor1d(Array.from({ length: dim }, (_, k) => (k === i ? 1 : 0)));
      // Row i = ∇(∂f/∂θᵢ). The 0·Σθ term keeps θ connected to the output when ∂f/∂θᵢ does
      // not depend on θ (x² + y²: ∂f/∂x = 2x has no y), where tf.grad would refuse.
      const row = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(gradScalar(v as tf.Tensor1D), e)).add(tf.mul(tf.sum(v), 0)))(x);
      rows.push(Array.from(row.dataSync()));
    }
    // Symmetrise: both halves are the same derivative, up to float32 rounding.
    for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) { const m = (rows[i][j] + rows[j][i]) / 2; rows[i][j] = m; rows[j][i] = m; }
    return rows;
  });

  /**
   * Central differences of the float32 gradient, h ≈ ∛(float32 ε) · max(1, |θⱼ|), with a bound
   * on their own error (rounding of the gradient over 2h, plus a relative allowance for the
   * truncation term).
   */
  const differenceHessian = (theta: Vec): { h: Matrix; tol: number } => {
    const rows: number[][] = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
    let gmax = 0;
    let hmin = Infinity;
    for (let j = 0; j < dim; j++) {
      const h = 5e-3 * Math.max(1, Math.abs(theta[j]));
      const plus = theta.slice(); plus[j] += h;
      const minus = theta.slice(); minus[j] -= h;
      const gp = gradient(plus);
      const gm = gradient(minus);
      for (let i = 0; i < dim; i++) {
        rows[i][j] = (gp[i] - gm[i]) / (plus[j] - minus[j]);
        gmax = Math.max(gmax, Math.abs(gp[i]), Math.abs(gm[i]));
      }
      hmin = Math.min(hmin, h);
    }
    let hmax = 0;
    for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) { const m = (rows[i][j] + rows[j][i]) / 2; rows[i][j] = m; rows[j][i] = m; }
    for (const row of rows) for (const x of row) hmax = Math.max(hmax, Math.abs(x));
    return { h: rows, tol: 1e-3 * Math.max(1, hmax) + (8 * 2 ** -23 * gmax) / hmin };
  };

  /**
   * tf.js differentiates a gradient a second time by replaying the ops the first gradient ran.
   * For ops whose gradient reuses their own output (exp, tanh, sigmoid, elu, ...) that output
   * is a saved copy cut off from θ, so the second derivative silently loses a term (tf gives
   * ∂²e^{xy}/∂x² = 0). Every autodiff Hessian is therefore checked against central
   * differences; at the first disagreement (or error) this objective switches to differences.
   */
  const hessian = (theta: Vec): Matrix => {
    const diff = differenceHessian(theta);
    if (hessianMethod === 'autodiff') {
      let auto: Matrix | null = null;
      try {
        auto = autodiffHessian(theta);
      } catch (err) {
        releaseFailedTape();
        // Anything but a missing or impossible gradient is the user's bug: report it.
        if (!/gradient/i.test(String((err as Error)?.message ?? err))) throw err;
      }
      if (auto && auto.every((row, i) => row.every((x, j) => Math.abs(x - diff.h[i][j]) <= diff.tol))) return auto;
      hessianMethod = 'differences';
    }
    return diff.h;
  };

  const minima = options.minima?.map((m, k) => point(`minima[${k}]`, m, dim));
  const objective: TfObjective = {
    name: options.name ?? (pair ? 'tf.js f(x, y)' : `tf.js f(θ) (${dim}-D)`),
    tex: options.tex ?? (pair ? 'L(x, y)' : 'L(\\theta)'),
    dim,
    value,
    gradient,
    hessian,
    get hessianMethod() { return hessianMethod; },
    get onCpu() { return onCpu; },
    ...(minima ? { minima } : {}),
    ...(options.domain ? { domain: options.domain } : {}),
  };
  return objective;
}
