import type { Optimizer } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { nonNegative } from '../core/validate.js';
import { type AdamOptions, adamHyperparameters } from './adam.js';
import { scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { chain, gradientTransforms, named, scaleByLearningRate, scaleByNadam } from './transforms.js';

export interface NadamOptions extends AdamOptions {
  /** ψ ≥ 0, how fast the momentum factor μ_t climbs to β₁ (default 0.004, PyTorch's momentum_decay). */
  momentumDecay?: number;
}

/** Adam's m, s, t, lr, plus muProduct = μ₁μ₂…μ_t, the product of the momentum factors so far. */
export type NadamState = { m: Vec; s: Vec; t: number; muProduct: number; lr: Vec };

/**
 * NAdam in PyTorch's form (torch.optim.NAdam), with its momentum schedule
 * μ_t = β₁(1 − ½·0.96^{tψ}) (Dozat's 2016 report uses the same warm-up):
 * θ ← θ − ε (μ_{t+1} m/(1 − Πμ·μ_{t+1}) + (1 − μ_t) g/(1 − Πμ)) / (√ŝ + δ).
 * PyTorch's form rather than a constant-μ textbook one because it is what people run and
 * what the tests can check against. `weightDecay` is coupled (L2), as in PyTorch's NAdam.
 */
export function nadam(options: NadamOptions): Optimizer<NadamState, NadamOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  const momentumDecay = nonNegative('momentumDecay', options.momentumDecay ?? 0.004);
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), scaleByNadam({ beta1, beta2, delta, momentumDecay })),
    'nadam', `NAdam β₁=${beta1} β₂=${beta2} ψ=${momentumDecay} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
