/**
 * The article's experiments on f(x, y) = x² + y² (figures 4–10), with expected values
 * derived independently of the optimizer code: closed forms, 2×2 matrix powers, hand steps.
 */
import { expect } from 'chai';
import { bowl } from '../src/objectives/index.js';
import { articleRmsprop, gd, momentum, rmsprop } from '../src/optimizers/index.js';
import { trajectory } from '../src/run/trajectory.js';

type M2 = [[number, number], [number, number]];
const mul = (a: M2, b: M2): M2 => [
  [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]],
  [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]],
];
const power = (m: M2, t: number): M2 => {
  let out: M2 = [[1, 0], [0, 1]];
  for (let k = 0; k < t; k++) out = mul(out, m);
  return out;
};
const vecOf = (run: { states: Record<string, unknown>[] }, key: string, t: number) => run.states[t][key] as Float64Array;

describe('figure 4: GD, ε = 0.125, from (15, 0.1), 100 iterations', () => {
  const run = trajectory(gd({ lr: 0.125 }), bowl(), { start: [15, 0.1], steps: 100 });
  it('θ_t = θ₀ (1 − 2ε)ᵗ = θ₀ · 0.75ᵗ', () => {
    expect(run.points).to.have.length(101);
    run.points.forEach((p, t) => {
      expect(p[0]).to.be.closeTo(15 * 0.75 ** t, 1e-12);
      expect(p[1]).to.be.closeTo(0.1 * 0.75 ** t, 1e-14);
    });
  });
  it('goes straight in: every iterate stays on the ray through the start', () => {
    for (const p of run.points.slice(1, 60)) expect(p[1] / p[0]).to.be.closeTo(0.1 / 15, 1e-12);
  });
});

describe('figure 5: one rate per parameter, 50 iterations from (15, 0.1)', () => {
  for (const [name, lr] of [['a', [0.125, 0.015]], ['b', [0.015, 0.125]]] as const) {
    it(`(${name}) ε = (${lr}): each coordinate follows its own closed form θᵢ₀(1 − 2εᵢ)ᵗ`, () => {
      const run = trajectory(gd({ lr: [...lr] }), bowl(), { start: [15, 0.1], steps: 50 });
      run.points.forEach((p, t) => {
        expect(p[0]).to.be.closeTo(15 * (1 - 2 * lr[0]) ** t, 1e-12);
        expect(p[1]).to.be.closeTo(0.1 * (1 - 2 * lr[1]) ** t, 1e-14);
      });
    });
  }
  it('(b) the fast y coordinate reaches its zero first, then the path crawls along x', () => {
    const run = trajectory(gd({ lr: [0.015, 0.125] }), bowl(), { start: [15, 0.1], steps: 50 });
    const t10 = run.points[10];
    expect(Math.abs(t10[1])).to.be.lessThan(0.01); // 0.1 · 0.75¹⁰ ≈ 0.0056
    expect(t10[0]).to.be.greaterThan(11); // 15 · 0.97¹⁰ ≈ 11.06
    expect(run.points[50][0]).to.be.closeTo(15 * 0.97 ** 50, 1e-12); // still ≈ 3.3 from the minimum
  });
});

/**
 * Momentum on x², one coordinate: v' = μv − 2εx, x' = x + v' = μv + (1 − 2ε)x,
 * i.e. [v; x]_{t} = Mᵗ [v₀; x₀] with M = [[μ, −2ε], [μ, 1 − 2ε]].
 */
function momentumByMatrixPowers(mu: number, eps: number, v0: number, x0: number, t: number): [number, number] {
  const m = power([[mu, -2 * eps], [mu, 1 - 2 * eps]], t);
  return [m[0][0] * v0 + m[0][1] * x0, m[1][0] * v0 + m[1][1] * x0];
}

