#!/usr/bin/env node
/**
 * `npm run stress`: counts what goes wrong between Jupyter and the tslab kernel when it is
 * used hard, the two ways the workbook is used:
 *
 *  pairs   notebooks executed two at a time, each in a fresh kernel, started together
 *          (`--pairs 40`): failed runs, and why (Invalid Signature, no answer, ...);
 *  kernel  one long-lived kernel re-running a printing cell and a figure cell (`--reruns
 *          1000` each), then one cell printing `--burst 2000` lines and one showing
 *          `--displays 600` displays: every output, reply and idle status is accounted for.
 *
 * To measure the defects the project works around (see kernel/preload.cjs and
 * scripts/workbook_kernel.py), and to check whether a newer tslab still needs the fixes:
 *   --unpatched           the kernel without kernel/preload.cjs
 *   --no-lock             kernel starts not serialised (OPTIM_KERNEL_START_LOCK=0)
 *   --narrow-ports LO-HI  ports picked from LO..HI only, so that starts collide often
 *
 * Other options: --only pairs|kernel, --notebooks 00,01 (name parts of the pair), --timeout S
 * (per cell; a lost message shows as a timeout), --out FILE (JSON report; default
 * test-output/stress/report.json). Exits 1 when anything was lost or failed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { executeNotebook } from './execute.mjs';
import { kernelSpec, listNotebooks, notebooksDir, projectRelative, projectRoot } from './jupyter.mjs';
import { KernelSession, stdoutOf, svgOutputs } from './kernel-session.mjs';

const stressDir = join(projectRoot, 'test-output', 'stress');

/** A kernelspec folder holding 'tslab-unpatched' (tslab without the preload), for --unpatched. */
function unpatchedKernel() {
  const dir = join(stressDir, 'jupyter');
  mkdirSync(join(dir, 'kernels', 'tslab-unpatched'), { recursive: true });
  writeFileSync(join(dir, 'kernels', 'tslab-unpatched', 'kernel.json'), `${JSON.stringify(kernelSpec({ preload: false }), null, 2)}\n`);
  return { kernel: 'tslab-unpatched', jupyterPath: dir };
}

/** The environment and kernel name for the chosen variant. */
export function variant({ unpatched = false, lock = true, narrowPorts = null } = {}) {
  const env = { ...process.env };
  let kernel = 'tslab';
  if (unpatched) {
    const k = unpatchedKernel();
    kernel = k.kernel;
    env.JUPYTER_PATH = [k.jupyterPath, env.JUPYTER_PATH].filter(Boolean).join(':');
  }
  if (!lock) env.OPTIM_KERNEL_START_LOCK = '0';
  if (narrowPorts) {
    env.OPTIM_STRESS_PORTS = narrowPorts;
    env.PYTHONPATH = [join(projectRoot, 'scripts', 'stress'), env.PYTHONPATH].filter(Boolean).join(':');
  }
  return { env, kernel };
}

