import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { positive, scalarOrArray, unitInterval } from '../core/validate.js';
import { checkSchedule, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByLearningRate, scaleByRms } from './transforms.js';

export interface RmspropOptions extends GradientOptions {
  /** ε, the base rate: one or one per parameter. */
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
 * centeredRmsprop, articleRmsprop and tfRmsprop.
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
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), scaleByRms({ rho, delta })),
    'rmsprop', `RMSProp ρ=${rho} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