for (const [fig, mu] of [['6 and 7', 0.9], ['8', 0.8]] as const) {
  describe(`figure ${fig}: momentum μ = ${mu}, v₀ = (1, 1), ε = (0.125, 0.015), from (15, 15), 80 iterations`, () => {
    const lr = [0.125, 0.015];
    const run = trajectory(momentum({ lr, momentum: mu, v0: [1, 1] }), bowl(), { start: [15, 15], steps: 80 });
    it('iterates and velocities equal Mᵗ[v₀; θ₀] per coordinate', () => {
      expect(run.points).to.have.length(81);
      for (let t = 0; t <= 80; t++) {
        for (let i = 0; i < 2; i++) {
          const [v, x] = momentumByMatrixPowers(mu, lr[i], 1, 15, t);
          expect(run.points[t][i], `θ${i} at t=${t}`).to.be.closeTo(x, 1e-9);
          expect(vecOf(run, 'v', t)[i], `v${i} at t=${t}`).to.be.closeTo(v, 1e-9);
        }
      }
    });
    it('overshoots: x crosses the minimum and comes back (a ball rolling in a bowl)', () => {
      const xs = run.points.map((p) => p[0]);
      expect(Math.min(...xs)).to.be.lessThan(-5);
      expect(xs.findIndex((x) => x < 0)).to.be.lessThan(5);
    });
  });
}

describe('figure 7: the velocity oscillates like a damped harmonic oscillator', () => {
  const mu = 0.9;
  const run = trajectory(momentum({ lr: [0.125, 0.015], momentum: mu, v0: [1, 1] }), bowl(), { start: [15, 15], steps: 80 });
  const vx = run.states.map((s) => (s.v as Float64Array)[0]);
  it('|v_x| is largest on the step that carries x across the minimum', () => {
    let peak = 0;
    vx.forEach((v, t) => { if (Math.abs(v) > Math.abs(vx[peak])) peak = t; });
    expect(peak).to.equal(3);
    expect(vx[peak]).to.be.closeTo(-6.7, 0.1); // hand: v = 1, −2.85, −5.6125, −6.7062
    expect(Math.sign(run.points[peak - 1][0])).to.not.equal(Math.sign(run.points[peak][0]));
  });
  it('the maxima of v_x recur with period 2π/ω, cos ω = tr M / (2√μ), and shrink', () => {
    const omega = Math.acos((mu + 1 - 0.25) / (2 * Math.sqrt(mu)));
    const maxima = vx.map((v, t) => t).filter((t) => t > 0 && t < 80 && vx[t] > vx[t - 1] && vx[t] > vx[t + 1]);
    expect(maxima.length).to.be.at.least(4);
    for (let k = 1; k < maxima.length; k++) {
      expect(maxima[k] - maxima[k - 1]).to.be.closeTo((2 * Math.PI) / omega, 1.01);
      expect(vx[maxima[k]]).to.be.lessThan(vx[maxima[k - 1]]);
    }
    expect(maxima[0]).to.equal(9); // as in the article's figure 7
  });
});

describe('figure 8 vs 6: μ = 0.8 arrives faster than μ = 0.9', () => {
  const settle = (mu: number) => {
    const run = trajectory(momentum({ lr: [0.125, 0.015], momentum: mu, v0: [1, 1] }), bowl(), { start: [15, 15], steps: 80 });
    const radii = run.points.map((p) => Math.hypot(p[0], p[1]));
    let last = 0;
    radii.forEach((r, t) => { if (r >= 1) last = t; });
    return { last, final: radii[80] };
  };
  it('settles inside radius 1 sooner and ends closer', () => {
    const fast = settle(0.8);
    const slow = settle(0.9);
    expect(fast.last).to.be.lessThan(slow.last - 10);
    expect(fast.final).to.be.lessThan(slow.final / 10);
  });
});

