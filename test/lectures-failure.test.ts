/**
 * The main job with one broken notebook among good ones: the failure is named (notebook,
 * cell, error), the other notebooks still execute and export, and the command exits non-zero.
 * Runs on two small notebooks written here, next to a link to the built library.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jupyterEnv, projectRoot } from '../scripts/jupyter.mjs';

const work = join(projectRoot, 'test-output', 'lectures-failure');

const notebook = (title: string, cells: { id: string; source: string }[]) => JSON.stringify({
  cells: [
    { cell_type: 'markdown', id: 'title', metadata: {}, source: `# ${title}` },
    ...cells.map((c) => ({ cell_type: 'code', id: c.id, metadata: {}, execution_count: null, outputs: [], source: c.source })),
  ],
  metadata: {
    kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab)', language: 'typescript' },
    language_info: { name: 'typescript' },
    optim_workbook: { title, description: 'a test notebook', figures: 0 },
  },
  nbformat: 4,
  nbformat_minor: 5,
});

describe('lectures with a failing notebook', function () {
  this.timeout(5 * 60 * 1000);
  let run: ReturnType<typeof spawnSync>;

  before(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, 'notebooks'), { recursive: true });
    symlinkSync(join(projectRoot, 'lib'), join(work, 'lib'));
    const imports = "import { bowl, gd, trajectory } from '../lib/index.js';";
    writeFileSync(join(work, 'notebooks', 'a-good.ipynb'), notebook('Good', [
      { id: 'imports', source: imports },
      { id: 'run', source: "console.log(trajectory(gd({ lr: 0.1 }), bowl(), { start: [1, 1], steps: 3 }).steps);" },
    ]));
    writeFileSync(join(work, 'notebooks', 'b-broken.ipynb'), notebook('Broken', [
      { id: 'imports', source: imports },
      { id: 'bad-rate', source: "trajectory(gd({ lr: -1 }), bowl(), { start: [1, 1], steps: 3 });" },
      { id: 'after', source: "console.log('the next cell still runs');" },
    ]));
    run = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'lectures.mjs'), '--notebooks', join(work, 'notebooks'), '--out', join(work, 'dist')],
      { encoding: 'utf8', env: jupyterEnv() });
  });

  it('exits non-zero', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(1);
  });

  it('names the notebook, the cell and the error', () => {
    expect(run.stderr).to.match(/FAILED .*b-broken\.ipynb/);
    expect(run.stderr).to.match(/cell 2 \(bad-rate\): RangeError: lr must be a finite number > 0; got -1/);
  });

  it('still executes and exports the other notebook, and the broken one up to its error', () => {
    expect(run.stdout).to.match(/ok +a-good\.ipynb/);
    expect(run.stdout).to.match(/FAIL +b-broken\.ipynb/);
    for (const file of ['a-good.html', 'a-good.slides.html', 'b-broken.html', 'index.html']) {
      expect(existsSync(join(work, 'dist', 'lectures', file)), file).to.equal(true);
    }
    const executed = JSON.parse(readFileSync(join(work, 'dist', 'executed', 'b-broken.ipynb'), 'utf8')) as { cells: { id: string; outputs?: { text?: string | string[] }[] }[] };
    const after = executed.cells.find((c) => c.id === 'after');
    expect(JSON.stringify(after?.outputs ?? [])).to.include('the next cell still runs');
  });
});
