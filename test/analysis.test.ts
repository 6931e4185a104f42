import { expect } from 'chai';
import type { Objective } from '../src/core/types.js';
import { type Matrix, vec } from '../src/core/vec.js';
import { bowl, quadratic } from '../src/objectives/quadratic.js';
import { gd } from '../src/optimizers/gd.js';
import { newton } from '../src/optimizers/newton.js';
import { trajectory } from '../src/run/trajectory.js';
import {
  basinAgreement,
  basinsOf,
  costToTolerance,
  countingObjective,
  findCriticalPoints,
  markdownTable,
  reachedOrNull,
  stepCost,
  stepsToTolerance,
  classifyCriticalPoint,
  classifyEigenvalues,
  eigenSymmetric,
  eigenvaluesSymmetric,
  goeAllPositiveAsymptotic,
  minimumProbability,
  normalTail,
  numericalHessian,
  randomSymmetricMatrix,
  refineCriticalPoint,
} from '../src/analysis/index.js';

/** The tridiagonal matrix with 2 on the diagonal and −1 beside it: eigenvalues 2 − 2cos(kπ/(n+1)). */
const laplacian = (n: number): Matrix =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));

describe('eigenvaluesSymmetric (Jacobi)', () => {
  it('finds 1 and 3 for [[2, 1], [1, 2]]', () => {
    const ev = eigenvaluesSymmetric([[2, 1], [1, 2]]);
    expect(ev[0]).to.be.closeTo(1, 1e-14);
    expect(ev[1]).to.be.closeTo(3, 1e-14);
  });
  it('returns a diagonal matrix\'s entries, sorted ascending', () => {
    expect(eigenvaluesSymmetric([[5, 0, 0], [0, -1, 0], [0, 0, 2]])).to.deep.equal([-1, 2, 5]);
  });
  it('matches the closed form 2 − 2cos(kπ/(n+1)) of the 8×8 discrete Laplacian', () => {
    const n = 8;
    const ev = eigenvaluesSymmetric(laplacian(n));
    for (let k = 1; k <= n; k++) expect(ev[k - 1]).to.be.closeTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 1e-12);
  });
  it('gives orthonormal eigenvectors with A v = λ v', () => {
    const a = [[4, 1, -2], [1, 3, 0.5], [-2, 0.5, 1]];
    const { values, vectors } = eigenSymmetric(a);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        const av = a[i].reduce((s, aij, j) => s + aij * vectors[j][k], 0);
        expect(av).to.be.closeTo(values[k] * vectors[i][k], 1e-12);
      }
      for (let l = 0; l < 3; l++) {
        const d = [0, 1, 2].reduce((s, i) => s + vectors[i][k] * vectors[i][l], 0);
        expect(d).to.be.closeTo(k === l ? 1 : 0, 1e-12);
      }
    }
    // Trace and determinant are preserved: 4 + 3 + 1 = 8; det by cofactors = -8.25 - ... computed by hand below.
    expect(values.reduce((s, x) => s + x, 0)).to.be.closeTo(8, 1e-12);
    const det = 4 * (3 * 1 - 0.5 * 0.5) - 1 * (1 * 1 - 0.5 * -2) + -2 * (1 * 0.5 - 3 * -2);
    expect(values.reduce((p, x) => p * x, 1)).to.be.closeTo(det, 1e-11);
  });
  it('does not modify its input', () => {
    const a = [[2, 1], [1, 2]];
    eigenvaluesSymmetric(a);
    expect(a).to.deep.equal([[2, 1], [1, 2]]);
  });
  it('rejects non-square and asymmetric matrices, naming the problem', () => {
    expect(() => eigenvaluesSymmetric([[1, 2, 3], [2, 1, 0]])).to.throw(RangeError, /square/);
    expect(() => eigenvaluesSymmetric([[1, 2], [3, 1]])).to.throw(RangeError, /symmetric.*\[0\]\[1\] = 2.*\[1\]\[0\] = 3/);
    expect(() => eigenvaluesSymmetric([[1, NaN], [NaN, 1]])).to.throw(RangeError, /finite/);
  });
});

