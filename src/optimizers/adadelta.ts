import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { positive, scalarOrArray, unitInterval } from '../core/validate.js';
import { checkSchedule, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByAdadelta, scaleByLearningRate } from './transforms.js';

export interface AdadeltaOptions extends GradientOptions {
  /** ρ in [0, 1), the decay of both running averages. */
  rho: number;
  /** δ, inside both square roots (default 1e-7, tf.js's value). */
  delta?: number;
  /** A multiplier on the update (default 1: Zeiler's method needs no rate; tf.js defaults to 0.001). */
  lr?: number | readonly number[];
  schedule?: Schedule;
}

/** r the average of g∘g, u the average of squared updates, lr the effective rate ε√(u + δ)/√(r + δ). */
export type AdadeltaState = { r: Vec; u: Vec; lr: Vec };

/** AdaDelta's options checked, with ε defaulting to 1 and δ to 1e-7: shared with tfAdadelta. */
export function adadeltaHyperparameters(options: AdadeltaOptions): { rho: number; delta: number; lr: number | readonly number[]; schedule: Schedule | undefined } {
  const rho = unitInterval('rho', options.rho);
  const delta = positive('delta', options.delta ?? 1e-7);
  const lr = options.lr ?? 1;
  scalarOrArray('lr', lr);
  return { rho, delta, lr, schedule: checkSchedule(options.schedule) };
}

/**
 * AdaDelta: the units of the step come from past steps, not from a rate.
 * r ← ρr + (1 − ρ) g∘g; Δ = √(u + δ)/√(r + δ) ∘ g; u ← ρu + (1 − ρ) Δ∘Δ; θ ← θ − ε Δ.
 */
export function adadelta(options: AdadeltaOptions): Optimizer<AdadeltaState, AdadeltaOptions> {
  const { rho, delta, lr, schedule } = adadeltaHyperparameters(options);
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(lr, schedule), scaleByAdadelta({ rho, delta })),
    'adadelta', `AdaDelta ρ=${rho}${options.lr === undefined ? '' : ` ε=${formatRate(lr)}`}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
