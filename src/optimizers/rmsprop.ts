import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { positive, scalarOrArray, unitInterval } from '../core/validate.js';
import { checkSchedule, decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';

export interface RmspropOptions {
  /** ε, one rate or one per parameter. */
  lr: number | readonly number[];
  /** ρ in [0, 1): the decay of the moving average of g∘g. */
  rho: number;
  /** δ (default 1e-6, the article's value). */
  delta?: number;
  schedule?: Schedule;
}

/** r the moving average of g∘g, lr the effective rate ε/(δ + √r) of the last step. */
export type RmspropState = { r: Vec; lr: Vec };

/**
 * RMSProp's options checked, δ defaulting to the article's 1e-6: one place for rmsprop,
 * articleRmsprop and tfRmsprop.
 */
export function rmspropHyperparameters(options: RmspropOptions): { rho: number; delta: number; schedule: Schedule | undefined } {
  scalarOrArray('lr', options.lr);
  return {
    rho: unitInterval('rho', options.rho),
    delta: positive('delta', options.delta ?? 1e-6),
    schedule: checkSchedule(options.schedule),
  };
}

/** RMSProp as in the textbook: r ← ρr + (1 − ρ) g∘g; θ ← θ − ε/(δ + √r) ∘ g. */
export function rmsprop(options: RmspropOptions): Optimizer<RmspropState, RmspropOptions> {
  const { rho, delta, schedule } = rmspropHyperparameters(options);
  const rates = perParameterCache('lr', options.lr);
  return {
    name: 'rmsprop',
    label: `RMSProp ρ=${rho} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({ r: new Float64Array(theta0.length), lr: rates(theta0.length).slice() }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const { r, lr } = state;
      const g = f.gradient(theta, t);
      for (let i = 0; i < theta.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * g[i] * g[i];
        lr[i] = (eps[i] * decay) / (delta + Math.sqrt(r[i]));
        theta[i] -= lr[i] * g[i];
      }
      return g;
    },
  };
}
