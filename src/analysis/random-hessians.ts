import type { Matrix } from '../core/vec.js';
import { nonNegativeInt, openUnitInterval, positiveInt } from '../core/validate.js';
import { type Rng, rng as seeded } from '../run/rng.js';

/**
 * Random "Hessians at a random critical point", two models:
 * - 'goe': a symmetric matrix with independent Gaussian entries, H = (A + Aᵀ)/2 with
 *   A_ij ~ N(0, 1) (diagonal N(0, 1), off-diagonal N(0, ½)): the Gaussian orthogonal
 *   ensemble. Its eigenvalues are correlated: they repel each other.
 * - 'independent': every principal curvature is positive with probability s, independently
 *   of the others, so P(minimum) = s^d exactly. The eigenvalues do not depend on the basis,
 *   so the matrix is drawn already diagonal: diag(±|z_i|).
 */
export type HessianModel = 'goe' | 'independent';

function checkModel(model: unknown): HessianModel {
  if (model !== 'goe' && model !== 'independent') throw new TypeError(`model must be 'goe' or 'independent'; got ${JSON.stringify(model)}`);
  return model;
}

/** One random symmetric d×d matrix of the given model (seeded), e.g. to look at its spectrum. */
export function randomSymmetricMatrix(d: number, options: { model: HessianModel; seed: number; s?: number }): Matrix {
  positiveInt('d', d);
  const model = checkModel(options.model);
  const rng = seeded(nonNegativeInt('seed', options.seed));
  const s = openUnitInterval('s', options.s ?? 0.5);
  const h: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    if (model === 'goe') {
      h[i][i] = rng.normal();
      for (let j = 0; j < i; j++) h[i][j] = h[j][i] = rng.normal() * Math.SQRT1_2;
    } else {
      h[i][i] = (rng.uniform() < s ? 1 : -1) * Math.abs(rng.normal());
    }
  }
  return h;
}

export interface MinimumProbabilityOptions {
  model: HessianModel;
  /** The largest dimension d; every d = 1 … maxDim is estimated. */
  maxDim: number;
  /** Random matrices drawn (each serves every d, see below). */
  trials: number;
  seed: number;
  /** The independent model's probability of a positive curvature. Default ½. Ignored by 'goe'. */
  s?: number;
  /**
   * 'count' (default): the fraction of positive-definite draws, plain Monte Carlo; it
   * reads 0 once P(minimum) ≪ 1/trials. 'sequential': a conditional (importance-weighted)
   * estimator that stays accurate far below 1/trials. 'resampling': the sequential estimator
   * run on a population of matrices that is resampled after every row (a particle filter),
   * which keeps it accurate up to maxDim = 12 and beyond. See minimumProbability.
   */
  estimator?: 'count' | 'sequential' | 'resampling';
  /**
   * 'resampling' only: the trials are split into this many independent populations; the
   * estimate is their mean and the standard error comes from their spread. Default 10.
   */
  replicates?: number;
}

export interface MinimumProbabilityRow {
  readonly d: number;
  readonly trials: number;
  /**
   * 'count': how many of the d×d matrices were positive definite (every eigenvalue > 0).
   * 'sequential': the expected number, estimate × trials (not a whole number).
   */
  readonly minima: number;
  /** The estimate of P(minimum): minima / trials. */
  readonly estimate: number;
  /** Its Monte Carlo standard error (binomial √(p(1−p)/trials) when counting). */
  readonly stderr: number;
  /** When minima = 0: the one-sided 95 % upper bound 3/trials ("rule of three"); else null. */
  readonly upper95: number | null;
  /** s^d: the independent-directions prediction (with s = ½ for 'goe', whose diagonal signs are fair coins). */
  readonly reference: number;
  readonly estimator: 'count' | 'sequential' | 'resampling';
}

