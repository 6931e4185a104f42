#!/usr/bin/env node
/**
 * How fast a live explorer follows its controls, in headless Chromium (Debian's chromium
 * through playwright-core), offline: a slider is moved `--moves` times; each time is from
 * the input event to two animation frames later (the new figure painted). Medians, for
 * 3 optimizers × 100 steps and × 1,000 steps. Also the bundle's size, minified and gzipped.
 *
 * Usage: node scripts/bench/explorer-redraw.mjs [--moves 40] [--json FILE]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromiumArgs, chromiumPath } from '../lectures/pdf.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const lib = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'lib');

/** The valley explorer of notebook 03 (GD, momentum, Nesterov), with `steps` iterations. */
export const valley = (steps) => ({
  objective: { name: 'illConditioned', options: { a: 1, b: 20 } },
  optimizers: [
    { optimizer: 'gd', options: { lr: 0.05 } },
    { optimizer: 'momentum', options: { lr: 0.05, momentum: 0.8 } },
    { optimizer: 'nesterov', options: { lr: 0.05, momentum: 0.8 } },
  ],
  params: { lr: { min: 0.001, max: 0.09, scale: 'log' }, momentum: { min: 0, max: 0.95 } },
  start: [-9, 2.5],
  steps,
});

/** Median milliseconds from a slider's input event to the repainted figure, per workload. */
export async function measureExplorerRedraws({ moves = 40 } = {}) {
  const L = await import(pathToFileURL(join(lib, 'index.js')).href);
  const dir = mkdtempSync(join(tmpdir(), 'owb-explorer-'));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const rows = [];
  try {
    for (const steps of [100, 1000]) {
      const file = join(dir, `valley-${steps}.html`);
      writeFileSync(file, L.standalonePage(L.explorer(valley(steps), { runtime: 'include' })));
      const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
      await page.route('**/*', (route) => (/^(file|data|blob|about):/.test(route.request().url()) ? route.continue() : route.abort()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const times = await page.evaluate(async (n) => {
        const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
        const range = document.querySelector('[data-key="momentum"] input[type=range]');
        const handle = document.querySelector('[data-owb-explorer]').owbExplorer;
        const out = { total: [], compute: [], parts: [] };
        for (let i = 0; i < n; i++) {
          await frame();
          range.value = String(200 + ((i * 37) % 600));
          const t0 = performance.now();
          range.dispatchEvent(new Event('input', { bubbles: true }));
          out.compute.push(handle.lastRedrawMs);
          out.parts.push(handle.lastTimes);
          await frame();
          await frame();
          out.total.push(performance.now() - t0);
        }
        return out;
      }, moves);
      await page.close();
      const part = (k) => median(times.parts.map((p) => p[k] ?? 0));
      rows.push({ workload: `3 optimizers × ${steps} steps`, steps, ms: median(times.total), jsMs: median(times.compute), computeMs: part('compute'), layerMs: part('layer'), panelsMs: part('panels'), min: Math.min(...times.total), max: Math.max(...times.total), moves });
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const bundle = readFileSync(join(lib, 'explorer', 'explorer.bundle.js'));
  return { rows, bundleBytes: bundle.length, bundleGzipBytes: gzipSync(bundle).length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { moves: { type: 'string', default: '40' }, json: { type: 'string' } } });
  const moves = Number(values.moves);
  if (!Number.isInteger(moves) || moves < 1) { console.error(`explorer-redraw: --moves must be a whole number ≥ 1; got ${values.moves}`); process.exit(2); }
  const result = await measureExplorerRedraws({ moves });
  console.log(`bundle: ${(result.bundleBytes / 1024).toFixed(0)} KB minified, ${(result.bundleGzipBytes / 1024).toFixed(0)} KB gzipped`);
  console.log('| workload | slider → painted, median (ms) | script: runs + paths + panels (ms) | min–max (ms) |\n|---|---:|---:|---:|');
  for (const r of result.rows) console.log(`| ${r.workload} | ${r.ms.toFixed(1)} | ${r.jsMs.toFixed(1)}: ${r.computeMs.toFixed(1)} + ${r.layerMs.toFixed(1)} + ${r.panelsMs.toFixed(1)} | ${r.min.toFixed(1)}–${r.max.toFixed(1)} |`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 1)}\n`);
}
