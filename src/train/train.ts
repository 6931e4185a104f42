/**
 * The training loop: seeded minibatches over a Dataset, one Trainer, periodic evaluation
 * on held-out digits, optional per-layer gradient norms and weight snapshots. Every run
 * with the same options gives the same numbers (seeded init, seeded batch order,
 * deterministic float sums on the cpu and wasm backends).
 */
import * as tf from '@tensorflow/tfjs';
import type { Divergence } from '../core/types.js';
import { nonNegativeInt, positiveInt } from '../core/validate.js';
import type { Dataset, MnistSplit } from '../data/mnist.js';
import { type MlpOptions, checkMlpOptions, createMlp } from './mlp.js';
import { mixSeed, permutation } from './random.js';
import type { Trainer } from './trainers.js';

export interface TrainOptions {
  data: MnistSplit;
  model: MlpOptions;
  trainer: Trainer;
  epochs: number;
  batchSize: number;
  /** Seed of the batch order (default 0); epoch e uses its own permutation derived from it. */
  seed?: number;
  /** Evaluations per epoch on held-out data (default 4), plus one before the first step. */
  evalsPerEpoch?: number;
  /** Training images used for the training loss at each evaluation (default 2000). */
  evalTrainSize?: number;
  /** Stop after this many updates (probes that need only the first steps). */
  maxSteps?: number;
  /** Record ‖∂L/∂W_l‖ and ‖∂L/∂b_l‖ of every layer at every step. */
  layerNorms?: boolean;
  /** Keep a float32 copy of θ every this many steps (0 = none, default): parity checks. */
  snapshotEvery?: number;
  /** Called after each evaluation and at the end; the loop yields to the event loop after it. */
  onProgress?: (progress: Progress) => void;
  /** A loss above this (or NaN) stops the run and marks it diverged. Default 1e3. */
  blowUp?: number;
}

/** Held-out measurements at one point of a run. */
export interface Evaluation {
  readonly step: number;
  /** Epochs done: samples seen / training-set size. */
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** Fraction of test digits classified correctly. */
  readonly testAccuracy: number;
}

export interface Progress {
  readonly label: string;
  readonly step: number;
  readonly steps: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** The minibatch loss of the last step (NaN before the first). */
  readonly loss: number;
  readonly testAccuracy: number;
  readonly done: boolean;
  /** For trainAll: which run (1-based) of how many. */
  readonly run?: number;
  readonly runs?: number;
}

export interface TrainResult {
  readonly label: string;
  readonly name: string;
  readonly impl: 'tfjs' | 'hand-written';
  readonly batchSize: number;
  readonly epochs: number;
  readonly seed: number;
  /** Updates done. */
  readonly steps: number;
  readonly stepsPerEpoch: number;
  readonly parameters: number;
  /** Minibatch loss of every step (before its update). */
  readonly losses: number[];
  readonly evaluations: Evaluation[];
  /** The last evaluation (after the last step). */
  readonly final: Evaluation;
  /** layerNorms[l][t] = ‖∂L/∂W_l‖ at step t, input-side layer first; null unless asked for. */
  readonly layerNorms: number[][] | null;
  /** biasNorms[l][t] = ‖∂L/∂b_l‖ at step t (the back-propagated signal); null unless asked for. */
  readonly biasNorms: number[][] | null;
  /** θ at snapshot.steps[k] is snapshot.thetas[k]; empty unless snapshotEvery > 0. */
  readonly snapshots: { readonly steps: number[]; readonly thetas: Float32Array[] };
  readonly diverged: Divergence | null;
}

function tensorsOf(data: Dataset, rows: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const n = Math.min(rows, data.n);
  return tf.tidy(() => ({
    x: tf.tensor2d(data.x.subarray(0, n * data.features), [n, data.features]),
    y: tf.oneHot(tf.tensor1d(data.labels.subarray(0, n), 'int32'), data.classes).toFloat() as tf.Tensor2D,
  }));
}

