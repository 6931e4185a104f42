import { expect } from 'chai';
import type { Objective } from '../src/core/types.js';
import { vec } from '../src/core/vec.js';
import { type DatasetObjective, duplicate, iris, leastSquares, logisticRegression, tabular } from '../src/data/index.js';
import { bowl, himmelblau } from '../src/objectives/index.js';
import { bfgs, gd, momentum, nesterov } from '../src/optimizers/index.js';
import { minibatches } from '../src/run/minibatches.js';
import { withGradientNoise } from '../src/run/noise.js';
import { hashSeed, mulberry32, normalAt, rng } from '../src/run/rng.js';
import { trajectory } from '../src/run/trajectory.js';

const pts = (run: { points: Float64Array[] }) => run.points.map((p) => Array.from(p));

describe('rng', () => {
  it('same seed, same numbers; another seed, other numbers', () => {
    const a = rng(42);
    const b = rng(42);
    const c = rng(43);
    const xa = Array.from({ length: 20 }, () => a.uniform());
    expect(xa).to.deep.equal(Array.from({ length: 20 }, () => b.uniform()));
    expect(xa).to.not.deep.equal(Array.from({ length: 20 }, () => c.uniform()));
    for (const x of xa) expect(x).to.be.within(0, 1).and.not.equal(1);
  });
  it('uniforms have mean ½ and variance 1/12; normals mean 0 and variance 1 (20 000 draws)', () => {
    const n = 20000;
    const r = rng(7);
    let su = 0; let su2 = 0; let sn = 0; let sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform(); su += u; su2 += u * u;
      const z = r.normal(); sn += z; sn2 += z * z;
    }
    expect(su / n).to.be.closeTo(0.5, 0.01);
    expect(su2 / n - (su / n) ** 2).to.be.closeTo(1 / 12, 0.003);
    expect(sn / n).to.be.closeTo(0, 0.03);
    expect(sn2 / n).to.be.closeTo(1, 0.03);
  });
  it('shuffle is a seeded permutation; int stays in range', () => {
    const s1 = rng(5).shuffle(Array.from({ length: 50 }, (_, i) => i));
    const s2 = rng(5).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect(s1).to.deep.equal(s2);
    expect([...s1].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    expect(s1).to.not.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    const r = rng(1);
    for (let i = 0; i < 200; i++) expect(r.int(3)).to.be.oneOf([0, 1, 2]);
  });
  it('hashSeed separates nearby inputs; mulberry32 is deterministic', () => {
    expect(hashSeed(1, 2, 3)).to.not.equal(hashSeed(1, 3, 2));
    expect(hashSeed(0, 0)).to.not.equal(hashSeed(0, 1));
    expect(mulberry32(9)()).to.equal(mulberry32(9)());
    expect(normalAt(1, 2, 3)).to.equal(normalAt(1, 2, 3));
  });
});

describe('withGradientNoise', () => {
  const f = withGradientNoise(bowl(), { sigma: 0.5, seed: 11 });
  it('noise depends only on (seed, step, coordinate): repeated calls in one step agree', () => {
    const t = vec([1, 2]);
    expect(Array.from(f.gradient(t, 3))).to.deep.equal(Array.from(f.gradient(t, 3)));
    expect(Array.from(f.gradient(t, 3))).to.not.deep.equal(Array.from(f.gradient(t, 4)));
    // The same noise at another point: the difference of noisy gradients is the clean difference.
    const d = f.gradient(vec([2, 5]), 3);
    const e = f.gradient(t, 3);
    expect(d[0] - e[0]).to.be.closeTo(2, 1e-12);
    expect(d[1] - e[1]).to.be.closeTo(6, 1e-12);
    expect(f.value(t)).to.equal(5); // values stay clean
  });
  it('the noise has mean 0 and standard deviation σ per coordinate', () => {
    const zero = vec([0, 0]);
    let s = 0; let s2 = 0;
    const n = 10000;
    for (let t = 0; t < n; t++) { const g = f.gradient(zero, t); s += g[0] + g[1]; s2 += g[0] ** 2 + g[1] ** 2; }
    expect(s / (2 * n)).to.be.closeTo(0, 0.015);
    expect(Math.sqrt(s2 / (2 * n))).to.be.closeTo(0.5, 0.015);
  });
  it('noisy runs are reproducible with the same seed and differ with another', () => {
    const run = (seed: number) => trajectory(nesterov({ lr: 0.05, momentum: 0.9 }), withGradientNoise(himmelblau(), { sigma: 2, seed }), { start: [0, 0], steps: 50 });
    expect(pts(run(1))).to.deep.equal(pts(run(1)));
    expect(pts(run(1))).to.not.deep.equal(pts(run(2)));
  });
  it('a noisy run jitters around the minimum instead of settling', () => {
    const noisy = trajectory(gd({ lr: 0.1 }), withGradientNoise(bowl(), { sigma: 1, seed: 3 }), { start: [5, 5], steps: 300 });
    const clean = trajectory(gd({ lr: 0.1 }), bowl(), { start: [5, 5], steps: 300 });
    const tail = noisy.losses.slice(200);
    // Stationary variance of x' = 0.8x − 0.1σξ is 0.01/(1 − 0.64) ≈ 0.028 per coordinate, so E L ≈ 0.056.
    expect(tail.reduce((a, b) => a + b, 0) / tail.length).to.be.within(0.02, 0.12);
    expect(clean.losses[300]).to.be.lessThan(1e-50);
  });
});

