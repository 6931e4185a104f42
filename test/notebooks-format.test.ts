/**
 * Every committed notebook is valid nbformat 4.5 (checked by Python's nbformat), uses the
 * tslab kernel, is clean (no outputs, no execution counts), has cell ids, slide metadata and
 * the workbook metadata the other tests rely on.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { isSetUp, jupyterEnv, listNotebooks, projectRoot, pythonPath } from '../scripts/jupyter.mjs';
import { notebookName, readNotebook, selectedNotebooks, sourceOf } from './helpers/notebooks.js';

const notebooks = selectedNotebooks();
const SLIDE_TYPES = ['slide', 'subslide', 'fragment', 'skip', 'notes', '-'];

/** nbformat.validate on each file as written (no conversion): path → error message or null. */
function validateWithNbformat(paths: string[]): Record<string, string | null> {
  const code = [
    'import json, sys, nbformat',
    'out = {}',
    'for p in sys.argv[1:]:',
    '    try:',
    '        nb = nbformat.read(p, as_version=nbformat.NO_CONVERT)',
    '        nbformat.validate(nb)',
    '        out[p] = None',
    '    except Exception as e:',
    '        out[p] = f"{type(e).__name__}: {e}"[:2000]',
    'print(json.dumps(out))',
  ].join('\n');
  const res = spawnSync(pythonPath(), ['-W', 'ignore', '-c', code, ...paths], { encoding: 'utf8', env: jupyterEnv(), timeout: 60000 });
  if (res.status !== 0) throw new Error(`nbformat validation could not run: ${res.error?.message ?? res.stderr}`);
  return JSON.parse(res.stdout) as Record<string, string | null>;
}

describe('notebooks, as committed', function () {
  this.timeout(60000);
  let validation: Record<string, string | null> = {};

  before(function () {
    if (!isSetUp()) throw new Error('Jupyter is not set up: run `npm run setup` first.');
    validation = validateWithNbformat(notebooks);
  });

  it('there is at least the start-here notebook', () => {
    expect(listNotebooks().map(notebookName)).to.include('00-start-here');
  });

  for (const path of notebooks) {
    const name = notebookName(path);
    describe(name, () => {
      const nb = readNotebook(path);

      it('is valid nbformat 4.5 (nbformat.validate)', () => {
        expect(validation[path], `${name}: ${validation[path]}`).to.equal(null);
        expect(nb.nbformat, `${name}: nbformat`).to.equal(4);
        expect(nb.nbformat_minor, `${name}: nbformat_minor`).to.be.at.least(5);
      });

      it('uses the tslab kernel', () => {
        expect(nb.metadata.kernelspec, `${name}: metadata.kernelspec`).to.deep.include({ name: 'tslab', language: 'typescript' });
        expect(nb.metadata.kernelspec?.display_name, `${name}: kernelspec.display_name`).to.be.a('string').and.not.equal('');
        expect(nb.metadata.language_info?.name, `${name}: language_info.name`).to.equal('typescript');
      });

      it('is committed clean: no outputs, no execution counts', () => {
        const dirty = nb.cells.flatMap((c, i) => (c.cell_type === 'code' && ((c.outputs ?? []).length > 0 || c.execution_count != null)
          ? [`${name} cell ${i} (id ${c.id}): ${(c.outputs ?? []).length} output(s), execution_count ${c.execution_count}`] : []));
        expect(dirty, dirty.join('\n')).to.deep.equal([]);
      });

      it('gives every cell a unique id', () => {
        const ids = nb.cells.map((c) => c.id);
        const missing = ids.flatMap((id, i) => (typeof id === 'string' && id.length > 0 ? [] : [`cell ${i}`]));
        expect(missing, `${name}: cells without an id: ${missing.join(', ')}`).to.deep.equal([]);
        const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
        expect(dupes, `${name}: duplicate ids`).to.deep.equal([]);
      });

      it('has slide metadata on every cell', () => {
        const bad = nb.cells.flatMap((c, i) => {
          const t = c.metadata.slideshow?.slide_type;
          return t !== undefined && SLIDE_TYPES.includes(t) ? [] : [`cell ${i} (id ${c.id}): slide_type ${t}`];
        });
        expect(bad, `${name}: ${bad.join('; ')}`).to.deep.equal([]);
        expect(nb.cells[0]?.metadata.slideshow?.slide_type, `${name}: the first cell should open a slide`).to.be.oneOf(['slide', 'skip']);
      });

      it('has metadata.optim_workbook {title, description, figures}', () => {
        const meta = nb.metadata.optim_workbook;
        expect(meta, `${name}: metadata.optim_workbook`).to.be.an('object');
        expect(meta?.title, `${name}: optim_workbook.title`).to.be.a('string').and.not.equal('');
        expect(meta?.description, `${name}: optim_workbook.description`).to.be.a('string').and.not.equal('');
        expect(Number.isInteger(meta?.figures) && (meta?.figures as number) >= 0, `${name}: optim_workbook.figures must be a whole number ≥ 0; got ${meta?.figures}`).to.equal(true);
      });

      it('opens with a # title and imports the compiled library in its first code cell', () => {
        const title = nb.cells.slice(0, 2).find((c) => c.cell_type === 'markdown' && /^#\s+\S/.test(sourceOf(c)));
        expect(title, `${name}: one of the first two cells should be a markdown "# title"`).to.not.equal(undefined);
        const first = nb.cells.find((c) => c.cell_type === 'code');
        expect(first && sourceOf(first), `${name}: the first code cell imports '../lib/index.js'`).to.match(/from\s+['"]\.\.\/lib\/index\.js['"]/);
      });

      it('holds no absolute local path in its sources', () => {
        const local = [projectRoot, homedir()].filter((p) => p.length > 1);
        const leaks = nb.cells.flatMap((c, i) => local.filter((p) => sourceOf(c).includes(p)).map((p) => `cell ${i} (id ${c.id}): ${p}`));
        expect(leaks, `${name}: ${leaks.join('; ')}`).to.deep.equal([]);
      });
    });
  }
});
