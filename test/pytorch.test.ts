/**
 * The new optimizers against real PyTorch (torch.optim in float64), when torch is installed
 * in the project's Python (`npm run setup -- --torch`). Both sides are fed the same analytic
 * Rosenbrock gradient, so what is compared is the update rule alone. Without torch the test
 * is skipped, and its title says so.
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { pythonPath } from '../scripts/jupyter.mjs';
import type { Optimizer } from '../src/core/types.js';
import { rosenbrock } from '../src/objectives/index.js';
import { adam, adamw, centeredRmsprop, momentum, nadam } from '../src/optimizers/index.js';
import { trajectory } from '../src/run/trajectory.js';

const STEPS = 200;
/**
 * Centered RMSProp is compared over 100 steps: on this run r − mg² later becomes a small
 * difference of large numbers, and PyTorch updates mg as mg + (1 − ρ)(g − mg) (a lerp) where
 * we write ρ·mg + (1 − ρ)g. The two agree to the last bit for the first 100 steps here; by
 * step 200 a one-ulp difference has grown to 1e-3 (the same happens between the two forms
 * in plain Python), which says more about the cancellation than about either formula.
 */
const CENTERED_STEPS = 100;

function findTorch(): { python: string; version: string } | null {
  let python: string;
  try { python = pythonPath(); } catch { return null; }
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? { python, version: r.stdout.trim() } : null;
}

/** Each case: our optimizer, and the torch.optim constructor call with the same hyperparameters. */
const cases: [string, () => Optimizer, string, number?][] = [
  ['AdamW', () => adamw({ lr: 0.02, delta: 1e-8, weightDecay: 0.1 }), 'torch.optim.AdamW([p], lr=0.02, eps=1e-8, weight_decay=0.1)'],
  ['Adam + L2', () => adam({ lr: 0.02, delta: 1e-8, weightDecay: 0.1 }), 'torch.optim.Adam([p], lr=0.02, eps=1e-8, weight_decay=0.1)'],
  ['NAdam', () => nadam({ lr: 0.01, delta: 1e-8 }), 'torch.optim.NAdam([p], lr=0.01, eps=1e-8)'],
  ['NAdam ψ=0.01 + L2', () => nadam({ lr: 0.005, beta1: 0.8, beta2: 0.99, delta: 1e-7, momentumDecay: 0.01, weightDecay: 0.05 }),
    'torch.optim.NAdam([p], lr=0.005, betas=(0.8, 0.99), eps=1e-7, momentum_decay=0.01, weight_decay=0.05)'],
  ['centered RMSProp', () => centeredRmsprop({ lr: 0.002, rho: 0.9, delta: 1e-6 }), 'torch.optim.RMSprop([p], lr=0.002, alpha=0.9, eps=1e-6, centered=True)', CENTERED_STEPS],
  ['centered RMSProp μ=0.5', () => centeredRmsprop({ lr: 0.002, rho: 0.9, delta: 1e-6, momentum: 0.5 }),
    'torch.optim.RMSprop([p], lr=0.002, alpha=0.9, eps=1e-6, momentum=0.5, centered=True)', CENTERED_STEPS],
  ['SGD momentum + L2', () => momentum({ lr: 0.0005, momentum: 0.9, weightDecay: 0.3 }), 'torch.optim.SGD([p], lr=0.0005, momentum=0.9, weight_decay=0.3)'],
];

/** One Python process for every case (importing torch takes seconds): prints {case: θ₀…θ_T}. */
const script = `
import json, torch
torch.set_default_dtype(torch.float64)
def run(make, steps):
    p = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
    opt = make([p])
    out = [p.detach().tolist()]
    for _ in range(steps):
        x, y = p.detach().tolist()
        p.grad = torch.tensor([-2 * (1 - x) - 4 * 100 * x * (y - x * x), 2 * 100 * (y - x * x)], dtype=torch.float64)
        opt.step()
        out.append(p.detach().tolist())
    return out
print(json.dumps({
${cases.map(([name, , ctor, steps]) => `    ${JSON.stringify(name)}: run(lambda ps: ${ctor.replace('[p]', 'ps')}, ${steps ?? STEPS}),`).join('\n')}
}))
`;

const torch = findTorch();
describe(torch ? `against PyTorch ${torch.version} (torch.optim, float64)` : 'against PyTorch — SKIPPED: torch is not installed in the project\'s Python (npm run setup -- --torch)', () => {
  let ref: Record<string, number[][]> = {};
  before(function () {
    if (!torch) return;
    this.timeout(120_000);
    const r = spawnSync(torch.python, ['-c', script], { encoding: 'utf8', timeout: 110_000 });
    if (r.status !== 0) throw new Error(`PyTorch reference run failed: ${r.stderr}`);
    ref = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number[][]>;
  });
  for (const [name, make, ctor, steps = STEPS] of cases) {
    (torch ? it : it.skip)(`${name}: ${steps} steps on Rosenbrock from (−1.2, 1) agree with ${ctor.replace('[p], ', '')} to 1e-9${torch ? '' : ' (skipped: no torch)'}`, () => {
      const run = trajectory(make(), rosenbrock(), { start: [-1.2, 1], steps });
      expect(run.diverged).to.equal(null);
      expect(ref[name]).to.have.length(steps + 1);
      let worst = 0;
      ref[name].forEach((p, t) => p.forEach((x, i) => { worst = Math.max(worst, Math.abs(run.points[t][i] - x) / Math.max(1, Math.abs(x))); }));
      expect(worst, 'largest relative |Δθ| over the run').to.be.below(1e-9);
    });
  }
});
