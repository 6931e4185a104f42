import { expect } from 'chai';
import type { Objective, Optimizer, OptimizerState, Trajectory } from '../src/core/types.js';
import {
  adadelta, adagrad, adam, adamax, bowl, compareRuns, exponentialDecay, gd, illConditioned,
  momentum, nesterov, rmsprop, rosenbrock, trajectory,
  tfAdadelta, tfAdagrad, tfAdam, tfAdamax, tfGd, tfMomentum, tfNesterov, tfRmsprop,
} from '../src/index.js';
import { backends, describeOnBackends } from './helpers/backends.js';

// Hand-written (float64) against tf.js (float32) over 100 steps. The tolerance is relative to
// the size of the iterates: max_t |θ_hand − θ_tf| ≤ tol · max(1, max_t |θ|).

type AnyOptimizer = Optimizer<OptimizerState>;
const STEPS = 100;

function scaleOf(run: Trajectory): number {
  let m = 1;
  for (const p of run.points) for (const x of p) m = Math.max(m, Math.abs(x));
  return m;
}

function pair(hand: AnyOptimizer, twin: AnyOptimizer, f: Objective, start: number[], steps = STEPS) {
  const a = trajectory(hand, f, { start, steps });
  const b = trajectory(twin, f, { start, steps });
  return { a, b, cmp: compareRuns(a, b), scale: scaleOf(a) };
}

interface Case {
  name: string;
  hand: (o: never) => AnyOptimizer;
  twin: (o: never) => AnyOptimizer;
  tol: number;
  /** Options per objective: the same object goes to both sides. */
  options: { bowl: object; ill: object; rosenbrock: object };
}

const cases: Case[] = [
  { name: 'gd', hand: gd as never, twin: tfGd as never, tol: 1e-6,
    options: { bowl: { lr: [0.125, 0.015] }, ill: { lr: 0.09 }, rosenbrock: { lr: 1e-3 } } },
  { name: 'momentum', hand: momentum as never, twin: tfMomentum as never, tol: 2e-6,
    options: { bowl: { lr: [0.125, 0.015], momentum: 0.9, v0: [1, 1] }, ill: { lr: 0.02, momentum: 0.8 }, rosenbrock: { lr: 2e-4, momentum: 0.9 } } },
  { name: 'nesterov', hand: nesterov as never, twin: tfNesterov as never, tol: 2e-6,
    options: { bowl: { lr: [0.125, 0.015], momentum: 0.9, v0: [1, 1] }, ill: { lr: 0.02, momentum: 0.8 }, rosenbrock: { lr: 2e-4, momentum: 0.9 } } },
  // tf's accumulator starts at 0.1 unless r0: 0 is passed (see the AdaGrad block below).
  { name: 'adagrad (r0: 0)', hand: adagrad as never, twin: tfAdagrad as never, tol: 1e-6,
    options: { bowl: { lr: 1, r0: 0 }, ill: { lr: 0.5, r0: 0 }, rosenbrock: { lr: 0.05, r0: 0 } } },
  { name: 'rmsprop', hand: rmsprop as never, twin: tfRmsprop as never, tol: 2e-6,
    options: { bowl: { lr: 0.1, rho: 0.9 }, ill: { lr: 0.05, rho: 0.9 }, rosenbrock: { lr: 1e-3, rho: 0.9 } } },
  // Larger: tf's bias correction 1 − β₂ᵗ is built from β₂ᵗ multiplied up in float32 (see below).
  { name: 'adam', hand: adam as never, twin: tfAdam as never, tol: 1e-5,
    options: { bowl: { lr: 0.05 }, ill: { lr: 0.05 }, rosenbrock: { lr: 0.01 } } },
  { name: 'adamax', hand: adamax as never, twin: tfAdamax as never, tol: 2e-6,
    options: { bowl: { lr: 0.05 }, ill: { lr: 0.05 }, rosenbrock: { lr: 0.01 } } },
];

const objectives: [keyof Case['options'], () => Objective, number[]][] = [
  ['bowl', () => bowl(), [15, 7.5]],
  ['ill', () => illConditioned({ a: 1, b: 20 }), [8, 3]],
  ['rosenbrock', () => rosenbrock(), [-1.2, 1]],
];

const machine = await backends();

