import type { Optimizer, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { nonNegative, positive, scalarOrArray } from '../core/validate.js';
import { checkSchedule, decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';

export interface AdagradOptions {
  /** ε, the global rate, one or one per parameter. */
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
  const rates = perParameterCache('lr', options.lr);
  return {
    name: 'adagrad',
    label: `AdaGrad ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({ r: new Float64Array(theta0.length).fill(r0), lr: rates(theta0.length).slice() }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const { r, lr } = state;
      const g = f.gradient(theta, t);
      for (let i = 0; i < theta.length; i++) {
        r[i] += g[i] * g[i];
        lr[i] = (eps[i] * decay) / (delta + Math.sqrt(r[i]));
        theta[i] -= lr[i] * g[i];
      }
      return g;
    },
  };
}
