/**
 * The live explorer in headless Chromium, offline: the same trajectories as the kernel (bit
 * for bit), controls that change the path and the readout, the start set by a click, a
 * divergence reported in words, keyboard use, the library's error beside a bad number, no
 * console error, no request, and the static figure where scripts do not run.
 */
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type ExplorerOptions, explorer, explorerRuns, initialValues, standalonePage } from '../src/index.js';
import { projectRoot } from '../scripts/jupyter.mjs';
import { openOffline } from './helpers/browser.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const outDir = join(projectRoot, 'test-output', 'explorer');

const valley: ExplorerOptions = {
  objective: { name: 'illConditioned', options: { a: 1, b: 20 } },
  optimizers: [
    { optimizer: 'gd', options: { lr: 0.09 } },
    { optimizer: 'momentum', options: { lr: 0.09, momentum: 0.8 } },
    { optimizer: 'nesterov', options: { lr: 0.05, momentum: 0.8 } },
  ],
  params: { lr: { min: 0.001, max: 0.2, scale: 'log' }, momentum: { min: 0, max: 0.99 }, steps: { min: 5, max: 1000 } },
  start: [-9, 2.5],
  steps: 100,
  series: 'loss',
  title: 'GD, momentum and Nesterov in a narrow valley',
};

interface Handle {
  values: { numbers: Record<string, number> };
  runs: { points: number[][]; losses: number[] }[];
  readouts: { finalLoss: number; reachedAt: number | null; divergedAt: number | null }[];
  step: number;
  lastRedrawMs: number;
  backgroundDraws: number;
}

/** Exact float64 equality of two runs' iterates (JSON keeps every bit of a double). */
const samePoints = (a: ArrayLike<ArrayLike<number>>[], b: ArrayLike<ArrayLike<number>>[]) =>
  JSON.stringify(a.map((r) => Array.from(r, (p) => Array.from(p)))) === JSON.stringify(b.map((r) => Array.from(r, (p) => Array.from(p))));

