import { expect } from 'chai';
import { bowl, gd, trajectory } from '../src/index.js';

describe('gd on the bowl', () => {
  it('follows the closed form θ_t = θ_0 (1 − 2ε)^t per coordinate', () => {
    const lr = [0.125, 0.015];
    const run = trajectory(gd({ lr }), bowl(), { start: [15, 0.1], steps: 50 });
    expect(run.points).to.have.length(51);
    run.points.forEach((p, t) => {
      expect(p[0]).to.be.closeTo(15 * (1 - 2 * lr[0]) ** t, 1e-12);
      expect(p[1]).to.be.closeTo(0.1 * (1 - 2 * lr[1]) ** t, 1e-12);
    });
  });
  it('rejects a per-parameter rate of the wrong length, naming it', () => {
    expect(() => trajectory(gd({ lr: [0.1, 0.2, 0.3] }), bowl(), { start: [1, 1], steps: 3 })).to.throw(RangeError, /lr must be .*2 numbers.*got 3/);
  });
  it('reports divergence instead of throwing', () => {
    const run = trajectory(gd({ lr: 2 }), bowl(), { start: [1, 1], steps: 1000 });
    expect(run.diverged).to.not.equal(null);
    expect(run.steps).to.be.lessThan(1000);
  });
});
