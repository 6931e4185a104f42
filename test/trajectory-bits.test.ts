/**
 * Bit-identity of the hand-written first-order optimizers. test/golden/trajectory-bits.json
 * holds, for every case below, a SHA-256 of the exact Float64 bits of the iterates, losses,
 * gradients and recorded states, taken before the optimizers were rebuilt as chains of
 * transforms. A refactoring that reorders one floating-point operation changes a hash.
 * Regenerate (only for an intended change of the numbers): UPDATE_GOLDEN=1 npx mocha test/trajectory-bits.test.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Objective, Optimizer, Schedule } from '../src/core/types.js';
import { bowl, illConditioned, rosenbrock } from '../src/objectives/index.js';
import {
  adadelta, adagrad, adam, adamBasic, adamax, articleRmsprop, cosineDecay, exponentialDecay, gd, momentum,
  nesterov, rmsprop, stepDecay,
} from '../src/optimizers/index.js';
import { withGradientNoise } from '../src/run/noise.js';
import { trajectory } from '../src/run/trajectory.js';

const GOLDEN = new URL('./golden/trajectory-bits.json', import.meta.url);

type Make = (schedule: Schedule | undefined) => Optimizer;
const makers: Record<string, Make[]> = {
  gd: [(s) => gd({ lr: 0.1, schedule: s }), (s) => gd({ lr: [0.125, 0.015], schedule: s })],
  momentum: [
    (s) => momentum({ lr: 0.05, momentum: 0.9, schedule: s }),
    (s) => momentum({ lr: [0.05, 0.01], momentum: 0.8, v0: [1, -1], schedule: s }),
  ],
  adagrad: [(s) => adagrad({ lr: 0.5, schedule: s }), (s) => adagrad({ lr: [0.5, 0.2], delta: 1e-8, r0: 0.1, schedule: s })],
  rmsprop: [(s) => rmsprop({ lr: 0.05, rho: 0.9, schedule: s }), (s) => rmsprop({ lr: [0.05, 0.02], rho: 0.99, delta: 1e-8, schedule: s })],
  adamBasic: [
    (s) => adamBasic({ lr: 0.05, momentum: 0.5, rho: 0.9, schedule: s }),
    (s) => adamBasic({ lr: [0.05, 0.01], momentum: 0.9, rho: 0.99, v0: 0.3, delta: 1e-8, schedule: s }),
  ],
  adam: [(s) => adam({ lr: 0.1, schedule: s }), (s) => adam({ lr: [0.1, 0.02], beta1: 0.8, beta2: 0.99, delta: 1e-8, schedule: s })],
  adamax: [(s) => adamax({ lr: 0.1, schedule: s }), (s) => adamax({ lr: [0.1, 0.02], beta1: 0.8, beta2: 0.99, delta: 1e-8, schedule: s })],
  adadelta: [(s) => adadelta({ rho: 0.95, schedule: s }), (s) => adadelta({ rho: 0.9, delta: 1e-4, lr: [1, 0.5], schedule: s })],
  nesterov: [(s) => nesterov({ lr: 0.05, momentum: 0.9, schedule: s })],
  articleRmsprop: [(s) => articleRmsprop({ lr: 0.05, rho: 0.9, schedule: s })],
};
const schedules: Record<string, () => Schedule | undefined> = {
  none: () => undefined,
  exp: () => exponentialDecay({ beta: 0.97 }),
  step: () => stepDecay({ every: 7, factor: 0.5 }),
  cos: () => cosineDecay({ period: 30, floor: 0.1 }),
};
const objectives: Record<string, { make: () => Objective; start: number[] }> = {
  bowl: { make: () => bowl(), start: [3, -2] },
  ill: { make: () => illConditioned({ a: 1, b: 20 }), start: [3, 1] },
  rosen: { make: () => rosenbrock(), start: [-1.2, 1] },
  noisy: { make: () => withGradientNoise(bowl(), { sigma: 0.5, seed: 7 }), start: [2, 2] },
};

/** SHA-256 of a run's numbers, bit for bit (states by sorted key, so field order does not count). */
function fingerprint(make: Make, schedule: Schedule | undefined, objective: Objective, start: number[]): string {
  const run = trajectory(make(schedule), objective, { start, steps: 60 });
  const hash = createHash('sha256');
  const bits = new DataView(new ArrayBuffer(8));
  const num = (x: number) => { bits.setFloat64(0, x); hash.update(new Uint8Array(bits.buffer)); };
  const vec = (v: ArrayLike<number>) => { for (let i = 0; i < v.length; i++) num(v[i]); };
  hash.update(`${run.label}|${run.steps}|${run.diverged ? `${run.diverged.step}:${run.diverged.reason}` : '-'}`);
  run.points.forEach(vec);
  vec(run.losses);
  run.grads.forEach(vec);
  for (const s of run.states) {
    for (const key of Object.keys(s).sort()) {
      hash.update(key);
      const v = s[key];
      if (typeof v === 'number') num(v); else vec(v);
    }
  }
  return hash.digest('hex');
}

function allFingerprints(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, list] of Object.entries(makers)) {
    list.forEach((make, k) => {
      for (const [sn, s] of Object.entries(schedules)) {
        for (const [on, o] of Object.entries(objectives)) out[`${name}#${k}/${sn}/${on}`] = fingerprint(make, s(), o.make(), o.start);
      }
    });
  }
  return out;
}

describe('trajectories are bit-identical to the recorded golden hashes', () => {
  it(`${Object.values(makers).flat().length * 16} runs of 60 steps (10 optimizers × options × 4 schedules × 4 objectives)`, () => {
    const now = allFingerprints();
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(now, null, 1)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    expect(Object.keys(now)).to.deep.equal(Object.keys(golden));
    const changed = Object.keys(now).filter((k) => now[k] !== golden[k]);
    expect(changed, `runs whose bits changed: ${changed.join(', ')}`).to.deep.equal([]);
  });
});
