/**
 * Executes every notebooks/*.ipynb in a fresh tslab kernel (two at a time) and checks what
 * a reader would see: no failed cell, at least the promised number of inline SVG figures,
 * every printed parity line within its tolerance, no absolute local path in the outputs.
 * Executed copies and summaries are kept in test-output/notebooks/ for inspection.
 * Run only some notebooks: OPTIM_NOTEBOOKS=notebooks/03-momentum-nesterov.ipynb.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ExecutionSummary, describe as describeRun, errorLines, executeAll } from '../scripts/execute.mjs';
import { isSetUp, listNotebooks, projectRoot } from '../scripts/jupyter.mjs';
import {
  type Notebook, figureOutputs, looseParityMentions, notebookName, outputText, parseParityLines, readNotebook, selectedNotebooks,
} from './helpers/notebooks.js';

const notebooks = selectedNotebooks();
const outDir = join(projectRoot, 'test-output', 'notebooks');
// Lines on stderr that mean something failed even when the cell's reply said ok (an async throw).
const UNCAUGHT = /^\s*(?:Uncaught |Unhandled\w* )?[A-Z]\w*(?:Error|Exception)\b(?: \[[^\]]*\])?:/m;

describe('notebooks, executed in a fresh tslab kernel', function () {
  // Every notebook runs through the real kernel; allow for a slow shared machine.
  this.timeout(25 * 60 * 1000);
  const summaries = new Map<string, ExecutionSummary>();
  const executed = new Map<string, Notebook>();

  before(async function () {
    if (!isSetUp()) throw new Error('Jupyter is not set up: run `npm run setup` first.');
    if (!existsSync(join(projectRoot, 'lib', 'index.js'))) throw new Error('lib/ is not built: run `npm run build` first.');
    const all = await executeAll(notebooks, {
      parallel: 2,
      outDir,
      // An identical, successful run made by `npm run lectures` (same notebook, lib/, executor and
      // versions: see fingerprint() in scripts/execute.mjs) is reused; OPTIM_FRESH=1 forces a new run.
      reuse: process.env.OPTIM_FRESH ? false : [join(projectRoot, 'dist', 'executed')],
      onProgress: (e) => console.log(`      [${e.done}/${e.total}] ${e.message}`),
    });
    all.forEach((s, i) => {
      summaries.set(notebooks[i], s);
      executed.set(notebooks[i], readNotebook(s.executedPath));
    });
  });

  it('finds the workbook notebooks', () => {
    expect(listNotebooks().map(notebookName)).to.include('00-start-here');
  });

  for (const path of notebooks) {
    const name = notebookName(path);
    describe(name, () => {
      it('runs every code cell without an error', () => {
        const s = summaries.get(path)!;
        const problems = errorLines(s);
        for (const cell of s.cells) {
          if (cell.status === 'ok' && UNCAUGHT.test(cell.stderr)) {
            problems.push(`${s.notebook} cell ${cell.index} (id ${cell.id}): error on stderr: ${cell.stderr.trim().split('\n').slice(0, 6).join(' | ')}`);
          }
        }
        if (s.executedCells !== s.codeCells) problems.push(`${s.notebook}: only ${s.executedCells} of ${s.codeCells} code cells ran`);
        expect(problems, `${describeRun(s)}\n${problems.join('\n')}`).to.deep.equal([]);
      });

      it('shows at least metadata.optim_workbook.figures inline SVG figures', () => {
        const nb = executed.get(path)!;
        const promised = nb.metadata.optim_workbook?.figures;
        expect(promised, `${name}: metadata.optim_workbook.figures`).to.be.a('number');
        const perCell = nb.cells.map((c, i) => [i, figureOutputs(c).length] as const).filter(([, n]) => n > 0);
        const count = perCell.reduce((sum, [, n]) => sum + n, 0);
        expect(count, `${name}: ${count} figure(s) (cells ${perCell.map(([i, n]) => `${i}×${n}`).join(', ') || 'none'}), ` +
          `metadata promises ${promised}`).to.be.at.least(promised as number);
      });

      it('prints parity lines that are within their tolerance', function () {
        const nb = executed.get(path)!;
        const bad: string[] = [];
        let found = 0;
        nb.cells.forEach((cell, i) => {
          const text = outputText(cell);
          for (const p of parseParityLines(text)) {
            found++;
            const within = Number.isFinite(p.max) && Number.isFinite(p.tolerance) && p.max <= p.tolerance;
            if (!within || p.verdict !== 'ok') bad.push(`${name} cell ${i} (id ${cell.id}): ${p.line}`);
          }
          for (const l of looseParityMentions(text)) bad.push(`${name} cell ${i} (id ${cell.id}): malformed parity line: ${l.trim()}`);
        });
        expect(bad, bad.join('\n')).to.deep.equal([]);
        if (found === 0) this.skip(); // the notebook prints none: nothing to check
      });

      it('shows no absolute local path in its outputs', () => {
        const nb = executed.get(path)!;
        const local = [projectRoot, homedir()].filter((p) => p.length > 1);
        const leaks = nb.cells.flatMap((cell, i) => {
          const text = JSON.stringify(cell.outputs ?? []);
          return local.filter((p) => text.includes(p)).map((p) => `${name} cell ${i} (id ${cell.id}) shows ${p}`);
        });
        expect(leaks, leaks.join('\n')).to.deep.equal([]);
      });
    });
  }
});