describe("figures 9 and 10: the article's RMSProp code (rate divided in place), ε = 4, ρ = 0.9, δ = 1e-6, from (15, 7.5)", () => {
  const opts = { lr: 4, rho: 0.9, delta: 1e-6 };
  const run = trajectory(articleRmsprop(opts), bowl(), { start: [15, 7.5], steps: 30 });
  const r = (t: number) => vecOf(run, 'r', t);
  it('first two steps by hand', () => {
    // Step 1: g = (30, 15), r = 0.1·(900, 225) = (90, 22.5), lr = 4/(√r + δ).
    const lr1 = [4 / (Math.sqrt(90) + 1e-6), 4 / (Math.sqrt(22.5) + 1e-6)];
    const p1 = [15 - lr1[0] * 30, 7.5 - lr1[1] * 15];
    expect(p1[0]).to.be.closeTo(2.35, 0.005);
    expect(p1[1]).to.be.closeTo(-5.15, 0.005);
    expect(run.points[1][0]).to.be.closeTo(p1[0], 1e-12);
    expect(run.points[1][1]).to.be.closeTo(p1[1], 1e-12);
    // Step 2: the rate vector is divided again (compounding), by δ + √r with the new r.
    const g = [2 * p1[0], 2 * p1[1]];
    const r2 = [0.9 * 90 + 0.1 * g[0] ** 2, 0.9 * 22.5 + 0.1 * g[1] ** 2];
    const lr2 = [lr1[0] / (Math.sqrt(r2[0]) + 1e-6), lr1[1] / (Math.sqrt(r2[1]) + 1e-6)];
    expect(run.points[2][0]).to.be.closeTo(p1[0] - lr2[0] * g[0], 1e-12);
    expect(run.points[2][1]).to.be.closeTo(p1[1] - lr2[1] * g[1], 1e-12);
    lr2.forEach((v, i) => expect(vecOf(run, 'lr', 2)[i]).to.be.closeTo(v, 1e-15));
    expect(lr2[0]).to.be.lessThan(lr1[0] / 5); // already a fifth of the first step's rate
  });
  it('stalls far from the minimum: the rate collapses toward 0', () => {
    const last = run.points[30];
    expect(Math.hypot(last[0], last[1])).to.be.greaterThan(3);
    expect(Math.hypot(last[0] - run.points[20][0], last[1] - run.points[20][1])).to.be.lessThan(0.1);
    expect(Math.max(...vecOf(run, 'lr', 30))).to.be.lessThan(1e-20);
  });
  it("figure 10: r_x jumps to 90 and then falls, r_y rises throughout; they cross", () => {
    expect(r(0)[0]).to.equal(0);
    expect(r(1)[0]).to.be.closeTo(90, 1e-9);
    expect(r(1)[1]).to.be.closeTo(22.5, 1e-9);
    for (let t = 2; t <= 30; t++) {
      expect(r(t)[0], `r_x falls at t=${t}`).to.be.lessThan(r(t - 1)[0]);
      expect(r(t)[1], `r_y rises at t=${t}`).to.be.greaterThan(r(t - 1)[1]);
    }
    expect(r(5)[0]).to.be.greaterThan(r(5)[1]);
    expect(r(30)[0]).to.be.lessThan(r(30)[1]);
    // Once θ stops moving, r → g∘g geometrically: r_y(30) approaches (2·y₃₀)² from below.
    expect(r(30)[1]).to.be.closeTo(4 * run.points[30][1] ** 2, 2);
  });
  it('textbook RMSProp from the same start does not stall: it reaches the neighbourhood of the minimum', () => {
    const textbook = trajectory(rmsprop(opts), bowl(), { start: [15, 7.5], steps: 30 });
    expect(textbook.points[1][0]).to.be.closeTo(run.points[1][0], 1e-12); // identical first step
    const radii = textbook.points.map((p) => Math.hypot(p[0], p[1]));
    expect(Math.min(...radii)).to.be.lessThan(0.2);
    expect(Math.max(...radii.slice(5))).to.be.lessThan(5); // it jitters around the minimum, never back out
  });
});
