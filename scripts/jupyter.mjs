/**
 * Shared helpers for the Jupyter side of the workbook: where the project is, which Python
 * runs Jupyter (the project's own .venv, made by `npm run setup`, or Debian's Python when pip
 * could not be used; recorded in .jupyter/python.txt), the kernelspec, and the environment
 * that makes the project-local tslab kernelspec visible. Used by scripts/setup.mjs,
 * scripts/execute.mjs, scripts/lab.mjs and the tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the project (the folder holding package.json). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Project-local Jupyter data folder (gitignored): kernels/tslab and python.txt live here. */
export const jupyterDir = join(projectRoot, '.jupyter');
export const kernelName = 'tslab';
export const kernelDir = join(jupyterDir, 'kernels', kernelName);
export const kernelSpecFile = join(kernelDir, 'kernel.json');
export const pythonFile = join(jupyterDir, 'python.txt');
/** What setup made and verified: the kind of environment, its Python, pins and versions. */
export const environmentFile = join(jupyterDir, 'environment.json');
export const notebooksDir = join(projectRoot, 'notebooks');
/** tslab's command-line entry, run by Node directly (see kernelSpec). */
export const tslabMain = join(projectRoot, 'node_modules', 'tslab', 'bin', 'tslab');
/** Mends tslab's messaging on zeromq.js 6; loaded into every kernel the project registers. */
export const kernelPreload = join(projectRoot, 'kernel', 'preload.cjs');

/** The project's own Python environment (gitignored). */
export const venvDir = join(projectRoot, '.venv');
export const venvPython = process.platform === 'win32'
  ? join(venvDir, 'Scripts', 'python.exe')
  : join(venvDir, 'bin', 'python');
/** Pinned requirements: Jupyter (always) and PyTorch (for the benchmark, with --torch). */
export const requirementsFile = join(projectRoot, 'requirements', 'jupyter.txt');
export const torchRequirementsFile = join(projectRoot, 'requirements', 'torch.txt');

/** The Python modules the pipeline needs (import names). */
export const requiredModules = ['nbconvert', 'nbclient', 'nbformat', 'jupyter_client'];

/**
 * The kernelspec the project registers: tslab from this project's node_modules, started by
 * the Node that ran setup, with kernel/preload.cjs loaded first (two messaging fixes: see
 * that file and the README's known issues).
 */
export function kernelSpec({ node = process.execPath, preload = true } = {}) {
  return {
    argv: [node, ...(preload ? ['--require', kernelPreload] : []), tslabMain, 'kernel', '--config-path', '{connection_file}'],
    display_name: preload ? 'TypeScript (tslab, optim-workbook)' : 'TypeScript (tslab, unpatched)',
    language: 'typescript',
  };
}

/** What `npm run setup` recorded about the environment, or null before it ran. */
export function recordedEnvironment() {
  try {
    return JSON.parse(readFileSync(environmentFile, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Checks that `python` can import every required module. Returns its real executable
 * (sys.executable, so a pyenv shim is resolved) or, on failure, the reason.
 */
export function checkPython(python, { timeout = 15000 } = {}) {
  const code = [
    'import sys, importlib, json',
    'missing = []',
    `names = ${JSON.stringify(requiredModules)}`,
    'for name in names:',
    '    try: importlib.import_module(name)',
    '    except Exception: missing.append(name)',
    'print(sys.executable)',
    'print(",".join(missing))',
    'print(json.dumps([sys.executable] + [getattr(sys.modules.get(n), "__file__", None) or "" for n in names]))',
  ].join('\n');
  const res = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout });
  if (res.error) return { ok: false, python, reason: res.error.code === 'ENOENT' ? 'not found' : res.error.message };
  if (res.status !== 0) return { ok: false, python, reason: `exited with ${res.status}: ${res.stderr.trim().split('\n').pop()}` };
  const [executable, missing = '', files = '[]'] = res.stdout.trim().split('\n');
  const missingList = missing.split(',').filter(Boolean);
  return missingList.length === 0
    ? { ok: true, python: executable, files: JSON.parse(files).filter(Boolean) }
    : { ok: false, python: executable, missing: missingList, reason: `missing ${missingList.join(', ')}` };
}

/** The Python recorded by `npm run setup`; throws a helpful error when setup has not run. */
export function pythonPath() {
  if (!existsSync(pythonFile)) {
    throw new Error(`No Jupyter Python recorded in ${relative(projectRoot, pythonFile)}: run \`npm run setup\` first.`);
  }
  const python = readFileSync(pythonFile, 'utf8').trim();
  if (!python || !existsSync(python)) {
    throw new Error(`The recorded Jupyter Python (${python || 'empty'}) does not exist any more: run \`npm run setup\` again.`);
  }
  return python;
}

/** True when setup has recorded a Python and written the kernelspec. */
export function isSetUp() {
  try {
    pythonPath();
  } catch {
    return false;
  }
  return existsSync(kernelSpecFile);
}

/**
 * The environment for Jupyter processes: the project's .jupyter first on JUPYTER_PATH so
 * that kernel name 'tslab' means this project's tslab.
 */
export function jupyterEnv(base = process.env) {
  const rest = base.JUPYTER_PATH ? delimiter + base.JUPYTER_PATH : '';
  return {
    ...base,
    JUPYTER_PATH: jupyterDir + rest,
    // Quiet jupyter_core's path-migration warning and keep Python from writing .pyc files in the tree.
    JUPYTER_PLATFORM_DIRS: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

/** Every notebook of the workbook, sorted by name (absolute paths). */
export function listNotebooks(dir = notebooksDir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

/** A path relative to the project, with forward slashes (for messages and summaries). */
export const projectRelative = (path) => relative(projectRoot, path).split('\\').join('/');

/** A loopback port that was free a moment ago (for a server about to be started). */
export const freePort = () => new Promise((resolve, reject) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
  srv.on('error', reject);
});
