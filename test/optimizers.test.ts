import { expect } from 'chai';
import type { Objective, Optimizer } from '../src/core/types.js';
import { type Matrix, vec } from '../src/core/vec.js';
import { bowl, conditionedQuadratic, diagonalQuadratic, quadratic, rosenbrock, saddle } from '../src/objectives/index.js';
import {
  adadelta, adagrad, adam, adamBasic, adamax, bfgs, constantLr, cosineDecay, exponentialDecay, gd,
  inverseTimeDecay, momentum, nesterov, newton, rmsprop, stepDecay,
} from '../src/optimizers/index.js';
import { trajectory } from '../src/run/trajectory.js';

const line = bowl(1); // L = x², g = 2x
const state = (run: { states: Record<string, unknown>[] }, key: string, t: number) => run.states[t][key] as Float64Array;

describe('momentum', () => {
  it('first three steps on x² by hand (ε = 0.1, μ = 0.9, x₀ = 1, v₀ = 0)', () => {
    const run = trajectory(momentum({ lr: 0.1, momentum: 0.9 }), line, { start: [1], steps: 3 });
    // v = −0.2, x = 0.8; v = −0.18 − 0.16 = −0.34, x = 0.46; v = −0.306 − 0.092 = −0.398, x = 0.062.
    [1, 0.8, 0.46, 0.062].forEach((x, t) => expect(run.points[t][0]).to.be.closeTo(x, 1e-12));
    [0, -0.2, -0.34, -0.398].forEach((v, t) => expect(state(run, 'v', t)[0]).to.be.closeTo(v, 1e-12));
  });
  it('matches the closed form of the 2×2 recurrence: x_t = rᵗ(A cos ωt + B sin ωt), r = √μ', () => {
    // M = [[μ, −2ε], [μ, 1 − 2ε]] has det μ and trace μ + 1 − 2ε; complex eigenvalues r e^{±iω}.
    const mu = 0.9;
    const eps = 0.1;
    const r = Math.sqrt(mu);
    const omega = Math.acos((mu + 1 - 2 * eps) / (2 * r));
    const x1 = 1 - 2 * eps; // first step from x₀ = 1, v₀ = 0
    const A = 1;
    const B = (x1 / r - A * Math.cos(omega)) / Math.sin(omega);
    const run = trajectory(momentum({ lr: eps, momentum: mu }), line, { start: [1], steps: 60 });
    run.points.forEach((p, t) => expect(p[0], `t=${t}`).to.be.closeTo(r ** t * (A * Math.cos(omega * t) + B * Math.sin(omega * t)), 1e-12));
  });
  it('μ = 0 is plain GD; the stored lr follows the schedule', () => {
    const a = trajectory(momentum({ lr: 0.1, momentum: 0, schedule: exponentialDecay({ beta: 0.5 }) }), bowl(), { start: [3, -2], steps: 5 });
    const b = trajectory(gd({ lr: 0.1, schedule: exponentialDecay({ beta: 0.5 }) }), bowl(), { start: [3, -2], steps: 5 });
    a.points.forEach((p, t) => expect(Array.from(p)).to.deep.equal(Array.from(b.points[t])));
    expect(state(a, 'lr', 3)[0]).to.be.closeTo(0.1 * 0.5 ** 2, 1e-15); // step t = 2 used factor β²
  });
});

