/**
 * The same fused Adam and momentum updates as fused.ts, as WebAssembly SIMD kernels: four
 * float32 coordinates per instruction (f32x4), where plain JavaScript does one double at a
 * time. The module is assembled below from named instructions (no toolchain needed); its
 * arrays live in the module's memory and are handed out as Float32Array views.
 *
 * Arithmetic is float32 throughout (JavaScript's kernels round only on store), so the
 * numbers agree with adam()/momentum() to float32 rounding, as the tests check.
 */
import { positive, positiveInt, unitInterval } from '../core/validate.js';
import { adamHyperparameters } from '../optimizers/adam.js';

// ------------------------------------------------------------------ a tiny assembler

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (small constants only). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) { out.push(byte); return out; }
    out.push(byte | 0x80);
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  i32add: [0x6a],
  i32shl: [0x74],
  i32ltu: [0x49],
  i32eqz: [0x45],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  load: [...simd(0x00), 4, 0], // v128.load align=16 offset=0
  store: [...simd(0x0b), 4, 0], // v128.store
  splat: simd(0x13), // f32x4.splat
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
};

/** Address of element group i of the array whose byte offset is in local `base`: base + i. */
const at = (base: number, i: number): number[] => [...op.get(base), ...op.get(i), ...op.i32add];

/** loop body wrapper: i from 0 by 16 bytes while i < n4·16 (nothing when n4 = 0). */
function loop(n4: number, i: number, end: number, body: number[]): number[] {
  return [
    ...op.get(n4), ...op.i32(4), ...op.i32shl, ...op.set(end),
    ...op.block, ...op.get(n4), ...op.i32eqz, ...op.brIf(0),
    ...op.loop, ...body,
    ...op.get(i), ...op.i32(16), ...op.i32add, ...op.tee(i), ...op.get(end), ...op.i32ltu, ...op.brIf(0),
    ...op.end, ...op.end,
  ];
}

/**
 * Adam: params (n4, θ, in, m, s, β₁, 1−β₁, β₂, 1−β₂, a, b, δ) with a = ε/(1−β₁ᵗ), b = 1/√(1−β₂ᵗ);
 * g = in (gradient given) or in∘θ (in = curvatures of ½Σcθ²).
 */
function adamBody(quadratic: boolean): number[] {
  const [n4, th, inp, m, s] = [0, 1, 2, 3, 4];
  const [i, end, x, g, mv, sv] = [12, 13, 14, 15, 16, 17];
  const K = (k: number) => 18 + k; // splatted constants β₁, 1−β₁, β₂, 1−β₂, a, b, δ
  const consts = [0, 1, 2, 3, 4, 5, 6].flatMap((k) => [...op.get(5 + k), ...op.splat, ...op.set(K(k))]);
  const body = [
    ...at(th, i), ...op.load, ...op.set(x),
    ...at(inp, i), ...op.load, ...(quadratic ? [...op.get(x), ...op.mul] : []), ...op.set(g),
    ...op.get(K(0)), ...at(m, i), ...op.load, ...op.mul, ...op.get(K(1)), ...op.get(g), ...op.mul, ...op.add, ...op.set(mv),
    ...op.get(K(2)), ...at(s, i), ...op.load, ...op.mul, ...op.get(K(3)), ...op.get(g), ...op.mul, ...op.get(g), ...op.mul, ...op.add, ...op.set(sv),
    ...at(m, i), ...op.get(mv), ...op.store,
    ...at(s, i), ...op.get(sv), ...op.store,
    ...at(th, i),
    ...op.get(x), ...op.get(K(4)), ...op.get(mv), ...op.mul,
    ...op.get(sv), ...op.sqrt, ...op.get(K(5)), ...op.mul, ...op.get(K(6)), ...op.add, ...op.div, ...op.sub,
    ...op.store,
  ];
  const locals = vec([[2, I32], [11, V128]]);
  return [...locals, ...consts, ...loop(n4, i, end, body), ...op.end];
}

/** Momentum: params (n4, θ, in, v, μ, ε); v ← μv − εg; θ ← θ + v. */
function momentumBody(quadratic: boolean): number[] {
  const [n4, th, inp, v, mu, lr] = [0, 1, 2, 3, 4, 5];
  const [i, end, x, g, vv, MU, LR] = [6, 7, 8, 9, 10, 11, 12];
  const consts = [...op.get(mu), ...op.splat, ...op.set(MU), ...op.get(lr), ...op.splat, ...op.set(LR)];
  const body = [
    ...at(th, i), ...op.load, ...op.set(x),
    ...at(inp, i), ...op.load, ...(quadratic ? [...op.get(x), ...op.mul] : []), ...op.set(g),
    ...op.get(MU), ...at(v, i), ...op.load, ...op.mul, ...op.get(LR), ...op.get(g), ...op.mul, ...op.sub, ...op.set(vv),
    ...at(v, i), ...op.get(vv), ...op.store,
    ...at(th, i), ...op.get(x), ...op.get(vv), ...op.add, ...op.store,
  ];
  const locals = vec([[2, I32], [5, V128]]);
  return [...locals, ...consts, ...loop(n4, i, end, body), ...op.end];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const adamType = [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F32], [F32], [F32], [F32], [F32], [F32], [F32]]), 0];
  const momentumType = [0x60, ...vec([[I32], [I32], [I32], [I32], [F32], [F32]]), 0];
  const names = ['adamQuadratic', 'adamGiven', 'momentumQuadratic', 'momentumGiven'];
  const bodies = [adamBody(true), adamBody(false), momentumBody(true), momentumBody(false)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([adamType, momentumType])),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [0], [1], [1]])),
    ...section(7, vec(names.map((n, k) => [...str(n), 0x00, k]))),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ]);
}