/** x³ − 3xy², given without a Hessian so that the finite-difference path is used. */
const monkey: Objective = {
  name: 'monkey', tex: '', dim: 2,
  value: (t) => t[0] ** 3 - 3 * t[0] * t[1] ** 2,
  gradient: (t) => vec([3 * t[0] ** 2 - 3 * t[1] ** 2, -6 * t[0] * t[1]]),
};

/** A double well in x, a parabola in y: minima at (±1, 0), a saddle at the origin. */
const doubleWell: Objective = {
  name: 'double well', tex: '', dim: 2,
  value: (t) => t[0] ** 4 / 4 - t[0] ** 2 / 2 + t[1] ** 2 / 2,
  gradient: (t) => vec([t[0] ** 3 - t[0], t[1]]),
  hessian: (t) => [[3 * t[0] ** 2 - 1, 0], [0, 1]],
};

describe('classifyCriticalPoint', () => {
  it('calls the bowl\'s origin a minimum with curvatures 2 and 2', () => {
    const info = classifyCriticalPoint(bowl(), [0, 0]);
    expect(info.kind).to.equal('minimum');
    expect(info.eigenvalues).to.deep.equal([2, 2]);
    expect(info.critical).to.equal(true);
    expect(info.hessian).to.equal('analytic');
  });
  it('calls x² − y² at the origin a saddle with curvatures −2 and 2', () => {
    const info = classifyCriticalPoint(quadratic([[2, 0], [0, -2]]), [0, 0]);
    expect(info.kind).to.equal('saddle');
    expect(info.eigenvalues[0]).to.be.closeTo(-2, 1e-14);
    expect(info.eigenvalues[1]).to.be.closeTo(2, 1e-14);
  });
  it('calls −(x² + y²) a maximum', () => {
    expect(classifyCriticalPoint(quadratic([[-2, 0], [0, -2]]), [0, 0]).kind).to.equal('maximum');
  });
  it('calls the monkey saddle degenerate (a zero Hessian), via finite differences', () => {
    const info = classifyCriticalPoint(monkey, [0, 0], { tol: 1e-5 });
    expect(info.kind).to.equal('degenerate');
    expect(info.hessian).to.equal('finite differences');
    for (const l of info.eigenvalues) expect(Math.abs(l)).to.be.below(1e-5);
  });
  it('finds the double well\'s minima (curvatures 1, 2) and its saddle (−1, 1)', () => {
    const m = classifyCriticalPoint(doubleWell, [1, 0]);
    expect(m.kind).to.equal('minimum');
    expect(m.eigenvalues).to.deep.equal([1, 2]);
    expect(classifyCriticalPoint(doubleWell, [-1, 0]).kind).to.equal('minimum');
    const s = classifyCriticalPoint(doubleWell, [0, 0]);
    expect(s.kind).to.equal('saddle');
    expect(s.eigenvalues).to.deep.equal([-1, 1]);
  });
  it('reports a non-critical point as such (gradient norm and flag)', () => {
    const info = classifyCriticalPoint(bowl(), [3, 4]);
    expect(info.critical).to.equal(false);
    expect(info.gradientNorm).to.be.closeTo(10, 1e-12);
    expect(info.kind).to.equal('minimum');
  });
  it('rejects a point of the wrong dimension', () => {
    expect(() => classifyCriticalPoint(bowl(), [1, 2, 3])).to.throw(RangeError, /theta must have 2 coordinates/);
  });
});

describe('classifyEigenvalues and numericalHessian', () => {
  it('counts mixed signs as a saddle even with a zero curvature; zero without mix as degenerate', () => {
    expect(classifyEigenvalues([-1, 0, 1])).to.equal('saddle');
    expect(classifyEigenvalues([0, 1])).to.equal('degenerate');
    expect(classifyEigenvalues([-3, 0])).to.equal('degenerate');
    expect(classifyEigenvalues([0.5, 7])).to.equal('minimum');
  });
  it('approximates the double well\'s Hessian 3x² − 1 at x = 2', () => {
    const h = numericalHessian(doubleWell, [2, 0.3]);
    expect(h[0][0]).to.be.closeTo(11, 1e-6);
    expect(h[1][1]).to.be.closeTo(1, 1e-6);
    expect(h[0][1]).to.be.closeTo(0, 1e-6);
  });
  it('refineCriticalPoint polishes (0.8, 0.2) to the minimum (1, 0) and (0.1, 0.1) to the saddle', () => {
    const r = refineCriticalPoint(doubleWell, [0.8, 0.2]);
    expect(r.theta[0]).to.be.closeTo(1, 1e-12);
    expect(r.theta[1]).to.be.closeTo(0, 1e-12);
    const s = refineCriticalPoint(doubleWell, [0.1, 0.1]);
    expect(s.theta[0]).to.be.closeTo(0, 1e-12);
  });
});

