import type { Optimizer } from '../core/types.js';
import { type Vec, solve } from '../core/vec.js';
import { positive } from '../core/validate.js';
import { formatRate } from './format.js';

export interface NewtonOptions {
  /** ε, a damping factor on the Newton step (default 1: the full step). */
  lr?: number;
}

/** d the Newton direction H⁻¹g of the last step. */
export type NewtonState = { d: Vec };

/**
 * Newton's method, θ ← θ − ε H⁻¹ g. It jumps to the critical point of the local quadratic
 * model, whatever its kind: on a saddle it is attracted, not repelled. Needs objective.hessian.
 */
export function newton(options: NewtonOptions = {}): Optimizer<NewtonState, NewtonOptions> {
  const lr = positive('lr', options.lr ?? 1);
  return {
    name: 'newton',
    label: lr === 1 ? 'Newton' : `Newton ε=${formatRate(lr)}`,
    impl: 'hand-written',
    options,
    needs: ['hessian'],
    init: (theta0) => ({ d: new Float64Array(theta0.length) }),
    step(theta, state, f, t) {
      if (!f.hessian) throw new TypeError(`newton needs the objective's Hessian, but ${f.name} has no hessian(θ)`);
      const g = f.gradient(theta, t);
      state.d.set(solve(f.hessian(theta), g)); // a singular Hessian throws; the runner reports it
      for (let i = 0; i < theta.length; i++) theta[i] -= lr * state.d[i];
      return g;
    },
  };
}
