import { expect } from 'chai';
import type { Objective, Optimizer, OptimizerState } from '../src/core/types.js';
import {
  bowl, exponentialDecay, illConditioned, initBackend, rosenbrock, tf, trajectory,
  tfAdadelta, tfAdagrad, tfAdam, tfAdamax, tfGd, tfMomentum, tfNesterov, tfRmsprop,
  optimizerRegistry,
} from '../src/index.js';
import { ALL_BACKENDS, backends, describeOnBackends, skippedOn } from './helpers/backends.js';

// Expected values here come from closed forms or from float64 re-statements of tf.js's
// documented updates, written independently of src/tfjs.

const f32 = 2 ** -23;

/** A 2-D objective with a constant gradient (a plane): r − ḡ² of centered RMSProp → 0. */
const plane = (gx: number, gy: number): Objective => ({
  name: 'plane', tex: '', dim: 2,
  value: (t) => gx * t[0] + gy * t[1],
  gradient: () => new Float64Array([gx, gy]),
});

/**
 * Every twin in the optimizer registry, with options that exercise its special paths
 * (per-parameter rates, schedules, initial velocities, tf's momentum and centering).
 */
function everyTwin(): [string, () => Optimizer<OptimizerState>][] {
  const decay = exponentialDecay({ beta: 0.97 });
  const options: Record<string, object> = {
    gd: { lr: [0.1, 0.02], schedule: decay },
    momentum: { lr: [0.05, 0.01], momentum: 0.9, v0: [1, 1] },
    nesterov: { lr: 0.05, momentum: 0.8, v0: [0.5, -1], schedule: decay },
    adagrad: { lr: [0.5, 0.3] },
    rmsprop: { lr: 0.05, rho: 0.9, momentum: 0.5, centered: true },
    'rmsprop-centered': { lr: 0.05, rho: 0.9, schedule: decay },
    'adam-basic': { lr: 0.05, momentum: 0.8, rho: 0.99 },
    adam: { lr: [0.1, 0.05], schedule: decay },
    adamax: { lr: 0.1 },
    adadelta: { rho: 0.95, lr: [1, 0.5] },
  };
  const withTwin = optimizerRegistry.filter((e) => e.twin);
  expect(withTwin.map((e) => e.name).sort()).to.deep.equal(Object.keys(options).sort());
  return withTwin.map((e) => [`${e.name} twin`, () => e.twin!(options[e.name])]);
}

const machine = await backends();

