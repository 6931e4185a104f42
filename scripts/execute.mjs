/**
 * Executes workbook notebooks in fresh tslab kernels (through scripts/execute.py and the
 * Python recorded by `npm run setup`).
 *
 *   import { executeNotebook, executeAll } from './scripts/execute.mjs';
 *   const summary = await executeNotebook('notebooks/00-start-here.ipynb', { outDir: 'test-output/notebooks' });
 *   const all = await executeAll(paths, { parallel: 2, onProgress: (e) => console.log(e.message) });
 *
 * Run as a command: `node scripts/execute.mjs [--out DIR] [--parallel N] [--reuse] [NOTEBOOK ...]`
 * (default: every notebooks/*.ipynb into test-output/notebooks); exits 1 if any cell failed.
 *
 * Reuse: every summary records a fingerprint of everything the run depended on (the
 * notebook, the compiled lib/, the executor, tslab's and Node's versions, the options). With
 * `reuse`, a successful earlier run with the same fingerprint is returned instead of running
 * the kernel again (the notebooks are deterministic, so the outputs would be the same). The
 * test suite uses this to avoid executing every notebook twice when `npm run lectures` has
 * just done it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  jupyterEnv, kernelPreload, kernelSpecFile, listNotebooks, projectRelative, projectRoot, pythonPath,
} from './jupyter.mjs';

const executeScript = join(projectRoot, 'scripts', 'execute.py');
/** Besides the executor, what decides how a kernel runs: its start-up helpers, preload and spec. */
const kernelFiles = [join(projectRoot, 'scripts', 'workbook_kernel.py'), kernelPreload, kernelSpecFile];
export const defaultOutDir = join(projectRoot, 'test-output', 'notebooks');

const libDir = join(projectRoot, 'lib');

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.(js|d\.ts|json)$/.test(e.name) ? [p] : [];
  }).sort();
}

let libHash = null;
/** Hash of the compiled library (computed once per process: lib/ does not change during a run). */
function libFingerprint() {
  if (libHash === null) {
    const h = createHash('sha256');
    for (const f of filesUnder(libDir)) h.update(projectRelative(f)).update('\0').update(readFileSync(f)).update('\0');
    libHash = h.digest('hex');
  }
  return libHash;
}

const tslabVersion = () => {
  try {
    return JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'tslab', 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
};

/** What a run of `notebook` depends on, as one hex string. */
export function fingerprint(notebook, options = {}) {
  return createHash('sha256')
    .update(readFileSync(resolve(notebook)))
    .update(libFingerprint())
    .update(readFileSync(executeScript))
    .update(kernelFiles.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : 'missing')).join('\0'))
    .update(JSON.stringify([tslabVersion(), process.version, options.kernel ?? 'tslab', options.timeout ?? 120]))
    .digest('hex');
}

/** A successful earlier run with this fingerprint in one of `dirs`, copied into outDir. */
async function findReusable(name, print, dirs, outDir) {
  for (const dir of dirs.map((d) => resolve(d))) {
    const summaryPath = join(dir, `${name}.summary.json`);
    const executedPath = join(dir, `${name}.ipynb`);
    if (!existsSync(summaryPath) || !existsSync(executedPath)) continue;
    let summary;
    try {
      summary = JSON.parse(await readFile(summaryPath, 'utf8'));
    } catch {
      continue;
    }
    if (summary.fingerprint !== print || !summary.ok) continue;
    const out = { executedPath: join(outDir, `${name}.ipynb`), summaryPath: join(outDir, `${name}.summary.json`) };
    if (dir !== outDir) {
      await mkdir(outDir, { recursive: true });
      await copyFile(executedPath, out.executedPath);
      await copyFile(summaryPath, out.summaryPath);
    }
    return { ...summary, ...out, reusedFrom: projectRelative(dir), log: '' };
  }
  return null;
}

/**
 * Executes one notebook in a fresh kernel (cwd = the notebook's folder). Resolves with the
 * summary (see scripts/execute.py) plus `executedPath` and `summaryPath` (absolute). Cell
 * errors do not reject: they are listed in `summary.errors` as {index, id, name, value};
 * the promise rejects only when the executor itself could not run.
 *
 * @param {string} notebook path to the .ipynb
 * @param {{ outDir?: string, timeout?: number, startupTimeout?: number, deadline?: number, kernel?: string, env?: NodeJS.ProcessEnv, reuse?: boolean | string[] }} [options]
 *   outDir: where NAME.ipynb (executed) and NAME.summary.json go (default test-output/notebooks);
 *   timeout: seconds per cell (default 120); startupTimeout: seconds for the kernel to answer (120);
 *   deadline: seconds for the whole run, after which the executor and its kernel are killed
 *   and the promise rejects (default: none);
 *   reuse: true to accept a successful run with the same fingerprint already in outDir, or a
 *   list of folders to look in (outDir is not added then); the summary then has `reusedFrom`.
 */
