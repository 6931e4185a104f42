/**
 * @tensorflow/tfjs-node built here, offline: `npm run setup -- --tfjs-node` (setupTfjsNode).
 *
 * npm's own install of tfjs-node runs its install script, which downloads libtensorflow 2.9.1
 * and a prebuilt binding from storage.googleapis.com; where only the npm registry and a pip
 * index are reachable that script fails and npm drops the optional dependency. This builds the
 * same binding from the sources shipped in the package, against the libraries of the
 * tensorflow-cpu wheel (requirements/libtensorflow.txt):
 *
 *  1. the package files: `npm install --no-save --ignore-scripts @tensorflow/tfjs-node@<locked>`
 *     (package.json and package-lock.json stay as they are);
 *  2. the wheel, by the project's pip (`pip download --no-deps`): its two shared libraries and the
 *     C API headers go to .tfjs-node/tensorflow-cpu-<version>/, the wheel itself is deleted;
 *  3. deps/lib and deps/include in the package, where binding.gyp looks, as symlinks into
 *     .tfjs-node (libtensorflow.so → libtensorflow_cc.so.2: pip's builds put the C API there);
 *  4. npm's node-gyp builds lib/napi-v<N>/tfjs_binding.node with this Node's own headers;
 *  5. the TF_ and TFE_ symbols the binding imports are checked against what the two libraries
 *     export (nm), and a child Node loads tfjs-node and takes one Adam step on 'tensorflow';
 *  6. .tfjs-node/state.json records all that. A later run that finds everything in place
 *     returns at once; after `npm ci` (which removes the package) the cached libraries and
 *     binding are reused, so nothing is downloaded or compiled again.
 *
 * Linux x64 only: the wheel's libraries are manylinux x86_64 builds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { projectRelative, projectRoot } from './jupyter.mjs';

export const tfjsNodePackage = '@tensorflow/tfjs-node';
export const tfjsNodeDir = join(projectRoot, 'node_modules', '@tensorflow', 'tfjs-node');
/** Everything this step keeps outside node_modules (gitignored). */
export const tfjsNodeCache = join(projectRoot, '.tfjs-node');
export const tfjsNodeStateFile = join(tfjsNodeCache, 'state.json');
export const libtensorflowRequirements = join(projectRoot, 'requirements', 'libtensorflow.txt');
/** What the user runs; quoted in messages and test titles. */
export const tfjsNodeCommand = 'npm run setup -- --tfjs-node';

/** The wheel's members this step extracts (paths inside the wheel). */
const LIBRARIES = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'];
const INCLUDE_ROOT = 'tensorflow/include/';
/** The binding includes c_api.h, eager/c_api.h and ctstring; these folders hold them and what they include. */
const INCLUDE_DIRS = ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/platform/', 'xla/tsl/c/'];

