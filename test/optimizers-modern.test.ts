/**
 * AdamW, NAdam, centered RMSProp, weight decay and clipping, checked against the update
 * rules PyTorch documents (the algorithm boxes of torch.optim.AdamW, NAdam, RMSprop, Adam,
 * SGD and torch.nn.utils.clip_grad_norm_), re-implemented here independently in plain
 * numbers: one loop per rule, no code shared with src/optimizers. Plus closed forms.
 */
import { expect } from 'chai';
import type { Objective, Optimizer } from '../src/core/types.js';
import { bowl, illConditioned, rosenbrock } from '../src/objectives/index.js';
import {
  adam, adamw, addDecayedWeights, centeredRmsprop, chain, clipByNorm, clipByValue, exponentialDecay, gd, momentum,
  nadam, rmsprop, scaleByAdam, scaleByLearningRate,
} from '../src/optimizers/index.js';
import { trajectory } from '../src/run/trajectory.js';

type Rule = (theta: number[], g: number[], t: number) => void; // t counts from 1, as in the docs

/** Runs a reference rule: g taken at θ_{t−1}, then the rule moves θ in place. */
function reference(f: Objective, start: number[], steps: number, rule: Rule): number[][] {
  const theta = start.slice();
  const out = [theta.slice()];
  for (let t = 1; t <= steps; t++) {
    const g = Array.from(f.gradient(Float64Array.from(theta), t - 1));
    rule(theta, g, t);
    out.push(theta.slice());
  }
  return out;
}

function expectClose(run: { points: Float64Array[]; diverged: unknown }, ref: number[][], rel = 1e-12): void {
  expect(run.diverged).to.equal(null);
  expect(run.points.length).to.equal(ref.length);
  ref.forEach((p, t) => p.forEach((x, i) => {
    expect(run.points[t][i], `t=${t} i=${i}`).to.be.closeTo(x, rel * Math.max(1, Math.abs(x)));
  }));
}

/** torch.optim.Adam / AdamW / NAdam moments, per coordinate. */
function adamFamily(kind: 'adam' | 'adamw' | 'nadam', o: { lr: number; beta1: number; beta2: number; eps: number; wd: number; psi?: number }): Rule {
  const m: number[] = [];
  const v: number[] = [];
  let muProduct = 1;
  const mu = (t: number) => o.beta1 * (1 - 0.5 * 0.96 ** (t * (o.psi ?? 0.004)));
  return (theta, g, t) => {
    const mut = mu(t);
    const mut1 = mu(t + 1);
    muProduct *= mut;
    for (let i = 0; i < theta.length; i++) {
      let gi = g[i];
      if (kind === 'adamw') theta[i] -= o.lr * o.wd * theta[i];
      else gi += o.wd * theta[i];
      m[i] = o.beta1 * (m[i] ?? 0) + (1 - o.beta1) * gi;
      v[i] = o.beta2 * (v[i] ?? 0) + (1 - o.beta2) * gi * gi;
      const vhat = v[i] / (1 - o.beta2 ** t);
      const mhat = kind === 'nadam'
        ? (mut1 * m[i]) / (1 - muProduct * mut1) + ((1 - mut) * gi) / (1 - muProduct)
        : m[i] / (1 - o.beta1 ** t);
      theta[i] -= (o.lr * mhat) / (Math.sqrt(vhat) + o.eps);
    }
  };
}

