import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { positive, scalarOrArray, unitInterval } from '../core/validate.js';
import { checkSchedule, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByAdam, scaleByLearningRate } from './transforms.js';

export interface AdamOptions extends GradientOptions {
  /** ε, the base rate: one or one per parameter. */
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
 * The Adam family's defaults, defined once: β₁ 0.9 and β₂ 0.999 (Kingma & Ba, and every
 * library), δ 1e-7 (tf.js's; PyTorch uses 1e-8).
 */
export const adamDefaults = { beta1: 0.9, beta2: 0.999, delta: 1e-7 } as const;

/**
 * Adam's and Adamax's options checked, with adamDefaults filled in: one place, so the
 * hand-written optimizers, their tf.js twins, the trainers and the benchmarks agree.
 */
export function adamHyperparameters(options: AdamOptions): { beta1: number; beta2: number; delta: number; schedule: Schedule | undefined } {
  scalarOrArray('lr', options.lr);
  return {
    beta1: unitInterval('beta1', options.beta1 ?? adamDefaults.beta1),
    beta2: unitInterval('beta2', options.beta2 ?? adamDefaults.beta2),
    delta: positive('delta', options.delta ?? adamDefaults.delta),
    schedule: checkSchedule(options.schedule),
  };
}

/**
 * m and s the moments; t the number of updates taken (1 after the first step: the t of
 * 1 − βᵗ, not the 0-based step index a schedule sees); lr the effective rate ε/(√ŝ + δ)
 * applied to m̂.
 */
export type AdamState = { m: Vec; s: Vec; t: number; lr: Vec };

/**
 * Adam with bias correction:
 * m ← β₁m + (1 − β₁)g; s ← β₂s + (1 − β₂)g∘g; m̂ = m/(1 − β₁ᵗ); ŝ = s/(1 − β₂ᵗ);
 * θ ← θ − ε m̂ / (√ŝ + δ).
 * `weightDecay` is the coupled (L2) kind, PyTorch's Adam(weight_decay); adamw decouples it.
 */
export function adam(options: AdamOptions): Optimizer<AdamState, AdamOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), scaleByAdam({ beta1, beta2, delta })),
    'adam', `Adam β₁=${beta1} β₂=${beta2} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
