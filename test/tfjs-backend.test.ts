import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tfjsNodeStatus } from '../scripts/tfjs-node.mjs';
import { backendAttempts, backendName, initBackend, tf, tfGd, bowl, trajectory } from '../src/index.js';
import { TFJS_NODE_SKIPPED } from './helpers/backends.js';

const require = createRequire(import.meta.url);
const canLoad = (name: string): boolean => { try { require.resolve(name); return true; } catch { return false; } };
// Read from the files (package, binding, the libraries it links to), not by loading them: the
// tests below check initBackend against it.
const tfjsNode = tfjsNodeStatus();

describe(`tf.js backend (tfjs-node ${tfjsNode.ready ? 'present' : 'absent'})`, () => {
  let first: string;
  before(async () => { first = await initBackend(); });
  after(async () => { await initBackend(first as 'wasm'); });

  it('picks tensorflow when tfjs-node is ready, else wasm, else cpu', () => {
    const expected = tfjsNode.ready ? 'tensorflow' : canLoad('@tensorflow/tfjs-backend-wasm') ? 'wasm' : 'cpu';
    expect(first).to.equal(expected);
    expect(backendName()).to.equal(first);
    expect(tf.getBackend()).to.equal(first);
  });

  const absentTitle = 'tries tfjs-node, reports why it was skipped (naming the opt-in step), and keeps the active backend';
  if (tfjsNode.ready) {
    it.skip(`${absentTitle} (skipped: @tensorflow/tfjs-node is installed here)`);
  } else {
    it(absentTitle, async () => {
      const got = await initBackend('tensorflow');
      expect(got).to.equal(first);
      const attempts = backendAttempts();
      expect(attempts[0].backend).to.equal('tensorflow');
      expect(attempts[0].ok).to.equal(false);
      expect(attempts[0].reason).to.match(/tfjs-node could not be loaded \(.*npm run setup -- --tfjs-node/);
      expect(backendName()).to.equal(first);
    });
  }

  const nativeTitle = 'tensorflow: tfjs-node loads its native binding, reports the TensorFlow it was built against, and takes an Adam step';
  if (!tfjsNode.ready) {
    it.skip(`${nativeTitle} ${TFJS_NODE_SKIPPED}`);
  } else {
    it(nativeTitle, async () => {
      expect(await initBackend('tensorflow')).to.equal('tensorflow');
      const binding = (tf.backend() as unknown as { binding: { TF_Version: string } }).binding;
      // Built here: the version of the wheel's libraries; npm's own install: libtensorflow 2.9.1.
      expect(binding.TF_Version).to.equal(tfjsNode.source === 'built here' ? tfjsNode.recorded?.tensorflow : '2.9.1');
      const node = require('@tensorflow/tfjs-node') as { version: Record<string, string> };
      expect(node.version['tfjs-node']).to.equal(tfjsNode.version);
      const x = tf.variable(tf.tensor1d([1, -2, 3]), true, `backend-test-${Date.now()}`);
      const opt = tf.train.adam(0.1);
      for (let t = 0; t < 3; t++) opt.minimize(() => x.square().sum());
      // Adam's first steps move each coordinate by ≈ ε towards 0 (|m̂/√ŝ| = 1 at t = 1).
      const got = Array.from(x.dataSync());
      [0.7, -1.7, 2.7].forEach((e, i) => expect(got[i]).to.be.closeTo(e, 2e-3));
      expect(tf.getBackend()).to.equal('tensorflow');
      opt.dispose();
      x.dispose();
      await initBackend(first as 'wasm');
    });
  }

  const againTitle = 'npm run setup -- --tfjs-node a second time: up to date, nothing downloaded or compiled';
  if (tfjsNode.source !== 'built here') {
    it.skip(`${againTitle} ${tfjsNode.ready ? '(skipped: tfjs-node here is npm\'s own install)' : TFJS_NODE_SKIPPED}`);
  } else {
    it(againTitle, () => {
      const res = spawnSync(process.execPath, ['scripts/setup.mjs', '--tfjs-node'], { encoding: 'utf8', timeout: 60000 });
      expect(res.status, res.stderr).to.equal(0);
      expect(res.stdout).to.match(/tfjs-node 4\.\d+\.\d+ against TensorFlow \d+\.\d+\.\d+: up to date/);
      expect(res.stdout).to.not.match(/downloading|extracting|building the binding|npm install/);
    });
  }

  it('uses the SIMD build of the wasm kernels, single-threaded', async function () {
    if (!canLoad('@tensorflow/tfjs-backend-wasm')) this.skip();
    expect(await initBackend('wasm')).to.equal('wasm');
    expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).to.equal(true);
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).to.equal(false);
    await initBackend(first as 'wasm');
  });

  it('is idempotent, switches on request, and rejects unknown names', async () => {
    const [a, b] = await Promise.all([initBackend(), initBackend()]);
    expect([a, b]).to.deep.equal([first, first]);
    expect(await initBackend('cpu')).to.equal('cpu');
    expect(backendName()).to.equal('cpu');
    // A twin runs on whatever is active.
    const run = trajectory(tfGd({ lr: 0.1 }), bowl(), { start: [1, 1], steps: 3 });
    expect(run.points[3][0]).to.be.closeTo(0.8 ** 3, 1e-6);
    expect(await initBackend(first as 'wasm')).to.equal(first);
    await initBackend('gpu' as never).then(() => expect.fail('should reject'), (err: Error) => {
      expect(err).to.be.instanceOf(RangeError);
      expect(err.message).to.match(/prefer must be one of 'tensorflow', 'wasm', 'cpu'; got gpu/);
    });
  });

  it('shares one engine with a notebook\'s require(\'@tensorflow/tfjs\')', () => {
    const theirs = require('@tensorflow/tfjs') as typeof tf;
    expect(theirs.engine()).to.equal(tf.engine());
    expect(theirs.getBackend()).to.equal(tf.getBackend());
    const before = tf.memory().numTensors;
    const t = theirs.tensor1d([1, 2, 3]);
    expect(tf.memory().numTensors).to.equal(before + 1);
    expect(Array.from(tf.square(t).dataSync())).to.deep.equal([1, 4, 9]);
    t.dispose();
    expect(theirs.disposeVariables).to.equal(tf.disposeVariables);
  });

  it('the compiled library (what tslab loads) exports a tf on that same engine', function () {
    const lib = new URL('../lib/tfjs/backend.js', import.meta.url);
    if (!existsSync(lib)) this.skip(); // lib/ not built yet: `npm run build`
    const compiled = require('../lib/index.js') as { tf: typeof tf; backendName: () => string | null };
    expect(compiled.tf.engine()).to.equal(tf.engine());
    expect(compiled.backendName()).to.equal(backendName());
  });
});
