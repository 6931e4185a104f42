#!/usr/bin/env node
/**
 * `npm run setup`: makes Jupyter usable for the workbook. Idempotent and quick when all is
 * in place.
 *  1. Finds a Python that imports nbconvert, nbclient, nbformat and jupyter_client
 *     ($OPTIM_PYTHON if set, the one recorded before, `python3` on PATH, then /usr/bin/python3); if none, tries pip --user (short timeout),
 *     then, as root on Debian, apt-get; else says what to install and exits 1.
 *  2. Writes the project-local kernelspec .jupyter/kernels/tslab/kernel.json (tslab from
 *     node_modules) and records the chosen Python in .jupyter/python.txt.
 *  `npm run setup -- --user` also installs the kernelspec for your own Jupyter
 *  (like `jupyter kernelspec install --user`), so `jupyter lab` finds it without JUPYTER_PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import {
  checkPython, checkedFile, jupyterEnv, kernelDir, kernelName, kernelSpec, kernelSpecFile, projectRelative,
  pythonFile, requiredModules, tslabBin,
} from './jupyter.mjs';

const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const log = (msg) => { if (!quiet) console.log(`setup: ${msg}`); };
const fail = (msg) => { console.error(`setup: ${msg}`); process.exit(1); };

const candidates = () => {
  const list = ['python3'];
  // A previously recorded Python first, so a re-run does not flip between interpreters.
  if (existsSync(pythonFile)) list.unshift(readFileSync(pythonFile, 'utf8').trim());
  // An explicit choice beats both.
  if (process.env.OPTIM_PYTHON) list.unshift(process.env.OPTIM_PYTHON);
  if (!list.includes('/usr/bin/python3')) list.push('/usr/bin/python3');
  return [...new Set(list.filter(Boolean))];
};

/**
 * The quick path of a re-run: the recorded Python and its module files are exactly as setup
 * last verified them (same mtimes), so there is no need to start Python to import them.
 */
function verifiedBefore() {
  try {
    const stamp = JSON.parse(readFileSync(checkedFile, 'utf8'));
    if (process.env.OPTIM_PYTHON && process.env.OPTIM_PYTHON !== stamp.python) return null;
    if (readFileSync(pythonFile, 'utf8').trim() !== stamp.python) return null;
    const same = Object.entries(stamp.files).every(([f, mtime]) => statSync(f).mtimeMs === mtime);
    return same && Object.keys(stamp.files).length > requiredModules.length ? stamp.python : null;
  } catch {
    return null;
  }
}

function stampFor(res) {
  const files = Object.fromEntries(res.files.map((f) => [f, statSync(f).mtimeMs]));
  return `${JSON.stringify({ python: res.python, files }, null, 1)}\n`;
}

let verified = null;

function findPython() {
  const tried = [];
  for (const python of candidates()) {
    const res = checkPython(python);
    if (res.ok) { verified = res; return { python: res.python, tried }; }
    tried.push(`${python}: ${res.reason}`);
  }
  return { python: null, tried };
}

function tryPip() {
  // PyPI may be unreachable: fail fast (no retries, short socket timeout, bounded wall time).
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8', timeout: 10000 });
    if (probe.status !== 0) continue;
    log(`trying \`${python} -m pip install --user nbconvert nbclient\` ...`);
    const res = spawnSync(python, ['-m', 'pip', 'install', '--user', '--disable-pip-version-check',
      '--retries', '0', '--timeout', '5', 'nbconvert', 'nbclient'], { encoding: 'utf8', timeout: 120000 });
    if (res.status === 0) return true;
    const why = res.error ? res.error.message : (res.stderr || res.stdout).trim().split('\n').pop();
    log(`pip did not work (${why})`);
    return false;
  }
  return false;
}

function tryApt() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log('installing jupyter-nbconvert and python3-nbclient with apt-get ...');
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  if (update.status !== 0) { log('apt-get update failed'); return false; }
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'jupyter-nbconvert', 'python3-nbclient'],
    { stdio: 'inherit', env });
  return install.status === 0;
}