describe('nesterov', () => {
  it('takes the gradient at the look-ahead point θ + μv (hand steps, v₀ = 0.5)', () => {
    const run = trajectory(nesterov({ lr: 0.1, momentum: 0.9, v0: 0.5 }), line, { start: [1], steps: 2 });
    // Step 1: look-ahead 1.45, g = 2.9, v = 0.45 − 0.29 = 0.16, x = 1.16.
    // Step 2: look-ahead 1.304, g = 2.608, v = 0.144 − 0.2608 = −0.1168, x = 1.0432.
    expect(run.grads[0][0]).to.be.closeTo(2.9, 1e-12);
    expect(run.points[1][0]).to.be.closeTo(1.16, 1e-12);
    expect(run.grads[1][0]).to.be.closeTo(2.608, 1e-12);
    expect(run.points[2][0]).to.be.closeTo(1.0432, 1e-12);
    expect(state(run, 'v', 2)[0]).to.be.closeTo(-0.1168, 1e-12);
  });
  it('damps the ill-conditioned valley better than heavy-ball momentum at the same μ, ε', () => {
    const f = diagonalQuadratic([1, 50]);
    const opts = { lr: 0.02, momentum: 0.9 }; // ε·50 = 1: stable for both
    const hb = trajectory(momentum(opts), f, { start: [10, 1], steps: 100 });
    const nag = trajectory(nesterov(opts), f, { start: [10, 1], steps: 100 });
    expect(hb.diverged).to.equal(null);
    expect(nag.diverged).to.equal(null);
    // Envelopes: the slow direction's contraction per step is √(μ(1 − εc)) for Nesterov vs √μ.
    const envelope = (losses: number[]) => Math.max(...losses.slice(80));
    expect(envelope(nag.losses)).to.be.lessThan(envelope(hb.losses) / 2);
  });
});

