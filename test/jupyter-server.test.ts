/**
 * A student's session in Debian's classic notebook server (6.x), the front end of the Debian
 * fallback environment (when pip could not install the project's pinned JupyterLab; see
 * scripts/setup.mjs). With the project's .venv, test/jupyterlab.test.ts plays the same
 * session in JupyterLab 4 instead and this one is skipped.
 * Debian's server on localhost with the project's tslab kernel, notebook 05 opened in headless
 * Chromium, Run All, then one hyperparameter edited by typing and its figure cell re-run — the
 * figure must change and no error may appear. Works on a copy of the notebooks so nothing in
 * notebooks/ is saved over.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { freePort, jupyterEnv, projectRoot, pythonPath, recordedEnvironment } from '../scripts/jupyter.mjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const notebook = '05-article-experiments.ipynb';
const workDir = join(projectRoot, 'test-output', 'jupyter-server');

/** Waits until the kernel is idle and no cell is queued or running ("In [*]"). */
async function settle(page: Page, timeout = 240_000) {
  await page.waitForFunction(() => {
    const icon = document.querySelector('#kernel_indicator_icon');
    const busy = [...document.querySelectorAll('.input_prompt')].some((p) => p.textContent?.includes('*'));
    return icon?.classList.contains('kernel_idle_icon') && !busy;
  }, undefined, { timeout, polling: 250 });
}

const debianFallback = recordedEnvironment()?.kind === 'debian';

describe(`a student in Debian's classic notebook server (Chromium)${debianFallback ? '' : ' — skipped: the project environment is .venv with JupyterLab 4, tested in jupyterlab.test.ts'}`, function () {
  this.timeout(10 * 60 * 1000);
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let serverLog = '';
  let base = '';

  before(async function () {
    if (!debianFallback) this.skip();
    const python = pythonPath() as string;
    if (spawnSync(python, ['-c', 'import notebook'], { encoding: 'utf8' }).status !== 0) {
      throw new Error(`the Jupyter notebook server is missing for ${python}: apt-get install jupyter-notebook (Debian) or pip install notebook`);
    }
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}`);
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    cpSync(join(projectRoot, 'notebooks'), join(workDir, 'notebooks'), { recursive: true });
    symlinkSync(join(projectRoot, 'lib'), join(workDir, 'lib'));
    const port = await freePort();
    server = spawn(python, ['-m', 'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`,
      '--NotebookApp.token=', '--NotebookApp.password=', '--NotebookApp.open_browser=False',
      '--MappingKernelManager.cull_idle_timeout=0', `--notebook-dir=${join(workDir, 'notebooks')}`,
      // CI runs as root; the server refuses root unless told it is deliberate.
      ...(process.getuid?.() === 0 ? ['--allow-root'] : [])],
    { env: { ...jupyterEnv(), HOME: workDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d) => { serverLog += d; });
    server.stderr?.on('data', (d) => { serverLog += d; });
    base = `http://127.0.0.1:${port}`;
    let up = false;
    for (let i = 0; i < 300 && !up && server.exitCode === null; i++) {
      try { up = (await fetch(`${base}/api`)).ok; } catch { await new Promise((r) => setTimeout(r, 200)); }
    }
    if (!up) throw new Error(`the notebook server did not start:\n${serverLog.slice(-3000)}`);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('runs notebook 05, then re-runs a figure after an edited hyperparameter', async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${base}/notebooks/${notebook}`);
    await page.waitForFunction(() => {
      const w = window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected?: () => boolean } } } };
      return w.Jupyter?.notebook?.kernel?.is_connected?.();
    }, undefined, { timeout: 60_000 });

    // Run All, from the Cell menu as a student would.
    await page.click('#celllink');
    await page.click('#run_all_cells');
    await settle(page);
    const errorsAfterRunAll = await page.locator('.output_error, .output_stderr').count();
    expect(errorsAfterRunAll, `errors after Run All:\n${await page.locator('.output_error').allTextContents()}`).to.equal(0);

    // The first hyperparameter cell with a learning rate, and the figure cell right after it.
    type Cm = { getValue(): string; setSelection(a: object, b: object): void; posFromIndex(i: number): object; focus(): void };
    type Cell = { cell_type: string; code_mirror: Cm; output_area: { element: ArrayLike<HTMLElement> } };
    type Nb = { get_cells(): Cell[]; select(i: number): void; edit_mode(): void };
    const target = await page.evaluate(() => {
      const nb = (window as unknown as { Jupyter: { notebook: Nb } }).Jupyter.notebook;
      const cells = nb.get_cells();
      for (let i = 0; i < cells.length - 1; i++) {
        const text = cells[i].cell_type === 'code' ? cells[i].code_mirror.getValue().trim() : '';
        if (/^const \w+ = \{[\s\S]*\blr:/.test(text) && cells[i + 1].output_area.element[0].querySelector('svg')) return i;
      }
      return -1;
    });
    expect(target, 'a hyperparameter cell followed by a figure cell').to.be.at.least(0);
    const figureHtml = () => page.evaluate((i) => {
      const nb = (window as unknown as { Jupyter: { notebook: Nb } }).Jupyter.notebook;
      return nb.get_cells()[i].output_area.element[0].innerHTML;
    }, target + 1);
    const before = await figureHtml();

    // Like a student: select the rate's value in the editor, type half of it, Shift+Enter the
    // edited cell, Shift+Enter again for the figure cell below it.
    const oldValue = await page.evaluate((i) => {
      const nb = (window as unknown as { Jupyter: { notebook: Nb } }).Jupyter.notebook;
      const cm = nb.get_cells()[i].code_mirror;
      const text = cm.getValue();
      const m = /\blr:\s*([0-9.]+)/.exec(text)!;
      const from = m.index + m[0].length - m[1].length;
      nb.select(i);
      nb.edit_mode();
      cm.focus();
      cm.setSelection(cm.posFromIndex(from), cm.posFromIndex(from + m[1].length));
      return m[1];
    }, target);
    await page.keyboard.type(String(Number(oldValue) / 2));
    await page.keyboard.press('Shift+Enter');
    await settle(page, 60_000);
    await page.keyboard.press('Shift+Enter');
    await settle(page, 60_000);
    const after = await figureHtml();
    const errors = await page.locator('.output_error').count();
    await page.screenshot({ path: join(projectRoot, 'test-output', 'screenshots', 'jupyter-server-05.png'), fullPage: false });
    await page.close();
    expect(errors, 'error output after the re-run').to.equal(0);
    expect(after.includes('<svg'), 'the figure cell still shows a figure').to.equal(true);
    expect(after, 'the figure changed with the hyperparameter').to.not.equal(before);
    expect(pageErrors, `page errors; server log:\n${serverLog.slice(-2000)}`).to.deep.equal([]);
  });
});
