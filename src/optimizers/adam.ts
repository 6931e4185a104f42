import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { positive, scalarOrArray, unitInterval } from '../core/validate.js';
import { checkSchedule, decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';

export interface AdamOptions {
  /** ε, one rate or one per parameter. */
  lr: number | readonly number[];
  /** β₁, decay of the first moment m (default 0.9). */
  beta1?: number;
  /** β₂, decay of the second moment s (default 0.999). */
  beta2?: number;
  /** δ, added after the square root as tf.js does (default 1e-7, tf.js's value). */
  delta?: number;
  schedule?: Schedule;
}

/**
 * Adam's and Adamax's options checked, with their defaults filled in (β₁ 0.9, β₂ 0.999,
 * δ 1e-7 as tf.js): one place, so the hand-written optimizers and their tf.js twins agree.
 */
export function adamHyperparameters(options: AdamOptions): { beta1: number; beta2: number; delta: number; schedule: Schedule | undefined } {
  scalarOrArray('lr', options.lr);
  return {
    beta1: unitInterval('beta1', options.beta1 ?? 0.9),
    beta2: unitInterval('beta2', options.beta2 ?? 0.999),
    delta: positive('delta', options.delta ?? 1e-7),
    schedule: checkSchedule(options.schedule),
  };
}

/** m and s the moments, t the number of steps taken, lr the effective rate ε/(√ŝ + δ) applied to m̂. */
export type AdamState = { m: Vec; s: Vec; t: number; lr: Vec };

/**
 * Adam with bias correction:
 * m ← β₁m + (1 − β₁)g; s ← β₂s + (1 − β₂)g∘g; m̂ = m/(1 − β₁ᵗ); ŝ = s/(1 − β₂ᵗ);
 * θ ← θ − ε m̂ / (√ŝ + δ).
 */
export function adam(options: AdamOptions): Optimizer<AdamState, AdamOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  const rates = perParameterCache('lr', options.lr);
  return {
    name: 'adam',
    label: `Adam β₁=${beta1} β₂=${beta2} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({
      m: new Float64Array(theta0.length),
      s: new Float64Array(theta0.length),
      t: 0,
      lr: rates(theta0.length).slice(),
    }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const { m, s, lr } = state;
      const g = f.gradient(theta, t);
      state.t += 1;
      const correct1 = 1 - beta1 ** state.t;
      const correct2 = 1 - beta2 ** state.t;
      for (let i = 0; i < theta.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        s[i] = beta2 * s[i] + (1 - beta2) * g[i] * g[i];
        lr[i] = (eps[i] * decay) / (Math.sqrt(s[i] / correct2) + delta);
        theta[i] -= lr[i] * (m[i] / correct1);
      }
      return g;
    },
  };
}
