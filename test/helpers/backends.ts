/**
 * Which tf.js backends this machine can start, for tests that run once per backend and say so
 * in their titles. Found once per mocha process by starting each backend for real (what
 * initBackend would do), then the default one is active again.
 */
import { expect } from 'chai';
import { backendAttempts, backendName, initBackend, tf, type BackendName } from '../../src/index.js';

export const ALL_BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** How a test title says a tensorflow-only test did not run. */
export const TFJS_NODE_SKIPPED = '(skipped: @tensorflow/tfjs-node not installed — npm run setup -- --tfjs-node)';

export interface Backends {
  /** What initBackend() picks with no preference. */
  readonly first: BackendName;
  /** Every backend that started, in initBackend's order. */
  readonly available: readonly BackendName[];
  /** Why each other backend did not start (initBackend's one-line reason). */
  readonly missing: Readonly<Partial<Record<BackendName, string>>>;
}

let found: Promise<Backends> | null = null;

async function find(): Promise<Backends> {
  const first = await initBackend();
  const available: BackendName[] = [];
  const missing: Partial<Record<BackendName, string>> = {};
  for (const name of ALL_BACKENDS) {
    if ((await initBackend(name)) === name) { available.push(name); continue; }
    missing[name] = backendAttempts().find((a) => a.backend === name)?.reason ?? 'did not start';
  }
  await initBackend(first);
  return { first, available, missing };
}

/** The backends of this machine (top-level `await` in a test file, so titles can name them). */
export function backends(): Promise<Backends> {
  found ??= find();
  return found;
}

/** The title suffix for a test that did not run on `name`, saying why. */
export function skippedOn(name: BackendName, b: Backends): string {
  if (name === 'tensorflow') return TFJS_NODE_SKIPPED;
  return `(skipped: the ${name} backend did not start — ${b.missing[name] ?? 'unknown reason'})`;
}

/**
 * Registers `body` once per backend, as describe(`${title} [backend: name]`), with `name`
 * active in it and checked after every test (so a title never names a backend the test did not
 * use); a backend that cannot start gets one pending test saying why.
 */
export function describeOnBackends(title: string, b: Backends, body: (name: BackendName) => void, names: readonly BackendName[] = ALL_BACKENDS): void {
  for (const name of names) {
    if (!b.available.includes(name)) {
      describe(`${title} [backend: ${name}]`, () => { it.skip(`not run ${skippedOn(name, b)}`); });
      continue;
    }
    describe(`${title} [backend: ${name}]`, () => {
      before(async () => {
        expect(await initBackend(name)).to.equal(name);
      });
      afterEach(() => {
        expect(backendName(), 'the backend the test ran on').to.equal(name);
        expect(tf.getBackend()).to.equal(name);
      });
      after(async () => { await initBackend(b.first); });
      body(name);
    });
  }
}
