/** Every bad input throws the right error class and names the parameter (and never clamps). */
import { expect } from 'chai';
import type { Optimizer } from '../src/core/types.js';
import { leastSquares, logisticRegression, duplicate, tabular } from '../src/data/index.js';
import { bowl, conditionedQuadratic, diagonalQuadratic, rastrigin, rosenbrock } from '../src/objectives/index.js';
import {
  adadelta, adagrad, adam, adamBasic, adamax, articleRmsprop, cosineDecay, exponentialDecay, gd,
  inverseTimeDecay, momentum, nesterov, rmsprop, stepDecay,
} from '../src/optimizers/index.js';
import { optimizerRegistry } from '../src/registry.js';
import { minibatches } from '../src/run/minibatches.js';
import { withGradientNoise } from '../src/run/noise.js';
import { rng } from '../src/run/rng.js';
import { trajectory } from '../src/run/trajectory.js';

type Factory = (lr: unknown) => Optimizer;
/** Every registered optimizer that takes a rate, built from its registry example with lr replaced. */
const withRate: Record<string, Factory> = Object.fromEntries(
  optimizerRegistry.filter((e) => 'lr' in e.options).map((e) => [e.name, (lr: unknown) => e.make({ ...e.example, lr } as never)]),
);
/** Those whose rate may be one per parameter. */
const perParameterRate = optimizerRegistry.filter((e) => e.options.lr?.allowed.includes('per parameter')).map((e) => e.name);

describe('validation: learning rates', () => {
  for (const [name, make] of Object.entries(withRate)) {
    it(`${name}: lr ≤ 0, NaN, ∞ → RangeError; a string → TypeError; all naming lr`, () => {
      for (const bad of [0, -0.1, NaN, Infinity]) expect(() => make(bad), `lr=${bad}`).to.throw(RangeError, /^lr.*got/);
      expect(() => make('0.1')).to.throw(TypeError, /lr/);
      expect(() => make(0.1)).to.not.throw();
    });
  }
  it('the registry lists every optimizer with a rate (15), 13 of them per-parameter', () => {
    expect(Object.keys(withRate)).to.have.length(15);
    expect(perParameterRate).to.have.length(13);
  });
  for (const name of perParameterRate) {
    it(`${name}: a per-parameter rate of the wrong length → RangeError at the start of the run; a bad entry names its index`, () => {
      expect(() => trajectory(withRate[name]([0.1, 0.2, 0.3]), bowl(), { start: [1, 1], steps: 2 })).to.throw(RangeError, /lr must be .*2 numbers.*got 3/);
      expect(() => withRate[name]([0.1, -1])).to.throw(RangeError, /lr\[1\]/);
      expect(() => withRate[name]([])).to.throw(TypeError, /lr/);
    });
  }
});

describe('validation: momentum, ρ, β, δ, v₀', () => {
  it('momentum outside [0, 1) → RangeError naming momentum', () => {
    for (const bad of [-0.1, 1, 1.5, NaN]) {
      expect(() => momentum({ lr: 0.1, momentum: bad })).to.throw(RangeError, /momentum must be in \[0, 1\)/);
      expect(() => nesterov({ lr: 0.1, momentum: bad })).to.throw(RangeError, /momentum/);
      expect(() => adamBasic({ lr: 0.1, momentum: bad, rho: 0.9 })).to.throw(RangeError, /momentum/);
    }
    expect(() => momentum({ lr: 0.1, momentum: 0 })).to.not.throw();
  });
  it('ρ, β₁, β₂ outside [0, 1) → RangeError naming them', () => {
    expect(() => rmsprop({ lr: 0.1, rho: 1 })).to.throw(RangeError, /rho/);
    expect(() => articleRmsprop({ lr: 0.1, rho: -0.5 })).to.throw(RangeError, /rho/);
    expect(() => adadelta({ rho: 1.2 })).to.throw(RangeError, /rho/);
    expect(() => adamBasic({ lr: 0.1, momentum: 0.9, rho: 1 })).to.throw(RangeError, /rho/);
    expect(() => adam({ lr: 0.1, beta1: 1 })).to.throw(RangeError, /beta1/);
    expect(() => adam({ lr: 0.1, beta2: -1 })).to.throw(RangeError, /beta2/);
    expect(() => adamax({ lr: 0.1, beta2: 1 })).to.throw(RangeError, /beta2/);
  });
  it('δ ≤ 0 → RangeError naming delta', () => {
    for (const make of [
      () => adagrad({ lr: 1, delta: 0 }), () => rmsprop({ lr: 1, rho: 0.9, delta: -1 }), () => adam({ lr: 1, delta: 0 }),
      () => adamax({ lr: 1, delta: NaN }), () => adadelta({ rho: 0.9, delta: 0 }), () => articleRmsprop({ lr: 1, rho: 0.9, delta: 0 }),
    ]) expect(make).to.throw(RangeError, /delta/);
    expect(() => adagrad({ lr: 1, r0: -1 })).to.throw(RangeError, /r0/);
  });
  it('v₀ must be finite, and per-parameter of the right length', () => {
    expect(() => momentum({ lr: 0.1, momentum: 0.9, v0: NaN })).to.throw(RangeError, /v0/);
    expect(() => nesterov({ lr: 0.1, momentum: 0.9, v0: [1, Infinity] })).to.throw(RangeError, /v0\[1\]/);
    expect(() => trajectory(momentum({ lr: 0.1, momentum: 0.9, v0: [1, 1, 1] }), bowl(), { start: [1, 1], steps: 1 })).to.throw(RangeError, /v0 must be .*2 numbers/);
    expect(() => momentum({ lr: 0.1, momentum: 0.9, v0: -3 })).to.not.throw();
  });
  it('a schedule that is not a Schedule → TypeError naming schedule', () => {
    expect(() => gd({ lr: 0.1, schedule: { beta: 0.9 } as never })).to.throw(TypeError, /schedule/);
    expect(() => adam({ lr: 0.1, schedule: 0.9 as never })).to.throw(TypeError, /schedule/);
  });
});

