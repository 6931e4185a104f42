import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { nonNegative, positive, scalarOrArray } from '../core/validate.js';
import { checkSchedule, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByAdagrad, scaleByLearningRate } from './transforms.js';

export interface AdagradOptions extends GradientOptions {
  /** ε, the global base rate, one or one per parameter. */
  lr: number | readonly number[];
  /** δ, keeps the first division finite (default 1e-6). */
  delta?: number;
  /** Initial value of the accumulator r (default 0; tf.js starts at 0.1). */
  r0?: number;
  schedule?: Schedule;
}

/** r the sum of all squared gradients so far, lr the effective rate ε/(δ + √r). */
export type AdagradState = { r: Vec; lr: Vec };

/** AdaGrad: r ← r + g∘g; θ ← θ − ε/(δ + √r) ∘ g. The rate only ever shrinks. */
export function adagrad(options: AdagradOptions): Optimizer<AdagradState, AdagradOptions> {
  scalarOrArray('lr', options.lr);
  const delta = positive('delta', options.delta ?? 1e-6);
  const r0 = nonNegative('r0', options.r0 ?? 0);
  const schedule = checkSchedule(options.schedule);
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), scaleByAdagrad({ delta, r0 })),
    'adagrad', `AdaGrad ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
