#!/usr/bin/env node
/**
 * How long an exported lecture takes to open: headless Chromium (Debian's chromium through
 * playwright-core), network cut off, each file loaded `--loads` times in a fresh page; the
 * time is the page's own clock (performance.now(), from the start of navigation) at the
 * moment it is fully rendered: the load event, then MathJax's typesetting when the file
 * still ships MathJax, reveal.js ready for a deck, then two animation frames (painted),
 * all watched from inside the page (see watchRendering).
 * Medians, never a single load. With --before DIR the same files from an older export are
 * measured in the same browser, interleaved with the new ones, so both see the same machine.
 * Files are measured round-robin (one load of each per round), with an empty page as the
 * control row: what any page costs on this machine before its own content.
 *
 * Usage: node scripts/bench/lecture-load.mjs [--dir dist/lectures] [--before DIR]
 *        [--loads 7] [--json FILE] [--from-node]
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromiumArgs, chromiumPath } from '../lectures/pdf.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/**
 * Runs in the page before its own scripts (Playwright's init script): at the load event,
 * waits for MathJax's typesetting when the file still ships MathJax and for reveal.js to be
 * ready in a deck, then for two animation frames (the first frame after them is rendered
 * when the second starts), and keeps that moment. Measured inside the page, so the time does
 * not include the round trip of asking the page from Node after its load event: a late
 * question lands a frame or two later, at the page's expense (35-80 ms here on the heavy
 * pages, 10 on an empty one).
 */
function watchRendering() {
  const w = globalThis;
  w.__lectureRendered = new Promise((resolve) => w.addEventListener('load', async () => {
    if (w.MathJax?.startup?.promise) await w.MathJax.startup.promise;
    if (w.Reveal && !w.Reveal.isReady()) await new Promise((done) => w.Reveal.on('ready', done));
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    resolve(performance.now());
  }, { once: true }));
}

/**
 * Milliseconds from navigation to a fully rendered page, as the page measures it. With
 * `fromNode`, the way this bench measured before: the same waits, but asked for from Node
 * once Playwright has seen the load event (kept to compare with the numbers of that time).
 */
async function loadOnce(browser, file, fromNode = false) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.route('**/*', (route) => (/^(file|data|blob|about):/.test(route.request().url()) ? route.continue() : route.abort()));
  if (!fromNode) await page.addInitScript(watchRendering);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const ms = fromNode
    ? await page.evaluate(async () => {
      const w = globalThis;
      if (w.MathJax?.startup?.promise) await w.MathJax.startup.promise;
      if (w.Reveal && !w.Reveal.isReady()) await new Promise((done) => w.Reveal.on('ready', done));
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      return performance.now();
    })
    : await page.evaluate(() => globalThis.__lectureRendered);
  await page.close();
  return ms;
}

/**
 * Measures every .html lecture file in `dir` (and its namesake in `before`), round after
 * round: each round loads every file once, so a slow spell of the machine slows all files
 * alike instead of the few measured during it. An empty page is measured in every round
 * too: the floor of this measure on this machine (starting a page, its clock, two frames).
 */
export async function measureLectureLoads({ dir, before, loads = 7, fromNode = false }) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const files = readdirSync(dir).filter((f) => /^\d\d-.*\.html$/.test(f)).sort();
  const empty = join(mkdtempSync(join(tmpdir(), 'lecture-load-')), 'empty.html');
  writeFileSync(empty, '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>empty</title></head><body><p>An empty page.</p></body></html>\n');
  const targets = [
    { file: EMPTY_ROW, now: empty, old: before ? empty : undefined },
    ...files.map((file) => ({ file, now: join(dir, file), old: before ? join(before, file) : undefined })),
  ];
  const times = new Map(targets.map((t) => [t.file, { now: [], old: [] }]));
  const sizes = new Map(targets.map((t) => [t.file, { now: statSync(t.now).size, old: t.old ? statSync(t.old).size : undefined }]));
  try {
    for (const t of targets) await loadOnce(browser, t.now, fromNode); // warm-up: first use of the browser's caches
    for (let i = 0; i < loads; i++) {
      for (const t of targets) {
        times.get(t.file).now.push(await loadOnce(browser, t.now, fromNode));
        if (t.old) times.get(t.file).old.push(await loadOnce(browser, t.old, fromNode));
      }
    }
  } finally {
    await browser.close();
    rmSync(dirname(empty), { recursive: true, force: true });
  }
  return targets.map((t) => ({
    file: t.file,
    bytes: sizes.get(t.file).now,
    ms: median(times.get(t.file).now),
    ...(t.old ? { beforeBytes: sizes.get(t.file).old, beforeMs: median(times.get(t.file).old) } : {}),
  }));
}

/** The control row's name: an empty page, measured alongside. */
export const EMPTY_ROW = '(an empty page)';

/** The rows as a markdown table. */
export function loadTable(rows) {
  const kb = (b) => `${Math.round(b / 1024)} KB`;
  const hasBefore = rows.some((r) => r.beforeMs !== undefined);
  const head = hasBefore
    ? '| file | size before | size now | ratio | load before (ms) | load now (ms) |\n|---|---:|---:|---:|---:|---:|'
    : '| file | size | load (ms) |\n|---|---:|---:|';
  const body = rows.map((r) => (hasBefore
    ? `| ${r.file} | ${kb(r.beforeBytes)} | ${kb(r.bytes)} | ${(100 * r.bytes / r.beforeBytes).toFixed(1)} % | ${r.beforeMs.toFixed(0)} | ${r.ms.toFixed(0)} |`
    : `| ${r.file} | ${kb(r.bytes)} | ${r.ms.toFixed(0)} |`));
  return [head, ...body].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: {
    dir: { type: 'string', default: 'dist/lectures' },
    before: { type: 'string' },
    loads: { type: 'string', default: '7' },
    json: { type: 'string' },
    'from-node': { type: 'boolean', default: false },
  } });
  const loads = Number(values.loads);
  if (!Number.isInteger(loads) || loads < 1) { console.error(`lecture-load: --loads must be a whole number ≥ 1; got ${values.loads}`); process.exit(2); }
  const rows = await measureLectureLoads({ dir: resolve(values.dir), before: values.before && resolve(values.before), loads, fromNode: values['from-node'] });
  console.log(loadTable(rows));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 1)}\n`);
}
