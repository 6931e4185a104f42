import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import type { Dataset, MnistSplit } from '../src/data/mnist.js';
import type { Objective, Optimizer } from '../src/core/types.js';
import { adam, gd, momentum, newton } from '../src/optimizers/index.js';
import {
  type TrainResult, type Trainer, accuracyTable, compareWeights, createMlp, formatProgress, handWrittenTrainer, layerNormRatios,
  layerNormSeries, layerNormTable, lossCurves, movingAverage, parameterCount, parityCurves, progressReporter, tfjsTrainer, trainAll,
  trainNetwork, twinPairs,
} from '../src/train/index.js';
import { backends, describeOnBackends } from './helpers/backends.js';

/** A small synthetic split: the class is the index of the largest of the first `classes` inputs. */
function toySplit(nTrain: number, nTest: number, features: number, seed: number): MnistSplit {
  let s = seed + 1;
  const u = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
  const make = (n: number): Dataset => {
    const x = new Float32Array(n * features);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let f = 0; f < features; f++) {
        x[i * features + f] = u();
        if (f < 10 && x[i * features + f] > x[i * features + best]) best = f;
      }
      labels[i] = best;
    }
    return { x, labels, n, features, side: Math.sqrt(features), classes: 10 };
  };
  return { train: make(nTrain), test: make(nTest), seed, pool: 1 };
}

const data = toySplit(96, 32, 16, 1);
const small = { layers: [16, 8, 10], activation: 'relu' as const, seed: 5 };
const base = { data, model: small, epochs: 2, batchSize: 16, seed: 3, evalsPerEpoch: 2 };

const machine = await backends();

