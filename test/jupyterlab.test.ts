/**
 * A student's session in JupyterLab 4, and the same session in Notebook 7 (built from the same
 * JupyterLab components), in headless Chromium: the project's Python starts the server on
 * localhost with a token, notebook 05 opens with the tslab kernel named in its metadata, Run
 * All from the Run menu, then one learning rate is retyped in its editor, the two cells are run
 * with Shift+Enter, the figure changes; the old value typed back gives the old figure again.
 * Works on a copy of notebooks/ in test-output/<front end>/ (lib/ linked beside it), with
 * HOME, the Jupyter config, data and runtime folders and JupyterLab's settings and workspaces
 * all inside that folder, so nothing outside it is read or written.
 *
 * Skipped (with the reason) when the project's Python has no JupyterLab / no Notebook 7 — the
 * Debian fallback environment; test/jupyter-server.test.ts then plays the session in the
 * classic notebook server.
 *
 * How elements are found: the Run menu by its ARIA role and label, editors by JupyterLab's
 * CSS classes (.jp-Cell, .cm-content, .jp-InputArea-prompt, .jp-OutputArea-output). What is
 * typed and clicked is real input; the notebook's model (window.jupyterapp, exposed with
 * --expose-app-in-browser) is only read: cell sources, outputs, execution counts, kernel status.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Browser, type JSHandle, type Page, chromium } from 'playwright-core';
import {
  freePort, jupyterEnv, kernelName, kernelSpecFile, projectRoot, pythonPath, recordedEnvironment,
} from '../scripts/jupyter.mjs';
import { type NotebookOutput, figureOutputs, readNotebook, sourceOf } from './helpers/notebooks.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const notebookFile = '05-article-experiments.ipynb';
const screenshotDir = join(projectRoot, 'test-output', 'screenshots');

// ---------------------------------------------------------------------------------------------
// The front ends: what differs between JupyterLab 4 and Notebook 7 is the module, the URL of a
// notebook and the version check. Everything else below drives both.

interface Frontend {
  title: string;
  /** `python -m <module>` starts it. */
  module: 'jupyterlab' | 'notebook';
  /** Python code that exits 0 when the front end is installed, else prints why not and exits 1. */
  probe: string;
  workDir: string;
  notebookUrl: (base: string, path: string, token: string) => string;
  screenshot: string;
}

const frontends: Frontend[] = [
  {
    title: 'JupyterLab 4',
    module: 'jupyterlab',
    probe: [
      'import sys',
      'try: import jupyterlab',
      'except ImportError: print("JupyterLab is not installed"); sys.exit(1)',
      'if int(jupyterlab.__version__.split(".")[0]) < 4: print(f"JupyterLab {jupyterlab.__version__} is older than 4"); sys.exit(1)',
    ].join('\n'),
    workDir: join(projectRoot, 'test-output', 'jupyterlab'),
    notebookUrl: (base, path, token) => `${base}/lab/tree/${encodeURI(path)}?token=${token}`,
    screenshot: join(screenshotDir, 'jupyterlab-05.png'),
  },
  {
    title: 'Notebook 7',
    module: 'notebook',
    probe: [
      'import sys',
      'try: import notebook',
      'except ImportError: print("Notebook 7 is not installed"); sys.exit(1)',
      'if int(notebook.__version__.split(".")[0]) < 7: print(f"Notebook 7 is not installed (found the classic notebook {notebook.__version__})"); sys.exit(1)',
    ].join('\n'),
    workDir: join(projectRoot, 'test-output', 'notebook7'),
    notebookUrl: (base, path, token) => `${base}/notebooks/${encodeURI(path)}?token=${token}`,
    screenshot: join(screenshotDir, 'notebook7-05.png'),
  },
];

/**
 * Page errors raised by the front end itself, whatever the kernel or notebook; anything else
 * fails the test.
 * - JupyterLab 4.6's debugger calls displayModules() after every execute_reply, also for a
 *   kernel without debugger support (tslab), where there is no debug session: an unhandled
 *   "No active debugger session" per cell run. Seen in JupyterLab 4 and Notebook 7.
 * - Notebook 7.6's keyboard-shortcuts plugin reads registry.plugins[shortcuts.id].schema
 *   before that plugin is loaded, once per page load (jupyter/notebook#7862).
 */
