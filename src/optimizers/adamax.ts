import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { adamHyperparameters } from './adam.js';
import { decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';

export interface AdamaxOptions {
  /** ε, one rate or one per parameter. */
  lr: number | readonly number[];
  /** β₁, decay of the first moment m (default 0.9). */
  beta1?: number;
  /** β₂, decay of the running maximum u (default 0.999). */
  beta2?: number;
  /** δ, added to u as tf.js does (default 1e-7). */
  delta?: number;
  schedule?: Schedule;
}

/** m the first moment, u the decaying maximum of |g|, t the step count, lr the rate ε/((1 − β₁ᵗ)(u + δ)) applied to m. */
export type AdamaxState = { m: Vec; u: Vec; t: number; lr: Vec };

/**
 * Adamax, Adam with the infinity norm in place of the root mean square:
 * m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g|); θ ← θ − ε/(1 − β₁ᵗ) · m/(u + δ).
 */
export function adamax(options: AdamaxOptions): Optimizer<AdamaxState, AdamaxOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  const rates = perParameterCache('lr', options.lr);
  return {
    name: 'adamax',
    label: `Adamax β₁=${beta1} β₂=${beta2} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({
      m: new Float64Array(theta0.length),
      u: new Float64Array(theta0.length),
      t: 0,
      lr: rates(theta0.length).slice(),
    }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const { m, u, lr } = state;
      const g = f.gradient(theta, t);
      state.t += 1;
      const correct1 = 1 - beta1 ** state.t;
      for (let i = 0; i < theta.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        u[i] = Math.max(beta2 * u[i], Math.abs(g[i]));
        lr[i] = (eps[i] * decay) / (correct1 * (u[i] + delta));
        theta[i] -= lr[i] * m[i];
      }
      return g;
    },
  };
}
