#!/usr/bin/env node
/**
 * `npm run lectures` — the workbook's main job:
 *  1. set-up (idempotent) and the library build are run by the npm script before this;
 *  2. executes every notebook in a fresh tslab kernel (two at a time), with progress;
 *  3. exports each as one self-contained offline HTML page and one reveal.js deck;
 *  4. writes dist/lectures/index.html linking them all;
 *  5. prints a summary. Exits non-zero if any notebook failed (the others still finish).
 * Output is deterministic: no timestamps, no local paths.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { executeAll } from './execute.mjs';
import { jupyterEnv, listNotebooks, projectRelative, projectRoot, pythonPath } from './jupyter.mjs';

// Usage: node scripts/lectures.mjs [NAME-PART ...] [--notebooks DIR] [--out DIR]
// NAME-PARTs pick notebooks by name; --notebooks and --out (default notebooks/ and dist/)
// let the tests run the same job on other notebooks.
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  if (!args[i + 1]) { console.error(`lectures: ${name} needs a folder`); process.exit(2); }
  return resolve(args.splice(i, 2)[1]);
};
const notebooksFolder = option('--notebooks', undefined);
const distDir = option('--out', join(projectRoot, 'dist'));
const outDir = join(distDir, 'lectures');
const executedDir = join(distDir, 'executed');
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

const only = args.filter((a) => !a.startsWith('--'));
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
// in `parallel` processes: nbconvert is single-threaded and each file is independent.
const executed = results.filter((r) => r.executedPath).map((r) => r.executedPath);
const exportGroups = Array.from({ length: parallel }, (_, g) => executed.filter((__, i) => i % parallel === g)).filter((g) => g.length);
const exportOne = (paths) => new Promise((resolvePromise) => {
  const child = spawn(pythonPath(), [join(projectRoot, 'scripts', 'export.py'), outDir, ...paths],
    { env: jupyterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('error', (err) => resolvePromise({ status: null, stdout, stderr: `${stderr}${err.message}` }));
  child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
});
const exports = await Promise.all(exportGroups.map(exportOne));
const failedExport = exports.find((e) => e.status !== 0);
if (failedExport) {
  console.error(`lectures: export failed:\n${failedExport.stderr}`);
  process.exit(1);
}
const files = exports.flatMap((e) => e.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));

// 4. Index page.
const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const entries = notebooks.map((path) => {
  const name = basename(path, '.ipynb');
  const meta = JSON.parse(readFileSync(path, 'utf8')).metadata?.optim_workbook ?? {};
  return { name, title: meta.title ?? name, description: meta.description ?? '' };
});
const index = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>optim-workbook — lectures</title>
<style>
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 820px; margin: 2.5rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
p.lead { color: #555; margin-top: 0; }
ol { padding-left: 1.2rem; }
li { margin: 1rem 0; }
li .title { font-weight: 600; }
li .links a { margin-right: 1rem; color: #1a5fb4; }
li .desc { color: #444; }
</style>
</head>
<body>
<h1>The optimization difficulties of neural networks</h1>
<p class="lead">神经网络的优化难题 — a TypeScript workbook. Each lecture is a page and a slide deck; both work offline.</p>
<ol start="0">
${entries.map((e) => `<li><div class="title">${escape(e.title)}</div>
<div class="desc">${escape(e.description)}</div>
<div class="links"><a href="${e.name}.html">page</a><a href="${e.name}.slides.html">slides</a></div></li>`).join('\n')}
</ol>
</body>
</html>
`;
writeFileSync(join(outDir, 'index.html'), index);

// 5. Summary.
console.log('\nlectures: written');
for (const r of results) {
  const mine = files.filter((f) => f.notebook === basename(r.notebook, '.ipynb'));
  const sizes = mine.map((f) => `${f.kind} ${kib(f.bytes)}`).join(', ');
  console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${basename(r.notebook).padEnd(34)} ${`${r.total.toFixed(1)} s`.padStart(8)}  ${sizes}`);
}
const total = files.reduce((s, f) => s + f.bytes, 0) + Buffer.byteLength(index);
console.log(`  ${files.length + 1} files in ${projectRelative(outDir)} (${kib(total)}), total time ${seconds(Date.now() - started)}`);
process.exit(failed.length ? 1 : 0);
