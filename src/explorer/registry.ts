/**
 * The objectives and schedules an explorer can name (its optimizers come from the one
 * registry's pure catalogue, src/optimizers/catalog.ts). An explorer's settings travel to the
 * reader's browser as plain JSON, so its objective and optimizers are given by name and
 * rebuilt there from the very same factories the kernel uses.
 * Browser-safe: only the library's pure modules are imported.
 */
import type { Objective, Optimizer, Schedule } from '../core/types.js';
import { beale, himmelblau, rastrigin, rosenbrock } from '../objectives/classic.js';
import { conditionedQuadratic } from '../objectives/diagonal.js';
import { multiWell } from '../objectives/multiWell.js';
import { bowl, illConditioned } from '../objectives/quadratic.js';
import { monkeySaddle, saddle } from '../objectives/saddles.js';
import { catalogEntry } from '../optimizers/catalog.js';
import { constantLr, cosineDecay, exponentialDecay, inverseTimeDecay, stepDecay } from '../optimizers/schedules.js';

type Options = Record<string, unknown>;

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

/** A hand-written optimizer from the catalogue, by its registry name ('adam', 'article-rmsprop', ...). */
export function optimizerByName(name: unknown, options: Options, where = 'optimizer'): Optimizer {
  // The factories validate the JSON options themselves; their errors name the bad option.
  return catalogEntry(String(name), where).make(options);
}

export function scheduleByName(name: unknown, options: Options = {}, where = 'schedule'): Schedule {
  if (typeof name !== 'string' || !(name in SCHEDULES)) {
    throw new RangeError(`${where} must be one of ${known(SCHEDULES)}; got ${JSON.stringify(name)}`);
  }
  return SCHEDULES[name](options);
}