export async function executeNotebook(notebook, options = {}) {
  const source = resolve(notebook);
  const outDir = resolve(options.outDir ?? defaultOutDir);
  const name = basename(source, '.ipynb');
  const executedPath = join(outDir, `${name}.ipynb`);
  const summaryPath = join(outDir, `${name}.summary.json`);
  const args = [executeScript, source, '--output', executedPath, '--summary', summaryPath,
    '--timeout', String(options.timeout ?? 120), '--kernel', options.kernel ?? 'tslab',
    ...(options.startupTimeout ? ['--startup-timeout', String(options.startupTimeout)] : [])];
  const print = fingerprint(source, options);
  if (options.reuse) {
    const dirs = Array.isArray(options.reuse) ? options.reuse : [outDir];
    const reused = await findReusable(name, print, dirs, outDir);
    if (reused) return reused;
  }
  const python = pythonPath();
  // A summary left by an earlier run must not pass for this one.
  await rm(summaryPath, { force: true });
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, args, { cwd: projectRoot, env: jupyterEnv(options.env ?? process.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    let pending = '';
    const started = Date.now();
    child.stdout.on('data', (d) => {
      // "@cell {...}" lines are live progress; everything else is kept as the executor's log.
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('@cell ')) { log += `${line}\n`; continue; }
        const cell = JSON.parse(line.slice(6));
        options.onCell?.({ notebook: projectRelative(source), ...cell, elapsed: (Date.now() - started) / 1000 });
      }
    });
    child.stderr.on('data', (d) => { log += d; });
    child.on('error', reject);
    // A client blocked inside a send (its kernel never bound the port) honours no timeout of
    // its own: past the deadline the executor and its kernel are killed.
    let hung = false;
    const deadline = options.deadline ? setTimeout(() => {
      hung = true;
      for (const pid of [...descendants(child.pid), child.pid]) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    }, options.deadline * 1000) : null;
    child.on('close', async (code) => {
      if (deadline) clearTimeout(deadline);
      if (hung) {
        reject(new Error(`executing ${projectRelative(source)} hung: no result within ${options.deadline} s (executor and kernel killed)\n${log.trim()}`));
        return;
      }
      try {
        const summary = { ...JSON.parse(await readFile(summaryPath, 'utf8')), fingerprint: print };
        await writeFile(summaryPath, `${JSON.stringify(summary, null, 1)}\n`);
        resolvePromise({ ...summary, reusedFrom: null, executedPath, summaryPath, log: log + pending });
      } catch {
        reject(new Error(`executing ${projectRelative(source)} failed (exit ${code}) before it wrote a summary:\n${log.trim()}`));
      }
    });
  });
}

/** Every process below `pid` (children first listed last), read from `ps`; [] where ps is missing. */
function descendants(pid) {
  const res = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  if (res.status !== 0) return [];
  const children = new Map();
  for (const line of res.stdout.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const out = [];
  const visit = (p) => { for (const c of children.get(p) ?? []) { visit(c); out.push(c); } };
  visit(pid);
  return out;
}

/**
 * Executes several notebooks, `parallel` at a time (default 2), each in its own kernel.
 * Resolves with the summaries in the order of `paths`. `onProgress` gets
 * {notebook, done, total, summary, message} after each notebook (the event prints as its message).
 *
 * @param {string[]} paths
 * @param {{ parallel?: number, outDir?: string, timeout?: number, onProgress?: (event: object) => void }} [options]
 */
export async function executeAll(paths, options = {}) {
  const { parallel = 2, onProgress, ...rest } = options;
  const results = new Array(paths.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      results[i] = executeNotebook(paths[i], rest).then(
        (summary) => {
          done++;
          const message = describe(summary);
          onProgress?.({ notebook: summary.notebook, done, total: paths.length, summary, message, toString: () => message });
          return summary;
        },
      );
      await results[i].catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, paths.length)) }, worker));
  return Promise.all(results);
}

/** One line per notebook: name, time, figures, errors. */
export function describe(summary) {
  const errs = summary.errors.length;
  const how = summary.reusedFrom ? `ran in ${summary.total.toFixed(1)} s (reused from ${summary.reusedFrom})` : `in ${summary.total.toFixed(1)} s`;
  return `${summary.notebook}: ${summary.executedCells}/${summary.codeCells} cells ${how}, ` +
    `${summary.figures} figure(s)${summary.expectedFigures != null ? ` (expects ${summary.expectedFigures})` : ''}, ` +
    `${errs === 0 && !summary.fatal ? 'no errors' : `${errs} error(s)${summary.fatal ? `, ${summary.fatal}` : ''}`}`;
}

/** Each failed cell as `notebook cell N (id X): Name: value`. */
export function errorLines(summary) {
  const lines = summary.errors.map((e) => `${summary.notebook} cell ${e.index} (id ${e.id}): ${e.name}: ${e.value}`);
  if (summary.fatal) lines.unshift(`${summary.notebook}: ${summary.fatal}`);
  return lines;
}

// Command line.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: opts, positionals: files } = parseArgs({
    options: {
      out: { type: 'string', default: defaultOutDir },
      parallel: { type: 'string', default: '2' },
      reuse: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const { out: outDir, reuse } = opts;
  const parallel = Number(opts.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) {
    console.error(`--parallel must be a whole number ≥ 1; got ${JSON.stringify(opts.parallel)}`);
    process.exit(2);
  }
  const paths = files.length ? files : listNotebooks();
  let failures;
  try {
    const summaries = await executeAll(paths, { outDir, parallel, reuse, onProgress: (e) => console.log(`[${e.done}/${e.total}] ${e.message}`) });
    failures = summaries.flatMap(errorLines);
  } catch (err) {
    failures = [err.message];
  }
  for (const line of failures) console.error(line);
  process.exit(failures.length ? 1 : 0);
}
