import { cloneState } from '../core/state.js';
import type { Divergence, Objective, Optimizer, OptimizerState, Trajectory } from '../core/types.js';
import { type VecLike, isFiniteVec } from '../core/vec.js';
import { point, positive, positiveInt } from '../core/validate.js';

export interface RunOptions {
  /** θ₀, one coordinate per dimension of the objective. */
  start: VecLike;
  /** How many updates to apply. */
  steps: number;
  /**
   * A run whose loss magnitude exceeds this is reported as diverged and stopped, before
   * the numbers overflow and the figure becomes unreadable. Default 1e12.
   */
  blowUp?: number;
}

/**
 * Runs `optimizer` on `objective` from `start` for `steps` updates and records every
 * iterate, loss, gradient and state. It never throws once started: a NaN/∞ or a blow-up
 * ends the run early with `diverged` saying at which step and why.
 */
export function trajectory<S extends OptimizerState>(
  optimizer: Optimizer<S>,
  objective: Objective,
  options: RunOptions,
): Trajectory<S> {
  const steps = positiveInt('steps', options.steps);
  const blowUp = positive('blowUp', options.blowUp ?? 1e12);
  const theta = point('start', options.start, objective.dim);
  if (optimizer.needs?.includes('hessian') && typeof objective.hessian !== 'function') {
    throw new TypeError(`${optimizer.name} needs the objective's Hessian, but ${objective.name} has no hessian(θ)`);
  }

  const state = optimizer.init(theta);
  const points = [theta.slice()];
  const losses = [objective.value(theta)];
  const states = [cloneState(state)];
  const grads = [];
  let diverged: Divergence | null = null;
  try {
    for (let t = 0; t < steps; t++) {
      let g;
      try {
        g = optimizer.step(theta, state, objective, t);
      } catch (err) {
        diverged = { step: t, reason: `the update failed: ${(err as Error).message}` };
        break;
      }
      const loss = objective.value(theta);
      const bad = !isFiniteVec(theta) ? 'θ became NaN or ∞'
        : !Number.isFinite(loss) ? `the loss became ${loss}`
        : Math.abs(loss) > blowUp ? `|loss| = ${loss.toExponential(3)} exceeded ${blowUp.toExponential(0)}`
        : null;
      if (bad) { diverged = { step: t, reason: bad }; break; }
      grads.push(g.slice());
      points.push(theta.slice());
      losses.push(loss);
      states.push(cloneState(state));
    }
  } finally {
    optimizer.dispose?.(state);
  }
  return {
    optimizer: optimizer.name,
    label: optimizer.label,
    impl: optimizer.impl,
    objective: objective.name,
    points,
    losses,
    grads,
    states,
    steps: grads.length,
    diverged,
  };
}
