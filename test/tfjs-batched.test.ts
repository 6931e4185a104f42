import { expect } from 'chai';
import {
  backendName, batchedDescent, gd, gridStarts, himmelblau, initBackend, momentum, multiWell, tf, tfHimmelblau, tfMultiWell, trajectory,
} from '../src/index.js';
import { backends, skippedOn } from './helpers/backends.js';

const machine = await backends();

// The batched surfaces are checked against the scalar objectives of src/objectives (their
// analytic formulas), and batched descent against the scalar optimizers run point by point.

const points = [[0, 0], [1.3, -2.2], [-3.1, 2.7], [2.5, 2.5], [-0.4, -3.6], [3.9, -0.1]];

describe(`batched descent: many starts as one [N, 2] tensor [backend: ${machine.first}]`, () => {
  before(async () => { expect(await initBackend()).to.equal(machine.first); });

  for (const [name, batched, scalar] of [['Himmelblau', tfHimmelblau, himmelblau], ['multi-well', tfMultiWell, multiWell]] as const) {
    it(`${name}: the tf value and analytic gradient match the scalar objective row by row`, () => {
      const s = batched();
      const ref = scalar();
      const [values, grads] = tf.tidy(() => {
        const X = tf.tensor2d(points);
        return [Array.from(s.f(X).dataSync()), Array.from(s.grad!(X).dataSync())];
      });
      points.forEach((p, i) => {
        const theta = new Float64Array(p);
        const g = ref.gradient(theta);
        expect(values[i]).to.be.closeTo(ref.value(theta), 1e-5 * Math.max(1, Math.abs(ref.value(theta))));
        expect(grads[2 * i]).to.be.closeTo(g[0], 1e-5 * Math.max(1, Math.abs(g[0])));
        expect(grads[2 * i + 1]).to.be.closeTo(g[1], 1e-5 * Math.max(1, Math.abs(g[1])));
      });
      expect(s.minima.map((m) => Array.from(m))).to.deep.equal(ref.minima!.map((m) => Array.from(m)));
    });
  }

  it('plain descent: each row follows the scalar gd run from the same start', () => {
    const lr = 0.01;
    const r = batchedDescent({ f: tfHimmelblau(), starts: points, lr, steps: 60 });
    points.forEach((p, i) => {
      const run = trajectory(gd({ lr }), himmelblau(), { start: p, steps: 60 });
      expect(r.finals[2 * i]).to.be.closeTo(run.points[60][0], 1e-3);
      expect(r.finals[2 * i + 1]).to.be.closeTo(run.points[60][1], 1e-3);
    });
  });

  it('momentum: each row follows the scalar momentum run, on all three gradient paths', () => {
    const lr = 0.05;
    const mu = 0.7;
    // x and y as two [N] tensors (gradXY), one [N, 2] tensor (grad), and tf.grad of Σ f.
    const analytic = batchedDescent({ f: tfMultiWell(), starts: points, lr, momentum: mu, steps: 80 });
    const joined = batchedDescent({ f: tfMultiWell(), grad: tfMultiWell().grad, starts: points, lr, momentum: mu, steps: 80 });
    const autodiff = batchedDescent({ f: tfMultiWell().f, minima: multiWell().minima, starts: points, lr, momentum: mu, steps: 80 });
    points.forEach((p, i) => {
      const run = trajectory(momentum({ lr, momentum: mu }), multiWell(), { start: p, steps: 80 });
      for (let k = 0; k < 2; k++) {
        expect(analytic.finals[2 * i + k]).to.be.closeTo(run.points[80][k], 1e-4);
        expect(autodiff.finals[2 * i + k]).to.be.closeTo(analytic.finals[2 * i + k], 1e-4);
        expect(joined.finals[2 * i + k]).to.be.closeTo(analytic.finals[2 * i + k], 1e-4);
      }
    });
    expect(Array.from(autodiff.reached)).to.deep.equal(Array.from(analytic.reached));
  });

  it('classifies end points by the nearest minimum within the radius, else −1', () => {
    const s = tfHimmelblau();
    // Starts next to each minimum, then one far out with a tiny step count (cannot arrive).
    const starts = s.minima.map((m) => [m[0] + 0.05, m[1] - 0.05]).concat([[0, 0]]);
    const r = batchedDescent({ f: s, starts, lr: 0.01, steps: 200, radius: 0.01 });
    expect(Array.from(r.reached.slice(0, 4))).to.deep.equal([0, 1, 2, 3]);
    const short = batchedDescent({ f: s, starts: [[0, 0]], lr: 0.001, steps: 1 });
    expect(short.reached[0]).to.equal(-1);
    expect(short.unreached).to.equal(1);
    expect(r.counts.reduce((a, b) => a + b, 0) + r.unreached).to.equal(r.n);
  });

  it('counts diverged starts, and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    const r = batchedDescent({ f: tfHimmelblau(), starts: [[4, 4], [30, 30]], lr: 0.01, steps: 50 });
    expect(r.diverged).to.equal(1);
    expect(r.reached[1]).to.equal(-1);
    batchedDescent({ f: tfMultiWell(), starts: gridStarts(tfMultiWell().domain, 10), lr: 0.1, momentum: 0.5, steps: 20 });
    batchedDescent({ f: tfMultiWell().f, starts: gridStarts(tfMultiWell().domain, 10), lr: 0.1, steps: 20 });
    expect(tf.memory().numTensors).to.equal(before);
  });

  const fallback = 'runs on cpu a batch function whose tf.grad needs a kernel the active backend lacks [backend: wasm]';
  if (!machine.available.includes('wasm')) it.skip(`${fallback} ${skippedOn('wasm', machine)}`);
  else {
    it(fallback, async () => {
      expect(await initBackend('wasm')).to.equal('wasm');
      const before = tf.memory().numTensors;
      // gather's gradient is UnsortedSegmentSum, missing on wasm. L = x² + 4y², ∇L = (2x, 8y).
      const f = (X: tf.Tensor2D) => X.gather([0], 1).square().sum(1).add(X.gather([1], 1).square().mul(4).sum(1)) as tf.Tensor1D;
      const r = batchedDescent({ f, starts: [[1, 1], [-2, 0.5]], lr: 0.1, steps: 3, minima: [[0, 0]] });
      expect(r.backend).to.equal('cpu');
      expect(r.finals[0]).to.be.closeTo(0.8 ** 3, 1e-6);
      expect(r.finals[1]).to.be.closeTo(0.2 ** 3, 1e-6);
      expect(r.finals[2]).to.be.closeTo(-2 * 0.8 ** 3, 1e-6);
      expect(backendName()).to.equal('wasm');
      expect(tf.memory().numTensors).to.equal(before);
      await initBackend(machine.first);
      // On the default backend: no fallback where it has the kernel.
      const d = batchedDescent({ f, starts: [[1, 1]], lr: 0.1, steps: 3, minima: [[0, 0]] });
      expect(d.backend).to.equal(machine.first === 'wasm' ? 'cpu' : machine.first);
      expect(d.finals[0]).to.be.closeTo(0.8 ** 3, 1e-6);
    });
  }

  it('gridStarts: n × n cell centres covering the domain, row by row', () => {
    const g = gridStarts({ x: [0, 4], y: [-2, 2] }, 2);
    expect(Array.from(g)).to.deep.equal([1, -1, 3, -1, 1, 1, 3, 1]);
  });

  it('a 100 × 100 grid on the multi-well surface: every start ends in one of the four wells', () => {
    const s = tfMultiWell();
    const r = batchedDescent({ f: s, starts: gridStarts(s.domain, 100), lr: 0.1, momentum: 0.5, steps: 100, radius: 0.05 });
    expect(r.n).to.equal(10_000);
    expect(r.counts.every((c) => c > 1000)).to.equal(true);
    expect(r.unreached).to.equal(0);
  });

  it('rejects bad input, naming it', () => {
    expect(() => batchedDescent({ f: tfHimmelblau(), starts: [[1, 2, 3]], lr: 0.1, steps: 1 })).to.throw(RangeError, /starts\[0\] must have 2 coordinates/);
    expect(() => batchedDescent({ f: tfHimmelblau(), starts: new Float32Array(3), lr: 0.1, steps: 1 })).to.throw(RangeError, /pairs/);
    expect(() => batchedDescent({ f: tfHimmelblau(), starts: [[1, 2]], lr: 0, steps: 1 })).to.throw(RangeError, /lr/);
    expect(() => batchedDescent({ f: tfHimmelblau(), starts: [[1, 2]], lr: 0.1, momentum: 1, steps: 1 })).to.throw(RangeError, /momentum/);
  });
});
