/**
 * Which tf.js backend runs the twins, tfObjective and the batched runner.
 *
 * One tf.js engine serves the whole kernel: `@tensorflow/tfjs-core` keeps it on the global
 * object, so the `tf` re-exported here and a notebook's own `import * as tf from
 * '@tensorflow/tfjs'` drive the same engine, the same backends and the same tensors.
 *
 * Order of preference: the native 'tensorflow' backend (package @tensorflow/tfjs-node, an
 * optional dependency that is usually absent), then 'wasm' (SIMD WebAssembly kernels shipped
 * as .wasm files inside @tensorflow/tfjs-backend-wasm), then the pure-JavaScript 'cpu'.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';

export { tf };

/** The backends this library knows how to start. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What happened when initBackend tried a backend (for the notebook's set-up cell). */
export interface BackendAttempt {
  readonly backend: BackendName;
  readonly ok: boolean;
  /** Why it was not used, in one line (empty when it was). */
  readonly reason: string;
}

const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const require = createRequire(import.meta.url);
let attempts: BackendAttempt[] = [];
let pending: Promise<BackendName> | null = null;

const firstLine = (err: unknown): string => String((err as Error)?.message ?? err).split('\n')[0];

/**
 * The tf.js banner printed on the cpu backend's first use advertises tfjs-node; initBackend
 * already tried it and reports why it was not used, so the banner would only add noise to
 * every notebook's output. It is printed once per backend instance, guarded by `firstUse`.
 */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}

async function tryTensorflow(): Promise<string> {
  if (!('tensorflow' in tf.engine().registryFactory)) {
    try {
      // TensorFlow's C++ logging writes INFO lines (CPU features, absl's start-up notice)
      // straight to the process's stderr, where they end up in a kernel's or a test's
      // output; level 1 keeps warnings and errors. Read once, when libtensorflow loads.
      process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';
      // tfjs-node registers the 'tensorflow' backend on the shared engine when it loads.
      require('@tensorflow/tfjs-node');
    } catch (err) {
      // Where npm's install of it failed (no internet), the project can build it offline.
      return `@tensorflow/tfjs-node could not be loaded (${firstLine(err)}; \`npm run setup -- --tfjs-node\` builds it offline)`;
    }
  }
  return (await tf.setBackend('tensorflow')) ? '' : 'the tensorflow backend failed to initialise';
}

async function tryWasm(): Promise<string> {
  try {
    if (!('wasm' in tf.engine().registryFactory)) {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // In Node the emscripten loader reads the .wasm binaries from disk: point it at the
      // dist folder of the installed package (the folder of its main file).
      const main = require.resolve('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(main.slice(0, main.lastIndexOf('/') + 1));
      // Single-threaded: worker threads would compete for the two shared cores and keep a
      // kernel process alive; the SIMD build is still chosen when the CPU supports it.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
    return (await tf.setBackend('wasm')) ? '' : 'the wasm backend failed to initialise';
  } catch (err) {
    return `the wasm backend could not start (${firstLine(err)})`;
  }
}

async function tryCpu(): Promise<string> {
  const ok = await tf.setBackend('cpu');
  silenceCpuBanner();
  return ok ? '' : 'the cpu backend failed to initialise';
}

const TRY: Record<BackendName, () => Promise<string>> = { tensorflow: tryTensorflow, wasm: tryWasm, cpu: tryCpu };

function checkName(name: unknown): BackendName {
  if (typeof name !== 'string' || !ORDER.includes(name as BackendName)) {
    throw new RangeError(`prefer must be one of ${ORDER.map((n) => `'${n}'`).join(', ')}; got ${String(name)}`);
  }
  return name as BackendName;
}

/**
 * Starts the fastest available backend and returns its name: 'tensorflow' when
 * @tensorflow/tfjs-node loads, else 'wasm', else 'cpu'. `prefer` moves one backend to the
 * front of that list (initBackend('cpu') for the reference float32 kernels, say).
 * Idempotent: a second call returns the active backend at once, unless it prefers another
 * one, which is then tried (and the active one kept if it fails). Await it in the first
 * cell of a notebook; the twins use whatever backend is active when they run.
 */
export async function initBackend(prefer?: BackendName): Promise<BackendName> {
  const wanted = prefer === undefined ? undefined : checkName(prefer);
  if (pending) await pending.catch(() => undefined);
  const current = backendName();
  if (current && (wanted === undefined || wanted === current)) return current;
  const order = wanted ? [wanted, ...ORDER.filter((n) => n !== wanted)] : [...ORDER];
  pending = (async () => {
    const tried: BackendAttempt[] = [];
    for (const name of order) {
      // Once a backend is active, only the preferred one is worth switching to.
      if (current && name !== wanted) break;
      const reason = await TRY[name]();
      tried.push({ backend: name, ok: reason === '', reason });
      if (!reason) { attempts = tried; return name; }
    }
    attempts = tried;
    if (current) { await tf.setBackend(current); return current; }
    throw new Error(`no tf.js backend could start: ${tried.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
  })();
  try {
    return await pending;
  } finally {
    pending = null;
  }
}

/** The active backend, or null when none has been started yet. */
export function backendName(): BackendName | null {
  const name = tf.engine().backendName as string | null | undefined;
  // backendName is set before an asynchronous initialisation finishes; report it only once usable.
  if (!name || tf.engine().registry[name] == null) return null;
  return ORDER.includes(name as BackendName) ? (name as BackendName) : null;
}

/** What the last initBackend call tried, in order, and why each rejected backend was skipped. */
export function backendAttempts(): readonly BackendAttempt[] {
  return attempts.slice();
}

/**
 * The active backend for synchronous code (the twins' `init`): when nothing was started,
 * the cpu backend is started on the spot (its initialisation is synchronous), so a notebook
 * that never awaited initBackend still works, on cpu. While initBackend is still starting a
 * backend there is nothing usable yet, and this throws saying so.
 */
export function ensureBackend(): BackendName {
  const name = backendName();
  if (name) return name;
  if (pending) throw new Error('a tf.js backend is still starting: await initBackend() before running tf.js code');
  // setBackend returns a promise, but for an already-registered synchronous backend such as
  // cpu its work is done before it returns.
  void tf.setBackend('cpu');
  silenceCpuBanner();
  const now = backendName();
  if (!now) throw new Error('the cpu backend could not start');
  return now;
}

/**
 * Runs `fn` with `name` as the active backend and switches back afterwards. Only for
 * backends already started (switching between them is synchronous) and for code whose
 * tensors do not outlive `fn`: tfObjective uses it to run on cpu a function that needs a
 * kernel the wasm backend lacks.
 */
export function withBackend<T>(name: BackendName, fn: () => T): T {
  const before = ensureBackend();
  if (before === name) return fn();
  if (name !== 'cpu' && tf.engine().registry[name] == null) {
    throw new Error(`withBackend: the ${name} backend has not been started; await initBackend('${name}') first`);
  }
  void tf.setBackend(name);
  if (name === 'cpu') silenceCpuBanner();
  try {
    return fn();
  } finally {
    void tf.setBackend(before);
  }
}