describe('explorer (live, in headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  const file = join(outDir, 'valley.html');

  before(async () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, standalonePage(explorer(valley, { runtime: 'include' })));
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => { await browser?.close(); });

  const open = (javaScriptEnabled = true) => openOffline(browser, file, { viewport: { width: 1000, height: 1100 }, javaScriptEnabled });
  const handle = (page: Page) => page.evaluate(() => {
    const h = (document.querySelector('[data-owb-explorer]') as HTMLElement & { owbExplorer?: Handle }).owbExplorer!;
    return { values: h.values, runs: h.runs.map((r) => ({ points: r.points.map((p) => Array.from(p)), losses: Array.from(r.losses) })), readouts: h.readouts, step: h.step, lastRedrawMs: h.lastRedrawMs, backgroundDraws: h.backgroundDraws };
  });
  const readoutText = (page: Page) => page.locator('.owb-x-live .owb-x-readout').innerText();
  const layerPaths = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.owb-x-layer path')].map((p) => p.getAttribute('d')).join('|'));

  it('mounts with no console error and no request, and computes the kernel\'s trajectories bit for bit', async () => {
    const { page, context, outside, errors } = await open();
    const h = await handle(page);
    const node = explorerRuns(valley, initialValues(valley));
    expect(h.runs).to.have.length(3);
    expect(samePoints(h.runs.map((r) => r.points), node.map((r) => r.points))).to.equal(true);
    expect(JSON.stringify(h.runs.map((r) => r.losses))).to.equal(JSON.stringify(node.map((r) => Array.from(r.losses))));
    expect(await page.locator('.owb-x-static').isHidden()).to.equal(true);
    await page.screenshot({ path: join(outDir, 'valley.png') });
    await context.close();
    expect(outside).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('moving a slider changes the path and the readout, which equal Node\'s run for the new value; the background is not redrawn', async () => {
    const { page, context, errors } = await open();
    const beforePaths = await layerPaths(page);
    const beforeText = await readoutText(page);
    const background = await page.evaluate(() => document.querySelector('.owb-x-live svg.owb-x-background')!.outerHTML);
    await page.evaluate(() => {
      const range = document.querySelector<HTMLInputElement>('[data-key="momentum"] input[type=range]')!;
      range.value = '500';
      range.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const h = await handle(page);
    expect(h.values.numbers.momentum).to.equal(0.495);
    expect(await layerPaths(page)).to.not.equal(beforePaths);
    expect(await readoutText(page)).to.not.equal(beforeText);
    const node = explorerRuns(valley, { numbers: { ...initialValues(valley).numbers, momentum: 0.495 } });
    expect(samePoints(h.runs.map((r) => r.points), node.map((r) => r.points))).to.equal(true);
    expect(h.readouts.map((r) => r.finalLoss)).to.deep.equal(node.map((r) => r.losses[r.losses.length - 1]));
    expect(await page.evaluate(() => document.querySelector('.owb-x-live svg.owb-x-background')!.outerHTML)).to.equal(background);
    expect(h.backgroundDraws).to.equal(0);
    await context.close();
    expect(errors).to.deep.equal([]);
  });

  it('clicking the contours moves the start there (and the runs start from it)', async () => {
    const { page, context, errors } = await open();
    const box = (await page.locator('.owb-x-live svg.owb-x-background').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
    const h = await handle(page);
    const start = [h.values.numbers['start.0'], h.values.numbers['start.1']];
    expect(start[0]).to.be.within(3, 9);
    expect(start[1]).to.be.within(2, 8);
    expect(h.runs[0].points[0]).to.deep.equal(start);
    const node = explorerRuns(valley, { numbers: { ...initialValues(valley).numbers, 'start.0': start[0], 'start.1': start[1] } });
    expect(samePoints(h.runs.map((r) => r.points), node.map((r) => r.points))).to.equal(true);
    await context.close();
    expect(errors).to.deep.equal([]);
  });

  it('a rate that diverges says so in the readout, and the figure still draws', async () => {
    const { page, context, errors } = await open();
    await page.fill('[data-key="lr"] input[type=number]', '0.15');
    await page.press('[data-key="lr"] input[type=number]', 'Enter');
    const text = await readoutText(page);
    expect(text).to.match(/diverged at step \d+/);
    expect(await page.locator('.owb-x-layer').count()).to.equal(1);
    expect((await layerPaths(page)).length).to.be.greaterThan(0);
    await context.close();
    expect(errors).to.deep.equal([]);
  });

  it('a bad number gets the library\'s own message beside its box, and the last good figure stays', async () => {
    const { page, context, errors } = await open();
    const before = await layerPaths(page);
    await page.fill('[data-key="momentum"] input[type=number]', '1.5');
    await page.press('[data-key="momentum"] input[type=number]', 'Enter');
    expect(await page.locator('[data-key="momentum"] .owb-x-error').innerText()).to.match(/momentum must be .*\[0, 1\).*1\.5/);
    expect(await layerPaths(page)).to.equal(before);
    expect((await handle(page)).values.numbers.momentum).to.equal(0.8);
    await context.close();
    expect(errors).to.deep.equal([]);
  });

  it('works from the keyboard: arrow keys move a focused slider, the step buttons step through the iterations', async () => {
    const { page, context, errors } = await open();
    await page.focus('[data-key="momentum"] input[type=range]');
    const before = (await handle(page)).values.numbers.momentum;
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect((await handle(page)).values.numbers.momentum).to.be.greaterThan(before);
    await page.focus('button[aria-label="first iteration"]');
    await page.keyboard.press('Enter');
    expect((await handle(page)).step).to.equal(0);
    await page.focus('button[aria-label="next iteration"]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect((await handle(page)).step).to.equal(2);
    expect(await page.locator('.owb-x-layer .owb-x-grad').count()).to.be.greaterThan(0);
    expect(await page.locator('.owb-x-layer .owb-x-velocity').count()).to.be.greaterThan(0);
    await context.close();
    expect(errors).to.deep.equal([]);
  });

  it('shows the static figure when scripts do not run', async () => {
    const { page, context } = await open(false);
    expect(await page.locator('.owb-x-static').isVisible()).to.equal(true);
    expect(await page.locator('.owb-x-static svg.owb-x-background path').count()).to.be.greaterThan(10);
    expect(await page.locator('.owb-x-static .owb-x-readout').innerText()).to.match(/GD ε=0\.09: loss/);
    await context.close();
  });

  it('rejects bad settings in the kernel with a message naming the parameter', () => {
    expect(() => explorer({ ...valley, objective: 'nope' })).to.throw(RangeError, /objective must be one of bowl, illConditioned/);
    expect(() => explorer({ ...valley, params: { rho: { min: 0, max: 1 } } })).to.throw(RangeError, /params\.rho is not an option of any optimizer/);
    expect(() => explorer({ ...valley, params: { lr: { min: 0, max: 1, scale: 'log' } } })).to.throw(RangeError, /params\.lr: a log scale needs min > 0/);
    expect(() => explorer({ ...valley, optimizers: [{ optimizer: 'momentum', options: { lr: 0.1, momentum: 2 } }] })).to.throw(RangeError, /momentum/);
    expect(() => explorer({ ...valley, optimizers: [] })).to.throw(RangeError, /optimizers must be a non-empty array/);
  });
});
