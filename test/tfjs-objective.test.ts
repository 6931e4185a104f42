import { expect } from 'chai';
import { backendName, gd, himmelblau, initBackend, rosenbrock, tf, tfObjective, trajectory } from '../src/index.js';
import { backends, skippedOn } from './helpers/backends.js';

const machine = await backends();

const v = (...xs: number[]) => new Float64Array(xs);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe(`tfObjective: a loss typed as a tf.js function [backend: ${machine.first}]`, () => {
  before(async () => { expect(await initBackend()).to.equal(machine.first); });

  it('gives value, gradient and Hessian of a quadratic exactly (x² + 3y² + xy)', () => {
    const f = tfObjective((x, y) => x.square().add(y.square().mul(3)).add(x.mul(y)));
    expect(f.dim).to.equal(2);
    for (const [x, y] of [[1, 2], [-0.5, 0.25], [3, -4]]) {
      expect(f.value(v(x, y))).to.be.closeTo(x * x + 3 * y * y + x * y, 1e-5);
      const g = f.gradient(v(x, y));
      expect(g).to.be.instanceOf(Float64Array);
      expect(g[0]).to.be.closeTo(2 * x + y, 1e-5);
      expect(g[1]).to.be.closeTo(6 * y + x, 1e-5);
      expect(f.hessian(v(x, y))).to.deep.equal([[2, 1], [1, 6]]);
    }
    expect(f.hessianMethod).to.equal('autodiff');
  });

  it('matches the analytic Rosenbrock: value, gradient and Hessian to float32 precision', () => {
    const ref = rosenbrock();
    const f = tfObjective((x, y) => tf.sub(1, x).square().add(y.sub(x.square()).square().mul(100)));
    for (const p of [v(-1.2, 1), v(0.3, -0.7), v(1.5, 2.1)]) {
      expect(rel(f.value(p), ref.value(p))).to.be.below(1e-5);
      const g = f.gradient(p);
      const gr = ref.gradient(p);
      for (let i = 0; i < 2; i++) expect(rel(g[i], gr[i])).to.be.below(1e-5);
      const h = f.hessian(p);
      const hr = ref.hessian!(p);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(rel(h[i][j], hr[i][j])).to.be.below(1e-5);
    }
  });

  it('takes a function of one vector θ with options.dim (Σ k·θ_k², 4-D)', () => {
    const w = tf.tensor1d([1, 2, 3, 4]);
    const f = tfObjective((t: tf.Tensor1D) => t.square().mul(w).sum(), { dim: 4, name: 'weighted' });
    expect(f.name).to.equal('weighted');
    const p = v(1, -1, 0.5, 2);
    expect(f.value(p)).to.be.closeTo(1 + 2 + 0.75 + 16, 1e-5);
    expect(Array.from(f.gradient(p))).to.deep.equal([2, -4, 3, 16]);
    expect(f.hessian(p)).to.deep.equal([[2, 0, 0, 0], [0, 4, 0, 0], [0, 0, 6, 0], [0, 0, 0, 8]]);
    w.dispose();
  });

  it('checks tf\'s second derivatives and falls back to differences where tf drops a term (exp, elu)', () => {
    // tf.js re-differentiates exp through a saved copy of its output, cut off from θ: its own
    // ∂²e^{xy}/∂x² comes out 0. The check catches it; the true value is y² e^{xy}.
    const e = tfObjective((x, y) => tf.exp(x.mul(y)));
    const [x, y] = [0.3, -0.7];
    const h = e.hessian(v(x, y));
    expect(e.hessianMethod).to.equal('differences');
    const exy = Math.exp(x * y);
    expect(h[0][0]).to.be.closeTo(y * y * exy, 1e-3);
    expect(h[0][1]).to.be.closeTo((1 + x * y) * exy, 1e-3);
    expect(h[1][1]).to.be.closeTo(x * x * exy, 1e-3);
    // elu's gradient kernel has no gradient at all: elu''(x) = eˣ for x < 0.
    const u = tfObjective((a, b) => tf.elu(a).add(b.square()));
    const hu = u.hessian(v(-0.5, 1));
    expect(u.hessianMethod).to.equal('differences');
    expect(hu[0][0]).to.be.closeTo(Math.exp(-0.5), 1e-3);
    expect(hu[1][1]).to.be.closeTo(2, 1e-3);
    // Asked for directly.
    const d = tfObjective((a, b) => a.square().mul(b), { hessian: 'differences' });
    const hd = d.hessian(v(1.5, -2));
    expect(d.hessianMethod).to.equal('differences');
    expect(hd[0][0]).to.be.closeTo(-4, 1e-3);
    expect(hd[0][1]).to.be.closeTo(3, 1e-3);
    expect(hd[1][1]).to.be.closeTo(0, 1e-3);
  });

  // gather's gradient is UnsortedSegmentSum, which the wasm backend does not have (tensorflow and cpu do).
  const fallback = 'runs on cpu a function whose gradient needs a kernel the active backend lacks [backend: wasm]';
  if (!machine.available.includes('wasm')) it.skip(`${fallback} ${skippedOn('wasm', machine)}`);
  else {
    it(fallback, async () => {
      expect(await initBackend('wasm')).to.equal('wasm');
      const f = tfObjective((t: tf.Tensor1D) => t.gather([0]).square().sum().add(t.gather([1]).mul(3).sum()), { dim: 2 });
      const g = f.gradient(v(2, 5));
      expect(Array.from(g)).to.deep.equal([4, 3]);
      expect(f.onCpu).to.equal(true);
      expect(backendName()).to.equal('wasm');
      await initBackend(machine.first);
      // Where the kernel exists, the same function stays on the active backend.
      const h = tfObjective((t: tf.Tensor1D) => t.gather([0]).square().sum().add(t.gather([1]).mul(3).sum()), { dim: 2 });
      expect(Array.from(h.gradient(v(2, 5)))).to.deep.equal([4, 3]);
      expect(h.onCpu).to.equal(machine.first === 'wasm');
    });
  }

  it('leaks no tensor: values, gradients, Hessians, fallbacks and a whole run', () => {
    const start = tf.memory().numTensors;
    const f = tfObjective((x, y) => x.square().add(y.square()).add(x.mul(y).sin()));
    f.value(v(1, 1)); f.gradient(v(1, 1)); f.hessian(v(1, 1));
    tfObjective((x, y) => tf.elu(x).add(y)).hessian(v(-1, 1));
    tfObjective((t: tf.Tensor1D) => t.gather([1]).sum(), { dim: 2 }).gradient(v(1, 1));
    trajectory(gd({ lr: 0.05 }), f, { start: [1, 2], steps: 20 });
    expect(tf.memory().numTensors).to.equal(start);
  });

  it('drives any optimizer: GD on a tf-typed Himmelblau follows GD on the analytic one', () => {
    const f = tfObjective((x, y) => x.square().add(y).sub(11).square().add(x.add(y.square()).sub(7).square()));
    const a = trajectory(gd({ lr: 0.01 }), f, { start: [0, 0], steps: 60 });
    const b = trajectory(gd({ lr: 0.01 }), himmelblau(), { start: [0, 0], steps: 60 });
    a.points.forEach((p, t) => { expect(p[0]).to.be.closeTo(b.points[t][0], 1e-4); expect(p[1]).to.be.closeTo(b.points[t][1], 1e-4); });
    expect(a.points[60][0]).to.be.closeTo(3, 1e-2);
  });

  it('rejects what it cannot use, saying why', () => {
    expect(() => tfObjective(((t: tf.Tensor1D) => t.sum()) as never)).to.throw(TypeError, /options\.dim/);
    expect(() => tfObjective((x, y) => x.add(y), { dim: 3 })).to.throw(RangeError, /dim must be 2/);
    const vector = tfObjective((t: tf.Tensor1D) => t.square(), { dim: 2 });
    expect(() => vector.value(v(1, 2))).to.throw(TypeError, /scalar/);
    const f = tfObjective((x, y) => x.add(y));
    expect(() => f.gradient(v(1, 2, 3))).to.throw(RangeError, /2 coordinates; got 3/);
  });
});
