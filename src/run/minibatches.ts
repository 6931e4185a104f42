import type { Objective } from '../core/types.js';
import { nonNegativeInt, positiveInt } from '../core/validate.js';
import { zeros } from '../core/vec.js';
import type { DatasetObjective } from '../data/models.js';
import { hashSeed, rng } from './rng.js';

export interface MinibatchOptions {
  /** m, examples per gradient (N gives full-batch GD, 1 plain SGD). */
  batchSize: number;
  /** Seed of the shuffles; epoch e uses its own permutation derived from (seed, e). */
  seed: number;
}

/** A data-set loss whose gradient at step t is the mean over that step's batch. */
export interface MinibatchObjective extends Objective {
  readonly batchSize: number;
  readonly seed: number;
  /** N, examples in the data set. */
  readonly examples: number;
  /** Steps per pass over the data: ⌈N/m⌉ (the last batch of an epoch may be smaller). */
  readonly batchesPerEpoch: number;
  /** The example indices used by step t. */
  batch(step: number): readonly number[];
  /** How many per-example gradients the first `steps` steps computed (the x-axis of cost plots). */
  examplesSeen(steps: number): number;
  /** The full-data objective. */
  readonly full: DatasetObjective;
}

/**
 * Minibatch gradients: each epoch shuffles the examples (seeded) and cuts them into batches of
 * m; step t uses batch t mod ⌈N/m⌉ of epoch ⌊t/⌈N/m⌉⌋, and its gradient is
 * (1/|B|) Σ_{i∈B} ∇Lᵢ(θ). The value stays the full-data loss, for plotting.
 */
export function minibatches(objective: DatasetObjective, options: MinibatchOptions): MinibatchObjective {
  const n = objective.examples;
  const m = positiveInt('batchSize', options.batchSize);
  if (m > n) throw new RangeError(`batchSize must be at most the number of examples (${n}); got ${m}`);
  const seed = nonNegativeInt('seed', options.seed);
  const perEpoch = Math.ceil(n / m);
  let cached = { epoch: -1, order: [] as number[] };
  const order = (epoch: number): number[] => {
    if (cached.epoch !== epoch) {
      cached = { epoch, order: rng(hashSeed(seed, epoch)).shuffle(Array.from({ length: n }, (_, i) => i)) };
    }
    return cached.order;
  };
  const batch = (step: number): number[] => {
    nonNegativeInt('step', step);
    const k = step % perEpoch;
    return order(Math.floor(step / perEpoch)).slice(k * m, Math.min((k + 1) * m, n));
  };
  return {
    name: `${objective.name}, batches of ${m}`,
    tex: objective.tex,
    dim: objective.dim,
    value: (theta) => objective.value(theta),
    gradient(theta, step = 0) {
      const b = batch(step);
      const g = zeros(theta.length);
      for (const i of b) objective.addExampleGradient(theta, i, 1 / b.length, g);
      return g;
    },
    minima: objective.minima,
    domain: objective.domain,
    batchSize: m,
    seed,
    examples: n,
    batchesPerEpoch: perEpoch,
    batch,
    examplesSeen: (steps) => Math.floor(nonNegativeInt('steps', steps) / perEpoch) * n + Math.min((steps % perEpoch) * m, n),
    full: objective,
  };
}
