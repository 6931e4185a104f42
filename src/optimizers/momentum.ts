import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { scalarOrArray, unitInterval, finite } from '../core/validate.js';
import { checkSchedule, decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';

export interface MomentumOptions {
  /** ε, one rate or one per parameter. */
  lr: number | readonly number[];
  /** μ in [0, 1): how much of the previous velocity survives a step. */
  momentum: number;
  /** Initial velocity v₀ (default 0); the article's figure 6 starts from (1, 1). */
  v0?: number | readonly number[];
  schedule?: Schedule;
}

/** v the velocity, lr the effective per-coordinate rate of the last step. */
export type MomentumState = { v: Vec; lr: Vec };

/**
 * Momentum's options checked (μ in [0, 1), v₀ finite): one place for momentum, Nesterov and
 * their tf.js twins.
 */
export function momentumHyperparameters(options: MomentumOptions): { mu: number; schedule: Schedule | undefined } {
  scalarOrArray('lr', options.lr);
  const mu = unitInterval('momentum', options.momentum);
  if (options.v0 !== undefined) scalarOrArray('v0', options.v0, finite);
  return { mu, schedule: checkSchedule(options.schedule) };
}

/** Heavy-ball momentum: v ← μv − ε∘g(θ); θ ← θ + v. */
export function momentum(options: MomentumOptions): Optimizer<MomentumState, MomentumOptions> {
  const { mu, schedule } = momentumHyperparameters(options);
  const rates = perParameterCache('lr', options.lr);
  const velocity0 = perParameterCache('v0', options.v0 ?? 0, finite);
  return {
    name: 'momentum',
    label: `momentum μ=${mu} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({ v: velocity0(theta0.length).slice(), lr: rates(theta0.length).slice() }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const { v, lr } = state;
      const g = f.gradient(theta, t);
      for (let i = 0; i < theta.length; i++) {
        lr[i] = eps[i] * decay;
        v[i] = mu * v[i] - lr[i] * g[i];
        theta[i] += v[i];
      }
      return g;
    },
  };
}
