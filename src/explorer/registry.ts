/**
 * The objectives, optimizers and schedules an explorer can name. An explorer's settings
 * travel to the reader's browser as plain JSON, so its objective and optimizers are given
 * by name and rebuilt there from the very same factories the kernel uses.
 * Browser-safe: only the library's pure modules are imported.
 */
import type { Objective, Optimizer, Schedule } from '../core/types.js';
import { beale, himmelblau, rastrigin, rosenbrock } from '../objectives/classic.js';
import { conditionedQuadratic } from '../objectives/diagonal.js';
import { multiWell } from '../objectives/multiWell.js';
import { bowl, illConditioned } from '../objectives/quadratic.js';
import { monkeySaddle, saddle } from '../objectives/saddles.js';
import { adadelta } from '../optimizers/adadelta.js';
import { adagrad } from '../optimizers/adagrad.js';
import { adam } from '../optimizers/adam.js';
import { adamBasic } from '../optimizers/adamBasic.js';
import { adamax } from '../optimizers/adamax.js';
import { articleRmsprop } from '../optimizers/articleRmsprop.js';
import { gd } from '../optimizers/gd.js';
import { momentum } from '../optimizers/momentum.js';
import { nesterov } from '../optimizers/nesterov.js';
import { rmsprop } from '../optimizers/rmsprop.js';
import { constantLr, cosineDecay, exponentialDecay, inverseTimeDecay, stepDecay } from '../optimizers/schedules.js';

type Options = Record<string, unknown>;

// The factories take typed option objects; here they are called with the JSON an explorer
// carries, which the factories validate themselves (their errors name the bad option).
const as = <T>(make: (options: T) => Optimizer): ((options: Options) => Optimizer) => (options) => make(options as unknown as T);

export const OBJECTIVES: Readonly<Record<string, (options: Options) => Objective>> = {
  bowl: () => bowl(),
  illConditioned: (o) => illConditioned(o as { a?: number; b?: number }),
  rosenbrock: (o) => rosenbrock(o as { a?: number; b?: number }),
  himmelblau: () => himmelblau(),
  beale: () => beale(),
  rastrigin: (o) => rastrigin({ ...(o as { A?: number }), dim: 2 }),
  saddle: () => saddle(),
  monkeySaddle: () => monkeySaddle(),
  multiWell: () => multiWell(),
  conditionedQuadratic: (o) => conditionedQuadratic({ ...(o as { condition: number }), dim: 2 }),
};

export const OPTIMIZERS: Readonly<Record<string, (options: Options) => Optimizer>> = {
  gd: as(gd), momentum: as(momentum), nesterov: as(nesterov), adagrad: as(adagrad), rmsprop: as(rmsprop),
  articleRmsprop: as(articleRmsprop), adam: as(adam), adamBasic: as(adamBasic), adamax: as(adamax), adadelta: as(adadelta),
};

export const SCHEDULES: Readonly<Record<string, (options: Options) => Schedule>> = {
  constant: () => constantLr(),
  exponentialDecay: (o) => exponentialDecay(o as { beta: number }),
  stepDecay: (o) => stepDecay(o as { every: number; factor: number }),
  inverseTimeDecay: (o) => inverseTimeDecay(o as { k: number }),
  cosineDecay: (o) => cosineDecay(o as { period: number; floor?: number }),
};

const known = (table: object): string => Object.keys(table).join(', ');

/** A named objective, or an error naming the parameter and what is allowed. */
export function objectiveByName(name: unknown, options: Options = {}): Objective {
  if (typeof name !== 'string' || !(name in OBJECTIVES)) {
    throw new RangeError(`objective must be one of ${known(OBJECTIVES)} (or { name, options }); got ${JSON.stringify(name)}`);
  }
  return OBJECTIVES[name](options);
}

export function optimizerByName(name: unknown, options: Options, where = 'optimizer'): Optimizer {
  if (typeof name !== 'string' || !(name in OPTIMIZERS)) {
    throw new RangeError(`${where} must be one of ${known(OPTIMIZERS)}; got ${JSON.stringify(name)}`);
  }
  return OPTIMIZERS[name](options);
}

export function scheduleByName(name: unknown, options: Options = {}, where = 'schedule'): Schedule {
  if (typeof name !== 'string' || !(name in SCHEDULES)) {
    throw new RangeError(`${where} must be one of ${known(SCHEDULES)}; got ${JSON.stringify(name)}`);
  }
  return SCHEDULES[name](options);
}
