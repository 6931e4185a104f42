#!/usr/bin/env node
/**
 * `npm run lab` / `npm run notebook` — the workbook in JupyterLab 4 (or Notebook 7) from the
 * project's Python, with the project's tslab kernel, on notebooks/:
 *
 *   node scripts/lab.mjs [--notebook] [--port N] [--browser | --no-browser] [-- JUPYTER-ARGS…]
 *
 * Listens on 127.0.0.1 only, on a free port unless --port is given, with a random token; prints
 * the URL with that token once the server answers. Opens a browser only where there is a
 * display (or with --browser). Ctrl-C (or SIGTERM) stops the server cleanly: SIGTERM to it,
 * wait until it has shut its kernels down, exit 0. Arguments after `--` go to Jupyter unchanged.
 * In the Debian fallback environment (no JupyterLab / Notebook 7) it starts Debian's classic
 * notebook server instead, and says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { freePort, jupyterEnv, notebooksDir, projectRelative, pythonPath } from './jupyter.mjs';

const usage = `usage: node scripts/lab.mjs [--notebook] [--port N] [--browser | --no-browser] [-- JUPYTER-ARGS...]
  --notebook     Notebook 7 instead of JupyterLab 4
  --port N       listen on port N (default: a free port)
  --browser      open a browser (default only where there is a display)
  --no-browser   do not open a browser
  after --       arguments passed to Jupyter unchanged, e.g. -- --ServerApp.shutdown_no_activity_timeout=3600`;

let parsed;
try {
  parsed = parseArgs({
    options: {
      notebook: { type: 'boolean', default: false },
      port: { type: 'string' },
      browser: { type: 'boolean' },
      'no-browser': { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
} catch (err) {
  console.error(`lab: ${err.message}\n${usage}`);
  process.exit(2);
}
const { values: opts, positionals: extraArgs } = parsed;
if (opts.help) {
  console.log(usage);
  process.exit(0);
}
if (opts.browser && opts['no-browser']) {
  console.error('lab: --browser and --no-browser contradict each other');
  process.exit(2);
}
let fixedPort;
if (opts.port !== undefined) {
  fixedPort = Number(opts.port);
  if (!Number.isInteger(fixedPort) || fixedPort < 1 || fixedPort > 65535) {
    console.error(`lab: --port must be a port number (1-65535), not ${JSON.stringify(opts.port)}`);
    process.exit(2);
  }
}
const hasDisplay = process.platform === 'darwin' || process.platform === 'win32'
  || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const openBrowser = opts.browser ?? (opts['no-browser'] ? false : hasDisplay);

let python;
try {
  python = pythonPath();
} catch (err) {
  console.error(`lab: ${err.message}`);
  process.exit(1);
}

// Which front ends this Python has (one interpreter start).
const probe = spawnSync(python, ['-c', [
  'import json',
  'found = {}',
  'for name in ("jupyterlab", "notebook"):',
  '    try: found[name] = __import__(name).__version__',
  '    except Exception: found[name] = None',
  'print(json.dumps(found))',
].join('\n')], { encoding: 'utf8', env: jupyterEnv() });
if (probe.status !== 0) {
  console.error(`lab: ${python} does not run: ${(probe.error?.message ?? probe.stderr).trim()}\nRun \`npm run setup\` again.`);
  process.exit(1);
}
const versions = JSON.parse(probe.stdout.trim().split('\n').pop());
const major = (v) => (v ? Number(String(v).split('.')[0]) : 0);

/**
 * The front end to start: module, title, the URL path a person opens, and the server options
 * (jupyter_server 2 for JupyterLab 4 / Notebook 7; the classic NotebookApp otherwise).
 */
