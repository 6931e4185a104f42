import type { Optimizer } from '../core/types.js';
import { nonNegative } from '../core/validate.js';
import { type AdamOptions, type AdamState, adamHyperparameters } from './adam.js';
import { scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { chain, decoupledWeightDecay, gradientTransforms, named, scaleByAdam, scaleByLearningRate } from './transforms.js';

export interface AdamwOptions extends AdamOptions {
  /**
   * λ ≥ 0, decoupled: θ shrinks by ε_t·λ·θ every step, outside Adam's scaling
   * (default 0.01, PyTorch's AdamW default).
   */
  weightDecay?: number;
}

/** The same state as Adam's: m, s, t (updates taken), lr = ε_t/(√ŝ + δ). */
export type AdamwState = AdamState;

/**
 * AdamW (Loshchilov & Hutter), PyTorch's torch.optim.AdamW:
 * θ ← θ − ε_t λ θ − ε_t m̂/(√ŝ + δ), m̂ and ŝ as in Adam.
 * With Adam's L2 decay (adam({ weightDecay })) λθ joins the gradient and is divided by
 * √ŝ with it, so weights with large gradients are hardly decayed; here every weight shrinks
 * by the same factor 1 − ε_t λ.
 */
export function adamw(options: AdamwOptions): Optimizer<AdamwState, AdamwOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  const lambda = nonNegative('weightDecay', options.weightDecay ?? 0.01);
  const extra = gradientTransforms(options, 'none');
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), decoupledWeightDecay(lambda), scaleByAdam({ beta1, beta2, delta })),
    'adamw', `AdamW β₁=${beta1} β₂=${beta2} λ=${lambda} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
