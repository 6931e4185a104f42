/**
 * Gradient transforms that chain, in the optax mould: each is a small (init, update) pair
 * over explicit state and does one formula; `chain(...)` turns a list of them into an
 * Optimizer.
 *
 * What flows through a chain is the step being built, θ ← θ − lr ∘ d:
 * - `d`, the direction, starts as a copy of the gradient g (clipping and weight decay
 *   rewrite it, Adam replaces it by m̂);
 * - `lr`, the per-coordinate rate, starts at 1; scaleByLearningRate multiplies in ε_t and a
 *   preconditioner divides it by its root, so it ends as the effective rate the notebooks
 *   plot (ε/(δ + √r) for RMSProp). It *is* the recorded state's `lr`.
 * The rate and the direction are kept apart, instead of one update vector as in optax, so
 * that each optimizer computes ε/(δ + √r) · g in the same floating-point order as its
 * formula (and as the direct loops this library had before: the trajectories are pinned
 * bit for bit by test/trajectory-bits.test.ts). Multiplication does not care about the
 * order; rounding does.
 *
 * Order in a chain therefore matters as it reads: clipping and addDecayedWeights act on the
 * gradient (put them first), scaleByLearningRate sets ε_t, decoupledWeightDecay reads ε_t
 * (put it right after), preconditioners divide the rate, and trace, last, turns the step
 * into a velocity.
 */
