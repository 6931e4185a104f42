import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { scalarOrArray } from '../core/validate.js';
import { checkSchedule, decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';

export interface GdOptions {
  /** ε: one rate for every parameter, or one per parameter (figure 5). */
  lr: number | readonly number[];
  /** Optional decay: the rate at step t is ε · schedule.factor(t). */
  schedule?: Schedule;
}

/** State of plain gradient descent: the effective per-coordinate rate of the last step. */
export type GdState = { lr: Vec };

/** Gradient descent, θ ← θ − ε ∘ g. */
export function gd(options: GdOptions): Optimizer<GdState, GdOptions> {
  scalarOrArray('lr', options.lr);
  const schedule = checkSchedule(options.schedule);
  const rates = perParameterCache('lr', options.lr);
  return {
    name: 'gd',
    label: `GD ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({ lr: rates(theta0.length).slice() }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const g = f.gradient(theta, t);
      for (let i = 0; i < theta.length; i++) {
        state.lr[i] = eps[i] * decay;
        theta[i] -= state.lr[i] * g[i];
      }
      return g;
    },
  };
}
