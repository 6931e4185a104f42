import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fusedAdam, fusedMomentum, wasmAdam, wasmMomentum, wasmSimdAvailable, type FloatArray } from '../src/bench/index.js';
import { adam } from '../src/optimizers/adam.js';
import { momentum } from '../src/optimizers/momentum.js';
import { diagonalQuadratic } from '../src/objectives/diagonal.js';

const C = [1, 3, 10, 0.5, 7];
const START = [1, -2, 0.5, 4, -0.25];
const STEPS = 60;

/** Runs a library optimizer on ½Σcθ² and returns θ after each step. */
function libraryRun(opt: ReturnType<typeof adam> | ReturnType<typeof momentum>): Float64Array[] {
  const f = diagonalQuadratic(C);
  const theta = Float64Array.from(START);
  const state = opt.init(theta);
  const out: Float64Array[] = [];
  for (let t = 0; t < STEPS; t++) {
    (opt.step as (th: Float64Array, s: typeof state, o: typeof f, t: number) => Float64Array)(theta, state, f, t);
    out.push(theta.slice());
  }
  return out;
}

/** Runs a fused kernel (gradient inside the pass, or given) on the same problem. */
function fusedRun<A extends FloatArray>(
  kernel: ReturnType<typeof fusedAdam> | ReturnType<typeof fusedMomentum>,
  make: (xs: number[]) => A,
  mode: 'quadratic' | 'given',
): Float64Array[] {
  const theta = make(START);
  const c = make(C);
  const g = make(C.map(() => 0));
  const state = kernel.init(theta) as never;
  const out: Float64Array[] = [];
  for (let t = 0; t < STEPS; t++) {
    if (mode === 'quadratic') kernel.stepQuadratic(theta, c, state);
    else {
      for (let i = 0; i < g.length; i++) g[i] = c[i] * theta[i];
      kernel.step(theta, g, state);
    }
    out.push(Float64Array.from(theta));
  }
  return out;
}

function maxRelDiff(a: Float64Array[], b: Float64Array[]): number {
  let m = 0;
  a.forEach((row, t) => row.forEach((v, i) => { m = Math.max(m, Math.abs(v - b[t][i]) / Math.max(1e-3, Math.abs(v))); }));
  return m;
}

const f64 = (xs: number[]) => Float64Array.from(xs);
const f32 = (xs: number[]) => Float32Array.from(xs);