/** Central differences of the value and of the gradient against the analytic ones. */
function checkDerivatives(f: Objective, at: number[][], tol = 1e-6): void {
  for (const p of at) {
    const theta = vec(p);
    const g = f.gradient(theta);
    const h = f.hessian!(theta);
    for (let i = 0; i < f.dim; i++) {
      const step = 1e-5;
      const plus = theta.slice(); plus[i] += step;
      const minus = theta.slice(); minus[i] -= step;
      expect(g[i], `${f.name} ∂${i}`).to.be.closeTo((f.value(plus) - f.value(minus)) / (2 * step), tol);
      const gp = f.gradient(plus);
      const gm = f.gradient(minus);
      for (let j = 0; j < f.dim; j++) expect(h[j][i], `${f.name} H${j}${i}`).to.be.closeTo((gp[j] - gm[j]) / (2 * step), tol);
    }
  }
}

/** The mean of per-example gradients over all examples, one by one. */
function meanOfExamples(f: DatasetObjective, theta: Float64Array): Float64Array {
  const g = new Float64Array(theta.length);
  for (let i = 0; i < f.examples; i++) f.addExampleGradient(theta, i, 1 / f.examples, g);
  return g;
}

describe('data-set objectives', () => {
  const x = [[0.5, -1], [1.5, 0.2], [-0.3, 0.8], [2, 1], [-1, -0.5], [0.1, 0.1]];
  it('least squares: derivatives, and the fitted line of y = 2x + 1 is recovered exactly', () => {
    const f = leastSquares(x, [1, 2, -1, 0.5, 0, 3], { l2: 0.1 });
    checkDerivatives(f, [[0.3, -0.2, 0.5], [1, 2, -1]]);
    const line = leastSquares([[0], [1], [2], [3]], [1, 3, 5, 7]);
    const [slope, intercept] = Array.from(line.minima![0]);
    expect(slope).to.be.closeTo(2, 1e-12);
    expect(intercept).to.be.closeTo(1, 1e-12);
    expect(line.value(line.minima![0])).to.be.closeTo(0, 1e-24);
  });
  it('least squares with noise: the minimum is the textbook slope cov(x, y)/var(x)', () => {
    const xs = [0, 1, 2, 3, 4];
    const ys = [1.1, 2.9, 5.2, 6.8, 9.1];
    const mx = 2; const my = ys.reduce((a, b) => a + b) / 5;
    const slope = xs.reduce((s, v, i) => s + (v - mx) * (ys[i] - my), 0) / xs.reduce((s, v) => s + (v - mx) ** 2, 0);
    const m = leastSquares(xs.map((v) => [v]), ys).minima![0];
    expect(m[0]).to.be.closeTo(slope, 1e-12);
    expect(m[1]).to.be.closeTo(my - slope * mx, 1e-12);
  });
  it('binary logistic regression: derivatives; at θ = 0 the loss is log 2', () => {
    const f = logisticRegression(x, [0, 1, 0, 1, 0, 1], { l2: 0.05 });
    expect(f.dim).to.equal(3);
    checkDerivatives(f, [[0.3, -0.2, 0.5], [2, -1, 0.3]]);
    expect(f.value(vec([0, 0, 0]))).to.be.closeTo(Math.log(2) + 0, 1e-15);
    // A huge score on the right side costs ~0, on the wrong side ~|z| (no overflow).
    const g = logisticRegression([[1]], [1], { intercept: false });
    expect(g.value(vec([800]))).to.be.closeTo(0, 1e-300);
    expect(g.value(vec([-800]))).to.be.closeTo(800, 1e-9);
  });
  it('softmax regression (3 classes): derivatives; at θ = 0 the loss is log 3', () => {
    const f = logisticRegression(x, [0, 1, 2, 1, 0, 2], { l2: 0.05 });
    expect(f.dim).to.equal(9);
    checkDerivatives(f, [[0.3, -0.2, 0.5, 0.1, 0.7, -0.4, -1, 0.2, 0.9]]);
    expect(f.value(new Float64Array(9))).to.be.closeTo(Math.log(3), 1e-15);
  });
  it('the full gradient is the mean of the per-example gradients', () => {
    for (const f of [leastSquares(x, [1, 2, 3, 4, 5, 6]), logisticRegression(x, [0, 1, 2, 1, 0, 2])]) {
      const theta = vec(Array.from({ length: f.dim }, (_, i) => Math.sin(i + 1)));
      const a = f.gradient(theta);
      const b = meanOfExamples(f, theta);
      a.forEach((v, i) => expect(v).to.be.closeTo(b[i], 1e-14));
      let mean = 0;
      for (let i = 0; i < f.examples; i++) mean += f.exampleValue(theta, i) / f.examples;
      expect(f.value(theta)).to.be.closeTo(mean, 1e-14);
    }
  });
});

