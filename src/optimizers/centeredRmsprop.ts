import type { Optimizer } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { unitInterval } from '../core/validate.js';
import { scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type RmspropOptions, rmspropHyperparameters } from './rmsprop.js';
import { chain, gradientTransforms, named, scaleByCenteredRms, scaleByLearningRate, trace } from './transforms.js';

export interface CenteredRmspropOptions extends RmspropOptions {
  /** μ in [0, 1): momentum on the scaled step, as PyTorch's and tf.js's momentum argument (default 0: none). */
  momentum?: number;
}

/** r the average of g∘g, mg the average of g, lr = ε/(δ + √(r − mg²)); with momentum also v. */
export type CenteredRmspropState = { r: Vec; mg: Vec; lr: Vec; v?: Vec };

/**
 * Centered RMSProp (Graves 2013): divide by the gradient's spread, not its size.
 * r ← ρr + (1 − ρ) g∘g; mg ← ρ·mg + (1 − ρ) g; θ ← θ − ε/(δ + √(r − mg∘mg)) ∘ g
 * (with momentum μ: v ← μv − that step; θ ← θ + v). δ outside the root as in PyTorch;
 * tf.js puts its constant inside (its twin is tfRmsprop with centered: true).
 */
export function centeredRmsprop(options: CenteredRmspropOptions): Optimizer<CenteredRmspropState, CenteredRmspropOptions> {
  const { rho, delta, schedule } = rmspropHyperparameters(options);
  const mu = unitInterval('momentum', options.momentum ?? 0);
  const extra = gradientTransforms(options);
  const steps = [...extra.transforms, scaleByLearningRate(options.lr, schedule), scaleByCenteredRms({ rho, delta })];
  // Without momentum there is no velocity to keep: the plain step, as rmsprop.
  if (mu > 0) steps.push(trace({ momentum: mu }));
  return named(
    chain(...steps) as Optimizer<CenteredRmspropState>,
    'rmsprop-centered', `centered RMSProp ρ=${rho}${mu ? ` μ=${mu}` : ''} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