describeOnBackends('train: a tf.js MLP driven by tf.train and by hand-written optimizers', machine, () => {
  it('counts parameters as Σ (fan-in + 1)·fan-out and round-trips θ', () => {
    expect(parameterCount([196, 64, 10])).to.equal(197 * 64 + 65 * 10);
    const net = createMlp({ layers: [16, 8, 10], activation: 'tanh', seed: 1 });
    try {
      expect(net.size).to.equal(17 * 8 + 9 * 10);
      const theta = Float32Array.from({ length: net.size }, (_, i) => Math.sin(i));
      net.setFlat(theta);
      expect(net.getFlat()).to.deep.equal(theta);
      expect(net.weightSegments.map((s) => s.offset)).to.deep.equal([0, 136]);
      expect(net.biasSegments).to.deep.equal([{ offset: 128, length: 8 }, { offset: 216, length: 10 }]);
    } finally { net.dispose(); }
  });

  it('initialises with He scale for ReLU, identically for a given seed', () => {
    const a = createMlp({ layers: [196, 64, 10], activation: 'relu', seed: 9 });
    const b = createMlp({ layers: [196, 64, 10], activation: 'relu', seed: 9 });
    try {
      const w = a.layers[0].W.dataSync();
      let ss = 0;
      for (const v of w) ss += v * v;
      expect(Math.sqrt(ss / w.length)).to.be.closeTo(Math.sqrt(2 / 196), 0.03 * Math.sqrt(2 / 196));
      expect(a.getFlat()).to.deep.equal(b.getFlat());
    } finally { a.dispose(); b.dispose(); }
  });

  it('has loss ln 10 when all weights are zero (uniform softmax over 10 classes)', () => {
    const net = createMlp(small);
    try {
      net.setFlat(new Float32Array(net.size));
      const loss = tf.tidy(() => net.loss(tf.tensor2d(data.train.x.subarray(0, 5 * 16), [5, 16]), tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4], 'int32'), 10).toFloat() as tf.Tensor2D).dataSync()[0]);
      expect(loss).to.be.closeTo(Math.log(10), 1e-6);
    } finally { net.dispose(); }
  });

  it('takes the closed-form softmax-regression gradient step, hand-written and tf.js alike', async () => {
    // One layer: L = mean_i CE(softmax(x_i W + b), y_i), ∂L/∂W = Xᵀ(P − Y)/m, ∂L/∂b = Σ_i (P − Y)_i / m.
    const model = { layers: [16, 10], activation: 'relu' as const, seed: 2 };
    const lr = 0.5;
    const net = createMlp(model);
    const theta0 = Float64Array.from(net.getFlat());
    net.dispose();
    // Same first batch: reproduce it by recording what the trainer is given.
    let firstBatch: number[] = [];
    const spy: Trainer = {
      name: 'spy', label: 'spy', impl: 'hand-written',
      start: () => ({ step(x) { if (!firstBatch.length) firstBatch = Array.from(x.dataSync()); return { loss: 1, layerNorms: null, biasNorms: null }; }, dispose() {} }),
    };
    await trainNetwork({ ...base, model, trainer: spy, maxSteps: 1 });
    const m = firstBatch.length / 16;
    const rows = Array.from({ length: m }, (_, r) => firstBatch.slice(r * 16, (r + 1) * 16));
    const label = rows.map((row) => row.slice(0, 10).indexOf(Math.max(...row.slice(0, 10))));
    const W = (i: number, k: number) => theta0[i * 10 + k];
    const b = (k: number) => theta0[160 + k];
    const expected = Float64Array.from(theta0);
    for (let r = 0; r < m; r++) {
      const z = Array.from({ length: 10 }, (_, k) => rows[r].reduce((s, xi, i) => s + xi * W(i, k), b(k)));
      const zmax = Math.max(...z);
      const e = z.map((v) => Math.exp(v - zmax));
      const sum = e.reduce((a, c) => a + c, 0);
      for (let k = 0; k < 10; k++) {
        const d = (e[k] / sum - (k === label[r] ? 1 : 0)) / m;
        for (let i = 0; i < 16; i++) expected[i * 10 + k] -= lr * d * rows[r][i];
        expected[160 + k] -= lr * d;
      }
    }
    const [hand, tfjs] = await trainAll([handWrittenTrainer(gd({ lr })), tfjsTrainer('sgd', { lr })], { ...base, model, maxSteps: 1, snapshotEvery: 1 });
    for (const run of [hand, tfjs]) {
      const theta1 = run.snapshots.thetas[1];
      let worst = 0;
      for (let i = 0; i < theta1.length; i++) worst = Math.max(worst, Math.abs(theta1[i] - expected[i]));
      expect(worst, run.label).to.be.below(1e-6);
    }
  });

  it('matches tf.train within float32 rounding: SGD, momentum and Adam over the same batches', async () => {
    const runs = await trainAll([
      tfjsTrainer('sgd', { lr: 0.2 }), handWrittenTrainer(gd({ lr: 0.2 })),
      tfjsTrainer('momentum', { lr: 0.05, momentum: 0.9 }), handWrittenTrainer(momentum({ lr: 0.05, momentum: 0.9 })),
      tfjsTrainer('adam', { lr: 0.01 }), handWrittenTrainer(adam({ lr: 0.01 })),
    ], { ...base, snapshotEvery: 2 });
    const pairs = twinPairs(runs);
    expect(pairs.map((p) => p.rule)).to.deep.equal(['sgd', 'momentum', 'adam']);
    for (const { rule, hand, tfjs } of pairs) {
      const cmp = compareWeights(hand, tfjs);
      expect(cmp.perStep[0], rule).to.equal(0); // same initial weights
      expect(cmp.max, rule).to.be.below(1e-5);
      expect(cmp.max, `${rule}: weights moved`).to.be.above(0);
      hand.losses.forEach((l, t) => expect(l, `${rule} loss ${t}`).to.be.closeTo(tfjs.losses[t], 1e-5));
    }
    // the runs really differ between rules (the comparison is not trivially small)
    expect(compareWeights(runs[0], runs[4]).max).to.be.above(1e-3);
  });

  it('gives identical numbers when run twice, and shows every training image once per epoch', async () => {
    const a = await trainNetwork({ ...base, trainer: tfjsTrainer('adam', { lr: 0.01 }) });
    const b = await trainNetwork({ ...base, trainer: tfjsTrainer('adam', { lr: 0.01 }) });
    expect(a.losses).to.deep.equal(b.losses);
    expect(a.evaluations).to.deep.equal(b.evaluations);
    expect(a.steps).to.equal(2 * 6);
    expect(a.evaluations.map((e) => e.step)).to.deep.equal([0, 3, 6, 9, 12]);
    expect(a.evaluations.map((e) => e.epoch)).to.deep.equal([0, 0.5, 1, 1.5, 2]);

    const seen: number[][] = [];
    const recorder: Trainer = {
      name: 'recorder', label: 'recorder', impl: 'hand-written',
      start: () => ({
        step(x) {
          const v = x.dataSync();
          for (let r = 0; r < x.shape[0]; r++) seen.push(Array.from(v.subarray(r * 16, r * 16 + 2)));
          return { loss: 1, layerNorms: null, biasNorms: null };
        },
        dispose() {},
      }),
    };
    await trainNetwork({ ...base, batchSize: 10, trainer: recorder }); // 96 = 9·10 + 6: a short last batch
    expect(seen).to.have.length(2 * 96);
    const key = (r: number[]) => r.join(',');
    const all = new Set(Array.from({ length: 96 }, (_, i) => `${data.train.x[i * 16]},${data.train.x[i * 16 + 1]}`));
    const epoch1 = seen.slice(0, 96).map(key);
    const epoch2 = seen.slice(96).map(key);
    expect(new Set(epoch1)).to.deep.equal(all);
    expect(new Set(epoch2)).to.deep.equal(all);
    expect(epoch1).to.not.deep.equal(epoch2);
  });

  it('records per-layer gradient norms the same way for both kinds of trainer', async () => {
    const model = { layers: [16, 8, 8, 8, 10], activation: 'sigmoid' as const, seed: 4 };
    const [t, h] = await trainAll([tfjsTrainer('sgd', { lr: 0.1 }), handWrittenTrainer(gd({ lr: 0.1 }))], { ...base, model, layerNorms: true, maxSteps: 4 });
    expect(t.layerNorms).to.have.length(4);
    expect(t.biasNorms![0]).to.have.length(4);
    for (const which of ['layerNorms', 'biasNorms'] as const) {
      t[which]!.forEach((series, l) => series.forEach((v, s) => expect(h[which]![l][s]).to.be.closeTo(v, 1e-5 * v + 1e-9)));
    }
    // sigmoid: the signal shrinks on its way back (σ' ≤ 1/4), so the input-side layer gets the least
    const ratios = layerNormRatios(t, 'biases', 4);
    expect(ratios[3]).to.equal(1);
    expect(ratios[0]).to.be.below(ratios[2]);
    expect(ratios[0]).to.be.below(0.25);
    const series = layerNormSeries(t, 'biases');
    expect(series.map((s) => s.label)).to.deep.equal(['layer 1 (input side)', 'layer 2', 'layer 3', 'layer 4 (output)']);
    expect(() => layerNormSeries({ ...t, biasNorms: null })).to.not.throw();
    expect(() => layerNormSeries({ ...t, layerNorms: null })).to.throw(RangeError, /layerNorms: true/);
  });

  it('frees every tensor it makes, also when the optimizer throws', async () => {
    const before = tf.memory().numTensors;
    await trainAll([
      tfjsTrainer('sgd', { lr: 0.1 }), tfjsTrainer('momentum', { lr: 0.1, momentum: 0.9 }), tfjsTrainer('nesterov', { lr: 0.1, momentum: 0.9 }),
      tfjsTrainer('adagrad', { lr: 0.1 }), tfjsTrainer('rmsprop', { lr: 0.01 }), tfjsTrainer('adam', { lr: 0.01 }),
      handWrittenTrainer(adam({ lr: 0.01 })),
    ], { ...base, layerNorms: true, snapshotEvery: 3 });
    expect(tf.memory().numTensors).to.equal(before);
    const broken: Optimizer = {
      name: 'broken', label: 'broken', impl: 'hand-written', options: {},
      init: () => ({}),
      step(theta, _s, f: Objective, t) { f.gradient(theta, t); throw new Error('boom'); },
    };
    let err: unknown = null;
    try { await trainNetwork({ ...base, trainer: handWrittenTrainer(broken) }); } catch (e) { err = e; }
    expect(String(err)).to.match(/boom/);
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('reports a diverging run instead of throwing', async () => {
    const r = await trainNetwork({ ...base, trainer: tfjsTrainer('sgd', { lr: 1e4 }) });
    expect(r.diverged).to.not.equal(null);
    expect(r.steps).to.be.below(12);
    expect(accuracyTable([r])).to.match(/diverged at step \d+/);
  });

  it('rejects bad input, naming the parameter', () => {
    expect(() => tfjsTrainer('adamw' as never, { lr: 0.1 })).to.throw(RangeError, /name must be one of .*"adamw"/);
    expect(() => tfjsTrainer('momentum', { lr: 0.1 })).to.throw(TypeError, /momentum must be a number/);
    expect(() => tfjsTrainer('sgd', { lr: -1 })).to.throw(RangeError, /lr must be a finite number > 0; got -1/);
    expect(() => handWrittenTrainer(newton({}))).to.throw(RangeError, /newton needs an n×n matrix/);
    expect(() => createMlp({ layers: [16], activation: 'relu', seed: 0 })).to.throw(RangeError, /layers must list at least two/);
    expect(() => createMlp({ layers: [16, 10], activation: 'softplus' as never, seed: 0 })).to.throw(RangeError, /activation must be one of/);
    return Promise.all([
      trainNetwork({ ...base, model: { ...small, layers: [15, 10] }, trainer: tfjsTrainer('sgd', { lr: 0.1 }) }).then(
        () => { throw new Error('should have failed'); },
        (e: Error) => expect(e.message).to.match(/layers\[0\] must equal the number of inputs \(16 pixels\); got 15/)),
      trainNetwork({ ...base, batchSize: 0, trainer: tfjsTrainer('sgd', { lr: 0.1 }) }).then(
        () => { throw new Error('should have failed'); },
        (e: Error) => expect(e.message).to.match(/batchSize must be a whole number ≥ 1; got 0/)),
    ]);
  });
});

