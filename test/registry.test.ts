/** The optimizer registry: complete, consistent with the factories, twins, cards and trainers. */
import { expect } from 'chai';
import { bowl, illConditioned } from '../src/objectives/index.js';
import { withGradientNoise } from '../src/run/noise.js';
import { compareRuns } from '../src/run/compare.js';
import { initBackend } from '../src/tfjs/backend.js';
import { trajectory } from '../src/run/trajectory.js';
import { formulaCard } from '../src/tfjs/cards.js';
import { handWrittenTrainer, tfjsTrainer } from '../src/train/trainers.js';
import { optimizerEntry, optimizerRegistry, optimizerTable } from '../src/registry.js';
import * as lib from '../src/index.js';

describe('optimizer registry', () => {
  it('lists every optimizer factory the library exports, once, under the name the optimizer records', () => {
    const names = optimizerRegistry.map((e) => e.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const e of optimizerRegistry) expect(e.make(e.example).name, e.title).to.equal(e.name);
    const factories = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'centeredRmsprop', 'articleRmsprop', 'adamBasic', 'adam', 'adamw', 'nadam', 'adamax', 'adadelta', 'newton', 'bfgs'];
    expect(optimizerRegistry.map((e) => e.make)).to.have.members(factories.map((f) => (lib as unknown as Record<string, unknown>)[f]));
  });
  it('every example runs on the bowl; first-order ones accept clipValue, clipNorm and weightDecay', () => {
    for (const e of optimizerRegistry) {
      const run = trajectory(e.make(e.example), bowl(), { start: [1, -0.5], steps: 10 });
      expect(run.diverged, e.name).to.equal(null);
      if (e.kind !== 'first-order') continue;
      for (const key of ['clipValue', 'clipNorm', 'weightDecay']) expect(e.options, e.name).to.have.property(key);
      const extra = e.make({ ...e.example, clipValue: 1, clipNorm: 1, weightDecay: 0.01 });
      expect(trajectory(extra, bowl(), { start: [1, -0.5], steps: 10 }).diverged, e.name).to.equal(null);
    }
  });
  it('options with defaults are optional; those without are required', () => {
    for (const e of optimizerRegistry) {
      for (const [key, spec] of Object.entries(e.options)) {
        if (spec.default === undefined) expect(e.example, `${e.name}.${key}`).to.have.property(key);
      }
    }
  });
  it('cards exist for the twins that have one; twins refuse what tf.train cannot do', () => {
    for (const e of optimizerRegistry) if (e.card) expect(formulaCard(e.card)).to.match(/^### /);
    expect(() => optimizerEntry('adam').twin!({ lr: 0.1, weightDecay: 0.01 })).to.throw(RangeError, /weightDecay: the tf\.js twin of Adam has no weightDecay/);
    expect(() => optimizerEntry('adamw ')).to.throw(RangeError, /name must be one of gd, momentum.*; got "adamw "/);
  });
  it('the trainers take their tf.train rules from it and refuse second-order optimizers', () => {
    expect(() => tfjsTrainer('adamw' as never, { lr: 0.1 })).to.throw(RangeError, /name must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam; got "adamw"/);
    expect(tfjsTrainer('sgd', { lr: 0.1 }).label).to.equal('SGD ε=0.1 (tf.js)');
    expect(() => handWrittenTrainer(optimizerEntry('bfgs').make({}))).to.throw(RangeError, /n×n matrix/);
    expect(handWrittenTrainer(optimizerEntry('adamw').make({ lr: 0.01 })).label).to.equal('AdamW β₁=0.9 β₂=0.999 λ=0.01 ε=0.01 (hand-written)');
  });
  it('optimizerTable: one row per optimizer, or the ones asked for', () => {
    expect(optimizerTable().split('\n')).to.have.length(2 + optimizerRegistry.length);
    const t = optimizerTable(['adam', 'adamw']);
    expect(t).to.contain('| AdamW (`adamw`) |').and.contain('`weightDecay` (0.01)');
    expect(t.split('\n')).to.have.length(4);
  });
});

describe('registry twins: centered RMSProp paired with tf.train.rmsprop(…, centered = true)', () => {
  before(async () => { await initBackend(); });
  it('on noisy gradients (variance ≫ δ²) the two agree to float32 precision, θ and the mean gradient mg', () => {
    const e = optimizerEntry('rmsprop-centered');
    for (const sigma of [0.5, 2]) {
      const f = withGradientNoise(illConditioned({ a: 1, b: 10 }), { sigma, seed: 5 });
      const o = { lr: 0.01, rho: 0.9 };
      const hand = trajectory(e.make(o), f, { start: [3, 2], steps: 200 });
      const tf = trajectory(e.twin!(o), f, { start: [3, 2], steps: 200 });
      expect(hand.diverged).to.equal(null);
      expect(tf.diverged).to.equal(null);
      expect(compareRuns(hand, tf).max, `σ=${sigma}`).to.be.below(1e-5);
      expect(compareRuns(hand, tf, (r, t) => r.states[t].mg as Float64Array).max, `σ=${sigma}`).to.be.below(1e-4);
    }
  });
});
