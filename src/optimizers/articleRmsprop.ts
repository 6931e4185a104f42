import type { Optimizer } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { decayAt, perParameterCache, scheduleSuffix } from './common.js';
import { formatRate } from './format.js';
import { type RmspropOptions, rmspropHyperparameters } from './rmsprop.js';

export type ArticleRmspropOptions = RmspropOptions;

/** r the moving average of g∘g; lr the rate vector, which this variant overwrites every step. */
export type ArticleRmspropState = { r: Vec; lr: Vec };

/**
 * NOT RMSProp: what the article's printed code does (its figures 9 and 10).
 * Each step r ← ρr + (1 − ρ) g∘g, then the rate vector itself is divided in place,
 * lr ← lr / (δ + √r), and θ ← θ − lr ∘ g. The divisions compound from step to step, so
 * the rate collapses and the run stalls before the minimum; textbook RMSProp keeps ε fixed.
 * With a schedule, the step uses lr · factor(t) while the stored lr keeps compounding.
 */
export function articleRmsprop(options: ArticleRmspropOptions): Optimizer<ArticleRmspropState, ArticleRmspropOptions> {
  const { rho, delta, schedule } = rmspropHyperparameters(options);
  const rates = perParameterCache('lr', options.lr);
  return {
    name: 'article-rmsprop',
    label: `article's code (rate divided in place) ρ=${rho} ε₀=${formatRate(options.lr)}${scheduleSuffix(schedule)}`,
    impl: 'hand-written',
    options,
    init: (theta0) => ({ r: new Float64Array(theta0.length), lr: rates(theta0.length).slice() }),
    step(theta, state, f, t) {
      const decay = decayAt(schedule, t);
      const { r, lr } = state;
      const g = f.gradient(theta, t);
      for (let i = 0; i < theta.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * g[i] * g[i];
        lr[i] = lr[i] / (delta + Math.sqrt(r[i])); // the quirk: the rate itself is divided, every step
        theta[i] -= lr[i] * decay * g[i];
      }
      return g;
    },
  };
}