describe('bench: fused kernels', () => {
  it('fused momentum in float64 is bit-identical to momentum() (both entry points)', () => {
    const hp = { lr: 0.02, momentum: 0.9 };
    const ref = libraryRun(momentum(hp));
    for (const mode of ['quadratic', 'given'] as const) {
      const got = fusedRun(fusedMomentum(hp), f64, mode);
      got.forEach((row, t) => expect(Array.from(row), `${mode} step ${t}`).to.deep.equal(Array.from(ref[t])));
    }
  });

  it('fused Adam in float64 matches adam() to rounding (1e-12 relative) over 60 steps', () => {
    const hp = { lr: 0.05, beta1: 0.8, beta2: 0.99, delta: 1e-7 };
    const ref = libraryRun(adam(hp));
    for (const mode of ['quadratic', 'given'] as const) {
      expect(maxRelDiff(fusedRun(fusedAdam(hp), f64, mode), ref), mode).to.be.below(1e-12);
    }
    // And the run really moved (so the comparison is not of two constant sequences).
    expect(Math.abs(ref[STEPS - 1][3] - START[3])).to.be.above(1);
  });

  it('float32 kernels follow the library within float32 rounding', () => {
    const a = { lr: 0.05 };
    const m = { lr: 0.02, momentum: 0.9 };
    expect(maxRelDiff(fusedRun(fusedAdam(a), f32, 'quadratic'), libraryRun(adam(a)))).to.be.below(1e-4);
    expect(maxRelDiff(fusedRun(fusedMomentum(m), f32, 'quadratic'), libraryRun(momentum(m)))).to.be.below(1e-4);
  });

  it('first steps agree with hand computations', () => {
    // Adam, θ₀ = 1, c = 2: g = 2, m = 0.2, s = 0.004, m̂ = 2, ŝ = 4 → θ₁ = 1 − ε·2/(2 + δ).
    const k = fusedAdam({ lr: 0.1, delta: 1e-7 });
    const theta = f64([1]);
    const st = k.init(theta);
    k.stepQuadratic(theta, f64([2]), st);
    expect(theta[0]).to.be.closeTo(1 - (0.1 * 2) / (2 + 1e-7), 1e-15);
    expect(st.t).to.equal(1);
    expect(st.m[0]).to.be.closeTo(0.2, 1e-15);
    expect(st.s[0]).to.be.closeTo(0.004, 1e-15);
    // Momentum, θ₀ = 1, c = 2, ε = 0.1, μ = 0.5: v₁ = −0.2, θ₁ = 0.8; v₂ = −0.1 − 0.16 = −0.26, θ₂ = 0.54.
    const mk = fusedMomentum({ lr: 0.1, momentum: 0.5 });
    const th = f64([1]);
    const ms = mk.init(th);
    mk.stepQuadratic(th, f64([2]), ms);
    expect(th[0]).to.be.closeTo(0.8, 1e-15);
    mk.stepQuadratic(th, f64([2]), ms);
    expect(ms.v[0]).to.be.closeTo(-0.26, 1e-15);
    expect(th[0]).to.be.closeTo(0.54, 1e-15);
  });

  it('rejects bad hyperparameters and mismatched arrays, naming them', () => {
    expect(() => fusedAdam({ lr: -1 })).to.throw(RangeError, /lr/);
    expect(() => fusedAdam({ lr: 0.1, beta2: 1.5 })).to.throw(RangeError, /beta2/);
    expect(() => fusedMomentum({ lr: 0.1, momentum: 1 })).to.throw(RangeError, /momentum/);
    const k = fusedMomentum({ lr: 0.1, momentum: 0.5 });
    const th = f32([1, 2, 3]);
    expect(() => k.stepQuadratic(th, f32([1, 2]), k.init(th))).to.throw(RangeError, /length 3; got 2/);
  });

  it('init makes state of θ\'s array type', () => {
    expect(fusedAdam({ lr: 0.1 }).init(f32([1, 2])).m).to.be.instanceOf(Float32Array);
    expect(fusedMomentum({ lr: 0.1, momentum: 0 }).init(f64([1])).v).to.be.instanceOf(Float64Array);
  });
});

describe('bench: WebAssembly SIMD kernels', () => {
  /** θ after each step of a wasm kernel on ½Σcθ² (5 coordinates: one full group of 4 and a padded one). */
  function wasmRun(kernel: ReturnType<typeof wasmAdam> | ReturnType<typeof wasmMomentum>, mode: 'quadratic' | 'given'): Float64Array[] {
    kernel.theta.set(START);
    kernel.curvatures.set(C);
    const out: Float64Array[] = [];
    for (let t = 0; t < STEPS; t++) {
      if (mode === 'quadratic') kernel.stepQuadratic();
      else {
        for (let i = 0; i < C.length; i++) kernel.grad[i] = C[i] * kernel.theta[i];
        kernel.step();
      }
      out.push(Float64Array.from(kernel.theta));
    }
    return out;
  }

  it('is available in this Node', () => {
    expect(wasmSimdAvailable()).to.equal(true);
  });

  it('wasm Adam and momentum follow adam()/momentum() within float32 rounding (both entry points)', () => {
    const a = { lr: 0.05, beta1: 0.8, beta2: 0.99 };
    const m = { lr: 0.02, momentum: 0.9 };
    for (const mode of ['quadratic', 'given'] as const) {
      expect(maxRelDiff(wasmRun(wasmAdam(C.length, a), mode), libraryRun(adam(a))), `adam ${mode}`).to.be.below(1e-4);
      expect(maxRelDiff(wasmRun(wasmMomentum(C.length, m), mode), libraryRun(momentum(m))), `momentum ${mode}`).to.be.below(1e-4);
    }
  });

  it('first Adam step agrees with the hand computation, and reset() restarts', () => {
    const k = wasmAdam(1, { lr: 0.1, delta: 1e-7 });
    k.theta[0] = 1;
    k.curvatures[0] = 2;
    k.stepQuadratic();
    expect(k.theta[0]).to.be.closeTo(1 - (0.1 * 2) / (2 + 1e-7), 1e-7);
    expect(k.m[0]).to.be.closeTo(0.2, 1e-7);
    expect(k.t).to.equal(1);
    k.reset();
    expect([k.t, k.m[0], k.s[0]]).to.deep.equal([0, 0, 0]);
  });

  it('rejects bad sizes and hyperparameters, naming them', () => {
    expect(() => wasmAdam(0, { lr: 0.1 })).to.throw(RangeError, /n/);
    expect(() => wasmMomentum(3, { lr: 0.1, momentum: 2 })).to.throw(RangeError, /momentum/);
  });
});

