#!/usr/bin/env node
/**
 * Builds the explorer's browser bundle with esbuild (run by `npm run build` after tsc):
 * src/explorer/browser.ts and what it imports (the library's pure modules, the Plot marks
 * it uses) → lib/explorer/explorer.bundle.js, one minified script. esbuild rather than a
 * hand-made concatenation: it resolves the ES modules, drops what is not used (Plot's other
 * marks, d3's other modules) and minifies, in well under a second.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from './jupyter.mjs';

const outfile = join(projectRoot, 'lib', 'explorer', 'explorer.bundle.js');
await build({
  entryPoints: [join(projectRoot, 'src', 'explorer', 'browser.ts')],
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
  console.log(`build: explorer bundle ${(bytes.length / 1024).toFixed(0)} KB minified, ${(gzipSync(bytes).length / 1024).toFixed(0)} KB gzipped`);
}