const run = (cmd, args, options = {}) => spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...options });
const output = (res) => `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
const lastLines = (text, n = 12) => text.split('\n').slice(-n).map((l) => `    ${l}`).join('\n');
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readJson = (file) => { try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; } };
const seconds = (t0) => +((Date.now() - t0) / 1000).toFixed(1);

/** A failure of one named step, with what to do about it. */
class StepError extends Error {
  constructor(step, message) {
    super(`tfjs-node set-up, step "${step}" failed: ${message}`);
  }
}

/** The tensorflow-cpu version pinned in requirements/libtensorflow.txt. */
export function pinnedTensorflow() {
  const text = readFileSync(libtensorflowRequirements, 'utf8');
  const m = /^\s*tensorflow-cpu==([0-9][\w.]*)\s*$/m.exec(text);
  if (!m) throw new StepError('read the pin', `${projectRelative(libtensorflowRequirements)} must pin tensorflow-cpu==X.Y.Z`);
  return m[1];
}

/** The tfjs-node version package-lock.json records (what `npm ci` would have installed). */
export function lockedTfjsNode() {
  const lock = readJson(join(projectRoot, 'package-lock.json'));
  const version = lock?.packages?.[`node_modules/${tfjsNodePackage}`]?.version;
  if (!version) throw new StepError('read the lockfile', `package-lock.json has no entry for ${tfjsNodePackage}`);
  return version;
}

const installedTfjsNode = () => readJson(join(tfjsNodeDir, 'package.json'))?.version ?? null;

/** Where the libraries of one tensorflow-cpu version are kept. */
const libraryHome = (version) => join(tfjsNodeCache, `tensorflow-cpu-${version}`);
const libraryFiles = (home) => LIBRARIES.map((m) => join(home, 'lib', basename(m)));
const headerFiles = (home) => ['tensorflow/c/c_api.h', 'tensorflow/c/eager/c_api.h'].map((h) => join(home, 'include', h));

/**
 * The path tfjs-node's index.js will require: node-pre-gyp's choice of lib/napi-v<N> (the
 * highest N-API version the package lists that this Node supports).
 */
function bindingTarget() {
  const req = createRequire(join(tfjsNodeDir, 'package.json'));
  const file = req('@mapbox/node-pre-gyp').find(join(tfjsNodeDir, 'package.json'));
  const napi = /napi-v(\d+)/.exec(file)?.[1];
  if (!napi) throw new StepError('find the binding path', `node-pre-gyp returned ${file}, without napi-v<N>`);
  return { file, napi: Number(napi) };
}

/**
 * What is in place now, without loading anything: `ready` when the package, the binding and
 * the libraries it links to are all there. `recorded` is the last successful set-up.
 */
export function tfjsNodeStatus() {
  const recorded = readJson(tfjsNodeStateFile);
  const version = installedTfjsNode();
  if (!version) return { ready: false, recorded, reason: `${tfjsNodePackage} is not in node_modules` };
  let target;
  try { target = bindingTarget(); } catch (err) { return { ready: false, recorded, reason: err.message }; }
  if (!existsSync(target.file)) return { ready: false, recorded, reason: `its native binding ${projectRelative(target.file)} has not been built` };
  // existsSync follows the symlinks: a dangling deps/lib link means the libraries are gone.
  const libs = ['libtensorflow.so', 'libtensorflow_framework.so'].map((f) => join(tfjsNodeDir, 'deps', 'lib', f));
  const source = recorded?.binding?.sha256 && recorded.binding.sha256 === sha256(target.file) ? 'built here' : 'npm';
  if (source === 'built here' && !libs.every((f) => existsSync(f))) {
    const home = recorded?.tensorflow ? libraryHome(recorded.tensorflow) : null;
    const reason = home && libraryFiles(home).every((f) => existsSync(f))
      // tfjs-node's own install script (npm rebuild runs it) empties deps/ before its download.
      ? `the links to libtensorflow in ${projectRelative(join(tfjsNodeDir, 'deps'))}/ are gone (\`npm rebuild\` empties that folder)`
      : `the libtensorflow its binding links to is missing from ${projectRelative(tfjsNodeCache)}/`;
    return { ready: false, recorded, reason };
  }
  return { ready: true, recorded, version, binding: target.file, source, reason: '' };
}

/** One line for `npm run setup` without --tfjs-node. */
export function describeTfjsNode() {
  const s = tfjsNodeStatus();
  if (s.ready) {
    return s.source === 'built here'
      ? `tfjs-node ${s.version}: built here against TensorFlow ${s.recorded.tensorflow} (the 'tensorflow' backend)`
      : `tfjs-node ${s.version}: installed by npm (the 'tensorflow' backend)`;
  }
  if (s.recorded?.tensorflow) {
    const why = installedTfjsNode() ? s.reason : `${s.reason} (\`npm ci\` removes it)`;
    return `tfjs-node: built before, but ${why}: \`${tfjsNodeCommand}\` restores it from ${projectRelative(tfjsNodeCache)}/ in seconds`;
  }
  return `tfjs-node: not installed (optional; \`${tfjsNodeCommand}\` builds it offline: a 261 MiB download, 0.8 GB on disk)`;
}

/**
 * Loads tfjs-node in a child Node and takes one Adam step (ε = 0.1, from (1, −2, 3): every
 * coordinate moves by 0.1 towards 0). Returns what it saw, or the reason it failed.
 */
