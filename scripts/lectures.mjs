#!/usr/bin/env node
/**
 * `npm run lectures` — the workbook's main job:
 *  1. set-up (idempotent) and the library build are run by the npm script before this;
 *  2. executes every notebook in a fresh tslab kernel (two at a time), with progress;
 *  3. exports each as one self-contained offline HTML page and one reveal.js deck, formulas
 *     typeset at export time (scripts/export.mjs);
 *  4. with --pdf, prints each page (A4) and each deck (one slide a page) to PDF in Chromium;
 *  5. writes dist/lectures/index.html linking them all, with sizes, figures and times;
 *  6. prints a summary. Exits non-zero if any notebook failed (the others still finish).
 * Pages and decks are deterministic: no timestamps, no local paths. The index records
 * how long each notebook took, so it is the one file that changes from run to run.
 *
 * Usage: node scripts/lectures.mjs [NAME-PART ...] [--pdf] [--notebooks DIR] [--out DIR]
 * NAME-PARTs pick notebooks by name; --notebooks and --out (default notebooks/ and dist/)
 * let the tests run the same job on other notebooks.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { executeAll } from './execute.mjs';
import { listNotebooks, projectRelative, projectRoot } from './jupyter.mjs';
import { indexPage } from './lectures/index-page.mjs';
import { printPdfs } from './lectures/pdf.mjs';

const { values: opts, positionals: only } = parseArgs({
  options: {
    pdf: { type: 'boolean', default: false },
    notebooks: { type: 'string' },
    out: { type: 'string' },
  },
  allowPositionals: true,
});
const notebooksFolder = opts.notebooks === undefined ? undefined : resolve(opts.notebooks);
const distDir = resolve(opts.out ?? join(projectRoot, 'dist'));
const outDir = join(distDir, 'lectures');
const executedDir = join(distDir, 'executed');
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

const notebooks = listNotebooks(notebooksFolder).filter((p) => only.length === 0 || only.some((o) => basename(p).includes(o)));
if (notebooks.length === 0) { console.error('lectures: no notebook matches'); process.exit(2); }

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
mkdirSync(executedDir, { recursive: true });

// 2. Execute.
const parallel = Math.max(1, Math.min(2, cpus().length));
console.log(`lectures: executing ${notebooks.length} notebooks, ${parallel} at a time`);
// On a terminal one status line per running notebook is redrawn after every cell; in a log
// (CI, a pipe) a line is printed every few cells instead.
const live = process.stdout.isTTY;
const running = new Map();
const order = new Map(notebooks.map((p, i) => [projectRelative(p), i + 1]));
const status = (c) => `  ${order.get(c.notebook)}/${notebooks.length} ${basename(c.notebook)}: cell ${c.done}/${c.of}, ${c.elapsed.toFixed(0)} s`;
const redraw = () => { process.stdout.write(`\x1b[2K\r${[...running.values()].map(status).join('  |')}`); };
const results = await executeAll(notebooks, {
  outDir: executedDir,
  parallel,
  onCell: (c) => {
    running.set(c.notebook, c);
    if (live) redraw();
    else if (c.done % 5 === 0 || c.status === 'error') console.log(status(c) + (c.status === 'error' ? ' (error)' : ''));
  },
  onProgress: (e) => {
    running.delete(e.notebook);
    if (live) process.stdout.write('\x1b[2K\r');
    console.log(`  [${e.done}/${e.total}] ${e.message}`);
    if (live && running.size) redraw();
  },
});

const failed = results.filter((r) => !r.ok);
for (const r of failed) {
  console.error(`lectures: FAILED ${r.notebook}` +
    (r.fatal ? `\n    ${r.fatal}` : '') +
    r.errors.map((e) => `\n    cell ${e.index}${e.id ? ` (${e.id})` : ''}: ${e.name}: ${e.value}`).join(''));
}

// 3. Export every notebook that executed (a failed one is still exported: its error shows),
// in `parallel` processes: nbconvert and MathJax are single-threaded, each file independent.
const executed = results.filter((r) => r.executedPath).map((r) => r.executedPath);
const exportGroups = Array.from({ length: parallel }, (_, g) => executed.filter((__, i) => i % parallel === g)).filter((g) => g.length);
const exportOne = (paths) => new Promise((resolvePromise) => {
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'export.mjs'), outDir, ...paths, ...(opts.pdf ? ['--pdf'] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('error', (err) => resolvePromise({ status: null, stdout, stderr: `${stderr}${err.message}` }));
  child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
});
const exportStarted = Date.now();
const exports = await Promise.all(exportGroups.map(exportOne));
const failedExport = exports.find((e) => e.status !== 0);
if (failedExport) {
  console.error(`lectures: export failed:\n${failedExport.stderr}`);
  process.exit(1);
}
const files = exports.flatMap((e) => e.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));
console.log(`lectures: exported ${files.length} files, ${files.reduce((n, f) => n + f.formulas, 0)} formulas typeset, in ${seconds(Date.now() - exportStarted)}`);

// 4. PDF handouts.
if (opts.pdf) {
  const pdfStarted = Date.now();
  try {
    const pdfs = await printPdfs(outDir, files);
    files.push(...pdfs);
    console.log(`lectures: printed ${pdfs.length} PDFs in ${seconds(Date.now() - pdfStarted)}`);
  } catch (err) {
    console.error(`lectures: PDF printing failed: ${err.message}`);
    process.exit(1);
  }
}

// 5. Index page.
const entries = notebooks.map((path) => {
  const name = basename(path, '.ipynb');
  const meta = JSON.parse(readFileSync(path, 'utf8')).metadata?.optim_workbook ?? {};
  const result = results.find((r) => basename(r.notebook, '.ipynb') === name);
  return {
    name,
    title: meta.title ?? name,
    description: meta.description ?? '',
    ok: result?.ok ?? false,
    seconds: result?.total ?? null,
    figures: result?.figures ?? null,
    files: files.filter((f) => f.notebook === name),
  };
});
const index = indexPage(entries);
writeFileSync(join(outDir, 'index.html'), index);

// 6. Summary.
console.log('\nlectures: written');
for (const r of results) {
  const mine = files.filter((f) => f.notebook === basename(r.notebook, '.ipynb'));
  const sizes = mine.map((f) => `${f.kind} ${kib(f.bytes)}`).join(', ');
  console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${basename(r.notebook).padEnd(34)} ${`${r.total.toFixed(1)} s`.padStart(8)}  ${sizes}`);
}
const total = files.reduce((s, f) => s + f.bytes, 0) + Buffer.byteLength(index);
console.log(`  ${files.length + 1} files in ${projectRelative(outDir)} (${kib(total)}), total time ${seconds(Date.now() - started)}`);
process.exit(failed.length ? 1 : 0);