// 1. A Python with Jupyter's execution stack.
const quick = verifiedBefore();
let { python, tried } = quick ? { python: quick, tried: [] } : findPython();
if (!python && tryPip()) ({ python, tried } = findPython());
if (!python && tryApt()) ({ python, tried } = findPython());
if (!python) {
  fail([
    `no Python with ${requiredModules.join(', ')} found.`,
    ...tried.map((t) => `  tried ${t}`),
    'Install them, then run `npm run setup` again:',
    '  Debian/Ubuntu: sudo apt-get install jupyter-nbconvert python3-nbclient',
    '  elsewhere:     python3 -m pip install --user nbconvert nbclient',
  ].join('\n'));
}

// 2. The kernel itself comes from node_modules.
if (!existsSync(tslabBin)) fail(`${projectRelative(tslabBin)} is missing: run \`npm ci\` (or \`npm install\`) first.`);

// 3. Kernelspec and recorded Python, rewritten only when they change.
const writeIfChanged = (file, text) => {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
};
mkdirSync(kernelDir, { recursive: true });
const specChanged = writeIfChanged(kernelSpecFile, `${JSON.stringify(kernelSpec(), null, 2)}\n`);
const pythonChanged = writeIfChanged(pythonFile, `${python}\n`);
if (verified) writeIfChanged(checkedFile, stampFor(verified));
log(`python ${python}${pythonChanged ? ' (recorded)' : quick ? ' (unchanged since last check)' : ''}`);
log(`kernelspec ${projectRelative(kernelSpecFile)}${specChanged ? ' (written)' : ' (up to date)'}`);

// 4. Optionally, the user's own Jupyter.
if (args.has('--user')) {
  // Through jupyter_client's API: the `jupyter kernelspec` command is not always installed.
  const code = 'import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\n' +
    'print(KernelSpecManager().install_kernel_spec(sys.argv[1], kernel_name=sys.argv[2], user=True, replace=True))';
  const res = spawnSync(python, ['-c', code, kernelDir, kernelName], { encoding: 'utf8', env: jupyterEnv() });
  if (res.status !== 0) fail(`installing the kernelspec for your user failed:\n${res.stderr}`);
  log(`kernelspec '${kernelName}' installed for your user in ${res.stdout.trim()}`);
}
// 5. With --browser (the test command): what the browser tests need — Debian's Chromium, the
// classic notebook server for the student-session test, and a CJK font for the Chinese
// headings in screenshots. Installed with apt-get when root on Debian, else named.
if (args.has('--browser')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const hasNotebook = () => spawnSync(python, ['-c', 'import notebook'], { encoding: 'utf8' }).status === 0;
  const hasCjkFont = () => /wqy|cjk/i.test(spawnSync('fc-list', [], { encoding: 'utf8' }).stdout ?? '');
  const missing = [
    ...(existsSync(chromium) ? [] : ['chromium']),
    ...(hasNotebook() ? [] : ['jupyter-notebook']),
    ...(hasCjkFont() ? [] : ['fonts-wqy-microhei']),
  ];
  if (missing.length) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot && existsSync('/etc/debian_version')) {
      log(`installing ${missing.join(' ')} for the browser tests with apt-get ...`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const ok = spawnSync('apt-get', ['update'], { stdio: 'inherit', env }).status === 0 &&
        spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env }).status === 0;
      if (!ok) fail(`apt-get could not install ${missing.join(' ')}`);
    } else {
      fail(`the browser tests need: ${missing.join(', ')} (Debian package names). Install them ` +
        '(or set CHROMIUM_PATH to a Chromium binary), then run the tests again.');
    }
  }
  log('browser tests: chromium, notebook server and CJK font present');
}
log('ready: kernel "tslab" is visible to Jupyter with JUPYTER_PATH=.jupyter (scripts use it automatically)');
