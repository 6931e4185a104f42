import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { positive, scalarOrArray, unitInterval, finite } from '../core/validate.js';
import { checkSchedule, decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';

export interface AdamBasicOptions {
  /** ε, one rate or one per parameter. */
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
  const rates = perParameterCache('lr', options.lr);
  const velocity0 = perParameterCache('v0', options.v0 ?? 0, finite);
  return {
    name: 'adam-basic',
    label: `basic Adam μ=${mu} ρ=${rho} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({
      v: velocity0(theta0.length).slice(),
      r: new Float64Array(theta0.length),
      lr: rates(theta0.length).slice(),
    }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const { v, r, lr } = state;
      const g = f.gradient(theta, t);
      for (let i = 0; i < theta.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * g[i] * g[i];
        lr[i] = (eps[i] * decay) / (delta + Math.sqrt(r[i]));
        v[i] = mu * v[i] - lr[i] * g[i];
        theta[i] += v[i];
      }
      return g;
    },
  };
}
