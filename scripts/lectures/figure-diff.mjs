#!/usr/bin/env node
/**
 * Compares the figures of two exports of the lecture pages pixel by pixel, in headless
 * Chromium with scripts off (so every explorer shows its static figure): for whoever changes
 * how scripts/lectures/finish.mjs compacts figures, which must draw the same pixels. With
 * --formulas, the typeset formulas instead (every one on the page).
 *
 * Usage: node scripts/lectures/figure-diff.mjs DIR_BEFORE DIR_AFTER [NN-name.html ...]
 *        [--formulas]
 * (default: every page in DIR_AFTER). Exits 1 if a figure differs, naming it.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './pdf.mjs';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { formulas: { type: 'boolean', default: false } } });
const what = values.formulas ? 'formula' : 'figure';
if (positionals.length < 2) {
  console.error('figure-diff: usage: node scripts/lectures/figure-diff.mjs DIR_BEFORE DIR_AFTER [NN-name.html ...]');
  process.exit(2);
}
const [before, after] = positionals.slice(0, 2).map((d) => resolve(d));
const pages = positionals.length > 2 ? positionals.slice(2) : readdirSync(after).filter((f) => /^\d\d-.*(?<!\.slides)\.html$/.test(f)).sort();

/** PNG screenshots of every top-level figure of a page (not formulas, not nested parts), or of every formula. */
async function shots(browser, file) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.route('**/*', (route) => (/^(file|data|blob|about):/.test(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const figures = page.locator(values.formulas ? 'mjx-container > svg' : '.jp-OutputArea-output svg:not(mjx-container svg)');
  const taken = [];
  for (let i = 0; i < await figures.count(); i++) {
    const figure = figures.nth(i);
    if (!values.formulas && await figure.evaluate((el) => el.parentElement?.closest('svg') !== null)) continue;
    await figure.scrollIntoViewIfNeeded();
    taken.push(await figure.screenshot());
  }
  await context.close();
  return taken;
}

async function pixels(png) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: context.getImageData(0, 0, image.width, image.height).data };
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
let differing = 0;
try {
  for (const name of pages) {
    const [a, b] = [await shots(browser, join(before, name)), await shots(browser, join(after, name))];
    if (a.length !== b.length) { console.log(`${name}: ${a.length} ${what}s before, ${b.length} after`); differing += 1; continue; }
    let same = 0;
    for (let i = 0; i < a.length; i++) {
      const [p, q] = [await pixels(a[i]), await pixels(b[i])];
      let changed = 0;
      if (p.width === q.width && p.height === q.height) {
        for (let k = 0; k < p.data.length; k++) if (p.data[k] !== q.data[k]) changed += 1;
      }
      if (p.width !== q.width || p.height !== q.height) console.log(`${name}: ${what} ${i + 1} is ${p.width}×${p.height} before, ${q.width}×${q.height} after`);
      else if (changed) console.log(`${name}: ${what} ${i + 1} differs in ${changed} channel values`);
      else same += 1;
      if (p.width !== q.width || p.height !== q.height || changed) differing += 1;
    }
    console.log(`${name}: ${same} of ${a.length} ${what}s pixel-identical`);
  }
} finally {
  await browser.close();
}
process.exit(differing ? 1 : 0);
