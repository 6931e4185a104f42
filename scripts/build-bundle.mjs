#!/usr/bin/env node
/**
 * Builds the explorer's browser bundle with esbuild (run by `npm run build` after tsc):
 * src/explorer/browser.ts and what it imports (the library's pure modules, the Plot marks
 * it uses) → lib/explorer/explorer.bundle.js, one minified script; src/explorer/loader.ts →
 * lib/explorer/explorer.loader.js, the lecture files' small loader. esbuild rather than a
 * hand-made concatenation: it resolves the ES modules, drops what is not used (Plot's other
 * marks, d3's other modules) and minifies, in well under a second.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from './jupyter.mjs';

const bundles = [
  { entry: 'browser.ts', outfile: join(projectRoot, 'lib', 'explorer', 'explorer.bundle.js'), name: 'explorer bundle' },
  // The lecture files' loader: runs the bundle and mounts each explorer when the reader reaches it.
  { entry: 'loader.ts', outfile: join(projectRoot, 'lib', 'explorer', 'explorer.loader.js'), name: 'lecture loader' },
];
for (const { entry, outfile, name } of bundles) {
  await build({
    entryPoints: [join(projectRoot, 'src', 'explorer', entry)],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  const bytes = readFileSync(outfile);
  if (!process.argv.includes('--quiet')) {
    console.log(`build: ${name} ${(bytes.length / 1024).toFixed(bytes.length < 10240 ? 1 : 0)} KB minified, ${(gzipSync(bytes).length / 1024).toFixed(bytes.length < 10240 ? 1 : 0)} KB gzipped`);
  }
}