describe('validation: schedules', () => {
  it('β, factor in (0, 1); every, period whole ≥ 1; k > 0; floor in [0, 1)', () => {
    for (const beta of [0, 1, 1.1, NaN]) expect(() => exponentialDecay({ beta })).to.throw(RangeError, /beta/);
    expect(() => stepDecay({ every: 0, factor: 0.5 })).to.throw(RangeError, /every/);
    expect(() => stepDecay({ every: 2.5, factor: 0.5 })).to.throw(RangeError, /every/);
    expect(() => stepDecay({ every: 10, factor: 1 })).to.throw(RangeError, /factor/);
    expect(() => inverseTimeDecay({ k: -1 })).to.throw(RangeError, /k/);
    expect(() => cosineDecay({ period: 0 })).to.throw(RangeError, /period/);
    expect(() => cosineDecay({ period: 10, floor: 1 })).to.throw(RangeError, /floor/);
  });
});

describe('validation: runs', () => {
  it('steps must be a positive whole number', () => {
    for (const steps of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => trajectory(gd({ lr: 0.1 }), bowl(), { start: [1, 1], steps })).to.throw(RangeError, /steps must be a whole number ≥ 1/);
    }
    expect(() => trajectory(gd({ lr: 0.1 }), bowl(), { start: [1, 1], steps: '10' as never })).to.throw(TypeError, /steps/);
  });
  it('start must have the objective\'s dimension and finite coordinates', () => {
    expect(() => trajectory(gd({ lr: 0.1 }), bowl(), { start: [1, 1, 1], steps: 1 })).to.throw(RangeError, /start must have 2 coordinates/);
    expect(() => trajectory(gd({ lr: 0.1 }), rastrigin({ dim: 3 }), { start: [1, 1], steps: 1 })).to.throw(RangeError, /start must have 3/);
    expect(() => trajectory(gd({ lr: 0.1 }), bowl(), { start: [1, NaN], steps: 1 })).to.throw(RangeError, /start\[1\]/);
    expect(() => trajectory(gd({ lr: 0.1 }), bowl(), { start: 'a' as never, steps: 1 })).to.throw(TypeError, /start/);
  });
});

describe('validation: objectives, noise, data', () => {
  it('objective options', () => {
    expect(() => rastrigin({ dim: 0 })).to.throw(RangeError, /dim/);
    expect(() => rastrigin({ A: -1 })).to.throw(RangeError, /A/);
    expect(() => rosenbrock({ b: 0 })).to.throw(RangeError, /b/);
    expect(() => rosenbrock({ a: NaN })).to.throw(RangeError, /a must be/);
    expect(() => diagonalQuadratic([1, 0])).to.throw(RangeError, /curvatures\[1\]/);
    expect(() => conditionedQuadratic({ dim: 3, condition: 0.5 })).to.throw(RangeError, /condition/);
  });
  it('noise and randomness', () => {
    expect(() => withGradientNoise(bowl(), { sigma: 0, seed: 1 })).to.throw(RangeError, /sigma/);
    expect(() => withGradientNoise(bowl(), { sigma: 1, seed: -1 })).to.throw(RangeError, /seed/);
    expect(() => withGradientNoise(bowl(), { sigma: 1, seed: 1.5 })).to.throw(RangeError, /seed/);
    expect(() => rng(-3)).to.throw(RangeError, /seed/);
  });
  it('data sets, models and minibatches', () => {
    const x = [[1], [2], [3]];
    expect(() => leastSquares(x, [1, 2])).to.throw(RangeError, /y must have one target per row/);
    expect(() => leastSquares([[1], [2, 3]], [1, 2])).to.throw(RangeError, /x\[1\] must have 1 features/);
    expect(() => leastSquares(x, [1, 2, 3], { l2: -1 })).to.throw(RangeError, /l2/);
    expect(() => logisticRegression(x, [0, 1, 0.5])).to.throw(RangeError, /y\[2\] must be a class index/);
    expect(() => logisticRegression(x, [0, 1, 2], { classes: 2 })).to.throw(RangeError, /classes/);
    const f = leastSquares(x, [1, 2, 3]);
    expect(() => minibatches(f, { batchSize: 0, seed: 1 })).to.throw(RangeError, /batchSize/);
    expect(() => minibatches(f, { batchSize: 4, seed: 1 })).to.throw(RangeError, /batchSize must be at most .*3/);
    expect(() => minibatches(f, { batchSize: 2, seed: 0.5 })).to.throw(RangeError, /seed/);
    expect(() => duplicate(tabular(x, [1, 2, 3]), 0)).to.throw(RangeError, /times/);
  });
});