function batchOf(data: Dataset, order: Uint32Array, from: number, to: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const m = to - from;
  const f = data.features;
  const xs = new Float32Array(m * f);
  const ys = new Float32Array(m * data.classes);
  for (let r = 0; r < m; r++) {
    const i = order[from + r];
    xs.set(data.x.subarray(i * f, (i + 1) * f), r * f);
    ys[r * data.classes + data.labels[i]] = 1;
  }
  return { x: tf.tensor2d(xs, [m, f]), y: tf.tensor2d(ys, [m, data.classes]) };
}

/** Loss and accuracy of the model on fixed tensors. */
function measure(model: ReturnType<typeof createMlp>, set: { x: tf.Tensor2D; y: tf.Tensor2D }): { loss: number; accuracy: number } {
  const [loss, accuracy] = tf.tidy(() => {
    const logits = model.logits(set.x);
    const l = tf.losses.softmaxCrossEntropy(set.y, logits);
    const hit = tf.equal(tf.argMax(logits, 1), tf.argMax(set.y, 1)).toFloat().mean();
    return [l, hit];
  }).map((t) => { const v = t.dataSync()[0]; t.dispose(); return v; });
  return { loss, accuracy };
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Trains a freshly initialised network with one trainer. Frees every tensor it made. */
export async function trainNetwork(options: TrainOptions): Promise<TrainResult> {
  const { data, trainer } = options;
  if (!data || !data.train || !data.test) throw new TypeError('data must be a split from loadMnist()');
  if (!trainer || typeof trainer.start !== 'function') throw new TypeError('trainer must come from tfjsTrainer() or handWrittenTrainer()');
  checkMlpOptions(options.model);
  const train = data.train;
  if (options.model.layers[0] !== train.features) {
    throw new RangeError(`model.layers[0] must equal the number of inputs (${train.features} pixels); got ${options.model.layers[0]}`);
  }
  if (options.model.layers[options.model.layers.length - 1] !== train.classes) {
    throw new RangeError(`the last entry of model.layers must be ${train.classes} (one per digit); got ${options.model.layers[options.model.layers.length - 1]}`);
  }
  const epochs = positiveInt('epochs', options.epochs);
  const batchSize = positiveInt('batchSize', options.batchSize);
  if (batchSize > train.n) throw new RangeError(`batchSize must be at most the training-set size ${train.n}; got ${batchSize}`);
  const seed = nonNegativeInt('seed', options.seed ?? 0);
  const evalsPerEpoch = positiveInt('evalsPerEpoch', options.evalsPerEpoch ?? 4);
  const evalTrainSize = positiveInt('evalTrainSize', options.evalTrainSize ?? 2000);
  const snapshotEvery = nonNegativeInt('snapshotEvery', options.snapshotEvery ?? 0);
  const blowUp = options.blowUp ?? 1e3;
  const stepsPerEpoch = Math.ceil(train.n / batchSize);
  const plannedSteps = epochs * stepsPerEpoch;
  const steps = options.maxSteps === undefined ? plannedSteps : Math.min(plannedSteps, positiveInt('maxSteps', options.maxSteps));

  // Evaluate at evenly spaced fractions of each epoch (rounded to whole steps).
  const evalAt = new Set<number>([0, steps]);
  for (let e = 0; e < epochs; e++) {
    for (let k = 1; k <= evalsPerEpoch; k++) {
      const s = e * stepsPerEpoch + Math.round((k * stepsPerEpoch) / evalsPerEpoch);
      if (s <= steps) evalAt.add(s);
    }
  }

  const model = createMlp(options.model);
  const session = trainer.start(model);
  const trainEval = tensorsOf(train, evalTrainSize);
  const testEval = tensorsOf(data.test, data.test.n);
  const losses: number[] = [];
  const evaluations: Evaluation[] = [];
  const norms: number[][] | null = options.layerNorms ? model.layers.map(() => []) : null;
  const biasNorms: number[][] | null = options.layerNorms ? model.layers.map(() => []) : null;
  const snapshots = { steps: [] as number[], thetas: [] as Float32Array[] };
  let diverged: Divergence | null = null;
  let samples = 0;

  const evaluate = (step: number): Evaluation => {
    const tr = measure(model, trainEval);
    const te = measure(model, testEval);
    const ev = { step, epoch: samples / train.n, trainLoss: tr.loss, testLoss: te.loss, testAccuracy: te.accuracy };
    evaluations.push(ev);
    return ev;
  };
  const report = async (step: number, ev: Evaluation, done: boolean) => {
    if (!options.onProgress) return;
    options.onProgress({
      label: trainer.label, step, steps, epoch: ev.epoch, epochs, batchSize,
      loss: losses.length ? losses[losses.length - 1] : NaN, testAccuracy: ev.testAccuracy, done,
    });
    await yieldToLoop();
  };
  const snapshot = (step: number) => {
    snapshots.steps.push(step);
    snapshots.thetas.push(model.getFlat());
  };

  try {
    await report(0, evaluate(0), false);
    if (snapshotEvery) snapshot(0);
    let t = 0;
    outer: for (let e = 0; e < epochs; e++) {
      const order = permutation(train.n, mixSeed(seed, e));
      for (let b = 0; b < stepsPerEpoch && t < steps; b++) {
        const from = b * batchSize;
        const to = Math.min(train.n, from + batchSize);
        const batch = batchOf(train, order, from, to);
        let outcome;
        try {
          outcome = session.step(batch.x, batch.y, t, norms !== null);
        } finally {
          tf.dispose([batch.x, batch.y]);
        }
        samples += to - from;
        losses.push(outcome.loss);
        if (norms && outcome.layerNorms) outcome.layerNorms.forEach((v, l) => norms[l].push(v));
        if (biasNorms && outcome.biasNorms) outcome.biasNorms.forEach((v, l) => biasNorms[l].push(v));
        t++;
        if (!Number.isFinite(outcome.loss) || outcome.loss > blowUp) {
          diverged = { step: t - 1, reason: `the minibatch loss became ${outcome.loss}` };
          break outer;
        }
        if (snapshotEvery && (t % snapshotEvery === 0 || t === steps)) snapshot(t);
        if (evalAt.has(t) && t < steps) await report(t, evaluate(t), false);
      }
    }
    const final = evaluations[evaluations.length - 1]?.step === t ? evaluations[evaluations.length - 1] : evaluate(t);
    await report(t, final, true);
    return {
      label: trainer.label, name: trainer.name, impl: trainer.impl, batchSize, epochs, seed,
      steps: t, stepsPerEpoch, parameters: model.size, losses, evaluations, final,
      layerNorms: norms, biasNorms, snapshots, diverged,
    };
  } finally {
    session.dispose();
    tf.dispose([trainEval.x, trainEval.y, testEval.x, testEval.y]);
    model.dispose();
  }
}

/** Options shared by the runs of trainAll; `model` may instead come with each run. */
export type SharedTrainOptions = Omit<TrainOptions, 'trainer' | 'model'> & { model?: MlpOptions };

/** One run of a sweep: a trainer plus whatever it changes in the shared options (batchSize, model, …). */
export type RunSpec = Partial<SharedTrainOptions> & { trainer: Trainer };

/**
 * Trains one fresh network per entry, one after the other. With the same model seed and
 * batch seed every run starts from the same weights and sees the same batches, so the
 * runs differ only in what the entry changes (the optimizer, or a batch size, or a model).
 */
export async function trainAll(runs: readonly (Trainer | RunSpec)[], options: SharedTrainOptions): Promise<TrainResult[]> {
  if (!Array.isArray(runs) || runs.length === 0) throw new RangeError('runs must be a non-empty array of trainers or { trainer, ...overrides }');
  const results: TrainResult[] = [];
  const onProgress = options.onProgress;
  for (let i = 0; i < runs.length; i++) {
    const entry = runs[i];
    const spec: RunSpec = 'start' in entry ? { trainer: entry } : entry;
    const model = spec.model ?? options.model;
    if (!model) throw new TypeError(`runs[${i}] has no model: give one in the shared options or in the run`);
    results.push(await trainNetwork({
      ...options,
      ...spec,
      model,
      onProgress: onProgress && ((p) => onProgress({ ...p, run: i + 1, runs: runs.length })),
    }));
  }
  return results;
}