describe('minimumProbability (random Hessians)', () => {
  it('the independent model reproduces s^d within 4 standard errors', () => {
    for (const s of [0.5, 0.8]) {
      const rows = minimumProbability({ model: 'independent', maxDim: 4, trials: 20000, seed: 7, s });
      rows.forEach((r, i) => {
        expect(r.d).to.equal(i + 1);
        expect(r.reference).to.be.closeTo(s ** r.d, 1e-15);
        const se = Math.sqrt((s ** r.d * (1 - s ** r.d)) / r.trials);
        expect(Math.abs(r.estimate - s ** r.d)).to.be.below(4 * se);
      });
    }
  });
  it('the GOE gives 1/2 at d = 1 and (2 − √2)/4 ≈ 0.146 at d = 2', () => {
    const rows = minimumProbability({ model: 'goe', maxDim: 3, trials: 40000, seed: 3 });
    const p1 = 0.5;
    const p2 = (2 - Math.SQRT2) / 4; // from ∫∫_{a,c>0} φ(a)φ(c) erf(√(ac)), checked by quadrature
    expect(Math.abs(rows[0].estimate - p1)).to.be.below(4 * Math.sqrt((p1 * (1 - p1)) / 40000));
    expect(Math.abs(rows[1].estimate - p2)).to.be.below(4 * Math.sqrt((p2 * (1 - p2)) / 40000));
    // The GOE falls faster than the coin-flip model from d = 2 on.
    expect(rows[1].estimate).to.be.below(rows[1].reference);
    expect(rows[2].estimate).to.be.below(rows[2].reference / 2);
  });
  it('is seeded (same seed, same numbers) and counts are monotone in d', () => {
    const a = minimumProbability({ model: 'goe', maxDim: 6, trials: 3000, seed: 11 });
    const b = minimumProbability({ model: 'goe', maxDim: 6, trials: 3000, seed: 11 });
    expect(a).to.deep.equal(b);
    for (let i = 1; i < a.length; i++) expect(a[i].minima).to.be.at.most(a[i - 1].minima);
    const zero = a.find((r) => r.minima === 0);
    if (zero) expect(zero.upper95).to.equal(3 / 3000);
  });
  it('agrees with eigenvalues of explicitly drawn GOE matrices (d = 3)', () => {
    let pd = 0;
    const n = 4000;
    for (let seed = 0; seed < n; seed++) {
      const ev = eigenvaluesSymmetric(randomSymmetricMatrix(3, { model: 'goe', seed }));
      if (ev[0] > 0) pd++;
    }
    const rows = minimumProbability({ model: 'goe', maxDim: 3, trials: 40000, seed: 5 });
    const p = rows[2].estimate;
    expect(Math.abs(pd / n - p)).to.be.below(5 * Math.sqrt((p * (1 - p)) / n) + 1e-3);
  });
  it('rejects bad options, naming them', () => {
    expect(() => minimumProbability({ model: 'goe', maxDim: 0, trials: 10, seed: 1 })).to.throw(RangeError, /maxDim/);
    expect(() => minimumProbability({ model: 'goe', maxDim: 3, trials: 1.5, seed: 1 })).to.throw(RangeError, /trials/);
    expect(() => minimumProbability({ model: 'independent', maxDim: 3, trials: 10, seed: 1, s: 1 })).to.throw(RangeError, /s must be in \(0, 1\)/);
    expect(() => minimumProbability({ model: 'wishart' as 'goe', maxDim: 3, trials: 10, seed: 1 })).to.throw(TypeError, /model/);
  });
  it('the sequential estimator agrees with the closed forms and with counting', () => {
    const rows = minimumProbability({ model: 'goe', maxDim: 4, trials: 20000, seed: 9, estimator: 'sequential' });
    expect(rows[0].estimate).to.be.closeTo(0.5, 1e-6); // the first factor is P(Z > 0) for every trial
    const p2 = (2 - Math.SQRT2) / 4;
    expect(Math.abs(rows[1].estimate - p2)).to.be.below(4 * rows[1].stderr);
    expect(rows[1].stderr).to.be.below(0.01); // far tighter than counting's 0.0025 would be at 20000 trials × 4
    const counted = minimumProbability({ model: 'goe', maxDim: 4, trials: 400000, seed: 2 });
    const se = Math.hypot(rows[3].stderr, counted[3].stderr);
    expect(Math.abs(rows[3].estimate - counted[3].estimate)).to.be.below(4 * se);
    const indep = minimumProbability({ model: 'independent', maxDim: 5, trials: 10, seed: 1, s: 0.3, estimator: 'sequential' });
    indep.forEach((r) => expect(r.estimate).to.be.closeTo(0.3 ** r.d, 1e-15));
  });
  it('the resampling estimator agrees with the closed form, with counting, and reaches d = 12', () => {
    const rows = minimumProbability({ model: 'goe', maxDim: 12, trials: 20000, seed: 4, estimator: 'resampling', replicates: 10 });
    expect(rows[0].estimate).to.be.closeTo(0.5, 1e-6);
    const p2 = (2 - Math.SQRT2) / 4;
    expect(Math.abs(rows[1].estimate - p2)).to.be.below(4 * rows[1].stderr + 1e-3);
    const counted = minimumProbability({ model: 'goe', maxDim: 4, trials: 400000, seed: 2 });
    const se = Math.hypot(rows[3].stderr, counted[3].stderr);
    expect(Math.abs(rows[3].estimate - counted[3].estimate)).to.be.below(4 * se);
    // Far below anything counting could see, still positive, decreasing, and well resolved.
    for (let i = 1; i < 12; i++) expect(rows[i].estimate).to.be.below(rows[i - 1].estimate);
    expect(rows[11].estimate).to.be.above(0);
    expect(rows[11].estimate).to.be.below(2 ** -12 / 1e6);
    expect(rows[11].stderr).to.be.below(rows[11].estimate);
    expect(minimumProbability({ model: 'goe', maxDim: 5, trials: 400, seed: 4, estimator: 'resampling', replicates: 4 }))
      .to.deep.equal(minimumProbability({ model: 'goe', maxDim: 5, trials: 400, seed: 4, estimator: 'resampling', replicates: 4 }));
    expect(() => minimumProbability({ model: 'goe', maxDim: 3, trials: 100, seed: 1, estimator: 'resampling', replicates: 1 })).to.throw(RangeError, /replicates/);
  });
  it('normalTail matches tabulated normal tail probabilities', () => {
    expect(normalTail(0)).to.be.closeTo(0.5, 1e-7);
    expect(normalTail(1.959963984540054)).to.be.closeTo(0.025, 1e-8);
    expect(normalTail(-1.959963984540054)).to.be.closeTo(0.975, 1e-8);
    expect(normalTail(5) / 2.866515718791939e-7).to.be.closeTo(1, 1e-6);
  });
  it('goeAllPositiveAsymptotic is 3^(−d²/4)', () => {
    expect(goeAllPositiveAsymptotic(2)).to.be.closeTo(1 / 3, 1e-15);
    expect(goeAllPositiveAsymptotic(4)).to.be.closeTo(1 / 81, 1e-15);
  });
});