describe('AdamW (decoupled weight decay), against torch.optim.AdamW\'s algorithm', () => {
  const o = { lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0.1 };
  it('100 steps on Rosenbrock and on an ill-conditioned valley agree to 1e-12', () => {
    for (const [f, start] of [[rosenbrock(), [-1.2, 1]], [illConditioned({ a: 1, b: 50 }), [3, 1]]] as const) {
      const run = trajectory(adamw({ lr: o.lr, delta: o.eps, weightDecay: o.wd }), f, { start, steps: 100 });
      expectClose(run, reference(f, [...start], 100, adamFamily('adamw', o)));
    }
  });
  it('on a flat surface (g = 0) only the decay acts: θ_t = θ₀(1 − ελ)ᵗ exactly in form', () => {
    const flat: Objective = { name: 'flat', tex: '0', dim: 2, value: () => 0, gradient: () => new Float64Array(2) };
    const run = trajectory(adamw({ lr: 0.1, weightDecay: 0.5 }), flat, { start: [2, -4], steps: 20 });
    run.points.forEach((p, t) => {
      expect(p[0]).to.be.closeTo(2 * 0.95 ** t, 1e-14);
      expect(p[1]).to.be.closeTo(-4 * 0.95 ** t, 1e-14);
    });
  });
  it('is Adam when λ = 0; the decay follows the schedule (ε_t λ)', () => {
    const a = trajectory(adamw({ lr: 0.1, weightDecay: 0 }), rosenbrock(), { start: [-1.2, 1], steps: 30 });
    const b = trajectory(adam({ lr: 0.1 }), rosenbrock(), { start: [-1.2, 1], steps: 30 });
    a.points.forEach((p, t) => expect(Array.from(p)).to.deep.equal(Array.from(b.points[t])));
    const flat: Objective = { name: 'flat', tex: '0', dim: 1, value: () => 0, gradient: () => new Float64Array(1) };
    const s = trajectory(adamw({ lr: 0.1, weightDecay: 1, schedule: exponentialDecay({ beta: 0.5 }) }), flat, { start: [1], steps: 3 });
    expect(s.points[3][0]).to.be.closeTo(0.9 * 0.95 * 0.975, 1e-15);
  });
  it('Adam with L2 decay (adam({ weightDecay })) is torch.optim.Adam(weight_decay) and differs from AdamW', () => {
    const f = illConditioned({ a: 1, b: 50 });
    const l2 = trajectory(adam({ lr: o.lr, delta: o.eps, weightDecay: o.wd }), f, { start: [3, 1], steps: 100 });
    expectClose(l2, reference(f, [3, 1], 100, adamFamily('adam', o)));
    const w = trajectory(adamw({ lr: o.lr, delta: o.eps, weightDecay: o.wd }), f, { start: [3, 1], steps: 100 });
    expect(Math.abs(l2.points[100][0] - w.points[100][0])).to.be.greaterThan(1e-3);
  });
});

describe('NAdam (PyTorch\'s form, momentum_decay ψ = 0.004)', () => {
  it('100 steps on Rosenbrock agree with torch.optim.NAdam\'s algorithm to 1e-12 (also with L2 decay and ψ = 0.01)', () => {
    for (const o of [
      { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0 },
      { lr: 0.005, beta1: 0.8, beta2: 0.99, eps: 1e-7, wd: 0.05, psi: 0.01 },
    ]) {
      const run = trajectory(nadam({ lr: o.lr, beta1: o.beta1, beta2: o.beta2, delta: o.eps, weightDecay: o.wd || undefined, momentumDecay: o.psi }), rosenbrock(), { start: [-1.2, 1], steps: 100 });
      expectClose(run, reference(rosenbrock(), [-1.2, 1], 100, adamFamily('nadam', o)));
    }
  });
  it('first step in closed form: ε(1 + μ₂(1 − β₁)/(1 − μ₁μ₂))·sign(g), and the state keeps Πμ', () => {
    const mu = (t: number) => 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004));
    const run = trajectory(nadam({ lr: 0.1, delta: 1e-300 }), bowl(1), { start: [3], steps: 1 });
    expect(run.points[1][0]).to.be.closeTo(3 - 0.1 * (1 + (mu(2) * 0.1) / (1 - mu(1) * mu(2))), 1e-14);
    expect(run.states[1].muProduct).to.be.closeTo(mu(1), 1e-16);
    expect(run.states[1].t).to.equal(1);
  });
});