describe('adaptive methods, hand-computed steps on x² + y²', () => {
  it('AdaGrad: the first step moves every coordinate by ε, the second by ε g₂/√(g₁² + g₂²)', () => {
    const run = trajectory(adagrad({ lr: 0.5, delta: 1e-12 }), bowl(), { start: [1, 2], steps: 2 });
    // g = (2, 4), r = (4, 16), θ = (0.5, 1.5); g = (1, 3), r = (5, 25), θ = (0.5 − 0.5/√5, 1.5 − 0.3).
    expect(run.points[1][0]).to.be.closeTo(0.5, 1e-10);
    expect(run.points[1][1]).to.be.closeTo(1.5, 1e-10);
    expect(run.points[2][0]).to.be.closeTo(0.5 - 0.5 / Math.sqrt(5), 1e-10);
    expect(run.points[2][1]).to.be.closeTo(1.2, 1e-10);
    expect(state(run, 'r', 2)[0]).to.be.closeTo(5, 1e-9);
    expect(state(run, 'r', 2)[1]).to.be.closeTo(25, 1e-9);
    expect(state(run, 'lr', 2)[1]).to.be.closeTo(0.1, 1e-10);
  });
  it('AdaGrad r0 starts the accumulator elsewhere', () => {
    const run = trajectory(adagrad({ lr: 1, r0: 0.1 }), bowl(1), { start: [1], steps: 1 });
    expect(state(run, 'r', 0)[0]).to.equal(0.1);
    expect(run.points[1][0]).to.be.closeTo(1 - 2 / (1e-6 + Math.sqrt(4.1)), 1e-12);
  });
  it('RMSProp: the first step is ε/√(1 − ρ) per coordinate, whatever the gradient', () => {
    const run = trajectory(rmsprop({ lr: 0.1, rho: 0.99, delta: 1e-12 }), bowl(), { start: [3, -0.002], steps: 2 });
    expect(run.points[1][0]).to.be.closeTo(3 - 1, 1e-9); // 0.1/√0.01 = 1
    expect(run.points[1][1]).to.be.closeTo(-0.002 + 1, 1e-8); // δ/√r ≈ 2.5e-9 relative here
    // Step 2 at x = 2: g = 4, r = 0.99·36·0.01 + 0.01·16 = 0.5164.
    expect(run.points[2][0]).to.be.closeTo(2 - (0.1 * 4) / Math.sqrt(0.5164), 1e-9);
  });
  it('basic Adam: v ← μv − ε/(δ + √r) g, so its first step equals RMSProp\'s, then momentum adds up', () => {
    const run = trajectory(adamBasic({ lr: 0.1, momentum: 0.5, rho: 0.99, delta: 1e-12 }), bowl(1), { start: [3], steps: 2 });
    expect(run.points[1][0]).to.be.closeTo(2, 1e-9);
    // Step 2: g = 4, r = 0.5164, v = 0.5·(−1) − 0.4/√0.5164.
    expect(state(run, 'v', 2)[0]).to.be.closeTo(-0.5 - 0.4 / Math.sqrt(0.5164), 1e-9);
    expect(run.points[2][0]).to.be.closeTo(2 - 0.5 - 0.4 / Math.sqrt(0.5164), 1e-9);
  });
  it('Adam: bias correction makes the first step exactly ε·sign(g); second step by hand', () => {
    const run = trajectory(adam({ lr: 0.1, delta: 1e-12 }), bowl(), { start: [3, -200], steps: 2 });
    expect(run.points[1][0]).to.be.closeTo(2.9, 1e-9);
    expect(run.points[1][1]).to.be.closeTo(-199.9, 1e-9);
    expect(run.states[2].t).to.equal(2);
    // Step 2 at x = 2.9: g = 5.8 after g = 6.
    const m = 0.9 * 0.1 * 6 + 0.1 * 5.8;
    const s = 0.999 * 0.001 * 36 + 0.001 * 5.8 ** 2;
    const step = (0.1 * (m / (1 - 0.81))) / Math.sqrt(s / (1 - 0.999 ** 2));
    expect(run.points[2][0]).to.be.closeTo(2.9 - step, 1e-9);
    expect(state(run, 'm', 2)[0]).to.be.closeTo(m, 1e-12);
    expect(state(run, 's', 2)[0]).to.be.closeTo(s, 1e-12);
  });
  it('Adamax: the first step is ε·sign(g), and u keeps the largest |g| (decayed)', () => {
    const run = trajectory(adamax({ lr: 0.1, delta: 1e-12 }), bowl(1), { start: [3], steps: 2 });
    expect(run.points[1][0]).to.be.closeTo(2.9, 1e-9);
    // Step 2: g = 5.8 < 0.999·6 = 5.994, so u = 5.994; m = 0.54 + 0.58 = 1.12.
    expect(state(run, 'u', 2)[0]).to.be.closeTo(5.994, 1e-12);
    expect(run.points[2][0]).to.be.closeTo(2.9 - (0.1 / (1 - 0.81)) * (1.12 / 5.994), 1e-9);
  });
  it('AdaDelta: the first step is √δ/√((1 − ρ)g² + δ) · g, the units set by δ', () => {
    const delta = 1e-4;
    const rho = 0.9;
    const run = trajectory(adadelta({ rho, delta }), bowl(1), { start: [3], steps: 2 });
    const r1 = 0.1 * 36;
    const dx1 = (Math.sqrt(delta) / Math.sqrt(r1 + delta)) * 6;
    expect(run.points[1][0]).to.be.closeTo(3 - dx1, 1e-12);
    const u1 = 0.1 * dx1 * dx1;
    expect(state(run, 'u', 1)[0]).to.be.closeTo(u1, 1e-15);
    const g2 = 2 * (3 - dx1);
    const r2 = 0.9 * r1 + 0.1 * g2 * g2;
    expect(run.points[2][0]).to.be.closeTo(3 - dx1 - (Math.sqrt(u1 + delta) / Math.sqrt(r2 + delta)) * g2, 1e-12);
  });
  it('every adaptive method reaches the bowl\'s minimum neighbourhood from (15, 7.5)', () => {
    const opts: Optimizer[] = [
      adagrad({ lr: 3 }), rmsprop({ lr: 0.3, rho: 0.9 }), adamBasic({ lr: 0.1, momentum: 0.5, rho: 0.9 }),
      adam({ lr: 0.5 }), adamax({ lr: 0.5 }), adadelta({ rho: 0.95, delta: 1e-2 }),
    ];
    for (const o of opts) {
      const run = trajectory(o, bowl(), { start: [15, 7.5], steps: 400 });
      expect(run.diverged, o.label).to.equal(null);
      expect(run.losses[400], o.label).to.be.lessThan(0.5);
    }
  });
});

