import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { positive, scalarOrArray, unitInterval, finite } from '../core/validate.js';
import { checkSchedule, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type GradientOptions, chain, gradientTransforms, named, scaleByLearningRate, scaleByRms, trace } from './transforms.js';

export interface AdamBasicOptions extends GradientOptions {
  /** ε, the base rate: one or one per parameter. */
  lr: number | readonly number[];
  /** μ in [0, 1), the velocity's decay (the first moment). */
  momentum: number;
  /** ρ in [0, 1), the decay of the average of g∘g (the second moment). */
  rho: number;
  /** δ (default 1e-6). */
  delta?: number;
  /** Initial velocity (default 0). */
  v0?: number | readonly number[];
  schedule?: Schedule;
}

/** v the velocity, r the moving average of g∘g, lr the effective rate ε/(δ + √r). */
export type AdamBasicState = { v: Vec; r: Vec; lr: Vec };

/**
 * The article's basic Adam: RMSProp's scaling inside momentum's velocity, no bias correction.
 * r ← ρr + (1 − ρ) g∘g; v ← μv − ε/(δ + √r) ∘ g; θ ← θ + v.
 */
export function adamBasic(options: AdamBasicOptions): Optimizer<AdamBasicState, AdamBasicOptions> {
  scalarOrArray('lr', options.lr);
  const mu = unitInterval('momentum', options.momentum);
  const rho = unitInterval('rho', options.rho);
  const delta = positive('delta', options.delta ?? 1e-6);
  if (options.v0 !== undefined) scalarOrArray('v0', options.v0, finite);
  const schedule = checkSchedule(options.schedule);
  const extra = gradientTransforms(options);
  return named(
    chain(...extra.transforms, scaleByLearningRate(options.lr, schedule), scaleByRms({ rho, delta }), trace({ momentum: mu, v0: options.v0 })),
    'adam-basic', `basic Adam μ=${mu} ρ=${rho} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}${extra.label}`, options,
  );
}