describe('centered RMSProp', () => {
  /** torch.optim.RMSprop(centered=True, momentum μ), α = ρ, eps outside the root. */
  const torchRms = (o: { lr: number; alpha: number; eps: number; mu: number }): Rule => {
    const sq: number[] = [];
    const avg: number[] = [];
    const buf: number[] = [];
    return (theta, g) => {
      for (let i = 0; i < theta.length; i++) {
        sq[i] = o.alpha * (sq[i] ?? 0) + (1 - o.alpha) * g[i] * g[i];
        avg[i] = o.alpha * (avg[i] ?? 0) + (1 - o.alpha) * g[i];
        const denom = Math.sqrt(sq[i] - avg[i] * avg[i]) + o.eps;
        if (o.mu > 0) { buf[i] = o.mu * (buf[i] ?? 0) + g[i] / denom; theta[i] -= o.lr * buf[i]; }
        else theta[i] -= (o.lr * g[i]) / denom;
      }
    };
  };
  it('agrees with torch.optim.RMSprop(centered=True) without and with momentum (Rosenbrock, 100 steps)', () => {
    for (const mu of [0, 0.5]) {
      const o = { lr: 0.002, alpha: 0.9, eps: 1e-6, mu };
      const run = trajectory(centeredRmsprop({ lr: o.lr, rho: o.alpha, delta: o.eps, momentum: mu || undefined }), rosenbrock(), { start: [-1.2, 1], steps: 100 });
      expectClose(run, reference(rosenbrock(), [-1.2, 1], 100, torchRms(o)), 1e-10);
    }
  });
  it('first step ε/√(ρ(1 − ρ)) per coordinate: r − mg² = ρ(1 − ρ)g² after one gradient', () => {
    const run = trajectory(centeredRmsprop({ lr: 0.1, rho: 0.9, delta: 1e-300 }), bowl(), { start: [3, -5], steps: 1 });
    const k = 0.1 / Math.sqrt(0.9 * 0.1);
    expect(run.points[1][0]).to.be.closeTo(3 - k, 1e-12);
    expect(run.points[1][1]).to.be.closeTo(-5 + k, 1e-12);
    expect(Object.keys(run.states[1]).sort()).to.deep.equal(['lr', 'mg', 'r']);
  });
  it('on a plane (constant g) the variance estimate vanishes and the rate climbs to ε/δ: the run is stopped and reported, not thrown', () => {
    const plane: Objective = { name: 'plane', tex: 'x + 3y', dim: 2, value: (t) => t[0] + 3 * t[1], gradient: () => new Float64Array([1, 3]) };
    const run = trajectory(centeredRmsprop({ lr: 0.01, rho: 0.5 }), plane, { start: [0, 0], steps: 2000, blowUp: 1e6 });
    expect(run.diverged?.reason).to.match(/exceeded/);
    expect(run.states[run.steps].lr[0]).to.be.greaterThan(1000); // ε/δ = 1e4 once r − mg² ≈ 0
  });
});