/** Upper tail of the standard normal, P(Z > x), with small relative error far into the tail. */
export function normalTail(x: number): number {
  // erfc by its Chebyshev fit (fractional error < 1.2e-7 everywhere), P(Z > x) = erfc(x/√2)/2.
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** A standard normal draw conditioned on being > a. */
function normalAbove(rng: Rng, a: number): number {
  if (a < 0.5) {
    // Plain rejection accepts at least 30 % of the time here.
    for (;;) { const z = rng.normal(); if (z > a) return z; }
  }
  // Far in the tail: a shifted exponential proposal with the optimal rate (Robert, 1995).
  const alpha = (a + Math.sqrt(a * a + 4)) / 2;
  for (;;) {
    let u = 0;
    while (u === 0) u = rng.uniform();
    const z = a - Math.log(u) / alpha;
    if (rng.uniform() <= Math.exp(-((z - alpha) ** 2) / 2)) return z;
  }
}

/**
 * Monte Carlo estimate of P(a random critical point in d dimensions is a minimum), i.e.
 * P(every eigenvalue of a random d×d Hessian is > 0), for d = 1 … maxDim.
 *
 * How it stays cheap: positive definiteness is decided by a Cholesky factorisation, and the
 * leading d×d block of a GOE matrix is itself a GOE matrix. So one maxDim×maxDim matrix per
 * trial answers every d at once: the leading d×d block is positive definite exactly when the
 * first d Cholesky pivots are positive. Rows are drawn only when needed. (The estimates for
 * different d share their matrices, so their errors are correlated; each one on its own is
 * an ordinary Monte Carlo estimate.)
 *
 * estimator 'count' counts the trials whose first d pivots are positive and stops a trial
 * at its first bad pivot. estimator 'sequential' never lets a trial fail: pivot k equals
 * H_kk − ‖ℓ_k‖², where H_kk ~ N(0, 1) is independent of everything drawn before it, so
 * P(pivot k > 0 | the past) = P(Z > ‖ℓ_k‖²) is known exactly. The trial multiplies its weight
 * by that probability and then draws H_kk conditioned on success. The mean weight after d
 * rows is an unbiased estimate of P(first d pivots > 0), usable down to 1e-15 and below.
 */
export function minimumProbability(options: MinimumProbabilityOptions): MinimumProbabilityRow[] {
  const model = checkModel(options.model);
  const maxDim = positiveInt('maxDim', options.maxDim);
  const trials = positiveInt('trials', options.trials);
  const rng = seeded(nonNegativeInt('seed', options.seed));
  const s = model === 'independent' ? openUnitInterval('s', options.s ?? 0.5) : 0.5;
  const estimator = options.estimator ?? 'count';
  if (estimator !== 'count' && estimator !== 'sequential' && estimator !== 'resampling') {
    throw new TypeError(`estimator must be 'count', 'sequential' or 'resampling'; got ${JSON.stringify(estimator)}`);
  }
  if (estimator === 'resampling') {
    const replicates = positiveInt('replicates', options.replicates ?? 10);
    if (replicates < 2) throw new RangeError(`replicates must be at least 2 (their spread gives the error); got ${replicates}`);
    const particles = Math.floor(trials / replicates);
    if (particles < 1) throw new RangeError(`trials must be at least replicates (${replicates}); got ${trials}`);
    const runs = Array.from({ length: replicates }, () => resamplingRun(model, maxDim, particles, s, rng));
    return Array.from({ length: maxDim }, (_, i) => {
      const values = runs.map((r) => r[i]);
      const mean = values.reduce((a, b) => a + b, 0) / replicates;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (replicates - 1);
      return {
        d: i + 1, trials: particles * replicates, minima: mean * particles * replicates, estimate: mean,
        stderr: Math.sqrt(variance / replicates), upper95: null, reference: s ** (i + 1), estimator,
      };
    });
  }

  // sum[d] and sumSq[d] of each trial's score for d (0/1 when counting, a weight otherwise).
  const sum = new Array<number>(maxDim + 1).fill(0);
  const sumSq = new Array<number>(maxDim + 1).fill(0);
  const l: number[][] = Array.from({ length: maxDim }, () => new Array<number>(maxDim).fill(0));
  for (let trial = 0; trial < trials; trial++) {
    let weight = 1;
    for (let k = 0; k < maxDim; k++) {
      let pivot: number;
      if (model === 'independent') {
        if (estimator === 'sequential') {
          weight *= s;
          pivot = Math.abs(rng.normal());
        } else {
          pivot = (rng.uniform() < s ? 1 : -1) * Math.abs(rng.normal());
        }
      } else {
        // Row k of H below the diagonal, eliminated against the rows above: ℓ_k.
        let lsq = 0;
        for (let j = 0; j < k; j++) {
          let sumj = rng.normal() * Math.SQRT1_2;
          for (let m = 0; m < j; m++) sumj -= l[k][m] * l[j][m];
          l[k][j] = sumj / l[j][j];
          lsq += l[k][j] * l[k][j];
        }
        if (estimator === 'sequential') {
          weight *= normalTail(lsq);
          // Once the weight underflows this trial adds nothing for this d or any larger one.
          if (!(weight > 0)) break;
          pivot = normalAbove(rng, lsq) - lsq;
          if (!(pivot > 0)) pivot = Number.MIN_VALUE; // rounding at the boundary; keeps the factor finite
        } else {
          pivot = rng.normal() - lsq;
        }
      }
      if (!(pivot > 0)) break;
      l[k][k] = Math.sqrt(pivot);
      const score = estimator === 'sequential' ? weight : 1;
      sum[k + 1] += score;
      sumSq[k + 1] += score * score;
    }
  }
  return Array.from({ length: maxDim }, (_, i) => {
    const d = i + 1;
    const p = sum[d] / trials;
    const variance = Math.max(0, sumSq[d] / trials - p * p);
    const minima = estimator === 'count' ? sum[d] : p * trials;
    return {
      d,
      trials,
      minima,
      estimate: p,
      stderr: Math.sqrt(variance / trials),
      upper95: estimator === 'count' && minima === 0 ? 3 / trials : null,
      reference: s ** d,
      estimator,
    };
  });
}

/**
 * One population run of the resampling estimator: `n` partial Cholesky factors advance row by
 * row. At row k each particle draws its off-diagonal entries, which fixes ‖ℓ_k‖², and is
 * weighted by P(pivot > 0) = P(Z > ‖ℓ_k‖²). The mean weight multiplies the running
 * estimate; the particles are then resampled in proportion to their weights (systematic
 * resampling) and each survivor draws its diagonal entry conditioned on a positive pivot.
 * Returns P̂(first d pivots > 0) for d = 1 … maxDim (an unbiased estimate for each d).
 */
function resamplingRun(model: HessianModel, maxDim: number, n: number, s: number, rng: Rng): number[] {
  const out = new Array<number>(maxDim).fill(0);
  if (model === 'independent') {
    // Every particle has the same weight s at every row: the estimate is exactly s^d.
    for (let k = 0; k < maxDim; k++) out[k] = s ** (k + 1);
    return out;
  }
  const size = maxDim * maxDim;
  let cur = Array.from({ length: n }, () => new Float64Array(size));
  let next = Array.from({ length: n }, () => new Float64Array(size));
  const lsq = new Float64Array(n);
  const w = new Float64Array(n);
  let p = 1;
  for (let k = 0; k < maxDim; k++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const l = cur[i];
      let sq = 0;
      for (let j = 0; j < k; j++) {
        let sum = rng.normal() * Math.SQRT1_2;
        for (let m = 0; m < j; m++) sum -= l[k * maxDim + m] * l[j * maxDim + m];
        const v = sum / l[j * maxDim + j];
        l[k * maxDim + j] = v;
        sq += v * v;
      }
      lsq[i] = sq;
      w[i] = normalTail(sq);
      total += w[i];
    }
    p *= total / n;
    out[k] = p;
    if (!(total > 0)) break; // every particle failed: the estimate is 0 from here on
    // Systematic resampling: n evenly spaced pointers with one random offset.
    const stepW = total / n;
    let pointer = rng.uniform() * stepW;
    let cumulative = w[0];
    let parent = 0;
    const parents = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      while (pointer > cumulative && parent < n - 1) { parent++; cumulative += w[parent]; }
      parents[i] = parent;
      pointer += stepW;
    }
    const rows = (k + 1) * maxDim;
    for (let i = 0; i < n; i++) {
      const a = parents[i];
      next[i].set(cur[a].subarray(0, rows));
      let pivot = normalAbove(rng, lsq[a]) - lsq[a];
      if (!(pivot > 0)) pivot = Number.MIN_VALUE;
      next[i][k * maxDim + k] = Math.sqrt(pivot);
    }
    [cur, next] = [next, cur];
  }
  return out;
}

/**
 * The large-d law for the GOE: P(all d eigenvalues > 0) ≈ exp(−θ d²) with θ = ln(3)/4
 * (Dean & Majumdar, 2006). Only the leading behaviour: lower-order terms matter at small d,
 * so use it for the shape (a parabola on a log scale), not for values.
 */
export function goeAllPositiveAsymptotic(d: number): number {
  return Math.exp(-(Math.log(3) / 4) * d * d);
}
