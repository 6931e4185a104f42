import type { Objective } from '../core/types.js';
import { nonNegativeInt, positive } from '../core/validate.js';
import { normalAt } from './rng.js';

export interface GradientNoiseOptions {
  /** σ, the standard deviation of the noise added to each gradient coordinate. */
  sigma: number;
  /** Seed; the noise at step t, coordinate i depends only on (seed, t, i). */
  seed: number;
}

/** An objective whose gradients carry seeded Gaussian noise; its values are the clean ones. */
export interface NoisyObjective extends Objective {
  readonly sigma: number;
  readonly seed: number;
  /** The clean objective. */
  readonly clean: Objective;
}

/**
 * A stand-in for stochastic gradients: g̃(θ, t) = ∇L(θ) + σ ξ_t with ξ_t ~ N(0, I).
 * Every call within one step t sees the same ξ_t (Nesterov's look-ahead, BFGS's second
 * gradient), and the same seed replays the same run.
 */
export function withGradientNoise(objective: Objective, options: GradientNoiseOptions): NoisyObjective {
  const sigma = positive('sigma', options.sigma);
  const seed = nonNegativeInt('seed', options.seed);
  return {
    ...objective,
    name: `${objective.name} + noise σ=${sigma}`,
    sigma,
    seed,
    clean: objective,
    gradient(theta, step = 0) {
      const g = objective.gradient(theta, step);
      for (let i = 0; i < g.length; i++) g[i] += sigma * normalAt(seed, step, i);
      return g;
    },
  };
}