describe('cost counting', () => {
  it('countingObjective counts what a run asks for (5 gradients; 6 loss values by the runner)', () => {
    const f = countingObjective(bowl());
    trajectory(gd({ lr: 0.1 }), f, { start: [1, 2], steps: 5 });
    expect(f.counts).to.deep.equal({ values: 6, gradients: 5, hessians: 0 });
    f.reset();
    expect(f.counts).to.deep.equal({ values: 0, gradients: 0, hessians: 0 });
    expect(f.value(Float64Array.of(3, 4))).to.equal(25); // values pass through unchanged
  });
  it('stepsToTolerance finds the first t with 0.25^t ≤ 1e-6 (t = 10) for GD ε = 0.25 on the bowl', () => {
    const run = trajectory(gd({ lr: 0.25 }), bowl(), { start: [1, 0], steps: 20 });
    expect(stepsToTolerance(run, 1e-6)).to.equal(10);
    expect(stepsToTolerance(run, 1e-30)).to.equal(null);
  });
  it('costToTolerance: GD needs 10 gradients, Newton 1 gradient and 1 Hessian on the bowl', () => {
    const g = costToTolerance({ optimizer: gd({ lr: 0.25 }), objective: bowl(), start: [1, 0], tol: 1e-6, maxSteps: 100 });
    expect(g.steps).to.equal(10);
    expect(g.counts).to.deep.equal({ values: 0, gradients: 10, hessians: 0 });
    const n = costToTolerance({ optimizer: newton(), objective: bowl(), start: [3, -4], tol: 1e-12, maxSteps: 100 });
    expect(n.steps).to.equal(1);
    expect(n.counts).to.deep.equal({ values: 0, gradients: 1, hessians: 1 });
    const never = costToTolerance({ optimizer: gd({ lr: 0.01 }), objective: bowl(), start: [1, 0], tol: 1e-6, maxSteps: 7 });
    expect(never.steps).to.equal(null);
    expect(never.counts.gradients).to.equal(7);
    expect(costToTolerance({ optimizer: gd({ lr: 0.1 }), objective: bowl(), start: [0, 0], tol: 0, maxSteps: 5 }).steps).to.equal(0);
    expect(costToTolerance({ optimizer: gd({ lr: 2 }), objective: bowl(), start: [1, 0], tol: 1e-6, maxSteps: 5000 }).diverged).to.equal(true);
  });
  it('stepCost gives the documented leading terms', () => {
    expect(stepCost('gd', 10).flops).to.equal(20);
    expect(stepCost('newton', 3).flops).to.be.closeTo(18 + 18, 1e-12);
    expect(stepCost('bfgs', 10).flops).to.equal(1200);
    expect(stepCost('bfgs', 10).memory).to.equal(100);
    expect(() => stepCost('adam' as 'gd', 3)).to.throw(TypeError, /method/);
    expect(() => stepCost('gd', 0)).to.throw(RangeError, /n must be/);
  });
  it('markdownTable lays out rows and rejects ragged ones', () => {
    expect(markdownTable(['a', 'b'], [[1, 0.5], ['x|y', null]])).to.equal('| a | b |\n| --- | --- |\n| 1 | 0.5000 |\n| x\\|y | — |');
    expect(() => markdownTable(['a', 'b'], [[1]])).to.throw(RangeError, /rows\[0\] must have 2 cells/);
  });
});

