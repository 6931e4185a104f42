/**
 * The main job end to end: `node scripts/lectures.mjs` executes every notebook and exports
 * offline pages and decks; then headless Chromium opens each one with the network cut off
 * and checks what a lecture hall would see. Screenshots go to test-output/screenshots/.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { jupyterEnv, listNotebooks, projectRoot, pythonPath } from '../scripts/jupyter.mjs';

const outDir = join(projectRoot, 'dist', 'lectures');
const shotDir = join(projectRoot, 'test-output', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Meta { title?: string; figures?: number }
const notebooks: { name: string; meta: Meta }[] = (listNotebooks() as string[]).map((p) => ({
  name: basename(p, '.ipynb'),
  meta: (JSON.parse(readFileSync(p, 'utf8')).metadata?.optim_workbook ?? {}) as Meta,
}));

/** Opens a file with every non-file request recorded (and aborted) and every console error kept. */
async function open(browser: Browser, file: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const outside: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob|about):/.test(url)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(join(outDir, file)).href, { waitUntil: 'load' });
  return { page, outside, errors };
}

describe('lectures (npm run lectures, checked in Chromium)', function () {
  this.timeout(30 * 60 * 1000);
  let run: ReturnType<typeof spawnSync>;
  let browser: Browser;

  const firstRun = join(projectRoot, 'test-output', 'lectures-first-run');
  const lectures = () => spawnSync(process.execPath, [join(projectRoot, 'scripts', 'lectures.mjs')], { encoding: 'utf8', env: jupyterEnv(), maxBuffer: 64 << 20 });
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
  });
  after(async () => { await browser?.close(); });

  it('runs every notebook and exits 0 with a summary', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    expect(run.stdout).to.match(/lectures: written/);
    expect(run.stdout).to.match(/total time/);
  });

  it('writes a page and a deck per notebook, and an index linking them all', () => {
    const files = readdirSync(outDir);
    const index = readFileSync(join(outDir, 'index.html'), 'utf8');
    for (const { name, meta } of notebooks) {
      expect(files).to.include(`${name}.html`);
      expect(files).to.include(`${name}.slides.html`);
      expect(index).to.include(`href="${name}.html"`);
      expect(index).to.include(`href="${name}.slides.html"`);
      if (meta.title) expect(index).to.include(meta.title.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    }
  });

  it('leaks no local path and no timestamp into any file', () => {
    for (const file of readdirSync(outDir)) {
      const text = readFileSync(join(outDir, file), 'utf8');
      expect(text.includes(projectRoot), `${file} contains the project path`).to.equal(false);
      expect(/\/(root|home|tmp)\//.test(text.replace(/https?:\/\/[^\s"')]+/g, '')), `${file} contains a local path`).to.equal(false);
    }
  });

  it('is deterministic: a second full run writes byte-identical files', () => {
    const files = readdirSync(outDir);
    expect(readdirSync(firstRun).sort()).to.deep.equal([...files].sort());
    for (const file of files) {
      expect(readFileSync(join(firstRun, file)).equals(readFileSync(join(outDir, file))), `${file} differs between two runs`).to.equal(true);
    }
  });

  it('exports byte-identical files when run on the same executed notebooks again', () => {
    const executedDir = join(projectRoot, 'dist', 'executed');
    const again = join(projectRoot, 'test-output', 'export-again');
    const executed = readdirSync(executedDir).filter((f) => f.endsWith('.ipynb')).map((f) => join(executedDir, f));
    const res = spawnSync(pythonPath(), [join(projectRoot, 'scripts', 'export.py'), again, ...executed], { encoding: 'utf8', env: jupyterEnv() });
    expect(res.status, res.stderr).to.equal(0);
    for (const file of readdirSync(again)) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(outDir, file))), `${file} differs between two exports`).to.equal(true);
    }
  });

  for (const { name, meta } of notebooks) {
    it(`page ${name}: offline, no console error, figures drawn, formulas typeset`, async () => {
      const { page, outside, errors } = await open(browser, `${name}.html`);
      await page.waitForFunction(() => (window as unknown as { MathJax?: { startup?: { promise?: Promise<unknown> } } }).MathJax?.startup?.promise !== undefined);
      await page.evaluate(() => (window as unknown as { MathJax: { startup: { promise: Promise<unknown> } } }).MathJax.startup.promise);
      const report = await page.evaluate(() => {
        const svgs = [...document.querySelectorAll('.jp-OutputArea-output svg')].filter((s) => !s.closest('mjx-container'))
          .filter((s) => !s.parentElement?.closest('.jp-OutputArea-output svg'));
        const sizes = svgs.map((s) => { const r = s.getBoundingClientRect(); return { w: r.width, h: r.height, marks: s.querySelectorAll('path, circle, line, rect, text, image').length }; });
        const prose = [...document.querySelectorAll('.jp-RenderedMarkdown')].map((el) => {
          const clone = el.cloneNode(true) as HTMLElement;
          clone.querySelectorAll('mjx-container, code, pre').forEach((n) => n.remove());
          return clone.textContent ?? '';
        }).join('\n');
        return { sizes, math: document.querySelectorAll('mjx-container').length, rawDollar: prose.includes('$'), mathErrors: document.querySelectorAll('mjx-merror').length };
      });
      await page.screenshot({ path: join(shotDir, `${name}.png`) });
      await page.close();
      expect(outside, 'requests outside the file').to.deep.equal([]);
      expect(errors, 'console errors').to.deep.equal([]);
      expect(report.sizes.length, 'figures').to.be.at.least(meta.figures ?? 0);
      for (const s of report.sizes) {
        expect(s.w * s.h, 'a figure with no area').to.be.greaterThan(0);
        expect(s.marks, 'an empty figure').to.be.greaterThan(0);
      }
      expect(report.rawDollar, 'a raw $ left in rendered prose').to.equal(false);
      expect(report.mathErrors, 'MathJax errors').to.equal(0);
    });

    it(`deck ${name}: offline, no console error, navigable`, async () => {
      const { page, outside, errors } = await open(browser, `${name}.slides.html`);
      type Reveal = { isReady(): boolean; getTotalSlides(): number; next(): void; getIndices(): { h: number; v: number } };
      await page.waitForFunction(() => (window as unknown as { Reveal?: Reveal }).Reveal?.isReady());
      const nav = await page.evaluate(() => {
        const reveal = (window as unknown as { Reveal: Reveal }).Reveal;
        const before = reveal.getIndices();
        reveal.next();
        const after = reveal.getIndices();
        return { total: reveal.getTotalSlides(), moved: before.h !== after.h || before.v !== after.v };
      });
      await page.screenshot({ path: join(shotDir, `${name}.slides.png`) });
      await page.close();
      expect(outside, 'requests outside the file').to.deep.equal([]);
      expect(errors, 'console errors').to.deep.equal([]);
      expect(nav.total, 'slides').to.be.greaterThan(1);
      expect(nav.moved, 'Reveal.next() moved').to.equal(true);
    });
  }
});
