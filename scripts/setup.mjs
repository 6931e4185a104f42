#!/usr/bin/env node
/**
 * `npm run setup`: makes Jupyter usable for the workbook, with nothing installed globally.
 * Idempotent, and quick (no Python started) when nothing changed since the last run.
 *
 *  1. One Python environment for everything (executor, export, tests, `npm run lab`):
 *     - the project's own `.venv/` (`python3 -m venv`), with the exact pins of
 *       requirements/jupyter.txt installed by its pip. pip is tried first with `--retries 0`
 *       (where the default index is unreachable, each package would otherwise wait for five
 *       retries), then with pip's defaults. On Debian as root, python3-venv is installed with
 *       apt when the venv module is missing.
 *     - if pip cannot get the packages at all: Debian's packages (as root on Debian), and then
 *       Debian's /usr/bin/python3 for everything; otherwise it says exactly what to install.
 *     - `OPTIM_PYTHON=/path/to/python` uses that interpreter instead (it must have the modules).
 *     The choice is recorded in .jupyter/python.txt and .jupyter/environment.json.
 *  2. The project-local kernelspec .jupyter/kernels/tslab: this project's tslab, started by
 *     this Node with kernel/preload.cjs (tslab's messaging fixes).
 *
 * Options:
 *   --user     also register the kernel for your own Jupyter (~/.local/share/jupyter/kernels)
 *   --browser  what the browser tests need: Debian's Chromium and a CJK font (apt as root on
 *              Debian, else named), and Debian's classic notebook server in the Debian fallback
 *   --torch    PyTorch (CPU) into the same environment, for the benchmark's PyTorch column
 *   --tfjs-node  the native 'tensorflow' backend, built here offline (scripts/tfjs-node.mjs):
 *              the project's pip downloads the tensorflow-cpu wheel (~270 MB, deleted after its
 *              libraries are extracted to .tfjs-node/), npm's node-gyp builds tfjs-node's binding
 *              against them. Never part of the default set-up.
 *   --quiet    print only errors
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkPython, environmentFile, jupyterEnv, kernelDir, kernelName, kernelSpec, kernelSpecFile, projectRelative,
  pythonFile, recordedEnvironment, requiredModules, requirementsFile, torchRequirementsFile, tslabMain,
  venvDir, venvPython,
} from './jupyter.mjs';
import { describeTfjsNode, setupTfjsNode } from './tfjs-node.mjs';

const { values: opts } = parseArgs({
  options: {
    user: { type: 'boolean', default: false },
    browser: { type: 'boolean', default: false },
    torch: { type: 'boolean', default: false },
    'tfjs-node': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
const started = Date.now();
const log = (msg) => { if (!opts.quiet) console.log(`setup: ${msg}`); };
const fail = (msg) => { console.error(`setup: ${msg}`); process.exit(1); };
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const onDebian = existsSync('/etc/debian_version');
const debianPython = '/usr/bin/python3';
/** Versions reported after set-up (import names → distribution names). */
const reported = ['jupyterlab', 'notebook', 'nbclient', 'nbconvert', 'jupyter_client', 'pyzmq'];

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const run = (cmd, args, options = {}) => spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
const lastLine = (res) => (res.error?.message ?? `${res.stderr ?? ''}${res.stdout ?? ''}`).trim().split('\n').pop() ?? '';

function aptInstall(packages) {
  if (!isRoot || !onDebian) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing ${packages.join(' ')} with apt-get ...`);
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  if (run('apt-get', ['update', '-qq'], quiet).status !== 0) { log('apt-get update failed'); return false; }
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], quiet).status === 0;
}

/** Installed versions of distributions, read by `python` (null where missing). */
function versionsIn(python, names = reported) {
  const code = 'import json, sys\nfrom importlib import metadata\nout = {}\nfor n in sys.argv[1:]:\n' +
    '    try: out[n] = metadata.version(n)\n    except Exception: out[n] = None\nprint(json.dumps(out))';
  const res = run(python, ['-c', code, ...names]);
  return res.status === 0 ? JSON.parse(res.stdout) : Object.fromEntries(names.map((n) => [n, null]));
}

/** Where pip looks (its configuration and PIP_* variables), for the set-up output. */
function pipIndexes(python) {
  const res = run(python, ['-m', 'pip', 'config', 'list']);
  const fromConfig = (res.stdout ?? '').split('\n').map((l) => /^[^.]*\.([\w-]+)='(.*)'$/.exec(l.trim()))
    .filter((m) => m && /index-url|find-links/.test(m[1])).map((m) => `${m[1]} ${m[2]}`);
  const fromEnv = Object.entries(process.env).filter(([k]) => /^PIP_(EXTRA_)?INDEX_URL$|^PIP_FIND_LINKS$/.test(k))
    .map(([k, v]) => `${k.slice(4).toLowerCase().replace(/_/g, '-')} ${v}`);
  const all = [...new Set([...fromEnv, ...fromConfig])];
  return all.length ? all.join('; ') : "pip's default index";
}

/** pip install into `python`: quick attempt without retries first, then with pip's defaults. */
function pipInstall(python, requirements, what) {
  const base = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', '-r', requirements];
  log(`installing ${what} (${projectRelative(requirements)}) with pip; looking in: ${pipIndexes(python)}`);
  const attempts = [
    { label: 'with --retries 0', args: ['--retries', '0', '--timeout', '15'] },
    { label: "with pip's default retries", args: [] },
  ];
  for (const { label, args } of attempts) {
    const t0 = Date.now();
    const res = run(python, [...base, ...args], { timeout: 30 * 60 * 1000 });
    if (res.status === 0) {
      log(`pip ${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return true;
    }
    log(`pip ${label} failed after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${lastLine(res)}`);
  }
  return false;
}

