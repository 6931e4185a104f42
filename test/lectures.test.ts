/**
 * The main job end to end: `node scripts/lectures.mjs --pdf` executes every notebook and
 * exports offline pages, decks and PDF handouts; then headless Chromium opens each file with
 * the network cut off and checks what a lecture hall would see. Screenshots go to
 * test-output/screenshots/, formula close-ups to test-output/formulas/.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { jupyterEnv, listNotebooks, projectRoot } from '../scripts/jupyter.mjs';
import { checkDeck } from '../scripts/lectures/deck-check.mjs';
import { openOffline } from './helpers/browser.js';
import { countFormulas, pdfSummary } from './helpers/lectures.js';

const outDir = join(projectRoot, 'dist', 'lectures');
const executedDir = join(projectRoot, 'dist', 'executed');
const shotDir = join(projectRoot, 'test-output', 'screenshots');
const formulaDir = join(projectRoot, 'test-output', 'formulas');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Meta { title?: string; figures?: number }
interface Cell { cell_type: string; id: string; source: string | string[]; metadata?: { slideshow?: { slide_type?: string } } }
const notebooks: { name: string; meta: Meta; cells: Cell[] }[] = (listNotebooks() as string[]).map((p) => {
  const nb = JSON.parse(readFileSync(p, 'utf8'));
  return { name: basename(p, '.ipynb'), meta: (nb.metadata?.optim_workbook ?? {}) as Meta, cells: nb.cells as Cell[] };
});
/**
 * The formulas of a notebook (the cells `keep` accepts), counted from the TeX: its markdown
 * cells, and the markdown its code cells printed (formula cards), read from the executed copy.
 */
const formulasIn = (name: string, keep: (c: Cell) => boolean = () => true) => {
  const executed = JSON.parse(readFileSync(join(executedDir, `${name}.ipynb`), 'utf8')).cells as (Cell & { outputs?: { data?: Record<string, string | string[]> }[] })[];
  return executed.filter(keep).reduce((n, c) => {
    const texts = c.cell_type === 'markdown' ? [c.source] : (c.outputs ?? []).map((o) => o.data?.['text/markdown'] ?? '');
    return n + texts.reduce((k, t) => k + countFormulas([t].flat().join('')), 0);
  }, 0);
};
const inDeck = (c: Cell) => c.metadata?.slideshow?.slide_type !== 'skip';

/** Opens a lecture file offline (see helpers/browser.ts). */
const open = (browser: Browser, file: string, viewport = { width: 1280, height: 800 }) => openOffline(browser, join(outDir, file), { viewport });