describe('weight decay and clipping with any first-order optimizer', () => {
  it('gd and momentum with weightDecay are torch.optim.SGD(weight_decay): g ← g + λθ', () => {
    const f = illConditioned({ a: 1, b: 5 });
    const lam = 0.3;
    const sgd = reference(f, [3, 2], 40, (th, g) => { for (let i = 0; i < 2; i++) th[i] -= 0.05 * (g[i] + lam * th[i]); });
    expectClose(trajectory(gd({ lr: 0.05, weightDecay: lam }), f, { start: [3, 2], steps: 40 }), sgd);
    const buf = [0, 0];
    const heavy = reference(f, [3, 2], 40, (th, g) => {
      for (let i = 0; i < 2; i++) { buf[i] = 0.9 * buf[i] + g[i] + lam * th[i]; th[i] -= 0.05 * buf[i]; }
    });
    expectClose(trajectory(momentum({ lr: 0.05, momentum: 0.9, weightDecay: lam }), f, { start: [3, 2], steps: 40 }), heavy);
  });
  it('clipNorm rescales g to norm ≤ c before the rate (clip_grad_norm_ without its 1e-6), clipValue clips each coordinate', () => {
    const f = bowl(); // g = 2θ
    const byNorm = trajectory(gd({ lr: 0.1, clipNorm: 1 }), f, { start: [30, 40], steps: 1 });
    expect(Array.from(byNorm.points[1])).to.deep.equal([30 - 0.1 * 0.6, 40 - 0.1 * 0.8]);
    expect(Array.from(byNorm.grads[0])).to.deep.equal([60, 80]); // the recorded gradient is the raw one
    const small = trajectory(gd({ lr: 0.1, clipNorm: 1000 }), f, { start: [3, 4], steps: 1 });
    expect(Array.from(small.points[1])).to.deep.equal([3 - 0.1 * 6, 4 - 0.1 * 8]);
    const byValue = trajectory(rmsprop({ lr: 0.1, rho: 0.9, clipValue: 2 }), f, { start: [30, -0.5], steps: 3 });
    const ref = reference(f, [30, -0.5], 3, (() => {
      const r = [0, 0];
      return (th: number[], g: number[]) => {
        for (let i = 0; i < 2; i++) {
          const c = Math.min(2, Math.max(-2, g[i]));
          r[i] = 0.9 * r[i] + 0.1 * c * c;
          th[i] -= (0.1 / (1e-6 + Math.sqrt(r[i]))) * c;
        }
      };
    })());
    expectClose(byValue, ref);
  });
  it('a chain of transforms reads like the formula: clip, L2, rate, Adam = adam({ clipNorm, weightDecay }) bit for bit', () => {
    const mine = chain(clipByNorm(2), addDecayedWeights(0.01), scaleByLearningRate(0.05), scaleByAdam({ beta1: 0.9, beta2: 0.999, delta: 1e-7 }));
    const a = trajectory(mine, rosenbrock(), { start: [-1.2, 1], steps: 50 });
    const b = trajectory(adam({ lr: 0.05, clipNorm: 2, weightDecay: 0.01 }), rosenbrock(), { start: [-1.2, 1], steps: 50 });
    a.points.forEach((p, t) => expect(Array.from(p)).to.deep.equal(Array.from(b.points[t])));
    expect(Object.keys(a.states[0])).to.deep.equal(['m', 's', 't', 'lr']);
    expect(b.label).to.equal('Adam β₁=0.9 β₂=0.999 ε=0.05 ‖g‖≤2 L2 λ=0.01');
  });
  it('bad values name the option and what is allowed', () => {
    expect(() => gd({ lr: 0.1, weightDecay: -1 })).to.throw(RangeError, /weightDecay must be a finite number ≥ 0; got -1/);
    expect(() => adamw({ lr: 0.1, weightDecay: NaN })).to.throw(RangeError, /weightDecay/);
    expect(() => adam({ lr: 0.1, clipNorm: 0 })).to.throw(RangeError, /clipNorm must be a finite number > 0; got 0/);
    expect(() => momentum({ lr: 0.1, momentum: 0.5, clipValue: '1' as never })).to.throw(TypeError, /clipValue must be a number/);
    expect(() => nadam({ lr: 0.1, momentumDecay: -0.004 })).to.throw(RangeError, /momentumDecay/);
    expect(() => centeredRmsprop({ lr: 0.1, rho: 0.9, momentum: 1 })).to.throw(RangeError, /momentum must be in \[0, 1\)/);
    expect(() => chain(scaleByAdam({ beta1: 0.9, beta2: 0.99, delta: 1e-8 }), scaleByAdam({ beta1: 0.9, beta2: 0.99, delta: 1e-8 })).init(new Float64Array(1)))
      .to.throw(RangeError, /both keep a state field 'm'/);
    expect(() => chain(clipByValue(1), {} as never)).to.throw(TypeError, /transforms\[1\] must be a GradientTransform/);
  });
});

describe('every chain-built optimizer keeps a sane state through a run', () => {
  it('states are copies; lr is the effective rate', () => {
    const opts: Optimizer[] = [adamw({ lr: 0.1 }), nadam({ lr: 0.1 }), centeredRmsprop({ lr: 0.01, rho: 0.9, momentum: 0.5 })];
    for (const o of opts) {
      const run = trajectory(o, rosenbrock(), { start: [-1.2, 1], steps: 5 });
      expect(run.states[1].lr, o.label).to.not.equal(run.states[2].lr);
      expect(run.diverged, o.label).to.equal(null);
    }
  });
});

describe('compareRuns keeps the runs\' state types', () => {
  it('picks a state vector without a cast (this file would not typecheck otherwise)', async () => {
    const { compareRuns } = await import('../src/run/compare.js');
    const a = trajectory(momentum({ lr: 0.1, momentum: 0.5 }), bowl(), { start: [1, 1], steps: 5 });
    const b = trajectory(momentum({ lr: 0.1, momentum: 0.5, clipNorm: 1e9 }), bowl(), { start: [1, 1], steps: 5 });
    const v: Float64Array = a.states[3].v;
    expect(v).to.have.length(2);
    expect(compareRuns(a, b, (run, t) => run.states[t].v).max).to.equal(0);
  });
});
