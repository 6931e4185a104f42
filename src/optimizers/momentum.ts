import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { scalarOrArray, unitInterval, finite } from '../core/validate.js';
import { checkSchedule, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByLearningRate, trace } from './transforms.js';

export interface MomentumOptions extends GradientOptions {
  /** ε, the base rate: one or one per parameter. */
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
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), trace({ momentum: mu, v0: options.v0 })),
    'momentum', `momentum μ=${mu} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