describe('minibatches', () => {
  const data = tabular(Array.from({ length: 10 }, (_, i) => [i / 10, Math.cos(i)]), Array.from({ length: 10 }, (_, i) => i % 2));
  const f = logisticRegression(data.x, data.y);
  it('each epoch visits every example exactly once, in a seeded order that changes between epochs', () => {
    const mb = minibatches(f, { batchSize: 3, seed: 4 });
    expect(mb.batchesPerEpoch).to.equal(4);
    for (const epoch of [0, 1, 2]) {
      const seen = [0, 1, 2, 3].flatMap((k) => mb.batch(epoch * 4 + k));
      expect([...seen].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(mb.batch(epoch * 4 + 3)).to.have.length(1); // 10 = 3 + 3 + 3 + 1
    }
    expect(mb.batch(0)).to.not.deep.equal(mb.batch(4));
    expect(minibatches(f, { batchSize: 3, seed: 4 }).batch(5)).to.deep.equal(mb.batch(5));
    expect(minibatches(f, { batchSize: 3, seed: 5 }).batch(0)).to.not.deep.equal(mb.batch(0));
  });
  it('examplesSeen counts per-example gradients: 3 + 3 + 3 + 1 per epoch', () => {
    const mb = minibatches(f, { batchSize: 3, seed: 4 });
    expect([0, 1, 3, 4, 5, 8, 9].map((t) => mb.examplesSeen(t))).to.deep.equal([0, 3, 9, 10, 13, 20, 23]);
  });
  it('the gradient at step t is the mean over that step\'s batch; batch size N is the full gradient', () => {
    const mb = minibatches(f, { batchSize: 4, seed: 2 });
    const theta = vec([0.3, -0.7, 0.2]);
    const batch = mb.batch(6);
    const expected = new Float64Array(3);
    for (const i of batch) {
      const one = new Float64Array(3);
      f.addExampleGradient(theta, i, 1, one);
      for (let j = 0; j < 3; j++) expected[j] += one[j] / batch.length;
    }
    const g = mb.gradient(theta, 6);
    g.forEach((v, j) => expect(v).to.be.closeTo(expected[j], 1e-15));
    const full = minibatches(f, { batchSize: 10, seed: 2 });
    full.gradient(theta, 3).forEach((v, j) => expect(v).to.be.closeTo(f.gradient(theta)[j], 1e-15));
    expect(mb.value(theta)).to.equal(f.value(theta));
  });
  it('minibatch runs are reproducible with the same seed and differ with another', () => {
    const run = (seed: number) => trajectory(momentum({ lr: 0.5, momentum: 0.5 }), minibatches(f, { batchSize: 2, seed }), { start: [0, 0, 0], steps: 30 });
    expect(pts(run(8))).to.deep.equal(pts(run(8)));
    expect(pts(run(8))).to.not.deep.equal(pts(run(9)));
  });
  it('BFGS on a full-batch data set works through the same interface', () => {
    const ls = leastSquares(data.x, data.y);
    const run = trajectory(bfgs(), ls, { start: [0, 0, 0], steps: 15 });
    const m = ls.minima![0];
    run.points[15].forEach((v, i) => expect(v).to.be.closeTo(m[i], 1e-6));
  });
});

describe('iris and the duplicated-data experiment', () => {
  it('loads 150 flowers, 4 standardized features, 3 species', () => {
    const d = iris();
    expect(d.x).to.have.length(150);
    expect(d.x[0]).to.have.length(4);
    expect(d.classNames).to.deep.equal(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(new Set(d.y)).sort()).to.deep.equal([0, 1, 2]);
    for (let j = 0; j < 4; j++) {
      const col = d.x.map((r) => r[j]);
      const mean = col.reduce((a, b) => a + b) / 150;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 150);
      expect(mean).to.be.closeTo(0, 1e-12);
      expect(sd).to.be.closeTo(1, 1e-12);
    }
    const raw = iris({ standardize: false });
    expect(Array.from(raw.x[0])).to.deep.equal([5.1, 3.5, 1.4, 0.2]); // the first flower of Fisher's table
  });
  it('selects features by name and species, relabelled in the order given', () => {
    const d = iris({ features: ['petal width', 0], classes: ['virginica', 'versicolor'] });
    expect(d.x).to.have.length(100);
    expect(d.featureNames).to.deep.equal(['petal width', 'sepal length']);
    expect(d.y.filter((v) => v === 0)).to.have.length(50);
    expect(() => iris({ features: ['petal colour' as never] })).to.throw(RangeError, /features/);
    expect(() => iris({ classes: ['rose' as never] })).to.throw(RangeError, /classes/);
  });
  it('a duplicated data set has the same loss and full gradient, at twice the examples', () => {
    const d = iris({ features: ['petal length', 'petal width'], classes: ['versicolor', 'virginica'] });
    const twice = duplicate(d, 2);
    expect(twice.x).to.have.length(200);
    const f = logisticRegression(d.x, d.y);
    const f2 = logisticRegression(twice.x, twice.y);
    expect(f2.examples).to.equal(2 * f.examples);
    const theta = vec([0.4, -0.3, 0.1]);
    expect(f2.value(theta)).to.be.closeTo(f.value(theta), 1e-14);
    f2.gradient(theta).forEach((v, i) => expect(v).to.be.closeTo(f.gradient(theta)[i], 1e-14));
    // The same full-batch GD run, step for step.
    const a = trajectory(gd({ lr: 0.5 }), f, { start: [0, 0, 0], steps: 20 });
    const b = trajectory(gd({ lr: 0.5 }), f2, { start: [0, 0, 0], steps: 20 });
    a.points.forEach((p, t) => p.forEach((v, i) => expect(b.points[t][i]).to.be.closeTo(v, 1e-12)));
  });
  it('per example seen, minibatch SGD gets far ahead of full-batch GD early on', () => {
    const d = iris({ features: ['petal length', 'petal width'], classes: ['versicolor', 'virginica'] });
    const f = logisticRegression(d.x, d.y);
    const full = trajectory(gd({ lr: 0.5 }), f, { start: [0, 0, 0], steps: 2 }); // 2 × 100 examples
    const mb = minibatches(f, { batchSize: 5, seed: 0 });
    const sgd = trajectory(gd({ lr: 0.5 }), mb, { start: [0, 0, 0], steps: 40 }); // 40 × 5 examples
    expect(mb.examplesSeen(40)).to.equal(200);
    expect(sgd.losses[40]).to.be.lessThan(full.losses[2] * 0.8);
  });
});