/** Makes .venv with the first base Python that can (apt's python3-venv on Debian as root). */
function createVenv() {
  rmSync(venvDir, { recursive: true, force: true });
  const tried = [];
  for (const base of [...new Set(['python3', debianPython])]) {
    const res = run(base, ['-m', 'venv', venvDir]);
    if (res.status === 0 && existsSync(venvPython)) return { ok: true, base };
    rmSync(venvDir, { recursive: true, force: true });
    tried.push(`${base}: ${lastLine(res) || `exit ${res.status}`}`);
  }
  // Debian ships venv's ensurepip separately.
  if (existsSync(debianPython) && aptInstall(['python3-venv'])) {
    const res = run(debianPython, ['-m', 'venv', venvDir]);
    if (res.status === 0 && existsSync(venvPython)) return { ok: true, base: debianPython };
    tried.push(`${debianPython} after apt-get install python3-venv: ${lastLine(res)}`);
  }
  return { ok: false, tried };
}

/** The project's .venv with the pinned packages, or null when pip cannot get them. */
function venvEnvironment() {
  const made = createVenv();
  if (!made.ok) {
    log(`could not create ${projectRelative(venvDir)}:\n${made.tried.map((t) => `    ${t}`).join('\n')}`);
    return null;
  }
  const version = run(venvPython, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])']).stdout.trim();
  log(`created ${projectRelative(venvDir)} from ${made.base} (Python ${version})`);
  if (!pipInstall(venvPython, requirementsFile, 'Jupyter')) {
    rmSync(venvDir, { recursive: true, force: true }); // half-installed: not to be mistaken for the environment
    return null;
  }
  const check = checkPython(venvPython);
  if (!check.ok) { log(`${projectRelative(venvPython)} still lacks modules: ${check.reason}`); return null; }
  return { kind: 'venv', python: venvPython, requirements: sha256(requirementsFile) };
}

/** Debian's Python with Debian's Jupyter packages, when pip could not be used. */
function debianEnvironment() {
  const packages = ['python3-nbclient', 'jupyter-nbconvert', 'python3-nbformat', 'python3-jupyter-client'];
  if (!checkPython(debianPython).ok && !aptInstall(packages)) return null;
  const check = checkPython(debianPython);
  return check.ok ? { kind: 'debian', python: check.python } : null;
}

// 1. The environment.
const recorded = recordedEnvironment();
let environment = null;
let how = '';
if (process.env.OPTIM_PYTHON) {
  const check = checkPython(process.env.OPTIM_PYTHON);
  if (!check.ok) fail(`OPTIM_PYTHON=${process.env.OPTIM_PYTHON} cannot be used: ${check.reason}. It needs ${requiredModules.join(', ')}.`);
  environment = { kind: 'explicit', python: check.python };
  how = 'from OPTIM_PYTHON';
} else if (recorded?.kind === 'venv' && recorded.python === venvPython && existsSync(venvPython) &&
  existsSync(recorded.python) && recorded.requirements === sha256(requirementsFile)) {
  environment = recorded;
  how = 'unchanged since the last set-up';
} else if (recorded?.kind === 'debian' && existsSync(recorded.python)) {
  // pip could not be used last time; stay consistent until asked to try again.
  environment = recorded;
  how = `Debian's packages, as before (pip could not install the pins; delete ${projectRelative(environmentFile)} to try pip again)`;
} else {
  environment = venvEnvironment();
  how = 'installed';
  if (!environment) {
    log("pip could not install the pinned Jupyter packages; trying Debian's packages");
    environment = debianEnvironment();
    how = "Debian's packages (pip could not install the pins)";
  }
  if (!environment) {
    fail([
      'no Python environment with Jupyter could be made.',
      'Either let pip reach a package index (then run `npm run setup` again), or install:',
      '  Debian/Ubuntu: sudo apt-get install python3-venv python3-nbclient jupyter-nbconvert',
      `  any system:    python3 -m venv .venv && .venv/bin/pip install -r ${projectRelative(requirementsFile)}`,
      'or point OPTIM_PYTHON at a Python that has nbclient, nbconvert, nbformat and jupyter_client.',
    ].join('\n'));
  }
}
const fresh = how === 'installed' || environment.kind !== 'venv' || !recorded?.versions;
if (fresh) environment.versions = versionsIn(environment.python);
else environment.versions = recorded.versions;