describeOnBackends('parity: hand-written against tf.js', machine, () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const [key, make, start] of objectives) {
        it(`agrees over ${STEPS} steps on ${key} within ${c.tol} × scale`, () => {
          const opts = c.options[key];
          const { a, b, cmp, scale } = pair(c.hand(opts as never), c.twin(opts as never), make(), start);
          expect(a.diverged, 'hand-written diverged').to.equal(null);
          expect(b.diverged, 'tf.js diverged').to.equal(null);
          expect(b.steps).to.equal(STEPS);
          expect(cmp.max).to.be.at.most(c.tol * scale);
          // They must actually have moved, or agreement would be empty.
          expect(Math.abs(a.losses[STEPS] - a.losses[0])).to.be.greaterThan(1e-3 * Math.abs(a.losses[0]));
        });
      }
    });
  }

  describe('states agree under the maths\' names', () => {
    it('momentum: v; Nesterov: v and the look-ahead point', () => {
      const o = { lr: [0.125, 0.015], momentum: 0.9, v0: [1, 1] };
      const m = pair(momentum(o) as never, tfMomentum(o) as never, bowl(), [15, 15], 80);
      expect(compareRuns(m.a, m.b, (r, t) => r.states[t].v as Float64Array).max).to.be.below(2e-6 * 15);
      const n = pair(nesterov(o) as never, tfNesterov(o) as never, bowl(), [15, 15], 80);
      expect(compareRuns(n.a, n.b, (r, t) => r.states[t].v as Float64Array).max).to.be.below(2e-6 * 15);
      const mu = 0.9;
      const ahead = (r: Trajectory, t: number) => r.points[t].map((x, i) => x + mu * (r.states[t].v as Float64Array)[i]);
      expect(compareRuns(n.a, n.b, (r, t) => (r.impl === 'tfjs' ? (r.states[t].ahead as Float64Array) : ahead(r, t))).max).to.be.below(2e-6 * 15);
    });

    it('rmsprop: r; adam: m and s; adamax: m and u', () => {
      const r = pair(rmsprop({ lr: 0.1, rho: 0.9 }) as never, tfRmsprop({ lr: 0.1, rho: 0.9 }) as never, bowl(), [15, 7.5]);
      const rr = compareRuns(r.a, r.b, (run, t) => run.states[t].r as Float64Array);
      expect(rr.max).to.be.below(1e-6 * 900);
      const a = pair(adam({ lr: 0.05 }) as never, tfAdam({ lr: 0.05 }) as never, bowl(), [15, 7.5]);
      expect(compareRuns(a.a, a.b, (run, t) => run.states[t].m as Float64Array).max).to.be.below(1e-4);
      expect(compareRuns(a.a, a.b, (run, t) => run.states[t].s as Float64Array).max).to.be.below(1e-3);
      const x = pair(adamax({ lr: 0.05 }) as never, tfAdamax({ lr: 0.05 }) as never, bowl(), [15, 7.5]);
      expect(compareRuns(x.a, x.b, (run, t) => run.states[t].u as Float64Array).max).to.be.below(1e-4);
    });
  });

  describe('documented differences and the mappings that remove them', () => {
    it('AdaGrad: tf\'s default r₀ = 0.1 makes its first step ε g/√(0.1 + g²) instead of ≈ ε sign(g)', () => {
      const f = bowl();
      const start = [0.1, 2];
      const lr = 0.5;
      const hand = trajectory(adagrad({ lr }), f, { start, steps: STEPS });
      const tfDefault = trajectory(tfAdagrad({ lr }), f, { start, steps: STEPS });
      // Step 1 on x: g = 0.2. Hand: 0.5·0.2/(1e-6 + 0.2) ≈ 0.5; tf: 0.5·0.2/√(0.1 + 0.04) ≈ 0.267.
      const g = 0.2;
      expect(hand.points[1][0]).to.be.closeTo(0.1 - (lr * g) / (1e-6 + g), 1e-12);
      expect(tfDefault.points[1][0]).to.be.closeTo(0.1 - (lr * g) / Math.sqrt(0.1 + g * g + 1e-7), 1e-6);
      expect(compareRuns(hand, tfDefault).max).to.be.greaterThan(0.2);
      // Either mapping removes it: tf with r0: 0, or the hand-written side with r0: 0.1.
      expect(compareRuns(hand, trajectory(tfAdagrad({ lr, r0: 0 }), f, { start, steps: STEPS })).max).to.be.below(1e-5);
      expect(compareRuns(trajectory(adagrad({ lr, r0: 0.1 }), f, { start, steps: STEPS }), tfDefault).max).to.be.below(1e-5);
    });

    it('RMSProp: ε inside the root; the twin\'s ε_tf = δ² agrees even with tiny gradients, ε_tf = δ does not', () => {
      const f = bowl();
      const start = [1e-3, -2e-3];
      const o = { lr: 1e-4, rho: 0.9, delta: 1e-6 };
      const hand = trajectory(rmsprop(o), f, { start, steps: 50 });
      const mapped = trajectory(tfRmsprop(o), f, { start, steps: 50 });
      const naive = trajectory(tfRmsprop({ ...o, epsilon: o.delta }), f, { start, steps: 50 });
      // The mapped run converges like the hand-written one (its denominators differ by at most δ).
      expect(compareRuns(hand, mapped).max).to.be.below(1e-6);
      expect(compareRuns(hand, mapped).max).to.be.below(compareRuns(hand, naive).max / 100);
      // With ε_tf = δ = 1e-6 under the root, √(r + 1e-6) ≥ 1e-3 ≫ √r here: tf crawls.
      expect(compareRuns(hand, naive).max).to.be.greaterThan(1e-4);
    });

    it('Adam: most of the residual comes from tf\'s float32 β₂ᵗ; a float64 Adam that builds βᵗ as tf does is far closer', () => {
      const f = bowl();
      const start = [15, 7.5];
      const lr = 0.05;
      const twin = trajectory(tfAdam({ lr }), f, { start, steps: STEPS });
      const hand = trajectory(adam({ lr }), f, { start, steps: STEPS });
      // Adam re-stated in float64, except that βᵗ is multiplied up in float32 from float32 β,
      // as tf's accBeta1/accBeta2 variables are.
      const b1 = Math.fround(0.9), b2 = Math.fround(0.999);
      let acc1 = b1, acc2 = b2;
      const th = [...start], m = [0, 0], s = [0, 0];
      let worst = 0;
      for (let t = 0; t < STEPS; t++) {
        for (let i = 0; i < 2; i++) {
          const g = 2 * th[i];
          m[i] = 0.9 * m[i] + 0.1 * g;
          s[i] = 0.999 * s[i] + (1 - 0.999) * g * g;
          th[i] -= (lr * (m[i] / (1 - acc1))) / (Math.sqrt(s[i] / (1 - acc2)) + 1e-7);
          worst = Math.max(worst, Math.abs(th[i] - twin.points[t + 1][i]));
        }
        acc1 = Math.fround(acc1 * b1);
        acc2 = Math.fround(acc2 * b2);
      }
      const residual = compareRuns(hand, twin).max;
      expect(residual).to.be.greaterThan(1e-6);
      expect(worst).to.be.below(residual / 4);
    });

    it('AdaDelta: tf scales by the old accumulator; no mapping makes them agree, tf\'s own recurrence does', () => {
      const f = illConditioned({ a: 1, b: 4 });
      const o = { rho: 0.9, lr: 0.5, delta: 1e-6 };
      const start = [3, -2];
      const hand = trajectory(adadelta(o), f, { start, steps: STEPS });
      const twin = trajectory(tfAdadelta(o), f, { start, steps: STEPS });
      expect(compareRuns(hand, twin).max).to.be.greaterThan(0.1);
      // tf's update re-stated in float64: Δ = √(u + δ)/√(r_old + δ)·g, then r, u, θ.
      const th = [...start], r = [0, 0], u = [0, 0], h = [1, 4];
      let worst = 0;
      for (let t = 0; t < STEPS; t++) {
        for (let i = 0; i < 2; i++) {
          const g = h[i] * th[i];
          const d = (Math.sqrt(u[i] + o.delta) / Math.sqrt(r[i] + o.delta)) * g;
          r[i] = o.rho * r[i] + (1 - o.rho) * g * g;
          u[i] = o.rho * u[i] + (1 - o.rho) * d * d;
          th[i] -= o.lr * d;
          worst = Math.max(worst, Math.abs(th[i] - twin.points[t + 1][i]));
        }
      }
      expect(worst).to.be.below(1e-5 * 3);
    });

    it('momentum with a schedule: tf rescales the velocity by ε_t/ε_{t−1}, the hand-written one does not', () => {
      const o = { lr: 0.05, momentum: 0.9, schedule: exponentialDecay({ beta: 0.9 }) };
      const hand = trajectory(momentum(o), bowl(), { start: [15, 7.5], steps: 40 });
      const twin = trajectory(tfMomentum(o), bowl(), { start: [15, 7.5], steps: 40 });
      // Step 1 is the same (v₀ = 0); from step 2 on the old velocity is weighted μ vs μ·β.
      expect(Math.abs(hand.points[1][0] - twin.points[1][0])).to.be.below(1e-5);
      const v1 = -0.05 * 30;
      const g1 = 2 * (15 + v1);
      expect(twin.points[2][0]).to.be.closeTo(15 + v1 + 0.9 * 0.9 * v1 - 0.05 * 0.9 * g1, 1e-5);
      expect(hand.points[2][0]).to.be.closeTo(15 + v1 + 0.9 * v1 - 0.05 * 0.9 * g1, 1e-9);
      // gd with the same schedule has no velocity, so there they agree.
      const g = compareRuns(trajectory(gd({ lr: 0.05, schedule: o.schedule }), bowl(), { start: [15, 7.5], steps: 40 }),
        trajectory(tfGd({ lr: 0.05, schedule: o.schedule }), bowl(), { start: [15, 7.5], steps: 40 }));
      expect(g.max).to.be.below(1e-5);
    });
  });
});
