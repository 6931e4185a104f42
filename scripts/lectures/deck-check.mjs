#!/usr/bin/env node
/**
 * Checks exported decks the way a lecturer would look at them, in headless Chromium:
 *  - no slide overflows the 1280×720 slide (its content fits without scrolling or clipping);
 *  - every figure shares its slide with its parameters: the notebook's `…-params` cell that
 *    precedes the figure's cell in the same part of the notebook (no heading in between)
 *    is on the figure's slide, or, when there is none, the figure cell's own code is shown
 *    (a live explorer carries its parameters as its controls);
 *  - the speaker notes of each slide (reveal.js <aside class="notes">).
 * Used by test/lectures.test.ts; also a command for whoever edits the slide metadata:
 *   node scripts/lectures/deck-check.mjs DIR_WITH_DECKS NOTEBOOKS_DIR
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumArgs, chromiumPath } from './pdf.mjs';

const isFigureCell = (cell) => cell.cell_type === 'code' && (cell.outputs ?? []).some((o) => {
  const data = o.data ?? {};
  const html = [].concat(data['text/html'] ?? []).join('');
  return 'image/svg+xml' in data || html.includes('<svg');
});
const isHeading = (cell) => cell.cell_type === 'markdown' && /^\s*#{1,3}\s/.test([].concat(cell.source).join(''));

/** For each figure cell of a notebook: its id and the id of its parameters cell (or null). */
export function figureParameters(notebook) {
  const pairs = [];
  let params = null;
  for (const cell of notebook.cells) {
    if (isHeading(cell)) params = null;
    if (cell.cell_type === 'code' && String(cell.id).endsWith('-params')) params = cell.id;
    // A live explorer's parameters are its own controls, on its slide.
    const explorer = (cell.outputs ?? []).some((o) => [].concat(o.data?.['text/html'] ?? []).join('').includes('data-owb-explorer'));
    if (isFigureCell(cell) && !explorer) pairs.push({ figure: cell.id, params, hideInput: (cell.metadata?.tags ?? []).includes('slides-hide-input') });
  }
  return pairs;
}

/** Opens one deck and measures every slide; returns {slides, problems}. */
export async function checkDeck(browser, deckPath, notebook) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.route('**/*', (route) => (/^(file|data|blob|about):/.test(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(deckPath).href, { waitUntil: 'load' });
  await page.waitForFunction(() => globalThis.Reveal?.isReady?.());
  // Explorers are measured live: wait for their bundle, which the deck runs once idle.
  await page.waitForFunction(() => !document.querySelector('[data-owb-explorer]') || 'optimWorkbookExplorer' in globalThis);
  const slides = await page.evaluate(() => {
    const reveal = globalThis.Reveal;
    const out = [];
    for (const section of document.querySelectorAll('.reveal .slides section')) {
      if (section.querySelector('section')) continue;
      const { h, v } = reveal.getIndices(section);
      reveal.slide(h, v, Number.MAX_SAFE_INTEGER); // every fragment shown
      const box = section.getBoundingClientRect();
      const scale = reveal.getScale();
      // The content's own extent, in slide pixels: the farthest bottom/right edge of any child.
      let bottom = 0;
      let right = 0;
      for (const el of section.querySelectorAll(':scope > *, :scope .jp-Cell, :scope svg, :scope pre, :scope table, :scope mjx-container')) {
        if (el.closest('aside.notes')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        bottom = Math.max(bottom, (r.bottom - box.top) / scale);
        right = Math.max(right, (r.right - box.left) / scale);
      }
      const overflowing = [...section.querySelectorAll('pre, .jp-OutputArea-output')].some((el) => el.scrollWidth > el.clientWidth + 1);
      const cells = [...section.querySelectorAll('.jp-Cell')].map((c) => c.id.replace(/^cell-id=/, ''));
      const notes = [...section.querySelectorAll('aside.notes')].map((n) => n.textContent.trim()).join('\n');
      const title = section.querySelector('h1, h2, h3')?.textContent?.replace('¶', '').trim() ?? '';
      out.push({ h, v, title, height: Math.round(bottom), width: Math.round(right), overflowing, cells, notesWords: notes ? notes.split(/\s+/).length : 0,
        figures: [...section.querySelectorAll('.jp-Cell')].filter((c) => c.querySelector('.jp-OutputArea-output svg:not(mjx-container svg)')).map((c) => c.id.replace(/^cell-id=/, '')) });
    }
    return out;
  });
  await page.close();
  const problems = [];
  for (const s of slides) {
    const where = `slide ${s.h + 1}.${s.v + 1}${s.title ? ` "${s.title}"` : ''}`;
    if (s.height > 720 || s.width > 1280) problems.push(`${where}: content is ${s.width}×${s.height} px, over 1280×720`);
    if (s.overflowing) problems.push(`${where}: a code block or output scrolls sideways`);
  }
  for (const { figure, params, hideInput } of figureParameters(notebook)) {
    const slide = slides.find((s) => s.cells.includes(figure));
    if (!slide) continue; // skipped in the deck
    if (params ? !slide.cells.includes(params) : hideInput) {
      problems.push(`figure cell ${figure}: ${params ? `its parameters (${params}) are on another slide` : 'its code is hidden and it has no parameters cell'}`);
    }
  }
  return { slides, problems };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, notebooksDir = join(process.cwd(), 'notebooks')] = process.argv.slice(2).map((p) => resolve(p));
  if (!dir) { console.error('usage: node scripts/lectures/deck-check.mjs DIR_WITH_DECKS [NOTEBOOKS_DIR]'); process.exit(2); }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  let bad = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.slides.html')).sort()) {
    const name = basename(file, '.slides.html');
    const notebook = JSON.parse(readFileSync(join(dir, '..', 'executed', `${name}.ipynb`), 'utf8'));
    const { slides, problems } = await checkDeck(browser, join(dir, file), notebook);
    console.log(`${file}: ${slides.length} slides, ${slides.filter((s) => s.figures.length).length} with figures, ${slides.reduce((n, s) => n + s.notesWords, 0)} words of notes`);
    for (const s of slides) console.log(`  ${s.h + 1}.${s.v + 1} ${String(s.height).padStart(4)} px  notes ${String(s.notesWords).padStart(3)} w  ${s.title.slice(0, 60)}${s.figures.length ? '  [figure]' : ''}`);
    for (const p of problems) console.log(`  PROBLEM ${p}`);
    bad += problems.length;
  }
  await browser.close();
  process.exit(bad ? 1 : 0);
}