import type { Optimizer, OptimizerState, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { finite, nonNegative, positive, scalarOrArray, unitInterval } from '../core/validate.js';
import { checkSchedule, decayAt, perParameterCache, scratch } from './common.js';

/** The step being built by a chain: θ ← θ − lr ∘ d, or θ ← θ + move once `trace` has run. */
export interface Update {
  /** The direction: a copy of this step's gradient at first, rewritten in place. */
  readonly d: Vec;
  /** The per-coordinate rate (the state's `lr`): 1 at first, then ε_t, then the effective rate. */
  readonly lr: Vec;
  /** θ where the gradient was taken. Read only: the chain moves θ after the last transform. */
  readonly theta: Vec;
  /** The 0-based step index, what schedules see (Adam's t, the count of updates, lives in its state). */
  readonly index: number;
  /** Set by `trace`: the step becomes θ ← θ + move (the velocity). */
  move: Vec | null;
  /** Set by decoupledWeightDecay: θ is first shrunk, θ ← θ ∘ (1 − shrink). */
  shrink: Vec | null;
}

/** One formula of a chain, with the state it owns (named as in the notebooks). */
export interface GradientTransform<S extends OptimizerState = OptimizerState> {
  /** 'scaleByAdam', 'trace', ...: error messages and labels. */
  readonly name: string;
  /** Fresh state for a start point (may be {}). */
  init(theta0: Vec): S;
  /** The rate before the first step (scaleByLearningRate multiplies its ε into it). */
  initRate?(lr: Vec): void;
  /** Rewrites the update and its own fields of the chain's state. */
  update(step: Update, state: S): void;
}

type StateOf<T> = T extends GradientTransform<infer S> ? S : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The state of a chain: every transform's fields, plus the effective rate `lr`. */
export type ChainState<T extends readonly GradientTransform[]> = Intersect<StateOf<T[number]>> & { lr: Vec };

/**
 * An Optimizer made of transforms, applied in order at every step. Its state is one flat
 * object holding every transform's fields and `lr`, so trajectory() records and figures plot
 * it like any other optimizer's. Two transforms may not own the same field.
 * Name and label are generic; the named optimizers (adam, ...) set their own.
 */
export function chain<T extends readonly GradientTransform[]>(...transforms: T): Optimizer<ChainState<T>> {
  transforms.forEach((tr, i) => {
    if (!tr || typeof tr.update !== 'function' || typeof tr.init !== 'function') {
      throw new TypeError(`chain: transforms[${i}] must be a GradientTransform such as scaleByAdam(); got ${String(tr)}`);
    }
  });
  const buffers = scratch(1);
  return {
    name: 'chain',
    label: `chain(${transforms.map((tr) => tr.name).join(', ')})`,
    impl: 'hand-written',
    options: {},
    init(theta0) {
      const state: OptimizerState = {};
      for (const tr of transforms) {
        for (const [key, value] of Object.entries(tr.init(theta0))) {
          if (key in state || key === 'lr') throw new RangeError(`chain: ${tr.name} and an earlier transform both keep a state field '${key}'`);
          state[key] = value;
        }
      }
      const lr = new Float64Array(theta0.length).fill(1);
      for (const tr of transforms) tr.initRate?.(lr);
      state.lr = lr;
      return state as ChainState<T>;
    },
    step(theta, state, objective, index) {
      const g = objective.gradient(theta, index);
      const [d] = buffers(theta.length);
      d.set(g); // the recorded gradient stays the raw g
      const lr = state.lr.fill(1);
      const step: Update = { d, lr, theta, index, move: null, shrink: null };
      for (const tr of transforms) tr.update(step, state);
      const { move, shrink } = step;
      if (shrink) for (let i = 0; i < theta.length; i++) theta[i] *= 1 - shrink[i];
      if (move) for (let i = 0; i < theta.length; i++) theta[i] += move[i];
      else for (let i = 0; i < theta.length; i++) theta[i] -= lr[i] * d[i];
      return g;
    },
  };
}

// ---------------------------------------------------------------- the gradient

/** Clips each coordinate of the gradient to [−max, max] (d ← min(max, max(−max, d))). */
export function clipByValue(max: number): GradientTransform<Record<never, never>> {
  const c = positive('clipValue', max);
  return {
    name: 'clipByValue',
    init: () => ({}),
    update({ d }) {
      for (let i = 0; i < d.length; i++) d[i] = Math.min(c, Math.max(-c, d[i]));
    },
  };
}

/**
 * Rescales the whole gradient to norm at most `max`: d ← d · max/‖d‖ when ‖d‖ > max. The
 * norm is over all of θ (PyTorch's clip_grad_norm_ over all parameters; it adds 1e-6 to
 * the norm in the division, which this leaves out).
 */
export function clipByNorm(max: number): GradientTransform<Record<never, never>> {
  const c = positive('clipNorm', max);
  return {
    name: 'clipByNorm',
    init: () => ({}),
    update({ d }) {
      let ss = 0;
      for (let i = 0; i < d.length; i++) ss += d[i] * d[i];
      const n = Math.sqrt(ss);
      if (n > c) { const k = c / n; for (let i = 0; i < d.length; i++) d[i] *= k; }
    },
  };
}

/**
 * d ← d + λθ: the gradient of the L2 penalty ½λ‖θ‖², added to the gradient. Put first in
 * a chain this is classic (coupled) weight decay, what PyTorch's SGD and Adam do with
 * weight_decay: an adaptive method then divides the decay by its root too. For AdamW's
 * decoupled form see decoupledWeightDecay.
 */
export function addDecayedWeights(weightDecay: number): GradientTransform<Record<never, never>> {
  const lambda = nonNegative('weightDecay', weightDecay);
  return {
    name: 'addDecayedWeights',
    init: () => ({}),
    update({ d, theta }) {
      for (let i = 0; i < d.length; i++) d[i] += lambda * theta[i];
    },
  };
}

// ---------------------------------------------------------------- the rate

/** lr ← lr ∘ ε_t with ε_t = ε · schedule.factor(t); ε is one number or one per parameter. */
export function scaleByLearningRate(lr: number | readonly number[], schedule?: Schedule): GradientTransform<Record<never, never>> {
  scalarOrArray('lr', lr);
  const checked = checkSchedule(schedule);
  const rates = perParameterCache('lr', lr);
  return {
    name: 'scaleByLearningRate',
    init: () => ({}),
    initRate(rate) {
      const eps = rates(rate.length);
      for (let i = 0; i < rate.length; i++) rate[i] *= eps[i];
    },
    update({ lr: rate, index }) {
      const eps = rates(rate.length);
      const decay = decayAt(checked, index);
      for (let i = 0; i < rate.length; i++) rate[i] *= eps[i] * decay;
    },
  };
}

/**
 * AdamW's decoupled weight decay: θ ← θ ∘ (1 − ε_t λ) before the step, whatever the
 * preconditioner does to the gradient (Loshchilov & Hutter; PyTorch's AdamW multiplies θ by
 * 1 − lr·weight_decay the same way). It reads ε_t from the rate, so it goes right after
 * scaleByLearningRate and before any preconditioner.
 */
export function decoupledWeightDecay(weightDecay: number): GradientTransform<Record<never, never>> {
  const lambda = nonNegative('weightDecay', weightDecay);
  const buffers = scratch(1);
  return {
    name: 'decoupledWeightDecay',
    init: () => ({}),
    update(step) {
      const [shrink] = buffers(step.lr.length);
      for (let i = 0; i < shrink.length; i++) shrink[i] = step.lr[i] * lambda;
      step.shrink = shrink;
    },
  };
}

// ---------------------------------------------------------------- preconditioners

/** AdaGrad: r ← r + g∘g; lr ← lr/(δ + √r). r starts at r₀ (default 0). */
export function scaleByAdagrad(options: { delta: number; r0?: number }): GradientTransform<{ r: Vec }> {
  const delta = positive('delta', options.delta);
  const r0 = nonNegative('r0', options.r0 ?? 0);
  return {
    name: 'scaleByAdagrad',
    init: (theta0) => ({ r: new Float64Array(theta0.length).fill(r0) }),
    update({ d, lr }, { r }) {
      for (let i = 0; i < d.length; i++) {
        r[i] += d[i] * d[i];
        lr[i] = lr[i] / (delta + Math.sqrt(r[i]));
      }
    },
  };
}

/** RMSProp's root mean square: r ← ρr + (1 − ρ) g∘g; lr ← lr/(δ + √r). */
export function scaleByRms(options: { rho: number; delta: number }): GradientTransform<{ r: Vec }> {
  const rho = unitInterval('rho', options.rho);
  const delta = positive('delta', options.delta);
  return {
    name: 'scaleByRms',
    init: (theta0) => ({ r: new Float64Array(theta0.length) }),
    update({ d, lr }, { r }) {
      for (let i = 0; i < d.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * d[i] * d[i];
        lr[i] = lr[i] / (delta + Math.sqrt(r[i]));
      }
    },
  };
}

/**
 * Centered RMSProp: divides by an estimate of the gradient's standard deviation instead of
 * its root mean square. r ← ρr + (1 − ρ) g∘g; mg ← ρ·mg + (1 − ρ) g; lr ← lr/(δ + √(r − mg∘mg)).
 * δ sits outside the root, as in PyTorch's RMSprop(centered=True). Nothing is clamped: when
 * the gradient barely varies, r − mg² shrinks to rounding noise, the rate climbs towards ε/δ
 * (or is NaN if the noise comes out negative), and trajectory() reports the run as diverged.
 */
export function scaleByCenteredRms(options: { rho: number; delta: number }): GradientTransform<{ r: Vec; mg: Vec }> {
  const rho = unitInterval('rho', options.rho);
  const delta = positive('delta', options.delta);
  return {
    name: 'scaleByCenteredRms',
    init: (theta0) => ({ r: new Float64Array(theta0.length), mg: new Float64Array(theta0.length) }),
    update({ d, lr }, { r, mg }) {
      for (let i = 0; i < d.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * d[i] * d[i];
        mg[i] = rho * mg[i] + (1 - rho) * d[i];
        lr[i] = lr[i] / (delta + Math.sqrt(r[i] - mg[i] * mg[i]));
      }
    },
  };
}

/**
 * Adam's moments with bias correction: t ← t + 1 (t counts updates, from 1);
 * m ← β₁m + (1 − β₁)g; s ← β₂s + (1 − β₂)g∘g; lr ← lr/(√(s/(1 − β₂ᵗ)) + δ); d ← m/(1 − β₁ᵗ).
 */
export function scaleByAdam(options: { beta1: number; beta2: number; delta: number }): GradientTransform<{ m: Vec; s: Vec; t: number }> {
  const beta1 = unitInterval('beta1', options.beta1);
  const beta2 = unitInterval('beta2', options.beta2);
  const delta = positive('delta', options.delta);
  return {
    name: 'scaleByAdam',
    init: (theta0) => ({ m: new Float64Array(theta0.length), s: new Float64Array(theta0.length), t: 0 }),
    update({ d, lr }, state) {
      const { m, s } = state;
      state.t += 1;
      const correct1 = 1 - beta1 ** state.t;
      const correct2 = 1 - beta2 ** state.t;
      for (let i = 0; i < d.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * d[i];
        s[i] = beta2 * s[i] + (1 - beta2) * d[i] * d[i];
        lr[i] = lr[i] / (Math.sqrt(s[i] / correct2) + delta);
        d[i] = m[i] / correct1;
      }
    },
  };
}

/**
 * Adamax's moments: t ← t + 1; m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g|);
 * lr ← lr/((1 − β₁ᵗ)(u + δ)); d ← m.
 */
export function scaleByAdamax(options: { beta1: number; beta2: number; delta: number }): GradientTransform<{ m: Vec; u: Vec; t: number }> {
  const beta1 = unitInterval('beta1', options.beta1);
  const beta2 = unitInterval('beta2', options.beta2);
  const delta = positive('delta', options.delta);
  return {
    name: 'scaleByAdamax',
    init: (theta0) => ({ m: new Float64Array(theta0.length), u: new Float64Array(theta0.length), t: 0 }),
    update({ d, lr }, state) {
      const { m, u } = state;
      state.t += 1;
      const correct1 = 1 - beta1 ** state.t;
      for (let i = 0; i < d.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * d[i];
        u[i] = Math.max(beta2 * u[i], Math.abs(d[i]));
        lr[i] = lr[i] / (correct1 * (u[i] + delta));
        d[i] = m[i];
      }
    },
  };
}

/**
 * AdaDelta's units: r ← ρr + (1 − ρ)g∘g; scale = √(u + δ)/√(r + δ); u ← ρu + (1 − ρ)(scale∘g)²;
 * lr ← lr ∘ scale. u averages the squared steps *before* the rate ε.
 */
export function scaleByAdadelta(options: { rho: number; delta: number }): GradientTransform<{ r: Vec; u: Vec }> {
  const rho = unitInterval('rho', options.rho);
  const delta = positive('delta', options.delta);
  return {
    name: 'scaleByAdadelta',
    init: (theta0) => ({ r: new Float64Array(theta0.length), u: new Float64Array(theta0.length) }),
    update({ d, lr }, { r, u }) {
      for (let i = 0; i < d.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * d[i] * d[i];
        const scale = Math.sqrt(u[i] + delta) / Math.sqrt(r[i] + delta);
        const dx = scale * d[i]; // Δ, before the rate
        u[i] = rho * u[i] + (1 - rho) * dx * dx;
        lr[i] = lr[i] * scale;
      }
    },
  };
}

/**
 * NAdam as PyTorch defines it (Dozat's Nesterov-accelerated Adam with a momentum schedule):
 * t ← t + 1; μ_t = β₁(1 − ½·0.96^{tψ}); P ← P·μ_t (muProduct, the product of all μ so far);
 * m ← β₁m + (1 − β₁)g; s ← β₂s + (1 − β₂)g∘g;
 * d ← μ_{t+1} m/(1 − P μ_{t+1}) + (1 − μ_t) g/(1 − P); lr ← lr/(√(s/(1 − β₂ᵗ)) + δ).
 * The first term is the momentum one step ahead (Nesterov's look-ahead without a second
 * gradient), the second the current gradient's share. ψ = 0 keeps μ at β₁/2.
 */
export function scaleByNadam(options: { beta1: number; beta2: number; delta: number; momentumDecay: number }): GradientTransform<{ m: Vec; s: Vec; t: number; muProduct: number }> {
  const beta1 = unitInterval('beta1', options.beta1);
  const beta2 = unitInterval('beta2', options.beta2);
  const delta = positive('delta', options.delta);
  const psi = nonNegative('momentumDecay', options.momentumDecay);
  const mu = (t: number) => beta1 * (1 - 0.5 * 0.96 ** (t * psi));
  return {
    name: 'scaleByNadam',
    init: (theta0) => ({ m: new Float64Array(theta0.length), s: new Float64Array(theta0.length), t: 0, muProduct: 1 }),
    update({ d, lr }, state) {
      const { m, s } = state;
      state.t += 1;
      const muNow = mu(state.t);
      const muNext = mu(state.t + 1);
      state.muProduct *= muNow;
      const gradShare = (1 - muNow) / (1 - state.muProduct);
      const momentumShare = muNext / (1 - state.muProduct * muNext);
      const correct2 = 1 - beta2 ** state.t;
      for (let i = 0; i < d.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * d[i];
        s[i] = beta2 * s[i] + (1 - beta2) * d[i] * d[i];
        lr[i] = lr[i] / (Math.sqrt(s[i] / correct2) + delta);
        d[i] = momentumShare * m[i] + gradShare * d[i];
      }
    },
  };
}

// ---------------------------------------------------------------- momentum

/**
 * Heavy-ball momentum on the step: v ← μv − lr∘d; θ ← θ + v. Last in a chain, after the
 * rate, so v is the notebooks' velocity (a displacement, rate included). v starts at v₀
 * (default 0), one value or one per parameter.
 */
export function trace(options: { momentum: number; v0?: number | readonly number[] }): GradientTransform<{ v: Vec }> {
  const mu = unitInterval('momentum', options.momentum);
  if (options.v0 !== undefined) scalarOrArray('v0', options.v0, finite);
  const velocity0 = perParameterCache('v0', options.v0 ?? 0, finite);
  return {
    name: 'trace',
    init: (theta0) => ({ v: velocity0(theta0.length).slice() }),
    update(step, { v }) {
      const { d, lr } = step;
      for (let i = 0; i < d.length; i++) v[i] = mu * v[i] - lr[i] * d[i];
      step.move = v;
    },
  };
}

// ---------------------------------------------------------------- helpers for the named optimizers

/**
 * What every chain-built first-order optimizer accepts besides its own hyperparameters.
 * They act on the gradient, in this order, before the rate and the preconditioner see it
 * (as torch.nn.utils.clip_grad_*_ before optimizer.step(), then the optimizer's weight_decay).
 * The recorded gradient (trajectory's grads) stays the raw one.
 */
export interface GradientOptions {
  /** Clip every coordinate of g to [−clipValue, clipValue]. */
  clipValue?: number;
  /** Rescale g to norm at most clipNorm. */
  clipNorm?: number;
  /**
   * λ ≥ 0: add λθ to the gradient, the L2 (coupled) weight decay of PyTorch's SGD and Adam.
   * adamw's weightDecay is the decoupled kind instead.
   */
  weightDecay?: number;
}

/** The transforms for GradientOptions (none when none are given) and their label text. */
export function gradientTransforms(options: GradientOptions, decay: 'coupled' | 'none' = 'coupled'): { transforms: GradientTransform[]; label: string } {
  const transforms: GradientTransform[] = [];
  let label = '';
  if (options.clipValue !== undefined) { transforms.push(clipByValue(options.clipValue)); label += ` |g|≤${options.clipValue}`; }
  if (options.clipNorm !== undefined) { transforms.push(clipByNorm(options.clipNorm)); label += ` ‖g‖≤${options.clipNorm}`; }
  if (decay === 'coupled' && options.weightDecay !== undefined) {
    transforms.push(addDecayedWeights(options.weightDecay));
    label += ` L2 λ=${options.weightDecay}`;
  }
  return { transforms, label };
}

/** A chain under an optimizer's own name, label and options. */
export function named<S extends OptimizerState, O extends object>(
  optimizer: Optimizer<S>, name: string, label: string, options: O,
): Optimizer<S, O> {
  return { ...optimizer, name, label, options };
}