describe('schedules', () => {
  it('factors', () => {
    expect(constantLr().factor(37)).to.equal(1);
    expect(exponentialDecay({ beta: 0.9 }).factor(0)).to.equal(1);
    expect(exponentialDecay({ beta: 0.9 }).factor(3)).to.be.closeTo(0.729, 1e-15);
    const s = stepDecay({ every: 10, factor: 0.5 });
    expect([0, 9, 10, 19, 20, 35].map((t) => s.factor(t))).to.deep.equal([1, 1, 0.5, 0.5, 0.25, 0.125]);
    expect(inverseTimeDecay({ k: 0.5 }).factor(4)).to.equal(1 / 3);
    const c = cosineDecay({ period: 100, floor: 0.1 });
    expect(c.factor(0)).to.equal(1);
    expect(c.factor(50)).to.be.closeTo(0.55, 1e-15);
    expect(c.factor(100)).to.be.closeTo(0.1, 1e-15);
    expect(c.factor(250)).to.be.closeTo(0.1, 1e-15);
  });
  it('GD with exponential decay follows θ_t = θ₀ Π_{k<t} (1 − 2ε βᵏ)', () => {
    const run = trajectory(gd({ lr: 0.3, schedule: exponentialDecay({ beta: 0.8 }) }), bowl(1), { start: [5], steps: 20 });
    let x = 5;
    run.points.forEach((p, t) => {
      expect(p[0]).to.be.closeTo(x, 1e-12);
      x *= 1 - 2 * 0.3 * 0.8 ** t;
    });
  });
  it('a schedule scales every adaptive method\'s rate', () => {
    const sched = stepDecay({ every: 1, factor: 0.5 });
    const run = trajectory(adam({ lr: 0.1, delta: 1e-12, schedule: sched }), bowl(1), { start: [3], steps: 2 });
    expect(run.points[1][0]).to.be.closeTo(2.9, 1e-9); // factor(0) = 1
    expect(state(run, 'lr', 2)[0]).to.be.lessThan(state(run, 'lr', 1)[0]);
    expect(run.label).to.contain('ε₀·0.5');
  });
});