/** Why a run failed, in a few words (for counting). */
function cause(summary) {
  const text = `${summary.fatal ?? ''} ${summary.errors.map((e) => `${e.name}: ${e.value}`).join(' ')}`;
  if (/Invalid Signature/i.test(text)) return 'Invalid Signature';
  if (/hung: no result within/.test(text)) return 'hung (client blocked, killed at the deadline)';
  if (/didn't respond|did not respond|CellTimeout|Timeout/i.test(text)) return 'no answer (timeout)';
  if (/died/i.test(text)) return 'kernel died';
  return text.trim().slice(0, 120) || 'unknown';
}

/**
 * Executes `notebooks` (two paths) together, `pairs` times, each in a fresh kernel.
 * @returns {Promise<{ runs: number, failed: number, causes: Record<string, number>, examples: Record<string, string>, restarts: number, seconds: number }>}
 */
export async function pairedRuns({ pairs, notebooks, env, kernel, timeout = 60, onPair }) {
  const outDir = join(stressDir, 'executed');
  const result = { runs: 0, failed: 0, causes: {}, examples: {}, restarts: 0, seconds: 0 };
  const started = Date.now();
  for (let i = 0; i < pairs; i++) {
    const summaries = await Promise.all(notebooks.map((nb, j) => executeNotebook(nb, {
      outDir: join(outDir, String(j)), env, kernel, timeout, startupTimeout: 60, deadline: 120,
    }).catch((err) => ({ ok: false, fatal: String(err.message ?? err), errors: [], log: '' }))));
    for (const s of summaries) {
      result.runs++;
      result.restarts += (s.log.match(/kernel start failed/g) ?? []).length;
      if (!s.ok) {
        result.failed++;
        const c = cause(s);
        result.causes[c] = (result.causes[c] ?? 0) + 1;
        result.examples[c] ??= `${s.fatal ?? ''} ${s.errors.map((e) => `${e.name}: ${e.value}`).join('; ')}`.trim().slice(0, 400);
      }
    }
    onPair?.(i + 1, summaries);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** The cells of 00-start-here up to its figure cell, and that figure cell. */
function figureCells() {
  const nb = JSON.parse(readFileSync(join(notebooksDir, '00-start-here.ipynb'), 'utf8'));
  const src = (c) => (Array.isArray(c.source) ? c.source.join('') : c.source);
  const upTo = nb.cells.findIndex((c) => c.id === 'figure-check');
  if (upTo < 0) throw new Error("00-start-here must keep its cell with id 'figure-check'");
  return { setup: nb.cells.slice(0, upTo).filter((c) => c.cell_type === 'code').map(src), figure: src(nb.cells[upTo]) };
}

/**
 * One long-lived kernel: `reruns` times a printing cell then the figure cell (or a small
 * display when `figures` is false), then a `burst`-line cell and a `displays`-display cell,
 * each followed by a check that the kernel still answers. Counts every loss.
 */
export async function longLivedKernel({ reruns, burst = 0, displays = 0, figures = true, env, kernel, timeout = 20, onProgress }) {
  const counts = {
    executions: 0, lostStdout: 0, lostFigures: 0, missingReplies: 0, missingIdle: 0, errors: 0,
    burstLines: null, displaysShown: null, unansweredAfterBurst: 0, stoppedEarly: null, seconds: 0,
  };
  const started = Date.now();
  const session = await KernelSession.start({ kernel, env });
  let failedInARow = 0;
  const account = (r, lost) => {
    counts.executions++;
    if (!r.gotReply) counts.missingReplies++;
    if (!r.gotIdle) counts.missingIdle++;
    if (r.gotReply && r.gotIdle && r.status !== 'ok') counts.errors++;
    const bad = lost || !r.gotReply || !r.gotIdle || r.status !== 'ok';
    failedInARow = bad ? failedInARow + 1 : 0;
    return bad;
  };
  try {
    const cells = figureCells();
    if (figures) for (const code of cells.setup) await session.run(code, 120);
    await session.run('import * as tslab from "tslab";', 120);
    const figureCode = figures ? cells.figure : 'tslab.display.html(`<svg><text>${Date.now()}</text></svg>`);';
    const expectedFigures = figures ? 2 : 1;
    for (let i = 0; i < reruns; i++) {
      const p = await session.run(`console.log("stress ${i}");`, timeout);
      const lostStdout = stdoutOf(p.outputs) !== `stress ${i}\n`;
      if (lostStdout && p.gotReply) counts.lostStdout++;
      account(p, lostStdout);
      const f = await session.run(figureCode, timeout);
      const lostFigure = svgOutputs(f.outputs).length !== expectedFigures;
      if (lostFigure && f.gotReply) counts.lostFigures++;
      account(f, lostFigure);
      onProgress?.(i + 1, counts);
      if (failedInARow >= 6) { counts.stoppedEarly = `the kernel stopped answering after ${i + 1} re-runs`; break; }
    }
    const stillAnswers = async () => {
      for (let k = 0; k < 2; k++) {
        const r = await session.run('1 + 1', timeout);
        account(r, false);
        if (!r.gotReply || !r.gotIdle) counts.unansweredAfterBurst++;
      }
    };
    if (burst && !counts.stoppedEarly) {
      const r = await session.run(`for (let i = 0; i < ${burst}; i++) console.log("burst " + i);`, Math.max(timeout, 60));
      account(r, false);
      counts.burstLines = stdoutOf(r.outputs).split('\n').filter((l) => l.startsWith('burst ')).length;
      await stillAnswers();
    }
    if (displays && !counts.stoppedEarly) {
      const r = await session.run(`for (let i = 0; i < ${displays}; i++) tslab.display.html("<b>d" + i + "</b>");`, Math.max(timeout, 60));
      account(r, false);
      counts.displaysShown = r.outputs.filter((o) => o.output_type === 'display_data').length;
      await stillAnswers();
    }
  } finally {
    // What the kernel and its client printed, for the report when something was lost.
    if (lostMessages(counts) || counts.errors || counts.stoppedEarly) counts.kernelLog = session.stderr.slice(-4000);
    await session.close();
  }
  counts.seconds = (Date.now() - started) / 1000;
  return counts;
}

/** Total losses in a long-lived-kernel report (0 when every message arrived). */
export function lostMessages(c, { burst = 0, displays = 0 } = {}) {
  return c.lostStdout + c.lostFigures + c.missingReplies + c.missingIdle + c.unansweredAfterBurst +
    (c.burstLines === null ? 0 : burst - c.burstLines) + (c.displaysShown === null ? 0 : displays - c.displaysShown);
}

// Command line.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: o } = parseArgs({
    options: {
      pairs: { type: 'string', default: '40' },
      reruns: { type: 'string', default: '1000' },
      burst: { type: 'string', default: '2000' },
      displays: { type: 'string', default: '600' },
      notebooks: { type: 'string', default: '00,01' },
      only: { type: 'string' },
      unpatched: { type: 'boolean', default: false },
      'no-lock': { type: 'boolean', default: false },
      'narrow-ports': { type: 'string' },
      timeout: { type: 'string', default: '20' },
      out: { type: 'string', default: join(stressDir, 'report.json') },
    },
  });
  const count = (name) => {
    const n = Number(o[name]);
    if (!Number.isInteger(n) || n < 0) { console.error(`stress: --${name} must be a whole number >= 0; got ${o[name]}`); process.exit(2); }
    return n;
  };
  const [pairs, reruns, burst, displays, timeout] = ['pairs', 'reruns', 'burst', 'displays', 'timeout'].map(count);
  if (o['narrow-ports'] && !/^\d+-\d+$/.test(o['narrow-ports'])) {
    console.error(`stress: --narrow-ports must be LO-HI, e.g. 41000-41019; got ${o['narrow-ports']}`); process.exit(2);
  }
  const sections = o.only ? o.only.split(',') : ['pairs', 'kernel'];
  const unknown = sections.filter((s) => !['pairs', 'kernel'].includes(s));
  if (unknown.length) { console.error(`stress: --only takes pairs and/or kernel; got ${unknown.join(', ')}`); process.exit(2); }
  const parts = o.notebooks.split(',');
  const notebooks = parts.map((p) => listNotebooks().find((nb) => basename(nb).includes(p)));
  if (parts.length !== 2 || notebooks.some((nb) => !nb)) {
    console.error(`stress: --notebooks names two notebooks (name parts, e.g. 00,01); got ${o.notebooks}`); process.exit(2);
  }
  const setting = { unpatched: o.unpatched, lock: !o['no-lock'], narrowPorts: o['narrow-ports'] ?? null };
  const { env, kernel } = variant(setting);
  const label = [o.unpatched ? 'unpatched kernel' : 'patched kernel', setting.lock ? 'start lock' : 'no start lock',
    setting.narrowPorts ? `ports ${setting.narrowPorts}` : 'any free port'].join(', ');
  console.log(`stress: ${label}`);
  const report = { setting, label, pairs: null, kernel: null };
  let bad = 0;
  if (sections.includes('pairs') && pairs > 0) {
    console.log(`stress: ${pairs} pairs of ${notebooks.map((nb) => basename(nb)).join(' + ')}, started together`);
    report.pairs = await pairedRuns({
      pairs, notebooks, env, kernel, timeout: Math.max(timeout, 60),
      onPair: (i, s) => console.log(`  pair ${i}/${pairs}: ${s.map((x) => (x.ok ? 'ok' : `FAILED (${cause(x)})`)).join(', ')}`),
    });
    const p = report.pairs;
    console.log(`stress: pairs: ${p.failed} of ${p.runs} runs failed${p.failed ? ` (${Object.entries(p.causes).map(([k, v]) => `${v}× ${k}`).join(', ')})` : ''}; ` +
      `kernel restarted at start ${p.restarts}×; ${p.seconds.toFixed(0)} s`);
    bad += p.failed;
  }
  if (sections.includes('kernel') && reruns + burst + displays > 0) {
    console.log(`stress: one kernel, ${reruns} × (printing cell + figure cell), then ${burst} lines and ${displays} displays`);
    let lostSoFar = 0;
    report.kernel = await longLivedKernel({
      reruns, burst, displays, env, kernel, timeout,
      onProgress: (i, c) => {
        const lost = lostMessages(c);
        if (i % 50 === 0 || lost !== lostSoFar) console.log(`  ${i}/${reruns} re-runs (${c.executions} executions), ${lost} lost so far`);
        lostSoFar = lost;
      },
    });
    const c = report.kernel;
    const lost = lostMessages(c, { burst, displays });
    console.log(`stress: kernel: ${c.executions} executions, ${lost} lost (stdout ${c.lostStdout}, figures ${c.lostFigures}, ` +
      `replies ${c.missingReplies}, idle ${c.missingIdle}; errors ${c.errors}; burst ${c.burstLines ?? '-'}/${burst} lines, ` +
      `${c.displaysShown ?? '-'}/${displays} displays, ${c.unansweredAfterBurst} unanswered after them)` +
      `${c.stoppedEarly ? `; ${c.stoppedEarly}` : ''}; ${c.seconds.toFixed(0)} s`);
    bad += lost + c.errors + (c.stoppedEarly ? 1 : 0);
  }
  mkdirSync(dirname(resolve(o.out)), { recursive: true });
  writeFileSync(resolve(o.out), `${JSON.stringify(report, null, 1)}\n`);
  console.log(`stress: report in ${projectRelative(resolve(o.out))}`);
  process.exit(bad ? 1 : 0);
}
