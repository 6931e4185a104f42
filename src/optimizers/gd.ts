import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { scalarOrArray } from '../core/validate.js';
import { checkSchedule, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByLearningRate } from './transforms.js';

export interface GdOptions extends GradientOptions {
  /** ε, the base rate: one for every parameter, or one per parameter (figure 5). */
  lr: number | readonly number[];
  /** Optional decay: the rate at step t is ε · schedule.factor(t). */
  schedule?: Schedule;
}

/** State of plain gradient descent: lr the effective per-coordinate rate ε_t of the last step. */
export type GdState = { lr: Vec };

/** Gradient descent, θ ← θ − ε ∘ g. */
export function gd(options: GdOptions): Optimizer<GdState, GdOptions> {
  scalarOrArray('lr', options.lr);
  const schedule = checkSchedule(options.schedule);
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule)),
    'gd', `GD ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