describe('bench: scripts/bench.mjs --quick', function () {
  this.timeout(240000);
  const out = mkdtempSync(join(tmpdir(), 'bench-quick-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('runs (needs lib/ built) and writes valid JSON and markdown with the expected columns', function () {
    if (!existsSync(join(process.cwd(), 'lib', 'bench', 'index.js'))) this.skip();
    const p = spawnSync(process.execPath, ['scripts/bench.mjs', '--quick', '--no-torch', '--out', out], { encoding: 'utf8', maxBuffer: 32 << 20 });
    expect(p.status, p.stderr).to.equal(0);
    const json = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
    expect(json.quick).to.equal(true);
    expect(json.columns).to.deep.equal(['section', 'workload', 'implementation', 'backend', 'median', 'min–max', 'CPU time', '÷ hand-written', '÷ PyTorch', 'note']);
    expect(json.machine).to.include.keys('cpu', 'cores', 'memoryGB', 'node', 'backends', 'torch');
    expect(json.machine.backends.cpu).to.match(/^available/);
    const sections = new Set(json.rows.map((r: { section: string }) => r.section));
    for (const s of ['2-D step', 'large', 'batched', 'kernel', 'memory']) expect(sections.has(s), s).to.equal(true);
    expect(json.rows.some((r: { impl: string }) => r.impl.startsWith('wasm SIMD'))).to.equal(true);
    for (const r of json.rows) {
      expect(r.median, `${r.workload} ${r.impl}`).to.be.a('number').and.above(0);
      expect(r.min).to.be.at.most(r.median);
      expect(r.max).to.be.at.least(r.median);
      expect(r.unit).to.be.oneOf(['s/step', 's', 'MB']);
    }
    // Every 2-D workload has its hand-written reference and a tf.js cpu row.
    for (const problem of ['bowl', 'rosenbrock']) {
      for (const opt of ['gd', 'momentum', 'rmsprop', 'adam']) {
        const mine = json.rows.filter((r: { workload: string }) => r.workload === `${problem} ${opt}`);
        expect(mine.some((r: { impl: string; vsHand: number }) => r.impl.startsWith('hand-written optimizer.step') && r.vsHand === 1)).to.equal(true);
        expect(mine.some((r: { backend: string }) => r.backend === 'cpu')).to.equal(true);
      }
    }
    expect(json.goals.length).to.be.at.least(4);
    expect(json.notes.join(' ')).to.match(/PyTorch column skipped/);
    const md = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(md).to.include('| section').and.include('Goals');
    // The side-by-side table: a tensorflow column exactly when tfjs-node started, else a line saying it is absent.
    const tensorflow = /^available/.test(json.machine.backends.tensorflow);
    expect(json.byBackend.columns).to.deep.equal(['workload', ...(tensorflow ? ['tensorflow'] : []), 'wasm', 'cpu']);
    expect(json.byBackend.rows.length).to.be.at.least(16);
    for (const row of json.byBackend.rows) expect(row.length).to.equal(json.byBackend.columns.length);
    expect(json.rows.some((r: { backend: string }) => r.backend === 'tensorflow')).to.equal(tensorflow);
    expect(md).to.include('By backend');
    if (tensorflow) expect(md).to.not.match(/tensorflow: absent/);
    else expect(md).to.match(/tensorflow: absent: @tensorflow\/tfjs-node is not installed here \(`npm run setup -- --tfjs-node`/);
  });
});