describe('newton', () => {
  const a: Matrix = [[4, 1, 0], [1, 3, -1], [0, -1, 2]];
  const b = [1, -2, 0.5];
  const q = quadratic(a, b);
  it('reaches a quadratic\'s minimum A⁻¹b in one step', () => {
    const run = trajectory(newton(), q, { start: [5, -7, 3], steps: 1 });
    const x = run.points[1];
    // Check A x = b directly.
    a.forEach((row, i) => expect(row[0] * x[0] + row[1] * x[1] + row[2] * x[2]).to.be.closeTo(b[i], 1e-12));
  });
  it('with ε = ½ halves the distance to the minimum each step', () => {
    const run = trajectory(newton({ lr: 0.5 }), bowl(), { start: [8, -4], steps: 3 });
    expect(Array.from(run.points[3])).to.deep.equal([1, -0.5]);
  });
  it('jumps straight onto a saddle point: second-order methods are attracted to it', () => {
    const run = trajectory(newton(), saddle(), { start: [0.7, -1.3], steps: 1 });
    expect(Array.from(run.points[1])).to.deep.equal([0, 0]);
  });
  it('solves Rosenbrock from (−1.2, 1) in a handful of steps', () => {
    const run = trajectory(newton(), rosenbrock(), { start: [-1.2, 1], steps: 8 });
    expect(run.points[8][0]).to.be.closeTo(1, 1e-10);
    expect(run.points[8][1]).to.be.closeTo(1, 1e-10);
  });
  it('refuses, before the run starts, an objective without a Hessian', () => {
    let calls = 0;
    const noHessian: Objective = { name: 'no-H', tex: '', dim: 2, value: () => 0, gradient: () => { calls++; return vec([0, 0]); } };
    expect(() => trajectory(newton(), noHessian, { start: [1, 1], steps: 3 })).to.throw(TypeError, /newton needs the objective's Hessian.*no-H/);
    expect(calls).to.equal(0);
  });
  it('reports a singular Hessian as a stopped run, not an exception', () => {
    const run = trajectory(newton(), diagonalQuadratic([1, 1]), { start: [1, 1], steps: 3 });
    expect(run.diverged).to.equal(null);
    const flat: Objective = { ...saddle(), hessian: () => [[0, 0], [0, 0]] };
    const stopped = trajectory(newton(), flat, { start: [1, 1], steps: 3 });
    expect(stopped.diverged?.step).to.equal(0);
    expect(stopped.diverged?.reason).to.match(/singular/);
  });
});

describe('bfgs', () => {
  const dist = (p: ArrayLike<number>, m: ArrayLike<number>) => Math.hypot(...Array.from(p, (v, i) => v - m[i]));
  it('converges on quadratics in a few more than d steps', () => {
    const cases: [Objective, number[]][] = [
      [quadratic([[3, 1, 0], [1, 2, 0.5], [0, 0.5, 1]], [1, 2, 3]), [1, 1, 1]],
      [conditionedQuadratic({ dim: 5, condition: 100 }), [1, 1, 1, 1, 1]],
      [diagonalQuadratic([1, 20]), [10, 1]],
    ];
    for (const [f, start] of cases) {
      const minimum = f.minima?.[0] ?? newtonStep(f, start);
      const run = trajectory(bfgs(), f, { start, steps: 2 * f.dim + 2 });
      expect(dist(run.points.at(-1)!, minimum), f.name).to.be.lessThan(1e-7);
    }
  });
  it('stays put, finite, when run long past convergence', () => {
    for (const f of [conditionedQuadratic({ dim: 5, condition: 100 }), diagonalQuadratic([1, 20]), rosenbrock()]) {
      const run = trajectory(bfgs(), f, { start: Array(f.dim).fill(-1.2), steps: 200 });
      expect(run.diverged, f.name).to.equal(null);
      expect(dist(run.points[200], f.minima![0]), f.name).to.be.lessThan(1e-6);
    }
  });
  it('every update satisfies the secant equation H_{t+1} y = s', () => {
    const f = rosenbrock();
    const run = trajectory(bfgs(), f, { start: [-1.2, 1], steps: 10 });
    for (let t = 1; t <= 10; t++) {
      const s = [run.points[t][0] - run.points[t - 1][0], run.points[t][1] - run.points[t - 1][1]];
      const g1 = f.gradient(run.points[t]);
      const g0 = f.gradient(run.points[t - 1]);
      const y = [g1[0] - g0[0], g1[1] - g0[1]];
      const H = state(run, 'H', t);
      expect(H[0] * y[0] + H[1] * y[1], `t=${t}`).to.be.closeTo(s[0], 1e-9 * (1 + Math.abs(s[0])));
      expect(H[2] * y[0] + H[3] * y[1], `t=${t}`).to.be.closeTo(s[1], 1e-9 * (1 + Math.abs(s[1])));
      expect(H[1]).to.be.closeTo(H[2], 1e-12 * (1 + Math.abs(H[1])));
    }
  });
  it('solves Rosenbrock from (−1.2, 1), where GD with a stable rate is still far away', () => {
    const run = trajectory(bfgs(), rosenbrock(), { start: [-1.2, 1], steps: 60 });
    expect(dist(run.points[60], [1, 1])).to.be.lessThan(1e-6);
    const slow = trajectory(gd({ lr: 1e-3 }), rosenbrock(), { start: [-1.2, 1], steps: 60 });
    expect(dist(slow.points[60], [1, 1])).to.be.greaterThan(0.5);
  });
  it('the line search keeps the loss non-increasing', () => {
    const run = trajectory(bfgs(), rosenbrock(), { start: [-1.2, 1], steps: 40 });
    for (let t = 1; t <= 40; t++) expect(run.losses[t]).to.be.at.most(run.losses[t - 1]);
  });
});

/** The minimum of a quadratic without listed minima, by one Newton step. */
function newtonStep(f: Objective, start: number[]): Float64Array {
  const run = trajectory(newton(), f, { start, steps: 1 });
  return run.points[1];
}

describe('trajectory records states that later steps do not change', () => {
  it('states are copies', () => {
    const run = trajectory(momentum({ lr: 0.1, momentum: 0.9 }), bowl(), { start: [1, 1], steps: 3 });
    expect(run.states).to.have.length(4);
    expect(state(run, 'v', 0)[0]).to.equal(0);
    expect(state(run, 'v', 1)).to.not.equal(state(run, 'v', 2));
  });
});
