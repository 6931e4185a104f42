import { expect } from 'chai';
import type { Objective } from '../src/core/types.js';
import { type Vec, norm, vec } from '../src/core/vec.js';
import {
  MULTI_WELL, beale, bowl, conditionedQuadratic, diagonalQuadratic, himmelblau, illConditioned,
  monkeySaddle, multiWell, quadratic, rastrigin, rosenbrock, saddle,
} from '../src/objectives/index.js';

/** Central differences of the value (for the gradient) and of the analytic gradient (for the Hessian). */
function checkDerivatives(f: Objective, at: readonly number[][]): void {
  for (const p of at) {
    const theta = vec(p);
    const g = f.gradient(theta);
    const h = f.hessian!(theta);
    for (let i = 0; i < f.dim; i++) {
      const step = 1e-5 * Math.max(1, Math.abs(theta[i]));
      const plus = theta.slice(); plus[i] += step;
      const minus = theta.slice(); minus[i] -= step;
      const fd = (f.value(plus) - f.value(minus)) / (2 * step);
      expect(g[i], `${f.name} ∂/∂θ${i} at (${p})`).to.be.closeTo(fd, 1e-6 * (1 + Math.abs(fd)) * (1 + Math.abs(f.value(theta))));
      const gp = f.gradient(plus);
      const gm = f.gradient(minus);
      for (let j = 0; j < f.dim; j++) {
        const fdh = (gp[j] - gm[j]) / (2 * step);
        expect(h[j][i], `${f.name} H[${j}][${i}] at (${p})`).to.be.closeTo(fdh, 1e-6 * (1 + Math.abs(fdh)));
        expect(h[i][j], `${f.name} H symmetric`).to.equal(h[j][i]);
      }
    }
  }
}

