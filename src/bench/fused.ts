/**
 * Allocation-free optimizer kernels for large parameter vectors (the benchmark's "fused"
 * rows). One pass over the arrays updates θ and the state in place: no gradient vector is
 * allocated per step, no per-coordinate rate is recorded. They compute what adam() and
 * momentum() compute (with a single scalar rate and no schedule); the tests check that.
 *
 * Arrays may be Float32Array (half the memory traffic; arithmetic is still done in double
 * precision and rounded on store) or Float64Array (then momentum is bit-identical to
 * momentum(), Adam equal up to the last bits, see FusedAdam).
 */
import { positive, unitInterval } from '../core/validate.js';
import { adamHyperparameters } from '../optimizers/adam.js';

export type FloatArray = Float32Array | Float64Array;

function sameLength(what: string, a: FloatArray, b: FloatArray): void {
  if (a.length !== b.length) throw new RangeError(`${what}: arrays must have θ's length ${a.length}; got ${b.length}`);
}

// ------------------------------------------------------------------------------- Adam

export interface FusedAdamOptions {
  /** ε, one scalar rate. */
  lr: number;
  beta1?: number;
  beta2?: number;
  /** δ, added after the square root (default 1e-7, as adam()). */
  delta?: number;
}

/** Adam's moments, of the same array type as θ, and the number of steps taken. */
export interface FusedAdamState<A extends FloatArray = FloatArray> {
  m: A;
  s: A;
  t: number;
}

export interface FusedAdam {
  readonly options: Readonly<Required<FusedAdamOptions>>;
  /** Zero moments of θ's type and length. */
  init<A extends FloatArray>(theta: A): FusedAdamState<A>;
  /** One step with a given gradient g. */
  step(theta: FloatArray, g: FloatArray, state: FusedAdamState): void;
  /** One step on L = ½ Σ cᵢθᵢ², its gradient cᵢθᵢ computed inside the same pass. */
  stepQuadratic(theta: FloatArray, c: FloatArray, state: FusedAdamState): void;
}

/**
 * Bias-corrected Adam, as adam(): θ ← θ − ε m̂/(√ŝ + δ). The constants are folded once per
 * step (ε/(1 − β₁ᵗ) and 1/√(1 − β₂ᵗ)), which leaves one square root and one division per
 * coordinate; the rounding therefore differs from adam()'s in the last bits only.
 */
export function fusedAdam(options: FusedAdamOptions): FusedAdam {
  const lr = positive('lr', options.lr);
  const { beta1, beta2, delta } = adamHyperparameters({ lr, beta1: options.beta1, beta2: options.beta2, delta: options.delta });
  const b1 = 1 - beta1;
  const b2 = 1 - beta2;
  const constants = (state: FusedAdamState) => {
    state.t += 1;
    return { a: lr / (1 - beta1 ** state.t), b: 1 / Math.sqrt(1 - beta2 ** state.t) };
  };
  return {
    options: { lr, beta1, beta2, delta },
    init: <A extends FloatArray>(theta: A) => {
      const make = () => (theta instanceof Float32Array ? new Float32Array(theta.length) : new Float64Array(theta.length)) as A;
      return { m: make(), s: make(), t: 0 };
    },
    step(theta, g, state) {
      sameLength('fusedAdam.step g', theta, g);
      sameLength('fusedAdam.step m', theta, state.m);
      sameLength('fusedAdam.step s', theta, state.s);
      const { a, b } = constants(state);
      const { m, s } = state;
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i];
        const mi = beta1 * m[i] + b1 * gi;
        const si = beta2 * s[i] + b2 * gi * gi;
        m[i] = mi;
        s[i] = si;
        theta[i] -= (a * mi) / (Math.sqrt(si) * b + delta);
      }
    },
    stepQuadratic(theta, c, state) {
      sameLength('fusedAdam.stepQuadratic c', theta, c);
      sameLength('fusedAdam.stepQuadratic m', theta, state.m);
      sameLength('fusedAdam.stepQuadratic s', theta, state.s);
      const { a, b } = constants(state);
      const { m, s } = state;
      for (let i = 0; i < theta.length; i++) {
        const x = theta[i];
        const gi = c[i] * x;
        const mi = beta1 * m[i] + b1 * gi;
        const si = beta2 * s[i] + b2 * gi * gi;
        m[i] = mi;
        s[i] = si;
        theta[i] = x - (a * mi) / (Math.sqrt(si) * b + delta);
      }
    },
  };
}

// --------------------------------------------------------------------------- momentum

export interface FusedMomentumOptions {
  /** ε, one scalar rate. */
  lr: number;
  /** μ in [0, 1). */
  momentum: number;
}

export interface FusedMomentumState<A extends FloatArray = FloatArray> {
  v: A;
}

export interface FusedMomentum {
  readonly options: Readonly<FusedMomentumOptions>;
  init<A extends FloatArray>(theta: A): FusedMomentumState<A>;
  step(theta: FloatArray, g: FloatArray, state: FusedMomentumState): void;
  stepQuadratic(theta: FloatArray, c: FloatArray, state: FusedMomentumState): void;
}

/** Heavy-ball momentum, as momentum(): v ← μv − εg; θ ← θ + v (the same operations in the same order). */
export function fusedMomentum(options: FusedMomentumOptions): FusedMomentum {
  const lr = positive('lr', options.lr);
  const mu = unitInterval('momentum', options.momentum);
  return {
    options: { lr, momentum: mu },
    init: <A extends FloatArray>(theta: A) => ({
      v: (theta instanceof Float32Array ? new Float32Array(theta.length) : new Float64Array(theta.length)) as A,
    }),
    step(theta, g, state) {
      sameLength('fusedMomentum.step g', theta, g);
      sameLength('fusedMomentum.step v', theta, state.v);
      const v = state.v;
      for (let i = 0; i < theta.length; i++) {
        const vi = mu * v[i] - lr * g[i];
        v[i] = vi;
        theta[i] += vi;
      }
    },
    stepQuadratic(theta, c, state) {
      sameLength('fusedMomentum.stepQuadratic c', theta, c);
      sameLength('fusedMomentum.stepQuadratic v', theta, state.v);
      const v = state.v;
      for (let i = 0; i < theta.length; i++) {
        const x = theta[i];
        const vi = mu * v[i] - lr * (c[i] * x);
        v[i] = vi;
        theta[i] = x + vi;
      }
    },
  };
}
