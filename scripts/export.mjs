#!/usr/bin/env node
/**
 * Exports executed notebooks as offline lecture files: nbconvert (scripts/export.py) writes
 * each page and deck, then finishLecture typesets their formulas and trims them.
 *
 * Usage: node scripts/export.mjs OUT_DIR NOTEBOOK.ipynb [...] [--pdf]
 *   --pdf   the pages link to NAME.pdf (written by `npm run lectures -- --pdf`).
 * Prints one JSON line per file: {notebook, kind, file, title, bytes, formulas, ms}.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { jupyterEnv, projectRoot, pythonPath } from './jupyter.mjs';
import { finishLecture } from './lectures/finish.mjs';

/** Exports `notebooks` into `outDir`; returns one record per written file. Throws on failure. */
export function exportLectures(outDir, notebooks, { pdf = false } = {}) {
  const res = spawnSync(pythonPath(), [join(projectRoot, 'scripts', 'export.py'), outDir, ...notebooks, ...(pdf ? ['--pdf'] : [])],
    { env: jupyterEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`export.py failed (exit ${res.status ?? res.signal}):\n${res.stderr}${res.error?.message ?? ''}`);
  const records = res.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return records.map((record) => {
    const started = performance.now();
    const path = join(outDir, record.file);
    const { html, formulas, errors } = finishLecture(readFileSync(path, 'utf8'), { deck: record.kind === 'slides' });
    if (errors.length) throw new Error(`${record.file}: TeX errors in ${errors.map((e) => JSON.stringify(e)).join(', ')}`);
    writeFileSync(path, html);
    return { ...record, bytes: Buffer.byteLength(html), formulas, ms: Math.round(performance.now() - started) };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ options: { pdf: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length < 2) {
    console.error('usage: node scripts/export.mjs OUT_DIR NOTEBOOK.ipynb [...] [--pdf]');
    process.exit(2);
  }
  try {
    for (const record of exportLectures(resolve(positionals[0]), positionals.slice(1).map((p) => resolve(p)), { pdf: values.pdf })) {
      console.log(JSON.stringify(record));
    }
  } catch (err) {
    console.error(`export: ${err.message}`);
    process.exit(1);
  }
}