export function probeTfjsNode({ timeout = 120000 } = {}) {
  const code = [
    "process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';",
    "const t0 = Date.now();",
    `const tf = require(${JSON.stringify(tfjsNodePackage)});`,
    'const loadMs = Date.now() - t0;',
    'const x = tf.variable(tf.tensor1d([1, -2, 3]));',
    'tf.train.adam(0.1).minimize(() => x.square().sum());',
    'console.log(JSON.stringify({ backend: tf.getBackend(), tensorflow: tf.backend().binding?.TF_Version ?? null,',
    "  tfjsNode: tf.version['tfjs-node'], theta: Array.from(x.dataSync()), loadMs }));",
  ].join('\n');
  // -e code runs with require() relative to the working directory: the project's node_modules.
  const res = run(process.execPath, ['-e', code], { cwd: projectRoot, timeout, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '1' } });
  const line = (res.stdout ?? '').trim().split('\n').pop() ?? '';
  let seen = null;
  try { seen = JSON.parse(line); } catch { /* reported below */ }
  if (res.status !== 0 || !seen) {
    const why = res.error?.message ?? output(res).split('\n').find((l) => /Error|error:/.test(l)) ?? `exit ${res.status}`;
    return { ok: false, reason: why.trim(), output: output(res) };
  }
  const expected = [0.9, -1.9, 2.9];
  const stepOk = seen.theta.every((v, i) => Math.abs(v - expected[i]) < 1e-5);
  if (seen.backend !== 'tensorflow') return { ok: false, reason: `tf.getBackend() is '${seen.backend}', not 'tensorflow'`, ...seen };
  if (!stepOk) return { ok: false, reason: `one Adam step gave [${seen.theta}], expected [${expected}]`, ...seen };
  return { ok: true, reason: '', ...seen };
}

// ---------------------------------------------------------------------------- the steps

/** npm, as the one running this script when there is one. */
function npmCommand(args) {
  const cli = process.env.npm_execpath;
  return cli && /npm-cli\.js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
}