/** Positive definite ⇔ a Cholesky factorization exists with positive pivots. */
function positiveDefinite(h: number[][]): boolean {
  const n = h.length;
  const l = h.map((row) => row.map(() => 0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = h[i][j];
    for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
    if (i === j) { if (s <= 0) return false; l[i][i] = Math.sqrt(s); } else l[i][j] = s / l[j][j];
  }
  return true;
}

function checkMinima(f: Objective, gradTol = 1e-9): void {
  for (const m of f.minima ?? []) {
    expect(norm(f.gradient(m)), `${f.name}: ∇L at listed minimum (${Array.from(m)})`).to.be.lessThan(gradTol);
    expect(positiveDefinite(f.hessian!(m)), `${f.name}: H positive definite at (${Array.from(m)})`).to.equal(true);
  }
}

const points2d = [[0.3, -0.7], [1.2, 0.4], [-1.5, 1.1], [2.2, -1.9], [-0.05, 0.02]];

describe('objectives: analytic gradients and Hessians match central differences', () => {
  const cases: [Objective, number[][]][] = [
    [bowl(), points2d],
    [bowl(4), [[1, -2, 3, 0.5], [0.1, 0.2, -0.3, 4]]],
    [illConditioned({ a: 1, b: 20 }), points2d],
    [quadratic([[3, 1], [1, 2]], [1, -1]), points2d],
    [saddle(), points2d],
    [monkeySaddle(), points2d],
    [rosenbrock(), points2d],
    [rosenbrock({ a: 2, b: 10 }), points2d],
    [himmelblau(), [...points2d, [3.5, -1.5], [-3, 3]]],
    [beale(), [[0.3, -0.7], [1.2, 0.4], [-1.5, 1.1], [2, 0.8], [3.2, 0.4]]],
    [rastrigin(), [...points2d, [0.25, 0.75]]],
    [rastrigin({ dim: 3, A: 5 }), [[0.3, -0.2, 1.7], [-2.1, 0.4, 0.05]]],
    [multiWell(), [...points2d, [1.8, -1.2], [-1.4, -2], [3.1, 2.7], [0, 0]]],
    [diagonalQuadratic([1, 10, 100]), [[1, 2, 3], [-0.5, 0.25, 4]]],
    [conditionedQuadratic({ dim: 6, condition: 1000 }), [[1, -1, 2, -2, 3, -3]]],
  ];
  for (const [f, at] of cases) it(f.name, () => checkDerivatives(f, at));
});

describe('objectives: minima', () => {
  it('every listed minimum has ∇L ≈ 0 and a positive-definite Hessian', () => {
    for (const f of [bowl(), bowl(3), illConditioned(), rosenbrock(), rosenbrock({ a: -0.5, b: 5 }), himmelblau(), beale(), rastrigin(), rastrigin({ dim: 5 }), multiWell(), diagonalQuadratic([2, 3]), conditionedQuadratic({ dim: 4, condition: 50 })]) {
      expect(f.minima, f.name).to.be.an('array').that.is.not.empty;
      checkMinima(f);
    }
  });
  it('known closed-form minima: Rosenbrock (a, a²), Beale (3, ½), Himmelblau (3, 2) with L = 0', () => {
    expect(Array.from(rosenbrock({ a: 2 }).minima![0])).to.deep.equal([2, 4]);
    expect(rosenbrock({ a: 2 }).value(vec([2, 4]))).to.equal(0);
    expect(beale().value(vec([3, 0.5]))).to.equal(0);
    const h = himmelblau();
    expect(h.minima).to.have.length(4);
    for (const m of h.minima!) expect(h.value(m)).to.be.lessThan(1e-20);
  });
  it('saddles have no minimum and an indefinite (or zero) Hessian at the origin', () => {
    expect(saddle().minima).to.deep.equal([]);
    expect(saddle().hessian!(vec([0, 0]))).to.deep.equal([[2, 0], [0, -2]]);
    expect(monkeySaddle().hessian!(vec([0, 0])).flat().every((v) => v === 0)).to.equal(true);
    expect(norm(monkeySaddle().gradient(vec([0, 0])))).to.equal(0);
  });
  it('rastrigin has local minima near the integers, with a larger value than the origin', () => {
    const f = rastrigin();
    // Newton from (1, 0) stays in that cell: a local minimum, not the global one.
    const t = vec([1, 0]);
    for (let k = 0; k < 20; k++) { const g = f.gradient(t); const h = f.hessian!(t); t[0] -= g[0] / h[0][0]; t[1] -= g[1] / h[1][1]; }
    expect(norm(f.gradient(t))).to.be.lessThan(1e-10);
    expect(t[0]).to.be.closeTo(1, 0.01).and.not.equal(1);
    expect(positiveDefinite(f.hessian!(t))).to.equal(true);
    expect(f.value(t)).to.be.greaterThan(0.9);
  });
  it('the condition number of conditionedQuadratic is the ratio of its extreme curvatures', () => {
    const h = conditionedQuadratic({ dim: 5, condition: 100 }).hessian!(vec([0, 0, 0, 0, 0]));
    const diag = h.map((row, i) => row[i]);
    expect(diag[0]).to.be.closeTo(1, 1e-12);
    expect(diag[4]).to.be.closeTo(100, 1e-9);
    expect(diag[2]).to.be.closeTo(10, 1e-9); // geometric spacing
  });
});

describe('multiWell (figure 1b)', () => {
  const f = multiWell();
  const minima = f.minima!;
  it('has four minima of distinct depths, the global one clearly lowest and listed first', () => {
    const values = minima.map((m) => f.value(m));
    expect(minima).to.have.length(4);
    for (let k = 1; k < values.length; k++) expect(values[k]).to.be.greaterThan(values[k - 1] + 0.4);
    expect(values[1] - values[0]).to.be.greaterThan(1);
    expect(values[0]).to.be.closeTo(-2.641, 1e-3);
  });
  it('each minimum sits near its dip centre', () => {
    minima.forEach((m, k) => {
      const w = MULTI_WELL.wells[k];
      expect(Math.hypot(m[0] - w.cx, m[1] - w.cy)).to.be.lessThan(0.3);
    });
  });
  it('gradient descent from a grid of starts always ends at one of the listed minima (the list is complete)', () => {
    const hits = new Set<number>();
    for (let i = -4; i <= 4; i++) for (let j = -4; j <= 4; j++) {
      const t: Vec = vec([i * 0.85 + 0.013, j * 0.85 - 0.021]); // off the symmetric lines through the saddles
      for (let k = 0; k < 3000; k++) {
        const g = f.gradient(t);
        t[0] -= 0.2 * g[0];
        t[1] -= 0.2 * g[1];
        if (Math.hypot(g[0], g[1]) < 1e-9) break;
      }
      const which = minima.findIndex((m) => Math.hypot(m[0] - t[0], m[1] - t[1]) < 1e-5);
      expect(which, `start (${i}, ${j}) ended at (${t[0]}, ${t[1]})`).to.be.at.least(0);
      hits.add(which);
    }
    expect(hits.size).to.equal(4);
  });
});