function frontEnd() {
  const modern = (module, title, path) => ({
    module, title, path,
    options: (port, token) => [`--ServerApp.ip=127.0.0.1`, `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${notebooksDir}`,
      // A kernel that exits because its port was taken (kernel/preload.cjs) is restarted on new
      // ports only without jupyter_client's port cache, which pins a kernel's ports for good.
      '--KernelManager.cache_ports=False',
      openBrowser ? '--ServerApp.open_browser=True' : '--no-browser'],
  });
  if (!opts.notebook && major(versions.jupyterlab) >= 4) return modern('jupyterlab', `JupyterLab ${versions.jupyterlab}`, '/lab');
  if (opts.notebook && major(versions.notebook) >= 7) return modern('notebook', `Notebook ${versions.notebook}`, '/tree');
  if (versions.notebook && major(versions.notebook) < 7) {
    const wanted = opts.notebook ? 'Notebook 7' : 'JupyterLab 4';
    console.log(`lab: ${wanted} is not installed in ${python} (the Debian fallback environment); starting the classic notebook ${versions.notebook} instead`);
    return {
      module: 'notebook', title: `the classic notebook ${versions.notebook}`, path: '/tree',
      options: (port, token) => ['--ip=127.0.0.1', `--port=${port}`, '--NotebookApp.port_retries=0',
        `--NotebookApp.token=${token}`, `--notebook-dir=${notebooksDir}`,
        openBrowser ? '--NotebookApp.open_browser=True' : '--no-browser'],
    };
  }
  const wanted = opts.notebook ? 'Notebook 7 (pip package notebook>=7)' : 'JupyterLab 4 (pip package jupyterlab)';
  console.error(`lab: ${wanted} is not installed in ${python}. Run \`npm run setup\` (it installs the project's pinned Jupyter into .venv/).`);
  process.exit(1);
}
const fe = frontEnd();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server = null;       // the running server process
let stopping = false;    // a signal asked us to stop
const exited = (p) => p.exitCode !== null || p.signalCode !== null;

/** Starts the server; resolves with { proc, url } once /api/status answers, or with { proc, failed }. */
async function start(port) {
  const token = randomBytes(24).toString('hex');
  const args = ['-m', fe.module, ...fe.options(port, token),
    // Jupyter refuses to run as root unless told it is deliberate (containers, CI).
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ...extraArgs];
  const proc = spawn(python, args, {
    cwd: notebooksDir,
    env: jupyterEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C in the terminal reaches only this script, which then stops
    // the server in order (a SIGINT straight to Jupyter would ask for confirmation or be lost).
    detached: process.platform !== 'win32',
  });
  server = proc;
  let tail = '';
  const keep = (d) => { tail = (tail + d).slice(-4000); };
  proc.stdout.on('data', (d) => { process.stdout.write(d); keep(d); });
  proc.stderr.on('data', (d) => { process.stderr.write(d); keep(d); });
  const base = `http://127.0.0.1:${port}`;
  while (!exited(proc) && !stopping) {
    try {
      const res = await fetch(`${base}/api/status?token=${token}`);
      if (res.ok) return { proc, url: `${base}${fe.path}?token=${token}` };
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  if (!exited(proc)) await new Promise((r) => proc.once('exit', r));
  return { proc, failed: true, portTaken: /already in use|address in use|is not available/i.test(tail) };
}

/** SIGTERM, then wait for the exit; SIGKILL after `graceMs` or on a second signal. */
async function stop(graceMs = 20_000) {
  const proc = server;
  if (!proc || exited(proc)) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.error(`lab: the server did not stop within ${graceMs / 1000} s; killing it`);
    proc.kill('SIGKILL');
  }, graceMs);
  await done;
  clearTimeout(timer);
}

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    signals += 1;
    if (signals > 1) {
      // Asked twice: do not wait for a clean shutdown.
      if (server && !exited(server)) server.kill('SIGKILL');
      return;
    }
    stopping = true;
    console.log(`\nlab: ${sig} received, stopping the server (its kernels are shut down first)…`);
    stop().then(() => {
      console.log('lab: server stopped');
      process.exit(0);
    });
  });
}
// Should this script end any other way, the server must not outlive it.
process.on('exit', () => { if (server && !exited(server)) server.kill('SIGTERM'); });

console.log(`lab: ${fe.title} from ${python}, notebooks in ${projectRelative(notebooksDir)}/, kernel "tslab" from .jupyter/`);
let result;
for (let attempt = 0; ; attempt++) {
  const port = fixedPort ?? await freePort();
  result = await start(port);
  if (stopping || !result.failed) break;
  // Another program took the free port between the check and the bind: try another one.
  if (fixedPort === undefined && result.portTaken && attempt < 2) continue;
  const why = result.portTaken && fixedPort !== undefined ? ` (port ${fixedPort} is in use; pick another with --port, or leave it out)` : '';
  console.error(`lab: ${fe.title} exited with ${result.proc.exitCode ?? result.proc.signalCode} before it answered${why}`);
  process.exit(result.proc.exitCode || 1);
}
if (!stopping) {
  console.log(`\nlab: open ${result.url}\nlab: Ctrl-C stops the server\n`);
  const { proc } = result;
  proc.once('exit', (code, signal) => {
    if (stopping) return;   // the signal handler reports and exits
    console.error(`lab: the server exited by itself (${code ?? signal})`);
    process.exit(code || 1);
  });
}
