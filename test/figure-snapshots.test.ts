/**
 * The article's figures 4–10, drawn with its own parameters (as notebook 05 draws them), kept
 * as snapshots of their markup in test/snapshots/*.snap. The output is deterministic, so any change to a
 * figure's markup shows here, and the .actual file beside the snapshot in test-output/
 * shows what changed. To accept a change on purpose:
 *   UPDATE_SNAPSHOTS=1 npx mocha test/figure-snapshots.test.ts
 * and commit the new files (look at them first).
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Figure, articleRmsprop, bowl, componentSeries, contourFigure, gd, momentum, seriesFigure, trajectory,
} from '../src/index.js';
import { projectRoot } from '../scripts/jupyter.mjs';

const snapshotDir = join(projectRoot, 'test', 'snapshots');
const actualDir = join(projectRoot, 'test-output', 'snapshots');
const update = process.env.UPDATE_SNAPSHOTS === '1';

const f = bowl();
const figures: Record<string, () => Figure> = {
  'figure-4': () => {
    const p = { lr: 0.125, start: [15, 0.1], steps: 100 };
    return contourFigure({ objective: f, paths: [{ run: trajectory(gd(p), f, p) }], title: `Figure 4 — GD, ε = ${p.lr}, ${p.steps} iterations` });
  },
  'figure-5a': () => {
    const p = { lr: [0.125, 0.015], start: [15, 0.1], steps: 50 };
    return contourFigure({ objective: f, paths: [{ run: trajectory(gd(p), f, p) }], title: 'Figure 5(a) — GD, ε = (0.125, 0.015), 50 iterations' });
  },
  'figure-5b': () => {
    const p = { lr: [0.015, 0.125], start: [15, 0.1], steps: 50 };
    return contourFigure({ objective: f, paths: [{ run: trajectory(gd(p), f, p) }], title: 'Figure 5(b) — GD, ε = (0.015, 0.125), 50 iterations' });
  },
  'figure-6': () => {
    const p = { lr: [0.125, 0.015], momentum: 0.9, v0: [1, 1], start: [15, 15], steps: 80 };
    return contourFigure({ objective: f, paths: [{ run: trajectory(momentum(p), f, p) }], title: 'Figure 6 — momentum μ = 0.9' });
  },
  'figure-7': () => {
    const p = { lr: [0.125, 0.015], momentum: 0.9, v0: [1, 1], start: [15, 15], steps: 80 };
    return seriesFigure({ series: componentSeries(trajectory(momentum(p), f, p), 'v', ['v_x', 'v_y']), title: 'Figure 7 — the velocity v, μ = 0.9', yLabel: 'v' });
  },
  'figure-8': () => {
    const p = { lr: [0.125, 0.015], momentum: 0.8, v0: [1, 1], start: [15, 15], steps: 80 };
    return contourFigure({ objective: f, paths: [{ run: trajectory(momentum(p), f, p) }], title: 'Figure 8 — momentum μ = 0.8' });
  },
  'figure-9': () => {
    const p = { lr: [4, 4], delta: 1e-6, rho: 0.9, start: [15, 7.5], steps: 30 };
    return contourFigure({ objective: f, paths: [{ run: trajectory(articleRmsprop(p), f, p) }], title: 'Figure 9 — RMSProp as printed' });
  },
  'figure-10': () => {
    const p = { lr: [4, 4], delta: 1e-6, rho: 0.9, start: [15, 7.5], steps: 30 };
    return seriesFigure({ series: componentSeries(trajectory(articleRmsprop(p), f, p), 'r', ['x', 'y']), title: 'Figure 10 — accumulated g∘g per coordinate', yLabel: 'r' });
  },
};

describe(`figures: snapshots of the article's figures 4–10${update ? ' (UPDATING them)' : ''}`, () => {
  for (const [name, draw] of Object.entries(figures)) {
    it(`${name} matches test/snapshots/${name}.snap`, () => {
      const html = `${draw().html}\n`;
      const file = join(snapshotDir, `${name}.snap`);
      if (update || !existsSync(file)) {
        if (!update) throw new Error(`${file} is missing: run UPDATE_SNAPSHOTS=1 npx mocha test/figure-snapshots.test.ts and commit it`);
        writeFileSync(file, html);
        return;
      }
      const expected = readFileSync(file, 'utf8');
      if (html !== expected) {
        mkdirSync(actualDir, { recursive: true });
        writeFileSync(join(actualDir, `${name}.actual.html`), html);
      }
      expect(html === expected, `${name} differs from its snapshot; the new markup is in test-output/snapshots/${name}.actual.html (UPDATE_SNAPSHOTS=1 to accept it)`).to.equal(true);
    });
  }
});