type AdamFn = (n4: number, th: number, inp: number, m: number, s: number, b1: number, b1c: number, b2: number, b2c: number, a: number, b: number, d: number) => void;
type MomentumFn = (n4: number, th: number, inp: number, v: number, mu: number, lr: number) => void;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null when this JavaScript engine has no WebAssembly SIMD. */
function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/** Whether the SIMD kernels can run here (Node ≥ 16.4 and current browsers: yes). */
export const wasmSimdAvailable = (): boolean => wasmModule() !== null;

/** Arrays of n float32 each, padded to a multiple of 4, in one fresh wasm memory. */
function arena(n: number, count: number) {
  const padded = Math.ceil(n / 4) * 4;
  const bytes = padded * 4 * count;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const module = wasmModule();
  if (!module) throw new Error('WebAssembly SIMD is not available in this JavaScript engine');
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, unknown>;
  const offsets = Array.from({ length: count }, (_, k) => k * padded * 4);
  // Views of length n; the padding stays 0 (zero gradient and curvature: never moves).
  const views = offsets.map((o) => new Float32Array(memory.buffer, o, n));
  return { n4: padded / 4, offsets, views, exports };
}

// ------------------------------------------------------------------------ public API

export interface WasmAdam {
  /** θ, the gradient for step(), the curvatures for stepQuadratic(), the moments: views into wasm memory. */
  readonly theta: Float32Array;
  readonly grad: Float32Array;
  readonly curvatures: Float32Array;
  readonly m: Float32Array;
  readonly s: Float32Array;
  /** Steps taken. */
  t: number;
  /** One Adam step with the gradient in `grad`. */
  step(): void;
  /** One step on ½Σcᵢθᵢ² (c in `curvatures`), the gradient computed in the same pass. */
  stepQuadratic(): void;
  /** Zero moments and step count (θ is left to the caller). */
  reset(): void;
}

/** Bias-corrected Adam over n float32 parameters, as adam() and fusedAdam(), four lanes at a time. */
export function wasmAdam(n: number, options: { lr: number; beta1?: number; beta2?: number; delta?: number }): WasmAdam {
  positiveInt('n', n);
  const lr = positive('lr', options.lr);
  const { beta1, beta2, delta } = adamHyperparameters({ lr, beta1: options.beta1, beta2: options.beta2, delta: options.delta });
  const { n4, offsets, views, exports } = arena(n, 5);
  const [theta, grad, curvatures, m, s] = views;
  const [oTh, oG, oC, oM, oS] = offsets;
  const quad = exports.adamQuadratic as AdamFn;
  const given = exports.adamGiven as AdamFn;
  const self: WasmAdam = {
    theta, grad, curvatures, m, s, t: 0,
    step() { self.t += 1; given(n4, oTh, oG, oM, oS, beta1, 1 - beta1, beta2, 1 - beta2, lr / (1 - beta1 ** self.t), 1 / Math.sqrt(1 - beta2 ** self.t), delta); },
    stepQuadratic() { self.t += 1; quad(n4, oTh, oC, oM, oS, beta1, 1 - beta1, beta2, 1 - beta2, lr / (1 - beta1 ** self.t), 1 / Math.sqrt(1 - beta2 ** self.t), delta); },
    reset() { m.fill(0); s.fill(0); self.t = 0; },
  };
  return self;
}

export interface WasmMomentum {
  readonly theta: Float32Array;
  readonly grad: Float32Array;
  readonly curvatures: Float32Array;
  readonly v: Float32Array;
  step(): void;
  stepQuadratic(): void;
  reset(): void;
}

/** Heavy-ball momentum over n float32 parameters, as momentum() and fusedMomentum(), four lanes at a time. */
export function wasmMomentum(n: number, options: { lr: number; momentum: number }): WasmMomentum {
  positiveInt('n', n);
  const lr = positive('lr', options.lr);
  const mu = unitInterval('momentum', options.momentum);
  const { n4, offsets, views, exports } = arena(n, 4);
  const [theta, grad, curvatures, v] = views;
  const [oTh, oG, oC, oV] = offsets;
  const quad = exports.momentumQuadratic as MomentumFn;
  const given = exports.momentumGiven as MomentumFn;
  return {
    theta, grad, curvatures, v,
    step() { given(n4, oTh, oG, oV, mu, lr); },
    stepQuadratic() { quad(n4, oTh, oC, oV, mu, lr); },
    reset() { v.fill(0); },
  };
}
