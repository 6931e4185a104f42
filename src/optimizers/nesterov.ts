import type { Optimizer } from '../core/types.js';
import { finite } from '../core/validate.js';
import { decayAt, perParameterCache, scheduleSuffix, scratch } from './common.js';
import { formatRate } from './format.js';
import { type MomentumOptions, type MomentumState, momentumHyperparameters } from './momentum.js';

export type NesterovOptions = MomentumOptions;
export type NesterovState = MomentumState;

/**
 * Nesterov momentum: the gradient is taken at the look-ahead point θ + μv,
 * v ← μv − ε∘g(θ + μv); θ ← θ + v. Returns that look-ahead gradient.
 */
export function nesterov(options: NesterovOptions): Optimizer<NesterovState, NesterovOptions> {
  const { mu, schedule } = momentumHyperparameters(options);
  const rates = perParameterCache('lr', options.lr);
  const velocity0 = perParameterCache('v0', options.v0 ?? 0, finite);
  const buffers = scratch(1);
  return {
    name: 'nesterov',
    label: `Nesterov μ=${mu} ε=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({ v: velocity0(theta0.length).slice(), lr: rates(theta0.length).slice() }),
    step(theta, state, f, t) {
      const eps = rates(theta.length);
      const decay = decayAt(schedule, t);
      const { v, lr } = state;
      const [ahead] = buffers(theta.length);
      for (let i = 0; i < theta.length; i++) ahead[i] = theta[i] + mu * v[i];
      const g = f.gradient(ahead, t);
      for (let i = 0; i < theta.length; i++) {
        lr[i] = eps[i] * decay;
        v[i] = mu * v[i] - lr[i] * g[i];
        theta[i] += v[i];
      }
      return g;
    },
  };
}
