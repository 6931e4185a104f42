import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { adamHyperparameters } from './adam.js';
import { scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByAdamax, scaleByLearningRate } from './transforms.js';

export interface AdamaxOptions extends GradientOptions {
  /** ε, the base rate: one or one per parameter. */
  lr: number | readonly number[];
  /** β₁, decay of the first moment m (default 0.9). */
  beta1?: number;
  /** β₂, decay of the running maximum u (default 0.999). */
  beta2?: number;
  /** δ, added to u as tf.js does (default 1e-7). */
  delta?: number;
  schedule?: Schedule;
}

/** m the first moment, u the decaying maximum of |g|, t the count of updates, lr the rate ε/((1 − β₁ᵗ)(u + δ)) applied to m. */
export type AdamaxState = { m: Vec; u: Vec; t: number; lr: Vec };

/**
 * Adamax, Adam with the infinity norm in place of the root mean square:
 * m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g|); θ ← θ − ε/(1 − β₁ᵗ) · m/(u + δ).
 */
export function adamax(options: AdamaxOptions): Optimizer<AdamaxState, AdamaxOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), scaleByAdamax({ beta1, beta2, delta })),
    'adamax', `Adamax β₁=${beta1} β₂=${beta2} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