describe('lectures (npm run lectures -- --pdf, checked in Chromium)', function () {
  this.timeout(30 * 60 * 1000);
  let run: ReturnType<typeof spawnSync>;
  let browser: Browser;

  const firstRun = join(projectRoot, 'test-output', 'lectures-first-run');
  const lectures = () => spawnSync(process.execPath, [join(projectRoot, 'scripts', 'lectures.mjs'), '--pdf'], { encoding: 'utf8', env: jupyterEnv(), maxBuffer: 64 << 20 });
  before(function () {
    // Two complete runs (fresh kernels each time): the second must reproduce the first byte for byte.
    const first = lectures();
    rmSync(firstRun, { recursive: true, force: true });
    if (existsSync(outDir)) cpSync(outDir, firstRun, { recursive: true });
    run = first.status === 0 ? lectures() : first;
  });
  before(async function () {
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(shotDir, { recursive: true });
    mkdirSync(formulaDir, { recursive: true });
  });
  after(async () => { await browser?.close(); });

  it('runs every notebook and exits 0 with a summary', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    expect(run.stdout).to.match(/lectures: written/);
    expect(run.stdout).to.match(/printed 14 PDFs/);
    expect(run.stdout).to.match(/total time/);
  });

  it('writes a page, a deck and two PDFs per notebook, and an index with both titles, figures, links and run times', () => {
    const files = readdirSync(outDir);
    const index = readFileSync(join(outDir, 'index.html'), 'utf8');
    const rows = index.split('<tr').slice(2); // after the header row
    expect(rows).to.have.length(notebooks.length);
    notebooks.forEach(({ name, meta }, i) => {
      const row = rows[i];
      for (const file of [`${name}.html`, `${name}.slides.html`, `${name}.pdf`, `${name}.slides.pdf`]) {
        expect(files).to.include(file);
        expect(row, `index row ${i}`).to.include(`href="${file}"`);
      }
      const [en, zh] = (meta.title ?? name).split(' — ');
      expect(zh, `${name}: its title names the lecture in both languages ("English — 中文")`).to.match(/\p{Script=Han}/u);
      expect(row).to.include(`<div class="en">${en.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</div>`);
      expect(row).to.include(`<div class="zh" lang="zh">${zh}</div>`);
      const [, figures, seconds] = /<td class="num">(\d+)<\/td>[\s\S]*<td class="num time">([\d.]+) s<\/td>/.exec(row) ?? [];
      expect(Number(figures), `${name}: figures`).to.equal(meta.figures);
      expect(Number(seconds), `${name}: run time`).to.be.greaterThan(0);
    });
  });

  it('leaks no local path and no timestamp into any page or deck', () => {
    for (const file of readdirSync(outDir).filter((f) => f.endsWith('.html'))) {
      const text = readFileSync(join(outDir, file), 'utf8');
      expect(text.includes(projectRoot), `${file} contains the project path`).to.equal(false);
      expect(/\/(root|home|tmp)\//.test(text.replace(/https?:\/\/[^\s"')]+/g, '')), `${file} contains a local path`).to.equal(false);
    }
  });

  it('is deterministic: a second full run writes byte-identical pages and decks', () => {
    // The index records each notebook's run time, and a PDF its print date: both change.
    const html = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html').sort();
    const files = html(outDir);
    expect(html(firstRun)).to.deep.equal(files);
    for (const file of files) {
      expect(readFileSync(join(firstRun, file)).equals(readFileSync(join(outDir, file))), `${file} differs between two runs`).to.equal(true);
    }
    const untimed = (dir: string) => readFileSync(join(dir, 'index.html'), 'utf8').replace(/<td class="num time">[^<]*<\/td>/g, '').replace(/<span class="size">[^<]*<\/span>/g, '');
    expect(untimed(firstRun)).to.equal(untimed(outDir));
  });

  it('exports byte-identical files when run on the same executed notebooks again', () => {
    const again = join(projectRoot, 'test-output', 'export-again');
    rmSync(again, { recursive: true, force: true });
    const executed = readdirSync(executedDir).filter((f) => f.endsWith('.ipynb')).map((f) => join(executedDir, f));
    const res = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'export.mjs'), again, ...executed, '--pdf'], { encoding: 'utf8', env: jupyterEnv(), maxBuffer: 64 << 20 });
    expect(res.status, res.stderr).to.equal(0);
    const written = readdirSync(again);
    expect(written).to.have.length(2 * notebooks.length);
    for (const file of written) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(outDir, file))), `${file} differs between two exports`).to.equal(true);
    }
  });

  it('ships no MathJax runtime: a page\'s only scripts are the live explorers\' (one bundle kept as inert text, its loader, one boot each), a deck\'s also reveal.js', () => {
    const explorerScripts = (code: string, attrs: string) => attrs.includes('text/x-owb-explorer') || attrs.includes('application/json') || code.includes('optimWorkbookExplorer');
    for (const { name } of notebooks) {
      for (const [file, extra] of [[`${name}.html`, 0], [`${name}.slides.html`, 4]] as const) {
        const text = readFileSync(join(outDir, file), 'utf8');
        const scripts = [...text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1], code: m[2] }));
        const explorers = (text.match(/data-owb-explorer/g) ?? []).length;
        // The bundle is text the browser does not run (the loader runs it when an explorer is reached).
        expect(scripts.filter((x) => x.attrs.includes('data-owb-runtime')).length, `${file}: bundles the browser would run at load`).to.equal(0);
        expect(scripts.filter((x) => x.attrs === ' type="text/x-owb-explorer" id="owb-x-runtime" data-encoding="gzip+base64"').length, `${file}: explorer bundles`).to.equal(explorers ? 1 : 0);
        expect(scripts.filter((x) => !explorerScripts(x.code, x.attrs)).length, `${file}: other scripts (reveal.js, its notes plugin, the notes' glyphs, Reveal.initialize)`).to.equal(extra);
        for (const x of scripts) expect(x.code, file).to.not.match(/MathJax\.|tex-svg|startup\.typeset/);
      }
    }
  });

  it('keeps the files lean: before the explorers, the median page is under a tenth of the 3.16 MB it was and the folder under 6 MB', () => {
    // The goal is measured before the live explorers (their shared bundle and their own
    // outputs) were added; the README reports the sizes with them too.
    const withoutExplorers = (f: string) => {
      const text = readFileSync(join(outDir, f), 'utf8');
      const explorers = [...text.matchAll(/<script type="text\/x-owb-explorer"[^>]*>[\s\S]*?<\/script><script>[\s\S]*?<\/script>|<div class="owb-explorer"[\s\S]*?<\/script><\/div>/g)];
      return Buffer.byteLength(text) - explorers.reduce((n, m) => n + Buffer.byteLength(m[0]), 0);
    };
    const pages = notebooks.map(({ name }) => withoutExplorers(`${name}.html`)).sort((a, b) => a - b);
    expect(pages[pages.length >> 1], 'median page (bytes)').to.be.at.most(315_838);
    const total = readdirSync(outDir).filter((f) => f.endsWith('.html')).reduce((n, f) => n + withoutExplorers(f), 0);
    expect(total, 'pages, decks and index (bytes)').to.be.at.most(6_000_000);
  });

  for (const { name, meta, cells } of notebooks) {
    it(`page ${name}: offline, no console error, figures drawn, every formula typeset and display formulas centred`, async () => {
      const { page, context, outside, errors } = await open(browser, `${name}.html`);
      const report = await page.evaluate(() => {
        const svgs = [...document.querySelectorAll('.jp-OutputArea-output svg')].filter((s) => !s.closest('mjx-container, .owb-x-static'))
          .filter((s) => !s.parentElement?.closest('.jp-OutputArea-output svg'));
        const sizes = svgs.map((s) => { const r = s.getBoundingClientRect(); return { w: r.width, h: r.height, marks: s.querySelectorAll('path, circle, line, rect, text, image').length }; });
        const prose = [...document.querySelectorAll('.jp-RenderedMarkdown')].map((el) => {
          const clone = el.cloneNode(true) as HTMLElement;
          clone.querySelectorAll('mjx-container, code, pre').forEach((n) => n.remove());
          return clone.textContent ?? '';
        }).join('\n');
        const display = [...document.querySelectorAll('mjx-container[display="true"]')].map((c) => {
          const box = c.getBoundingClientRect();
          const svg = c.querySelector('svg')!.getBoundingClientRect();
          return { offCentre: Math.abs((svg.left + svg.right) / 2 - (box.left + box.right) / 2), w: svg.width, h: svg.height };
        });
        const inline = [...document.querySelectorAll('mjx-container:not([display])')].map((c) => c.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height }));
        return {
          sizes,
          explorers: document.querySelectorAll('[data-owb-explorer]').length,
          math: document.querySelectorAll('.jp-RenderedMarkdown mjx-container').length,
          rawDollar: prose.includes('$'),
          mathErrors: document.querySelectorAll('mjx-container [data-mml-node="merror"], mjx-merror').length,
          display,
          inline,
        };
      });
      // Explorers mount as the reader reaches them: none is live at load unless it is within
      // half a screen of the first one, and the bundle has not run unless one is.
      // Those near the first screen mount as soon as the bundle is decompressed (a few ms).
      const nearAtLoad = await page.evaluate(() => [...document.querySelectorAll('[data-owb-explorer]')].filter((e) => e.getBoundingClientRect().top < 1.5 * innerHeight).length);
      await page.waitForFunction((n) => document.querySelectorAll('[data-owb-explorer][data-owb-mounted] .owb-x-live').length >= n, nearAtLoad, { timeout: 10000 });
      const atLoad = await page.evaluate(() => ({
        bundleRun: 'optimWorkbookExplorer' in window,
        live: document.querySelectorAll('[data-owb-explorer][data-owb-mounted] .owb-x-live').length,
        near: [...document.querySelectorAll('[data-owb-explorer]')].filter((e) => e.getBoundingClientRect().top < 1.5 * innerHeight).length,
      }));
      await page.screenshot({ path: join(shotDir, `${name}.png`) });
      for (const explorer of await page.locator('[data-owb-explorer]').all()) {
        await explorer.scrollIntoViewIfNeeded();
        await page.waitForFunction((el) => el?.querySelector('.owb-x-live') !== null, await explorer.elementHandle(), { timeout: 10000 });
      }
      const liveExplorers = await page.evaluate(() => document.querySelectorAll('[data-owb-explorer][data-owb-mounted] .owb-x-live').length);
      // Close-ups of the first display and the first inline formula, for a person to look at.
      const firstDisplay = page.locator('mjx-container[display="true"]').first();
      if (await firstDisplay.count()) await firstDisplay.screenshot({ path: join(formulaDir, `${name}-display.png`) });
      const firstInline = page.locator('.jp-RenderedMarkdown p mjx-container:not([display])').first();
      if (await firstInline.count()) await firstInline.screenshot({ path: join(formulaDir, `${name}-inline.png`) });
      await context.close();
      expect(outside, 'requests outside the file').to.deep.equal([]);
      expect(errors, 'console errors').to.deep.equal([]);
      expect(report.sizes.length, 'figures').to.be.at.least(meta.figures ?? 0);
      for (const s of report.sizes) {
        expect(s.w * s.h, 'a figure with no area').to.be.greaterThan(0);
        expect(s.marks, 'an empty figure').to.be.greaterThan(0);
      }
      expect(atLoad.live, 'explorers live at load (only those near the first screen)').to.equal(atLoad.near);
      expect(atLoad.bundleRun, 'explorer bundle run at load').to.equal(atLoad.near > 0);
      expect(liveExplorers, 'explorers running live once scrolled to').to.equal(report.explorers);
      expect(report.math, 'formulas typeset = formulas in the markdown').to.equal(formulasIn(name));
      expect(report.rawDollar, 'a raw $ left in rendered prose').to.equal(false);
      expect(report.mathErrors, 'TeX errors').to.equal(0);
      for (const d of report.display) {
        expect(d.offCentre, 'a display formula off centre (px)').to.be.below(2);
        expect(d.w * d.h, 'a display formula with no area').to.be.greaterThan(0);
      }
      // Inline formulas sit in the line: about one line high (a fraction or a sum a little more).
      for (const r of report.inline) expect(r.h, 'inline formula height (px)').to.be.within(5, 60);
    });

    it(`deck ${name}: offline, no console error, navigable, formulas typeset, speaker notes`, async () => {
      const { page, context, outside, errors } = await open(browser, `${name}.slides.html`, { width: 1280, height: 720 });
      type Reveal = { isReady(): boolean; getTotalSlides(): number; next(): void; getIndices(s?: Element): { h: number; v: number }; slide(h: number, v?: number): void; getCurrentSlide(): Element };
      await page.waitForFunction(() => (window as unknown as { Reveal?: Reveal }).Reveal?.isReady());
      // The deck decompresses and runs the explorers' bundle once the browser is idle; from then
      // on, showing a slide mounts its explorers synchronously.
      await page.waitForFunction(() => !document.querySelector('[data-owb-explorer]') || 'optimWorkbookExplorer' in window, undefined, { timeout: 10000 });
      const nav = await page.evaluate(() => {
        const reveal = (window as unknown as { Reveal: Reveal }).Reveal;
        const explorers = [...document.querySelectorAll('[data-owb-explorer]')];
        const liveAtLoad = explorers.filter((e) => e.querySelector('.owb-x-live')).length;
        // The first slide's, and the next slide's once the browser is idle.
        const nearStart = explorers.filter((e) => reveal.getIndices(e.closest('section')!).h <= 1).length;
        // Visiting an explorer's slide mounts it, there and then.
        const liveOnArrival = explorers.filter((e) => {
          const { h, v } = reveal.getIndices(e.closest('section')!);
          reveal.slide(h, v);
          return e.querySelector('.owb-x-live') !== null;
        }).length;
        reveal.slide(0, 0);
        const before = reveal.getIndices();
        reveal.next();
        const after = reveal.getIndices();
        return {
          explorers: explorers.length,
          liveAtLoad,
          nearStart,
          liveOnArrival,
          total: reveal.getTotalSlides(),
          moved: before.h !== after.h || before.v !== after.v,
          math: document.querySelectorAll('.slides mjx-container').length,
          notes: document.querySelectorAll('aside.notes').length,
        };
      });
      await page.screenshot({ path: join(shotDir, `${name}.slides.png`) });
      await context.close();
      expect(outside, 'requests outside the file').to.deep.equal([]);
      expect(errors, 'console errors').to.deep.equal([]);
      expect(nav.liveAtLoad, 'explorers live at load (only the first two slides\')').to.be.at.most(nav.nearStart);
      expect(nav.liveOnArrival, 'explorers live when their slide is shown').to.equal(nav.explorers);
      expect(nav.total, 'slides').to.be.greaterThan(1);
      expect(nav.moved, 'Reveal.next() moved').to.equal(true);
      expect(nav.math, 'formulas typeset in the deck (slides and notes)').to.equal(formulasIn(name, inDeck));
      expect(nav.notes, 'slides with speaker notes').to.be.greaterThan(0);
    });

    it(`deck ${name}: every slide fits 1280×720 and every figure shares its slide with its parameters`, async () => {
      const notebook = JSON.parse(readFileSync(join(executedDir, `${name}.ipynb`), 'utf8'));
      const { slides, problems } = await checkDeck(browser, join(outDir, `${name}.slides.html`), notebook);
      expect(problems, problems.join('\n')).to.deep.equal([]);
      const figureSlides = slides.filter((s) => s.figures.length > 0);
      expect(figureSlides.length, 'slides with a figure').to.be.greaterThan(0);
    });

    it(`PDFs ${name}: the page on A4 and the deck one slide a page, text and formulas as vectors`, async () => {
      const html = readFileSync(join(outDir, `${name}.html`), 'utf8');
      const rasters = (html.match(/<image\b/g) ?? []).length; // raster marks (basins, colour ramps)
      const figures = meta.figures ?? 0;
      const formulas = formulasIn(name);
      const paper = await pdfSummary(join(outDir, `${name}.pdf`));
      expect(paper.pages, 'A4 pages').to.be.within(2, 60);
      const [en] = (meta.title ?? name).split(' — ');
      expect(paper.text.replace(/\s+/g, ' '), 'the title as text').to.include(en.split(' ')[0]);
      // TeX commands left as text (a single backslash: code shows its strings' as \\varepsilon).
      expect(paper.text, 'no TeX source left').to.not.match(/(?<!\\)\\(frac|varepsilon|nabla)\b/);
      // Formulas and figures are drawn, not pasted as pictures: only the raster marks are images.
      expect(paper.images, 'raster images in the page PDF').to.be.at.most(rasters);
      expect(paper.paths, 'vector paths in the page PDF').to.be.at.least(figures + Math.min(formulas, 1));
      const deck = await pdfSummary(join(outDir, `${name}.slides.pdf`));
      const slides = (readFileSync(join(outDir, `${name}.slides.html`), 'utf8').match(/<section\b/g) ?? []).length;
      const fragments = (readFileSync(join(outDir, `${name}.slides.html`), 'utf8').match(/class="[^"]*\bfragment\b/g) ?? []).length;
      expect(deck.pages, 'deck pages (one per slide, and per step of its fragments)').to.be.within(2, slides + fragments);
      expect(deck.images, 'raster images in the deck PDF').to.be.at.most(rasters);
    });
  }

  it('an explorer on a slide: its slider takes the arrow keys, the deck does not move', async () => {
    const name = notebooks.find((n) => n.name.startsWith('03'))?.name ?? notebooks[0].name;
    const { page, context, outside, errors } = await open(browser, `${name}.slides.html`, { width: 1280, height: 720 });
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    const before = await page.evaluate(() => {
      const reveal = (window as unknown as { Reveal: { getIndices(s?: Element): { h: number; v: number }; slide(h: number, v: number): void } }).Reveal;
      const section = document.querySelector('[data-owb-explorer]')!.closest('section')!;
      const { h, v } = reveal.getIndices(section);
      reveal.slide(h, v);
      return reveal.getIndices();
    });
    const range = page.locator('[data-owb-explorer] [data-key="momentum"] input[type=range]');
    const value = await range.inputValue();
    await range.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const after = await page.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number; v: number } } }).Reveal.getIndices());
    expect(Number(await range.inputValue())).to.be.greaterThan(Number(value));
    expect(after).to.deep.equal(before);
    await page.screenshot({ path: join(shotDir, `${name}.slides-explorer.png`) });
    await context.close();
    expect(outside, 'requests outside the file').to.deep.equal([]);
    expect(errors, 'console errors').to.deep.equal([]);
  });

  it('the speaker view opens offline (key S) and shows the current slide\'s notes', async () => {
    const name = notebooks.find((n) => n.name.startsWith('05'))?.name ?? notebooks[0].name;
    const { page, context, outside, errors } = await open(browser, `${name}.slides.html`, { width: 1280, height: 720 });
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    // Go to the first slide that has notes, then open the speaker view.
    const expected = await page.evaluate(() => {
      const reveal = (window as unknown as { Reveal: { getIndices(s: Element): { h: number; v: number }; slide(h: number, v: number): void } }).Reveal;
      const asides = [...document.querySelectorAll('.slides section aside.notes')];
      const aside = asides.find((a) => a.querySelector('mjx-container')) ?? asides[0];
      const section = aside.closest('section')!;
      const { h, v } = reveal.getIndices(section);
      reveal.slide(h, v);
      return (aside.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    });
    const [speaker] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    await speaker.waitForLoadState('load');
    await speaker.waitForFunction((text) => (document.querySelector('.speaker-controls-notes')?.textContent ?? '').replace(/\s+/g, ' ').includes(text), expected, { timeout: 20000 });
    // The notes' formulas find their glyphs in the speaker window (a copy of the file's cache).
    await speaker.waitForFunction(() => document.getElementById('MJX-SVG-global-cache') !== null, undefined, { timeout: 10000 });
    const glyphs = await speaker.evaluate(() => {
      const uses = [...document.querySelectorAll('.speaker-controls-notes mjx-container use')];
      return { uses: uses.length, missing: uses.filter((u) => !document.getElementById((u.getAttribute('href') ?? '').slice(1))).length };
    });
    expect(glyphs.uses, 'formula glyphs in the speaker notes').to.be.greaterThan(0);
    expect(glyphs.missing, 'formula glyphs the speaker window cannot find').to.equal(0);
    await speaker.screenshot({ path: join(shotDir, `${name}.speaker-view.png`) });
    await context.close();
    expect(outside, 'requests outside the file').to.deep.equal([]);
    expect(errors, 'console errors').to.deep.equal([]);
  });
});