describe('tf.js twins', () => {
  describeOnBackends('leaks and names', machine, () => {
    for (const [name, make] of everyTwin()) {
      it(`${name}: tf.memory().numTensors is the same before and after a run`, () => {
        const before = tf.memory().numTensors;
        const run = trajectory(make(), bowl(), { start: [3, -2], steps: 30 });
        expect(run.steps).to.equal(30);
        expect(tf.memory().numTensors).to.equal(before);
        // init without a step, then dispose twice: still nothing left.
        const opt = make();
        const state = opt.init(new Float64Array([1, 2]));
        expect(tf.memory().numTensors).to.be.greaterThan(before);
        opt.dispose?.(state);
        opt.dispose?.(state);
        expect(tf.memory().numTensors).to.equal(before);
      });
    }

    it('frees everything when the objective throws mid-run', () => {
      const before = tf.memory().numTensors;
      let calls = 0;
      const bad: Objective = { ...bowl(), gradient: (t) => { if (++calls > 3) throw new Error('boom'); return bowl().gradient(t); } };
      const run = trajectory(tfAdam({ lr: 0.1 }), bad, { start: [1, 1], steps: 10 });
      expect(run.diverged?.reason).to.match(/boom/);
      expect(tf.memory().numTensors).to.equal(before);
    });

    it('keeps two live runs of one optimizer apart (unique, non-trainable variables)', () => {
      const opt = tfMomentum({ lr: 0.1, momentum: 0.5 });
      const f = bowl();
      const a = new Float64Array([4, 1]);
      const b = new Float64Array([-2, 3]);
      const sa = opt.init(a);
      const sb = opt.init(b);
      const ours = Object.keys(tf.engine().registeredVariables).filter((k) => k.startsWith('optim-workbook/'));
      expect(new Set(ours).size).to.equal(ours.length);
      expect(ours.length).to.be.at.least(2);
      for (const k of ours) expect(tf.engine().registeredVariables[k].trainable).to.equal(false);
      for (let t = 0; t < 5; t++) { opt.step(a, sa, f, t); opt.step(b, sb, f, t); }
      // Interleaving must not matter: each equals a run of its own.
      const ra = trajectory(opt, f, { start: [4, 1], steps: 5 });
      const rb = trajectory(opt, f, { start: [-2, 3], steps: 5 });
      expect(Array.from(a)).to.deep.equal(Array.from(ra.points[5]));
      expect(Array.from(b)).to.deep.equal(Array.from(rb.points[5]));
      opt.dispose?.(sa);
      opt.dispose?.(sb);
      expect(Object.keys(tf.engine().registeredVariables).filter((k) => k.startsWith('optim-workbook/'))).to.deep.equal([]);
    });

    it('refuses a state that init() did not make', () => {
      const opt = tfGd({ lr: 0.1 });
      expect(() => opt.step(new Float64Array([1, 1]), { lr: new Float64Array([0.1, 0.1]) }, bowl(), 0)).to.throw(/init\(\)/);
    });

    it('validates options like the hand-written side, naming the parameter', () => {
      expect(() => tfMomentum({ lr: 0.1, momentum: 1 })).to.throw(RangeError, /momentum must be in \[0, 1\); got 1/);
      expect(() => tfRmsprop({ lr: -1, rho: 0.9 })).to.throw(RangeError, /lr must be a finite number > 0; got -1/);
      expect(() => tfAdagrad({ lr: 0.1, r0: -0.1 })).to.throw(RangeError, /r0/);
      expect(() => trajectory(tfGd({ lr: [0.1, 0.2, 0.3] }), bowl(), { start: [1, 1], steps: 2 })).to.throw(RangeError, /lr must be .*2 numbers.*got 3/);
    });
  });

  describeOnBackends('updates against closed forms and float64 re-statements of tf.js', machine, () => {
    it('tfGd on the bowl follows θ_t = θ₀(1 − 2ε)^t per coordinate (float32)', () => {
      const lr = [0.125, 0.015];
      const run = trajectory(tfGd({ lr }), bowl(), { start: [15, 0.1], steps: 50 });
      run.points.forEach((p, t) => {
        expect(p[0]).to.be.closeTo(15 * (1 - 2 * lr[0]) ** t, 15 * 1e-6);
        expect(p[1]).to.be.closeTo(0.1 * (1 - 2 * lr[1]) ** t, 0.1 * 1e-5);
      });
      expect(run.impl).to.equal('tfjs');
      expect(run.states[1].lr[1]).to.be.closeTo(0.015, 1e-12);
    });

    it('tfMomentum: a₀ = −v₀/ε reproduces the first step μv₀ − εg and v = −εa afterwards', () => {
      const lr = [0.125, 0.015];
      const run = trajectory(tfMomentum({ lr, momentum: 0.9, v0: [1, 1] }), bowl(), { start: [15, 15], steps: 3 });
      // Step 1 by hand: v₁ = 0.9·1 − ε·2·15.
      expect(run.points[1][0]).to.be.closeTo(15 + 0.9 - 0.125 * 30, 1e-5);
      expect(run.points[1][1]).to.be.closeTo(15 + 0.9 - 0.015 * 30, 1e-5);
      expect(run.states[0].a[0]).to.be.closeTo(-1 / 0.125, 1e-12);
      for (const s of run.states.slice(1)) for (let i = 0; i < 2; i++) expect(s.v[i]).to.be.closeTo(-lr[i] * s.a[i], 1e-12);
    });

    it('tfMomentum with a schedule follows tf\'s own recurrence a ← μa + g, θ ← θ − ε_t a', () => {
      const beta = 0.9;
      const eps = 0.1;
      const mu = 0.8;
      const run = trajectory(tfMomentum({ lr: eps, momentum: mu, schedule: exponentialDecay({ beta }) }), illConditioned({ a: 1, b: 5 }), { start: [3, 2], steps: 40 });
      let x = 3, y = 2, ax = 0, ay = 0;
      for (let t = 0; t < 40; t++) {
        ax = mu * ax + x; ay = mu * ay + 5 * y;
        x -= eps * beta ** t * ax; y -= eps * beta ** t * ay;
        expect(run.points[t + 1][0]).to.be.closeTo(x, 1e-5);
        expect(run.points[t + 1][1]).to.be.closeTo(y, 1e-5);
      }
    });

    it('tfNesterov: tf\'s variable is the look-ahead point θ + μv, where the gradient is taken', () => {
      const mu = 0.9;
      const run = trajectory(tfNesterov({ lr: 0.05, momentum: mu, v0: [1, -2] }), bowl(), { start: [4, 4], steps: 20 });
      expect(Array.from(run.states[0].ahead)).to.deep.equal([4 + mu * 1, 4 - mu * 2]);
      run.states.forEach((s, t) => {
        for (let i = 0; i < 2; i++) expect(s.ahead[i]).to.be.closeTo(run.points[t][i] + mu * s.v[i], 1e-5);
        if (t < run.grads.length) for (let i = 0; i < 2; i++) expect(run.grads[t][i]).to.be.closeTo(2 * s.ahead[i], 1e-5);
      });
    });

    it('tfAdagrad starts its accumulator at tf\'s 0.1 and divides by √(r + 1e-7)', () => {
      const run = trajectory(tfAdagrad({ lr: 0.5 }), bowl(), { start: [0.3, -2], steps: 2 });
      expect(Array.from(run.states[0].r)).to.deep.equal([0.1, 0.1]);
      const g = [0.6, -4];
      const r = g.map((gi) => 0.1 + gi * gi);
      expect(run.states[1].r[0]).to.be.closeTo(r[0], 1e-6);
      expect(run.points[1][0]).to.be.closeTo(0.3 - (0.5 * g[0]) / Math.sqrt(r[0] + 1e-7), 1e-6);
      expect(run.points[1][1]).to.be.closeTo(-2 - (0.5 * g[1]) / Math.sqrt(r[1] + 1e-7), 1e-6);
    });

    it('tfAdadelta scales by the old accumulator: on the bowl with ε = 1 it jumps between θ₀ and −θ₀', () => {
      const run = trajectory(tfAdadelta({ rho: 0.95 }), bowl(), { start: [3, -1.5], steps: 9 });
      run.points.forEach((p, t) => {
        const sign = t % 2 === 0 ? 1 : -1;
        expect(p[0]).to.be.closeTo(3 * sign, 3 * 8 * f32 * (t + 1));
        expect(p[1]).to.be.closeTo(-1.5 * sign, 1.5 * 8 * f32 * (t + 1));
      });
    });

    it('centered tfRmsprop goes NaN when r − ḡ² rounds below zero, and the runner reports it', () => {
      const centered = trajectory(tfRmsprop({ lr: 0.01, rho: 0.5, centered: true }), plane(300, 700), { start: [0, 0], steps: 100 });
      expect(centered.diverged?.reason).to.match(/NaN/);
      const plain = trajectory(tfRmsprop({ lr: 0.01, rho: 0.5 }), plane(300, 700), { start: [0, 0], steps: 100 });
      expect(plain.diverged).to.equal(null);
      // Plain RMSProp on a plane: r → g², so every step tends to ε (the sign of g).
      expect(plain.points[100][0] - plain.points[99][0]).to.be.closeTo(-0.01, 1e-6);
    });
  });

  describeOnBackends('the state mirrors tf\'s slots as getWeights() returns them', machine, () => {
    /** Runs a tf.train optimizer directly on the bowl and returns θ and its getWeights() values. */
    async function direct(opt: tf.Optimizer, start: number[], steps: number) {
      const x = tf.variable(tf.tensor1d(start), false, `direct-${Math.random()}`);
      for (let t = 0; t < steps; t++) {
        tf.tidy(() => {
          const g = x.mul(2); // the bowl's gradient at tf's variable
          opt.applyGradients({ [x.name]: g as tf.Tensor });
        });
      }
      const weights = await opt.getWeights();
      const out = { theta: Array.from(x.dataSync()), slots: weights.slice(1).map((w) => Array.from(w.tensor.dataSync())) };
      weights[0].tensor.dispose();
      opt.dispose();
      (opt as unknown as { c?: tf.Tensor }).c?.dispose();
      x.dispose();
      return out;
    }

    const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6) => {
      expect(a.length).to.equal(b.length);
      for (let i = 0; i < a.length; i++) expect(a[i]).to.be.closeTo(b[i], tol * Math.max(1, Math.abs(b[i])));
    };

    it('momentum: a and v = −εa', async () => {
      const run = trajectory(tfMomentum({ lr: 0.05, momentum: 0.9 }), bowl(), { start: [2, -1], steps: 7 });
      const d = await direct(tf.train.momentum(0.05, 0.9), [2, -1], 7);
      close(run.points[7], d.theta);
      close(run.states[7].a, d.slots[0]);
      close(run.states[7].v, d.slots[0].map((a) => -0.05 * a));
    });

    it('adagrad: r', async () => {
      const run = trajectory(tfAdagrad({ lr: 0.3 }), bowl(), { start: [2, -1], steps: 7 });
      const d = await direct(tf.train.adagrad(0.3), [2, -1], 7);
      close(run.points[7], d.theta);
      close(run.states[7].r, d.slots[0]);
    });

    it('centered rmsprop with momentum: r, v = −mom, mg', async () => {
      const run = trajectory(tfRmsprop({ lr: 0.05, rho: 0.8, momentum: 0.3, centered: true, epsilon: 1e-7 }), bowl(), { start: [2, -1], steps: 7 });
      const d = await direct(tf.train.rmsprop(0.05, 0.8, 0.3, 1e-7, true), [2, -1], 7);
      close(run.points[7], d.theta);
      close(run.states[7].r, d.slots[0]);
      close(run.states[7].v, d.slots[1].map((m) => -m));
      close(run.states[7].mg as Float64Array, d.slots[2]);
    });

    it('adam: m and s', async () => {
      const run = trajectory(tfAdam({ lr: 0.05 }), bowl(), { start: [2, -1], steps: 7 });
      const d = await direct(tf.train.adam(0.05, 0.9, 0.999, 1e-7), [2, -1], 7);
      close(run.points[7], d.theta);
      close(run.states[7].m, d.slots[0]);
      close(run.states[7].s, d.slots[1]);
      expect(run.states[7].t).to.equal(7);
    });

    it('adadelta: r and u', async () => {
      const run = trajectory(tfAdadelta({ rho: 0.9, lr: 0.5 }), bowl(), { start: [2, -1], steps: 7 });
      const d = await direct(tf.train.adadelta(0.5, 0.9, 1e-7), [2, -1], 7);
      close(run.points[7], d.theta);
      close(run.states[7].r, d.slots[0]);
      close(run.states[7].u, d.slots[1]);
    });

    it('an initial velocity seeded synchronously equals tf\'s own async setWeights()', async () => {
      const eps = 0.05;
      const v0 = [1, -0.5];
      const run = trajectory(tfMomentum({ lr: eps, momentum: 0.9, v0 }), bowl(), { start: [2, -1], steps: 6 });
      const opt = tf.train.momentum(eps, 0.9);
      const x = tf.variable(tf.tensor1d([2, -1]), false, `direct-v0-${Math.random()}`);
      await opt.setWeights([
        { name: 'iter', tensor: tf.scalar(0, 'int32') },
        { name: `${x.name}/momentum`, tensor: tf.tensor1d(v0.map((v) => -v / eps)) },
      ]);
      for (let t = 0; t < 6; t++) tf.tidy(() => { (opt as tf.Optimizer).applyGradients({ [x.name]: x.mul(2) as tf.Tensor }); });
      close(run.points[6], x.dataSync());
      opt.dispose();
      (opt as unknown as { c?: tf.Tensor }).c?.dispose();
      x.dispose();
    });
  });

  describe('backends', () => {
    for (const name of ALL_BACKENDS.filter((n) => n !== 'cpu')) {
      const title = `a twin gives the same run on ${name} as on cpu (to float32 rounding)`;
      if (!machine.available.includes(name)) { it.skip(`${title} ${skippedOn(name, machine)}`); continue; }
      it(title, async () => {
        const opts = { lr: [0.05, 0.02], momentum: 0.9, v0: [1, 1] };
        const runOn = async (backend: typeof name | 'cpu') => {
          expect(await initBackend(backend)).to.equal(backend);
          return trajectory(tfAdam({ lr: 0.05 }), rosenbrock(), { start: [-1.2, 1], steps: 80 }).points
            .concat(trajectory(tfMomentum(opts), bowl(), { start: [15, 15], steps: 80 }).points);
        };
        const a = await runOn(name);
        const b = await runOn('cpu');
        await initBackend(machine.first);
        let worst = 0;
        a.forEach((p, t) => { for (let i = 0; i < 2; i++) worst = Math.max(worst, Math.abs(p[i] - b[t][i]) / Math.max(1, Math.abs(b[t][i]))); });
        expect(worst).to.be.at.most(1e-5);
      });
    }
  });
});