const frontEndPageErrors: { message: string; stack: RegExp }[] = [
  { message: 'No active debugger session', stack: /displayModules/ },
  { message: "Cannot read properties of undefined (reading 'schema')", stack: /notebook_core\.[0-9a-f]+\.js/ },
];
const isFrontEndError = (e: Error) =>
  frontEndPageErrors.some((k) => e.message === k.message && k.stack.test(e.stack ?? ''));

// ---------------------------------------------------------------------------------------------
// The server.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to `graceMs` for the exit, then SIGKILL. Resolves with how it ended. */
async function stopProcess(proc: ChildProcess, graceMs = 10_000): Promise<{ code: number | null; signal: string | null; killed: boolean }> {
  if (proc.exitCode !== null || proc.signalCode !== null) return { code: proc.exitCode, signal: proc.signalCode, killed: false };
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => { killed = true; proc.kill('SIGKILL'); }, graceMs);
  await exited;
  clearTimeout(timer);
  return { code: proc.exitCode, signal: proc.signalCode, killed };
}

interface JupyterServer {
  base: string;
  token: string;
  proc: ChildProcess;
  runtimeDir: string;
  log(): string;
  /** GET an API path with the token; the parsed JSON. */
  api<T>(path: string): Promise<T>;
}

/** A JupyterLab settings file: <settings dir>/<package>/<plugin>.jupyterlab-settings. */
function writeSetting(settingsDir: string, plugin: string, value: object) {
  const [pkg, name] = plugin.split(':');
  const file = join(settingsDir, pkg, `${name}.jupyterlab-settings`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Prepares `dir` (a fresh copy of notebooks/, lib/ linked beside it, private Jupyter folders and
 * settings) and starts `python -m <module>` on a free loopback port with a random token.
 */
async function startJupyter(python: string, module: Frontend['module'], dir: string): Promise<JupyterServer> {
  rmSync(dir, { recursive: true, force: true });
  const root = join(dir, 'notebooks');
  mkdirSync(dir, { recursive: true });
  cpSync(join(projectRoot, 'notebooks'), root, { recursive: true });
  // Notebooks import '../lib/index.js'.
  symlinkSync(join(projectRoot, 'lib'), join(dir, 'lib'));
  const folders = {
    HOME: join(dir, 'home'),
    JUPYTER_CONFIG_DIR: join(dir, 'config'),
    JUPYTER_DATA_DIR: join(dir, 'data'),
    JUPYTER_RUNTIME_DIR: join(dir, 'runtime'),
    JUPYTERLAB_SETTINGS_DIR: join(dir, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: join(dir, 'workspaces'),
  };
  for (const f of Object.values(folders)) mkdirSync(f, { recursive: true });
  // Every cell attached to the page, so that every output is in the DOM (JupyterLab 4's
  // default 'contentVisibility' windowing may skip or defer cells outside the viewport).
  writeSetting(folders.JUPYTERLAB_SETTINGS_DIR, '@jupyterlab/notebook-extension:tracker', { windowingMode: 'none' });
  // No news or update check: no request to jupyter.org, no toast over the notebook.
  writeSetting(folders.JUPYTERLAB_SETTINGS_DIR, '@jupyterlab/apputils-extension:notification', { fetchNews: 'false', checkForUpdates: false });
  const env = { ...jupyterEnv(), ...folders };

  let lastLog = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const token = randomBytes(24).toString('hex');
    const proc = spawn(python, ['-m', module, '--no-browser', '--expose-app-in-browser',
      '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
      // jupyter_server 2.x: ServerApp.token is deprecated in favour of IdentityProvider.token.
      `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${root}`, '--ServerApp.open_browser=False',
      // As `npm run lab` starts it: restart a kernel that lost its port on new ports.
      '--KernelManager.cache_ports=False',
      // CI runs as root; the server refuses root unless told it is deliberate.
      ...(process.getuid?.() === 0 ? ['--allow-root'] : [])],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    proc.stdout?.on('data', (d) => { log += d; });
    proc.stderr?.on('data', (d) => { log += d; });
    const base = `http://127.0.0.1:${port}`;
    const server: JupyterServer = {
      base, token, proc, runtimeDir: folders.JUPYTER_RUNTIME_DIR, log: () => log,
      async api<T>(path: string) {
        const res = await fetch(`${base}${path}`, { headers: { Authorization: `token ${token}` } });
        if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
        return await res.json() as T;
      },
    };
    for (let i = 0; i < 300 && proc.exitCode === null; i++) {
      try {
        const res = await fetch(`${base}/api/status?token=${token}`);
        if (res.ok) return server;
      } catch { /* not listening yet */ }
      await sleep(200);
    }
    await stopProcess(proc);
    lastLog = log;
    // Another process took the port between freePort() and the bind: try another one.
    if (!/already in use|address in use|is not available/i.test(log)) break;
  }
  throw new Error(`python -m ${module} did not start:\n${lastLog.slice(-3000)}`);
}

// ---------------------------------------------------------------------------------------------
// The page. The notebook panel is found once, as a handle; every later read goes through it.

interface OutputJson extends NotebookOutput { metadata?: Record<string, unknown> }
interface CellView {
  type: string;
  source: string;
  /** The prompt as shown: "[3]:", "[*]:", "[ ]:" (code cells), null otherwise. */
  prompt: string | null;
  count: number | null;
  outputs: OutputJson[];
  /** Rendered stderr / error outputs (JupyterLab shows tracebacks as the stderr MIME type). */
  shownErrors: string[];
  /** Rendered outputs holding a figure: an <svg> inside HTML, or an SVG image. */
  shownFigures: number;
  /** innerHTML of the cell's output area. */
  outputHtml: string;
}
interface PanelView {
  kernelName: string | null;
  kernelStatus: string | null;
  windowingMode: string | null;
  dialogs: string[];
  cells: CellView[];
}

// Minimal shapes of the JupyterLab objects read in the page.
interface JpCell {
  node: HTMLElement;
  model: {
    type: string;
    mimeType: string;
    sharedModel: { getSource(): string };
    executionCount?: number | null;
    outputs?: { toJSON(): OutputJson[] };
  };
}
interface JpPanel {
  node: HTMLElement;
  context: { path: string };
  content: { widgets: readonly JpCell[]; activeCellIndex: number; notebookConfig?: { windowingMode?: string } };
  sessionContext: { session: { kernel: { name: string; status: string } | null } | null };
}
type JpApp = { shell: { widgets(area: string): Iterable<unknown> } };

/** Waits until the notebook at `path` is open (its panel in the main area) and returns it. */
async function notebookPanel(page: Page, path: string): Promise<JSHandle<JpPanel>> {
  await page.waitForFunction((p) => {
    const app = (window as unknown as { jupyterapp?: JpApp }).jupyterapp;
    if (!app) return false;
    return [...app.shell.widgets('main')].some((w) => (w as JpPanel).context?.path === p && (w as JpPanel).content?.widgets?.length > 0);
  }, path, { timeout: 120_000, polling: 250 });
  return await page.evaluateHandle((p) => {
    const app = (window as unknown as { jupyterapp: JpApp }).jupyterapp;
    return [...app.shell.widgets('main')].find((w) => (w as JpPanel).context?.path === p) as JpPanel;
  }, path);
}

/** Everything the test checks, read in one go from the panel's DOM and model. */
function view(panel: JSHandle<JpPanel>): Promise<PanelView> {
  return panel.evaluate((p) => {
    const kernel = p.sessionContext.session?.kernel ?? null;
    const cells = p.content.widgets.map((c) => {
      const isCode = c.model.type === 'code';
      const shown = [...c.node.querySelectorAll<HTMLElement>('.jp-OutputArea-output')];
      return {
        type: c.model.type,
        source: c.model.sharedModel.getSource(),
        prompt: isCode ? (c.node.querySelector('.jp-InputArea-prompt')?.textContent ?? '').trim() : null,
        count: isCode ? (c.model.executionCount ?? null) : null,
        outputs: isCode ? (c.model.outputs?.toJSON() ?? []) : [],
        // An error output is rendered with the stderr MIME type (its traceback as text).
        shownErrors: shown.filter((o) => o.dataset.mimeType === 'application/vnd.jupyter.stderr' || o.dataset.mimeType === 'application/vnd.jupyter.error')
          .map((o) => (o.textContent ?? '').slice(0, 500)),
        shownFigures: shown.filter((o) => (o.dataset.mimeType === 'text/html' && o.querySelector('svg')) || o.dataset.mimeType === 'image/svg+xml').length,
        outputHtml: c.node.querySelector('.jp-OutputArea')?.innerHTML ?? '',
      };
    });
    const dialogs = [...document.querySelectorAll<HTMLElement>('.jp-Dialog')].map((d) => (d.textContent ?? '').trim().slice(0, 300));
    return {
      kernelName: kernel?.name ?? null,
      kernelStatus: kernel?.status ?? null,
      windowingMode: p.content.notebookConfig?.windowingMode ?? null,
      dialogs,
      cells,
    };
  });
}

const isCounted = (prompt: string | null) => prompt !== null && /^\[\d+\]:$/.test(prompt);
const nonEmptyCode = (cells: CellView[]) => cells.map((c, i) => [c, i] as const).filter(([c]) => c.type === 'code' && c.source.trim() !== '');
const modelErrors = (cells: CellView[]) => cells.flatMap((c, i) => c.outputs
  .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
  .map((o) => `cell ${i}: ${o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : String(o.text).slice(0, 300)}`));

/**
 * Waits until the kernel is idle, no cell is queued or running ("[*]"), and the cells in
 * `mustRun` show an execution count above the given one (null: any count). Stops waiting early
 * when an error output appears once everything is idle (Run All stops at an error), so the
 * assertions can name it. Returns the settled view.
 */
async function settle(page: Page, panel: JSHandle<JpPanel>, mustRun: Map<number, number | null>, timeout = 300_000): Promise<PanelView> {
  const wanted = [...mustRun.entries()];
  try {
    await page.waitForFunction(({ p, wanted }) => {
      const kernel = p.sessionContext.session?.kernel;
      if (kernel?.status !== 'idle') return false;
      const cells = p.content.widgets;
      const prompts = cells.filter((c) => c.model.type === 'code')
        .map((c) => (c.node.querySelector('.jp-InputArea-prompt')?.textContent ?? '').trim());
      if (prompts.some((t) => t.includes('*'))) return false;
      const failed = cells.some((c) => c.node.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'));
      const ran = wanted.every(([i, above]) => {
        const t = (cells[i].node.querySelector('.jp-InputArea-prompt')?.textContent ?? '').trim();
        const m = /^\[(\d+)\]:$/.exec(t);
        return m !== null && (above === null || Number(m[1]) > above);
      });
      return ran || failed;
    }, { p: panel, wanted }, { timeout, polling: 250 });
  } catch (err) {
    const v = await view(panel);
    const pending = nonEmptyCode(v.cells).filter(([c]) => !isCounted(c.prompt)).map(([c, i]) => `${i} ${c.prompt}`);
    throw new Error(`cells did not finish (kernel ${v.kernelStatus}; not counted: ${pending.join(', ')}; dialogs: ${JSON.stringify(v.dialogs)}): ${(err as Error).message}`);
  }
  return await view(panel);
}

/** The Run menu's Run All Cells, clicked as a student would. */
async function runAllFromMenu(page: Page) {
  await page.getByRole('menuitem', { name: 'Run', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Run All Cells', exact: true }).click();
}

/** The cell's editor (CodeMirror 6) on the page; cells are in model order (no windowing). */
const cellLocator = (page: Page, index: number) => page.locator('.jp-NotebookPanel .jp-Notebook .jp-Cell').nth(index);

/**
 * Replaces the first number after `lr:` in cell `index` by `value` with real input: click into
 * the editor, Ctrl+Home, arrow keys to the number, Shift+arrows over it, type the new value.
 * Then checks that the cell's source is the old one with just that number replaced.
 */
async function retypeRate(page: Page, panel: JSHandle<JpPanel>, index: number, value: string): Promise<string> {
  const before = (await view(panel)).cells[index].source;
  const m = /\blr:\s*\[?\s*(\d[\d.]*(?:e-?\d+)?)/.exec(before);
  if (!m) throw new Error(`cell ${index} has no lr: value:\n${before}`);
  const old = m[1];
  const start = m.index + m[0].length - old.length;
  await cellLocator(page, index).locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < start; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < old.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type(value);
  const expected = before.slice(0, start) + value + before.slice(start + old.length);
  await page.waitForFunction(({ p, i, text }) => p.content.widgets[i].model.sharedModel.getSource() === text,
    { p: panel, i: index, text: expected }, { timeout: 10_000 })
    .catch(async () => {
      throw new Error(`after typing, cell ${index} reads:\n${(await view(panel)).cells[index].source}\nexpected:\n${expected}`);
    });
  return old;
}

/** Shift+Enter twice: runs the edited cell, moves to the figure cell, runs it. Waits for both. */
async function runEditedPair(page: Page, panel: JSHandle<JpPanel>, index: number): Promise<PanelView> {
  const v = await view(panel);
  const counts = new Map([[index, v.cells[index].count ?? 0], [index + 1, v.cells[index + 1].count ?? 0]]);
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.press('Shift+Enter');
  return await settle(page, panel, counts, 120_000);
}

// ---------------------------------------------------------------------------------------------

const promised = readNotebook(join(projectRoot, 'notebooks', notebookFile)).metadata.optim_workbook?.figures;
const figureCount = (c: CellView) => figureOutputs({ cell_type: 'code', source: '', metadata: {}, outputs: c.outputs }).length;
/** The first figure of a cell's outputs, as the kernel sent it (the model, not the DOM). */
const modelFigure = (c: CellView) => figureOutputs({ cell_type: 'code', source: '', metadata: {}, outputs: c.outputs })[0];

for (const fe of frontends) {
  describe(`a student in ${fe.title} (Chromium)`, function () {
    this.timeout(10 * 60 * 1000);
    let python = '';
    let server: JupyterServer | undefined;
    let browser: Browser | undefined;
    const pageErrors: Error[] = [];

    before(async function () {
      python = pythonPath();
      const probe = spawnSync(python, ['-c', fe.probe], { encoding: 'utf8', env: jupyterEnv() });
      if (probe.status !== 0) {
        const why = (probe.stdout.trim() || probe.stderr.trim().split('\n').pop() || `exit ${probe.status}`);
        const debian = recordedEnvironment()?.kind === 'debian' ? ' (Debian fallback environment)' : '';
        // Mocha's skip() takes no message: the reason goes into the skipped tests' titles.
        for (const t of this.test?.parent?.tests ?? []) t.title += ` — skipped: ${why} in ${python}${debian}`;
        this.skip();
      }
      if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (set CHROMIUM_PATH, or npm run setup -- --browser)`);
      server = await startJupyter(python, fe.module, fe.workDir);
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });

    after(async () => {
      await browser?.close();
      if (server) {
        await stopProcess(server.proc);
        writeFileSync(join(fe.workDir, 'server.log'), server.log());
      }
    });

    it('serves the project\'s tslab kernelspec', async () => {
      const specs = await server!.api<{ kernelspecs: Record<string, { spec: { argv: string[] } }> }>('/api/kernelspecs');
      const ours = JSON.parse(readFileSync(kernelSpecFile, 'utf8')) as { argv: string[] };
      expect(specs.kernelspecs[kernelName]?.spec.argv, 'the kernelspec named tslab is the project\'s').to.deep.equal(ours.argv);
    });

    it('runs notebook 05, then re-runs a figure after an edited hyperparameter and after restoring it', async () => {
      expect(promised, `metadata.optim_workbook.figures of ${notebookFile}`).to.be.a('number');
      const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
      page.on('pageerror', (e) => pageErrors.push(e));
      await page.goto(fe.notebookUrl(server!.base, notebookFile, server!.token));
      const panel = await notebookPanel(page, notebookFile);

      // The kernel comes from the notebook's metadata: no kernel picker, tslab starts, idle.
      await page.waitForFunction((p) => p.sessionContext.session?.kernel?.status === 'idle' || document.querySelector('.jp-Dialog') !== null,
        panel, { timeout: 120_000, polling: 250 });
      let v = await view(panel);
      expect(v.dialogs, 'no dialog (e.g. a kernel picker) on opening').to.deep.equal([]);
      expect(v.kernelName, 'the kernel started from the notebook metadata').to.equal(kernelName);
      expect(v.windowingMode, 'windowing off (settings override), so every output is in the DOM').to.equal('none');
      const sessions = await server!.api<{ path: string; kernel: { name: string } }[]>('/api/sessions');
      expect(sessions.map((s) => [s.path, s.kernel.name])).to.deep.equal([[notebookFile, kernelName]]);

      // Run All, from the Run menu.
      const codeCells = nonEmptyCode(v.cells).map(([, i]) => i);
      await runAllFromMenu(page);
      v = await settle(page, panel, new Map(codeCells.map((i) => [i, null])));
      expect(v.dialogs, 'no dialog during Run All').to.deep.equal([]);
      const shownErrors = v.cells.flatMap((c, i) => c.shownErrors.map((e) => `cell ${i}: ${e}`));
      expect(shownErrors, 'error / stderr outputs shown after Run All').to.deep.equal([]);
      expect(modelErrors(v.cells), 'error / stderr outputs in the notebook after Run All').to.deep.equal([]);
      const notCounted = nonEmptyCode(v.cells).filter(([c]) => !isCounted(c.prompt) || c.count === null).map(([c, i]) => `${i}: ${c.prompt}`);
      expect(notCounted, 'code cells without an execution count').to.deep.equal([]);
      expect(v.cells.reduce((n, c) => n + c.shownFigures, 0), 'figures shown').to.equal(promised);
      expect(v.cells.reduce((n, c) => n + figureCount(c), 0), 'figures in the notebook model').to.equal(promised);

      // Formulas typeset by MathJax in every markdown cell that has one; no raw $…$ left.
      await page.waitForFunction((p) => p.content.widgets
        .filter((c) => c.model.type === 'markdown' && c.model.sharedModel.getSource().includes('$'))
        .every((c) => c.node.querySelector('.jp-RenderedMarkdown mjx-container') !== null),
      panel, { timeout: 60_000, polling: 250 }).catch(() => undefined);
      const maths = await panel.evaluate((p) => p.content.widgets
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => c.model.type === 'markdown' && c.model.sharedModel.getSource().includes('$'))
        .map(({ c, i }) => {
          const rendered = c.node.querySelector('.jp-RenderedMarkdown');
          const copy = rendered?.cloneNode(true) as HTMLElement | undefined;
          copy?.querySelectorAll('mjx-container, code, pre').forEach((e) => e.remove());
          return { i, formulas: rendered?.querySelectorAll('mjx-container').length ?? 0, raw: /\$[^$]+\$/.exec(copy?.textContent ?? '')?.[0] ?? null };
        }));
      expect(maths.length, 'markdown cells with formulas').to.be.greaterThan(0);
      expect(maths.filter((m) => m.formulas === 0).map((m) => m.i), 'markdown cells with formulas not typeset').to.deep.equal([]);
      expect(maths.filter((m) => m.raw !== null).map((m) => `${m.i}: ${m.raw}`), 'raw $…$ left in rendered markdown').to.deep.equal([]);

      // The live explorers run in the kernel's (trusted) outputs: each one mounted, and its
      // slider takes the arrow keys without JupyterLab moving to another cell.
      const explorers = page.locator('.jp-OutputArea-output [data-owb-explorer]');
      expect(await explorers.count(), 'explorers in the notebook').to.be.at.least(1);
      await page.waitForFunction(() => [...document.querySelectorAll('.jp-OutputArea-output [data-owb-explorer]')].every((e) => e.querySelector('.owb-x-live')),
        undefined, { timeout: 30_000, polling: 250 });
      const slider = explorers.first().locator('[data-key="momentum"] input[type=range]');
      await slider.scrollIntoViewIfNeeded();
      const sliderBefore = Number(await slider.inputValue());
      const readoutBefore = await explorers.first().locator('.owb-x-live .owb-x-readout').innerText();
      await slider.focus();
      // Focus inside an output selects its cell, as a click would; the keys must not move it.
      const activeBefore = await panel.evaluate((p) => p.content.activeCellIndex);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(Number(await slider.inputValue()), 'the explorer\'s slider moved').to.be.greaterThan(sliderBefore);
      expect(await explorers.first().locator('.owb-x-live .owb-x-readout').innerText(), 'the readout followed').to.not.equal(readoutBefore);
      expect(await panel.evaluate((p) => p.content.activeCellIndex), 'the active cell did not change').to.equal(activeBefore);
      await explorers.first().screenshot({ path: fe.screenshot.replace(/\.png$/, '-explorer.png') });

      // The first hyperparameter cell with a learning rate, followed by a figure cell.
      const target = v.cells.findIndex((c, i) => c.type === 'code' && /^const \w+ = \{/.test(c.source.trim()) && /\blr:/.test(c.source)
        && v.cells[i + 1]?.type === 'code' && v.cells[i + 1].shownFigures > 0);
      expect(target, 'a hyperparameter cell followed by a figure cell').to.be.at.least(0);

      // The editor highlights the cell's code as TypeScript: tslab's own codemirror_mode
      // ({name: 'javascript', typescript: true}) made JupyterLab 4 pick the JavaScript grammar;
      // kernel/preload.cjs reports 'application/typescript', which JupyterLab 4 finds by MIME.
      const mimeType = await panel.evaluate((p, i) => p.content.widgets[i].model.mimeType, target);
      expect(mimeType, 'the editor language of a code cell').to.equal('application/typescript');
      const tokens = await cellLocator(page, target).locator('.cm-line span[class]').evaluateAll(
        (spans) => spans.map((s) => (s.textContent ?? '').trim()));
      expect(tokens, `highlighted tokens of cell ${target}`).to.include.members(['const', /\blr:\s*\[?\s*([\d.]+)/.exec(v.cells[target].source)![1]]);

      const figureBefore = v.cells[target + 1];
      expect(figureBefore.outputHtml).to.include('<svg');

      // Like a student: retype the rate as half its value, Shift+Enter, Shift+Enter.
      const old = await retypeRate(page, panel, target, String(Number(/\blr:\s*\[?\s*([\d.]+)/.exec(v.cells[target].source)![1]) / 2));
      v = await runEditedPair(page, panel, target);
      const changed = v.cells[target + 1];
      expect(changed.shownErrors, 'error output after the edited re-run').to.deep.equal([]);
      expect(modelErrors(v.cells), 'errors in the notebook after the edited re-run').to.deep.equal([]);
      expect(changed.shownFigures, 'the figure cell still shows a figure').to.equal(figureBefore.shownFigures);
      expect(changed.outputHtml.includes('<svg'), 'the figure cell still holds an <svg>').to.equal(true);
      expect(changed.outputHtml, 'the figure changed with the rate').to.not.equal(figureBefore.outputHtml);
      expect(modelFigure(changed), 'the figure data changed with the rate').to.not.equal(modelFigure(figureBefore));

      // Type the old value back: the very same figure again (the runs are deterministic, and
      // the rendered HTML carries no per-render ids).
      await retypeRate(page, panel, target, old);
      v = await runEditedPair(page, panel, target);
      const restored = v.cells[target + 1];
      expect(modelErrors(v.cells), 'errors in the notebook after restoring the rate').to.deep.equal([]);
      expect(modelFigure(restored), 'the figure data is the original again').to.equal(modelFigure(figureBefore));
      expect(restored.outputHtml, 'the shown figure is the original again').to.equal(figureBefore.outputHtml);

      // The screenshot shows the hyperparameter cell and its figure.
      await cellLocator(page, target).evaluate((e) => e.scrollIntoView({ block: 'start' }));
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: fe.screenshot });
      expect((await view(panel)).dialogs, 'no dialog at the end').to.deep.equal([]);
      await page.close();
      const unexpected = pageErrors.filter((e) => !isFrontEndError(e)).map((e) => e.stack ?? String(e));
      expect(unexpected, 'page errors').to.deep.equal([]);
    });

    it('shuts the server and its kernel down cleanly, with a clean log', async () => {
      await browser?.close();
      browser = undefined;
      const how = await stopProcess(server!.proc);
      const log = server!.log();
      writeFileSync(join(fe.workDir, 'server.log'), log);
      expect(how.killed, `the server needed SIGKILL:\n${log.slice(-2000)}`).to.equal(false);
      const left = readdirSync(server!.runtimeDir).filter((f) => /^(kernel-.*|jpserver-\d+)\.json$/.test(f));
      expect(left, 'connection / server files left behind (a kernel or the server did not shut down)').to.deep.equal([]);
      expect(log, 'server log').to.not.include('Traceback');
      expect(log, 'server log').to.not.include('Invalid Signature');
      expect(log, 'server log: the kernel started').to.match(/Kernel started/);
    });
  });
}