describe('basins and critical-point search', () => {
  const wells: Objective = { ...doubleWell, minima: [vec([1, 0]), vec([-1, 0])], domain: { x: [-2, 2], y: [-2, 2] } };
  it('basinsOf sends x > 0 to (1, 0), x < 0 to (−1, 0), and leaves x = 0 at the saddle', () => {
    const reached = basinsOf({ objective: wells, optimizer: gd({ lr: 0.1 }), starts: [[0.5, 0.3], [-1.7, 1], [0, 0.5]], steps: 300 });
    expect(reached).to.deep.equal([0, 1, null]);
    expect(basinsOf({ objective: wells, optimizer: gd({ lr: 0.1 }), starts: [0.5, 0.3, -1.7, 1], steps: 300 })).to.deep.equal([0, 1]);
  });
  it('reachedOrNull and basinAgreement', () => {
    expect(reachedOrNull(Int32Array.of(-1, 2, 0))).to.deep.equal([null, 2, 0]);
    expect(basinAgreement([0, 1, null, 1], [0, 0, null, 1])).to.deep.equal({ same: 3, total: 4, differ: [1] });
    expect(() => basinAgreement([0], [0, 1])).to.throw(RangeError);
  });
  it('findCriticalPoints finds the double well\'s two minima (L = −¼) and its saddle (L = 0)', () => {
    const found = findCriticalPoints(wells, { resolution: 8 });
    expect(found.map((c) => c.kind)).to.deep.equal(['minimum', 'minimum', 'saddle']);
    expect(found[0].value).to.be.closeTo(-0.25, 1e-12);
    expect(found[2].value).to.be.closeTo(0, 1e-12);
    expect(found.map((c) => Math.round(c.theta[0])).sort()).to.deep.equal([-1, 0, 1]);
  });
});