describe('train reports', () => {
  const fake = (over: Partial<TrainResult>): TrainResult => ({
    label: 'x', name: 'sgd', impl: 'tfjs', batchSize: 4, epochs: 1, seed: 0, steps: 3, stepsPerEpoch: 3, parameters: 2,
    losses: [3, 2, 1], evaluations: [], final: { step: 3, epoch: 1, trainLoss: 0.5, testLoss: 0.25, testAccuracy: 0.875 },
    layerNorms: null, biasNorms: null, snapshots: { steps: [0, 2], thetas: [Float32Array.of(1, 2), Float32Array.of(1.5, 2)] }, diverged: null, ...over,
  });

  it('averages over a trailing window', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 2)).to.deep.equal([1, 1.5, 2.5, 3.5, 4.5]);
    expect(movingAverage([4, 8], 5)).to.deep.equal([4, 6]);
  });

  it('compares weights snapshot by snapshot and names the real step', () => {
    const a = fake({});
    const b = fake({ snapshots: { steps: [0, 2], thetas: [Float32Array.of(1, 2), Float32Array.of(1.25, 2.5)] } });
    const c = compareWeights(a, b);
    expect(c.perStep).to.deep.equal([0, 0.5]);
    expect(c.max).to.equal(0.5);
    expect(c.maxStep).to.equal(2);
    expect(() => compareWeights(a, fake({ snapshots: { steps: [], thetas: [] } }))).to.throw(RangeError, /snapshotEvery/);
  });

  it('tables accuracy and draws tf.js runs dashed in the colour of their hand-written twin', () => {
    const t = fake({ label: 'SGD (tf.js)' });
    const h = fake({ label: 'GD (hand-written)', name: 'gd', impl: 'hand-written' });
    const table = accuracyTable([t, h]).split('\n');
    expect(table).to.have.length(4);
    expect(table[2]).to.equal('| SGD (tf.js) | 4 | 3 | 0.5000 | 0.2500 | **87.5%** |');
    const [ct, ch] = lossCurves([t, h], { window: 1 });
    expect(ct.color).to.equal(ch.color);
    expect(ct.dashed).to.equal(true);
    expect(ch.dashed).to.equal(false);
    expect(Array.from(ct.values)).to.deep.equal([3, 2, 1]);
    expect(Array.from(lossCurves([t], { x: 'epoch' })[0].x!)).to.deep.equal([1 / 3, 2 / 3, 1]);
  });

  it('pairs hand-written runs with their tf.js twins for the parity figure, skipping the shared start', () => {
    const t = fake({ name: 'sgd', impl: 'tfjs' });
    const h = fake({ name: 'gd', impl: 'hand-written', snapshots: { steps: [0, 2], thetas: [Float32Array.of(1, 2), Float32Array.of(1.5, 2.25)] } });
    const other = fake({ name: 'adam', impl: 'hand-written' });
    expect(twinPairs([t, h, other]).map((p) => p.rule)).to.deep.equal(['sgd']);
    const [curve] = parityCurves([t, h, other]);
    expect(curve.label).to.equal('sgd');
    expect(Array.from(curve.values)).to.deep.equal([0.25]);
    expect(Array.from(curve.x!)).to.deep.equal([2]);
  });

  it('tables per-layer norms as ratios to the output layer', () => {
    const r = fake({ steps: 2, biasNorms: [[1e-3, 3e-3], [0.5, 1.5]] });
    const rows = layerNormTable([r], ['net'], 'biases', 2).split('\n');
    expect(rows[2]).to.equal('| 1 (input side) | 2.0e-3 (2.0e-3) |');
    expect(rows[3]).to.equal('| 2 (output) | 1.0e+0 (1.0e+0) |');
    expect(rows[4]).to.equal('| test accuracy after 2 updates | 87.5% |');
    expect(() => layerNormTable([r], ['a', 'b'])).to.throw(RangeError, /one entry per run/);
  });

  it('rewrites one block of progress lines in place, one line per run', () => {
    const shown: string[] = [];
    const report = progressReporter({ text: (s) => shown.push(s) });
    const p = { label: 'Adam', step: 5, steps: 10, epoch: 0.5, epochs: 1, batchSize: 32, loss: 0.25, testAccuracy: 0.5, done: false };
    report({ ...p, run: 1, runs: 2 });
    report({ ...p, step: 10, epoch: 1, done: true, run: 1, runs: 2 });
    report({ ...p, step: 0, run: 2, runs: 2 });
    expect(shown).to.have.length(3);
    expect(shown[1].split('\n')).to.have.length(1);
    expect(shown[2].split('\n')).to.have.length(2);
    expect(shown[2].split('\n')[0]).to.match(/^\[1\/2\] █{20} 100%.*done/);
    expect(formatProgress(p)).to.match(/█{10}░{10}\s+50%\s+epoch 0.50\/1\s+batch size 32\s+last minibatch loss 0.250\s+test accuracy 50.0%\s+Adam$/);
    expect(() => progressReporter({} as never)).to.throw(TypeError, /text/);
  });
});