function installPackage(version, log) {
  const [cmd, args] = npmCommand(['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${tfjsNodePackage}@${version}`]);
  log(`installing the files of ${tfjsNodePackage}@${version} (npm install --no-save --ignore-scripts: its install script would download libtensorflow 2.9.1 from storage.googleapis.com)`);
  const res = run(cmd, args, { cwd: projectRoot, timeout: 10 * 60 * 1000 });
  if (res.status !== 0 || installedTfjsNode() !== version) {
    throw new StepError('npm install', `\`npm install --no-save --ignore-scripts ${tfjsNodePackage}@${version}\` ${res.error ? res.error.message : `exited with ${res.status}`}:\n${lastLines(output(res))}`);
  }
}

/** `pip download` of the pinned wheel into `dir`; the path of the wheel. */
function downloadWheel(python, dir, log) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const base = ['-m', 'pip', 'download', '--no-deps', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off',
    '-d', dir, '-r', libtensorflowRequirements];
  // Without retries first: where the default index is unreachable, each attempt would wait.
  const attempts = [['--retries', '0', '--timeout', '15'], []];
  let last = null;
  for (const extra of attempts) {
    log(`downloading the wheel (${projectRelative(libtensorflowRequirements)}) with ${projectRelative(python).startsWith('..') ? python : projectRelative(python)} -m pip download --no-deps${extra.length ? ' --retries 0' : ''}`);
    last = run(python, [...base, ...extra], { timeout: 30 * 60 * 1000 });
    const wheel = readdirSync(dir).find((f) => /^tensorflow_cpu-.*\.whl$/.test(f));
    if (last.status === 0 && wheel) return join(dir, wheel);
  }
  throw new StepError('pip download', `${python} -m pip download --no-deps -r ${projectRelative(libtensorflowRequirements)} ` +
    `${last.error ? last.error.message : `exited with ${last.status}`}:\n${lastLines(output(last))}\n` +
    '  (pip must reach an index carrying a manylinux x86_64 tensorflow-cpu wheel of that version)');
}

/** Extracts the two libraries and the C API headers with Python's zipfile (no unzip needed). */
function extractWheel(python, wheel, home) {
  const partial = `${home}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const code = [
    'import json, os, shutil, sys, zipfile',
    'wheel, dest, libs, root, dirs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], tuple(json.loads(sys.argv[5]))',
    'with zipfile.ZipFile(wheel) as z:',
    '    names = set(z.namelist())',
    '    missing = [n for n in libs if n not in names]',
    '    if missing: sys.exit("the wheel lacks " + ", ".join(missing))',
    '    count = 0',
    '    for info in z.infolist():',
    '        n = info.filename',
    '        if n.endswith("/"): continue',
    '        if n in libs: target = os.path.join(dest, "lib", os.path.basename(n))',
    '        elif n.startswith(root) and (n[len(root):].startswith(dirs) or n[len(root):] == "LICENSE"): target = os.path.join(dest, "include", n[len(root):])',
    '        else: continue',
    '        os.makedirs(os.path.dirname(target), exist_ok=True)',
    '        with z.open(info) as src, open(target, "wb") as out: shutil.copyfileobj(src, out, 1 << 20)',
    '        count += 1',
    'print(count)',
  ].join('\n');
  const res = run(python, ['-c', code, wheel, partial, JSON.stringify(LIBRARIES), INCLUDE_ROOT, JSON.stringify(INCLUDE_DIRS)], { timeout: 10 * 60 * 1000 });
  if (res.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new StepError('extract the wheel', `${basename(wheel)}: ${lastLines(output(res), 5).trim()}`);
  }
  rmSync(home, { recursive: true, force: true });
  // Renamed only when complete: an interrupted extraction is never mistaken for the libraries.
  renameSync(partial, home);
  return Number(res.stdout.trim());
}

/** Replaces `path` (file, link or folder) with a relative symlink to `target`. */
function link(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(relative(dirname(path), target), path);
}

/** deps/ where binding.gyp looks: -ltensorflow finds libtensorflow.so, the RUNPATH $ORIGIN/../../deps/lib the .so.2 files. */
function linkDeps(home) {
  const deps = join(tfjsNodeDir, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  for (const file of libraryFiles(home)) link(file, join(deps, 'lib', basename(file)));
  symlinkSync('libtensorflow_cc.so.2', join(deps, 'lib', 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(deps, 'lib', 'libtensorflow_framework.so'));
  link(join(home, 'include'), join(deps, 'include'));
}

/** npm's bundled node-gyp. */
function nodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.js$/.test(cli)) candidates.push(join(dirname(cli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const npmBin = run('sh', ['-c', 'command -v npm']).stdout?.trim();
  if (npmBin) {
    const real = run('readlink', ['-f', npmBin]).stdout?.trim();
    if (real) candidates.push(join(dirname(real), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const found = candidates.filter(Boolean).find((c) => existsSync(c));
  if (!found) throw new StepError('find node-gyp', `npm's bundled node-gyp was not found (looked at ${candidates.filter(Boolean).join(', ')}); \`npm install -g node-gyp\` provides one`);
  return found;
}

/** This Node's headers, so node-gyp does not try to download them from nodejs.org. */
function nodeHeaders() {
  const has = (dir) => dir && existsSync(join(dir, 'include', 'node', 'node_api.h'));
  const fromConfig = process.env.npm_config_nodedir;
  if (has(fromConfig)) return fromConfig;
  const prefix = resolve(dirname(process.execPath), '..');
  if (has(prefix)) return prefix;
  const cached = join(process.env.HOME ?? '', '.cache', 'node-gyp', process.versions.node);
  if (has(cached)) return cached;
  throw new StepError('find Node headers', `no include/node/node_api.h under ${[fromConfig, prefix, cached].filter(Boolean).join(', ')}; ` +
    'node-gyp would download them from nodejs.org. Install the headers of this Node (they come with the official tarballs and NodeSource packages), ' +
    'or point npm_config_nodedir at them.');
}

function checkToolchain() {
  const cxx = process.env.CXX || 'g++';
  const missing = [[cxx, '--version'], ['make', '--version']].filter(([c, a]) => run(c, [a]).status !== 0).map(([c]) => c);
  if (missing.length) throw new StepError('check the compiler', `${missing.join(' and ')} not found: the binding is C++ (Debian: apt-get install g++ make)`);
}

function buildBinding(python, target, logFile, log) {
  checkToolchain();
  const gyp = nodeGyp();
  const nodedir = nodeHeaders();
  const args = [gyp, 'rebuild', `--nodedir=${nodedir}`, `--python=${python}`,
    // What node-pre-gyp would pass: binding.gyp's copy step and NAPI_VERSION use them.
    '--module_name=tfjs_binding', `--module_path=${dirname(target.file)}`, `--napi_build_version=${target.napi}`];
  log(`building the binding: node-gyp rebuild (node-gyp ${projectRelative(gyp).startsWith('..') ? gyp : projectRelative(gyp)}, headers ${nodedir}/include/node, N-API ${target.napi})`);
  const res = run(process.execPath, args, { cwd: tfjsNodeDir, timeout: 20 * 60 * 1000 });
  writeFileSync(logFile, `$ ${process.execPath} ${args.join(' ')}\n${output(res)}\n`);
  if (res.status !== 0 || !existsSync(target.file)) {
    const errors = output(res).split('\n').filter((l) => /error|undefined reference|No such file/i.test(l) && !/^gyp info/.test(l));
    throw new StepError('node-gyp rebuild', `${res.error ? res.error.message : `exit ${res.status}`}; full log in ${projectRelative(logFile)}:\n` +
      lastLines((errors.length ? errors : output(res).split('\n')).slice(-12).join('\n')));
  }
  return { nodeGyp: run(process.execPath, [gyp, '--version']).stdout.trim(), nodedir };
}

/** TF_/TFE_ symbols the binding imports, checked against the libraries' exports (null without nm). */
function checkSymbols(binding, home) {
  const names = (file, flag) => {
    const res = run('nm', ['-D', flag, file]);
    if (res.status !== 0) return null;
    // Versioned in pip's builds (TF_Version@@tensorflow): compare plain names.
    return new Set(res.stdout.split('\n').map((l) => l.trim().split(/\s+/).pop()?.replace(/@.*$/, '')).filter((n) => /^TFE?_/.test(n ?? '')));
  };
  const imported = names(binding, '--undefined-only');
  if (!imported) return null;
  const [cc, framework] = libraryFiles(home).map((f) => names(f, '--defined-only'));
  if (!cc || !framework) return null;
  const all = [...imported].sort();
  const missing = all.filter((n) => !cc.has(n) && !framework.has(n));
  return {
    imported: all.length,
    fromLibtensorflowCc: all.filter((n) => cc.has(n)).length,
    fromFramework: all.filter((n) => !cc.has(n) && framework.has(n)).length,
    missing,
  };
}

/**
 * The whole opt-in step. `python` is the project's recorded Python (its pip downloads the
 * wheel). Returns the recorded state; throws a StepError naming the step that failed.
 */
export function setupTfjsNode({ python, log = () => {} }) {
  const t0 = Date.now();
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new StepError('check the platform', `the tensorflow-cpu wheel's libraries are for Linux x64; this is ${process.platform} ${process.arch}`);
  }
  const version = lockedTfjsNode();
  const tensorflow = pinnedTensorflow();
  const home = libraryHome(tensorflow);
  const recorded = readJson(tfjsNodeStateFile);
  const status = tfjsNodeStatus();
  if (status.ready && status.version === version && status.source === 'built here' && recorded?.tensorflow === tensorflow) {
    log(`tfjs-node ${version} against TensorFlow ${tensorflow}: up to date (${projectRelative(tfjsNodeStateFile)})`);
    return { ...recorded, how: 'unchanged' };
  }
  if (status.ready && status.source === 'npm' && status.version === version) {
    // npm's own install worked (this machine can reach storage.googleapis.com): keep it.
    const probe = probeTfjsNode();
    if (probe.ok) { log(`tfjs-node ${version} as npm installed it loads (TensorFlow ${probe.tensorflow}): nothing to build`); return { source: 'npm', probe, how: 'npm' }; }
  }
  mkdirSync(tfjsNodeCache, { recursive: true });
  const times = {};

  // 1. The package files.
  let t = Date.now();
  if (installedTfjsNode() !== version) installPackage(version, log);
  times.npmInstall = seconds(t);

  // 2. The libraries.
  t = Date.now();
  let wheelInfo = recorded?.tensorflow === tensorflow ? recorded.wheel : null;
  if (![...libraryFiles(home), ...headerFiles(home)].every((f) => existsSync(f))) {
    const dir = join(tfjsNodeCache, 'download');
    const wheel = downloadWheel(python, dir, log);
    times.download = seconds(t);
    wheelInfo = { file: basename(wheel), bytes: statSync(wheel).size, sha256: sha256(wheel) };
    log(`extracting 2 libraries and the C API headers from ${wheelInfo.file} (${(wheelInfo.bytes / 2 ** 20).toFixed(0)} MiB)`);
    t = Date.now();
    const count = extractWheel(python, wheel, home);
    rmSync(dir, { recursive: true, force: true });
    times.extract = seconds(t);
    log(`extracted ${count} files into ${projectRelative(home)}/ in ${times.extract} s; the wheel is deleted`);
  } else {
    log(`libraries: ${projectRelative(home)}/ (already extracted)`);
  }
  const libraries = Object.fromEntries(libraryFiles(home).map((f) => [basename(f), statSync(f).size]));

  // 3–4. deps/ and the binding: the cached build when there is one for this tfjs-node and N-API.
  linkDeps(home);
  const target = bindingTarget();
  const cached = join(home, 'binding', `tfjs-node-${version}-napi-v${target.napi}.node`);
  let built = null;
  let how = '';
  t = Date.now();
  if (existsSync(cached) && recorded?.binding?.sha256 === sha256(cached)) {
    mkdirSync(dirname(target.file), { recursive: true });
    copyFileSync(cached, target.file);
    how = `reused ${projectRelative(cached)}`;
  } else {
    built = buildBinding(python, target, join(tfjsNodeCache, 'build.log'), log);
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(target.file, cached);
    how = 'compiled';
  }
  times.binding = seconds(t);

  // 5. Symbols, then a real load and one Adam step.
  const symbols = checkSymbols(target.file, home);
  if (symbols?.missing.length) {
    throw new StepError('check symbols', `the binding imports ${symbols.missing.length} symbol(s) that neither library exports: ${symbols.missing.join(', ')}`);
  }
  log(symbols
    ? `symbols: the binding imports ${symbols.imported} TF_/TFE_ functions; libtensorflow_cc.so.2 exports ${symbols.fromLibtensorflowCc}, libtensorflow_framework.so.2 the other ${symbols.fromFramework}; none missing`
    : 'symbols: not checked (nm not found); the load test below still checks them');
  t = Date.now();
  const probe = probeTfjsNode();
  times.probe = seconds(t);
  if (!probe.ok) {
    if (how !== 'compiled') rmSync(cached, { force: true }); // a stale cached build: compile next time
    throw new StepError('load test', `require('${tfjsNodePackage}') and one Adam step: ${probe.reason}${probe.output ? `\n${lastLines(probe.output, 8)}` : ''}`);
  }
  log(`load test: backend 'tensorflow', TensorFlow ${probe.tensorflow}, tfjs-node ${probe.tfjsNode}; loads in ${probe.loadMs} ms; one Adam step correct`);

  // 6. The record.
  const state = {
    tfjsNode: version,
    tensorflow,
    wheel: wheelInfo,
    libraries: { dir: projectRelative(home), bytes: libraries },
    binding: {
      file: projectRelative(target.file), napi: target.napi, bytes: statSync(target.file).size, sha256: sha256(target.file), how,
      compileSeconds: built ? times.binding : recorded?.binding?.compileSeconds ?? null,
    },
    build: built ? { ...built, node: process.version } : recorded?.build ?? null,
    symbols,
    probe: { backend: probe.backend, tensorflow: probe.tensorflow, loadMs: probe.loadMs },
    seconds: { ...times, total: seconds(t0) },
    at: new Date().toISOString(),
  };
  writeFileSync(tfjsNodeStateFile, `${JSON.stringify(state, null, 1)}\n`);
  log(`tfjs-node ready in ${state.seconds.total} s (binding ${how}); recorded in ${projectRelative(tfjsNodeStateFile)}`);
  return { ...state, how: 'built' };
}