// 2. PyTorch for the benchmark, on request.
if (opts.torch) {
  const have = versionsIn(environment.python, ['torch']).torch;
  if (have) {
    log(`torch ${have} already in ${environment.python}`);
  } else if (environment.kind === 'debian') {
    if (!aptInstall(['python3-torch'])) fail('PyTorch: apt-get install python3-torch failed (or not root on Debian)');
  } else if (!pipInstall(environment.python, torchRequirementsFile, 'PyTorch')) {
    fail(`PyTorch could not be installed into ${environment.python}; the benchmark then skips its PyTorch column`);
  }
  environment.torch = versionsIn(environment.python, ['torch']).torch;
}
if (environment.torch === undefined && recorded?.python === environment.python) environment.torch = recorded.torch;

// 3. The kernel itself comes from node_modules.
if (!existsSync(tslabMain)) fail(`${projectRelative(tslabMain)} is missing: run \`npm ci\` (or \`npm install\`) first.`);

// 4. Kernelspec and the recorded environment, rewritten only when they change.
const writeIfChanged = (file, text) => {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
};
mkdirSync(kernelDir, { recursive: true });
const specChanged = writeIfChanged(kernelSpecFile, `${JSON.stringify(kernelSpec(), null, 2)}\n`);
writeIfChanged(pythonFile, `${environment.python}\n`);
// .venv sits inside this ESM package: without this, Node would load JupyterLab's JavaScript
// helpers in .venv as ES modules, and they fail ("Dynamic require of util").
if (environment.kind === 'venv') writeIfChanged(join(venvDir, 'package.json'), '{ "type": "commonjs" }\n');
writeIfChanged(environmentFile, `${JSON.stringify(environment, null, 1)}\n`);
const versions = Object.entries(environment.versions).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ');
const shown = projectRelative(environment.python).startsWith('..') ? environment.python : projectRelative(environment.python);
log(`python ${shown} (${environment.kind}: ${how})`);
log(`versions: ${versions}${environment.torch ? `, torch ${environment.torch}` : ''}`);
log(`kernelspec ${projectRelative(kernelSpecFile)}${specChanged ? ' (written)' : ' (up to date)'}`);

// 5. Optionally, the user's own Jupyter.
if (opts.user) {
  // Through jupyter_client's API: the `jupyter kernelspec` command is not always installed.
  const code = 'import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\n' +
    'print(KernelSpecManager().install_kernel_spec(sys.argv[1], kernel_name=sys.argv[2], user=True, replace=True))';
  const res = run(environment.python, ['-c', code, kernelDir, kernelName], { env: jupyterEnv() });
  if (res.status !== 0) fail(`installing the kernelspec for your user failed:\n${res.stderr}`);
  log(`kernelspec '${kernelName}' installed for your user in ${res.stdout.trim()}`);
}

// 6. With --browser (the test command): Debian's Chromium, a CJK font for the Chinese headings
// in screenshots, and in the Debian fallback the classic notebook server for the student test.
if (opts.browser) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const hasCjkFont = () => /wqy|cjk/i.test(run('fc-list', []).stdout ?? '');
  const hasServer = () => run(environment.python, ['-c', 'import notebook']).status === 0;
  const missing = [
    ...(existsSync(chromium) ? [] : ['chromium']),
    ...(hasCjkFont() ? [] : ['fonts-wqy-microhei']),
    ...(environment.kind === 'debian' && !hasServer() ? ['jupyter-notebook'] : []),
  ];
  if (missing.length && !aptInstall(missing)) {
    fail(`the browser tests need: ${missing.join(', ')} (Debian package names). Install them ` +
      '(or set CHROMIUM_PATH to a Chromium binary), then run the tests again.');
  }
  log(`browser tests: ${chromium} and a CJK font present`);
}
// 7. With --tfjs-node: the native tf.js backend; otherwise only say where it stands.
if (opts['tfjs-node']) {
  try {
    setupTfjsNode({ python: environment.python, log });
  } catch (err) {
    fail(`${err.message}\nThe workbook still runs without it (on the wasm backend).`);
  }
} else {
  log(describeTfjsNode());
}
log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: kernel "${kernelName}" is visible to Jupyter with JUPYTER_PATH=.jupyter ` +
  '(scripts use it automatically; `npm run lab` opens JupyterLab)');
