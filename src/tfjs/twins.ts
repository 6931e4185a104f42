/**
 * tf.js twins of the hand-written optimizers: the same options object, the same Optimizer
 * interface (so trajectory() runs them), but every update is computed by a tf.train
 * optimizer in float32.
 *
 * How a twin runs:
 * - θ lives in tf.Variables, one per group of coordinates that share a learning rate (one
 *   tf.train optimizer per group, since a tf optimizer has a single scalar rate);
 * - the gradient is the objective's own analytic gradient (the one the hand-written side
 *   uses), evaluated at the variables' current float32 values and handed to
 *   optimizer.applyGradients as a float32 tensor;
 * - after each step θ and tf's internal slots are read back into the state, under the
 *   names the hand-written optimizer uses (v, r, m, s, u, lr), converted where tf keeps a
 *   different quantity (each twin's comment says how);
 * - a schedule sets the tf optimizer's rate before every step.
 *
 * Slots are read and seeded synchronously through the optimizers' fields (accumulations,
 * accumulatedGrads, ...): tf's getWeights()/setWeights() are async and trajectory() is not.
 * The tests check that these fields hold exactly what getWeights() returns, so a tf.js
 * upgrade that renames them fails loudly there (and here: `slot` throws).
 *
 * Every tensor a run creates is freed by dispose(state), which trajectory() always calls.
 */
import type { Objective, Optimizer, OptimizerState, Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { perParameter, scalarOrArray, unitInterval, nonNegative, positive, finite } from '../core/validate.js';
import { checkSchedule, scheduleSuffix as scheduleText } from '../optimizers/common.js';
import { formatRate } from '../optimizers/format.js';
import type { GdOptions, GdState } from '../optimizers/gd.js';
import { type MomentumOptions, type MomentumState, momentumHyperparameters } from '../optimizers/momentum.js';
import type { AdagradOptions, AdagradState } from '../optimizers/adagrad.js';
import { type RmspropOptions, type RmspropState, rmspropHyperparameters } from '../optimizers/rmsprop.js';
import { type AdamOptions, type AdamState, adamHyperparameters } from '../optimizers/adam.js';
import type { AdamaxOptions, AdamaxState } from '../optimizers/adamax.js';
import { type AdadeltaOptions, type AdadeltaState, adadeltaHyperparameters } from '../optimizers/adadelta.js';
import { ensureBackend, tf } from './backend.js';

/** One tf.Variable of θ's coordinates `idx`, all stepped by `optimizer` at base rate `base`. */
interface Group {
  readonly idx: readonly number[];
  readonly base: number;
  readonly variable: tf.Variable;
  readonly optimizer: tf.Optimizer;
  rate: number;
}

/** What one run (one init) owns outside JavaScript, plus θ as tf holds it (float32 values). */
interface Run {
  readonly groups: Group[];
  /** The variables' values as float64 (for Nesterov the look-ahead point): where g is taken. */
  readonly held: Vec;
  steps: number;
}

/** What `read` sees for one coordinate after a step. */
interface Coordinate {
  /** The tf variable's new value. */
  readonly value: number;
  /** The slot variables' new values, in the order of the twin's `slots`. */
  readonly slots: readonly number[];
  /** The rate the step used: base ε · schedule factor. */
  readonly rate: number;
  /** Steps completed, this one included. */
  readonly steps: number;
}

interface TwinDefinition<S extends OptimizerState, O extends object> {
  readonly name: string;
  readonly label: string;
  readonly options: O;
  readonly lr: number | readonly number[];
  readonly schedule?: Schedule;
  /** A fresh tf.train optimizer for one group. */
  create(rate: number): tf.Optimizer;
  /** The optimizer's slot fields to read after each step (first variable of each). */
  readonly slots: readonly string[];
  /** The state before the first step, given θ₀ and the per-coordinate base rates. */
  initial(theta0: Vec, rates: Vec): S;
  /** Where tf's variable starts (default θ₀; Nesterov starts at the look-ahead point). */
  start?(theta0: Vec, rates: Vec): Vec;
  /** Seeds slots before the first step (an initial velocity). Values are per coordinate. */
  seed?(theta0: Vec, rates: Vec): { field: string; suffix: string; values: Vec } | null;
  /** Writes coordinate i of the state from tf's values and returns θ_i as the maths defines it. */
  read(state: S, i: number, c: Coordinate): number;
}

interface SlotRef { originalName: string; variable: tf.Variable }

let runCounter = 0;

/** The variable behind one of a tf optimizer's slot arrays (its first entry: one variable per optimizer). */
function slot(optimizer: tf.Optimizer, field: string): tf.Variable {
  const refs = (optimizer as unknown as Record<string, SlotRef[] | undefined>)[field];
  const variable = refs?.[0]?.variable;
  if (!variable) throw new Error(`tf.js internals changed: ${optimizer.getClassName()} has no slot '${field}' after a step`);
  return variable;
}

/** Sets the rate a tf optimizer will use on its next applyGradients. */
function setRate(optimizer: tf.Optimizer, rate: number): void {
  // SGD and momentum cache −rate as a tensor: their public setter renews it.
  // (Duck-typed: tf.js's Optimizer overrides instanceof, so every optimizer "is" an SGDOptimizer.)
  const sgd = optimizer as unknown as { setLearningRate?: (rate: number) => void };
  if (typeof sgd.setLearningRate === 'function') { sgd.setLearningRate(rate); return; }
  // The others read the plain number field `learningRate` inside applyGradients.
  const o = optimizer as unknown as { learningRate: unknown };
  if (typeof o.learningRate !== 'number') throw new Error(`tf.js internals changed: ${optimizer.getClassName()} has no learningRate field`);
  o.learningRate = rate;
}

/**
 * Frees a tf optimizer and its variable. MomentumOptimizer.dispose() (tf.js 4.22) forgets the
 * −rate scalar `c` it inherits from SGD, one tensor per optimizer; it is freed here too
 * (disposing a tensor twice is harmless).
 */
function release(optimizer: tf.Optimizer, variable: tf.Variable): void {
  optimizer.dispose();
  (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
  variable.dispose();
}

function makeTwin<S extends OptimizerState, O extends object>(def: TwinDefinition<S, O>): Optimizer<S, O> {
  const runs = new WeakMap<S, Run>();
  const schedule = def.schedule;

  function dispose(state: S): void {
    const run = runs.get(state);
    if (!run) return;
    runs.delete(state);
    for (const g of run.groups) release(g.optimizer, g.variable);
  }

  return {
    name: def.name,
    label: def.label,
    impl: 'tfjs',
    options: def.options,
    init(theta0) {
      ensureBackend();
      const dim = theta0.length;
      const rates = perParameter('lr', def.lr, dim);
      const state = def.initial(theta0, rates);
      const held = def.start ? def.start(theta0, rates) : theta0.slice();
      const seed = def.seed?.(theta0, rates) ?? null;
      // Coordinates sharing a rate share one variable and one tf optimizer.
      const byRate = new Map<number, number[]>();
      rates.forEach((r, i) => { const list = byRate.get(r); if (list) list.push(i); else byRate.set(r, [i]); });
      const id = ++runCounter;
      const groups: Group[] = [];
      try {
        let k = 0;
        for (const [base, idx] of byRate) {
          // Unique names: runs never collide in one kernel; not trainable, so a notebook's
          // own optimizer.minimize() never picks them up.
          const name = `optim-workbook/${def.name}/run${id}/group${k++}`;
          const variable = tf.tidy(() => tf.variable(tf.tensor1d(idx.map((i) => held[i]), 'float32'), false, name));
          let optimizer: tf.Optimizer;
          try { optimizer = def.create(base); } catch (err) { variable.dispose(); throw err; }
          groups.push({ idx, base, variable, optimizer, rate: base });
          if (seed) {
            const values = seed.values;
            const seeded = tf.tidy(() => tf.tensor1d(idx.map((i) => values[i]), 'float32').variable(false));
            // What setWeights() would install, done synchronously.
            (optimizer as unknown as Record<string, SlotRef[]>)[seed.field] = [{ originalName: `${name}/${seed.suffix}`, variable: seeded }];
          }
        }
      } catch (err) {
        for (const g of groups) release(g.optimizer, g.variable);
        throw err;
      }
      // Reflect float32 storage in the held copy, so the first gradient sees what tf holds.
      for (const g of groups) { const v = g.variable.dataSync(); g.idx.forEach((i, j) => { held[i] = v[j]; }); }
      runs.set(state, { groups, held, steps: 0 });
      return state;
    },
    step(theta: Vec, state: S, objective: Objective, t: number): Vec {
      const run = runs.get(state);
      if (!run) throw new Error(`${def.label}: this state was not made by init() of this optimizer, or was disposed`);
      const decay = schedule ? schedule.factor(t) : 1;
      for (const g of run.groups) {
        const rate = g.base * decay;
        if (rate !== g.rate) { setRate(g.optimizer, rate); g.rate = rate; }
      }
      // A copy: the objective may keep what it is given, and `held` changes after the step.
      const grad = objective.gradient(run.held.slice(), t);
      tf.tidy(() => {
        for (const g of run.groups) {
          const gt = tf.tensor1d(g.idx.map((i) => grad[i]), 'float32');
          g.optimizer.applyGradients({ [g.variable.name]: gt });
        }
      });
      run.steps += 1;
      for (const g of run.groups) {
        const value = g.variable.dataSync();
        const slots = def.slots.map((field) => slot(g.optimizer, field).dataSync());
        g.idx.forEach((i, j) => {
          run.held[i] = value[j];
          theta[i] = def.read(state, i, { value: value[j], slots: slots.map((s) => s[j]), rate: g.rate, steps: run.steps });
        });
      }
      return grad;
    },
    dispose,
  };
}

// ---------------------------------------------------------------- plain gradient descent

/** The same state as gd: the rate of the last step. */
export type TfGdState = GdState;

/** tf.train.sgd: θ ← θ − ε g, exactly gd's update (in float32). */
export function tfGd(options: GdOptions): Optimizer<TfGdState, GdOptions> {
  scalarOrArray('lr', options.lr);
  const schedule = checkSchedule(options.schedule);
  return makeTwin<TfGdState, GdOptions>({
    name: 'gd',
    label: `tf.js GD ε=${formatRate(options.lr)}${scheduleText(schedule)}`,
    options,
    lr: options.lr,
    schedule,
    create: (rate) => tf.train.sgd(rate),
    slots: [],
    initial: (_theta0, rates) => ({ lr: rates.slice() }),
    read(state, i, c) { state.lr[i] = c.rate; return c.value; },
  });
}

// ---------------------------------------------------------------- momentum and Nesterov

/**
 * Momentum's state plus tf's own slot `a`. tf keeps the accumulation a ← μa + g and steps
 * θ ← θ − ε a, so the velocity of the maths is v = −ε a (exactly, for a constant rate).
 * With a schedule the two differ: tf's step −ε_t(μa + g) rescales the old velocity by
 * ε_t/ε_{t−1}, while the hand-written v ← μv − ε_t g does not; `v` here is tf's actual
 * displacement −ε_t a_t.
 */
export type TfMomentumState = MomentumState & { a: Vec };

/** Nesterov's state plus tf's accumulation `a` and tf's variable `ahead`, the look-ahead point θ + μv. */
export type TfNesterovState = MomentumState & { a: Vec; ahead: Vec };

const velocity0 = (options: MomentumOptions, dim: number): Vec => perParameter('v0', options.v0 ?? 0, dim, finite);

/**
 * tf.train.momentum(ε, μ). An initial velocity v₀ is installed as tf's accumulation
 * a₀ = −v₀/ε (what setWeights would do), so the first step is μv₀ − εg as in the maths.
 */
export function tfMomentum(options: MomentumOptions): Optimizer<TfMomentumState, MomentumOptions> {
  const { mu, schedule } = momentumHyperparameters(options);
  return makeTwin<TfMomentumState, MomentumOptions>({
    name: 'momentum',
    label: `tf.js momentum μ=${mu} ε=${formatRate(options.lr)}${scheduleText(schedule)}`,
    options,
    lr: options.lr,
    schedule,
    create: (rate) => tf.train.momentum(rate, mu),
    slots: ['accumulations'],
    initial(theta0, rates) {
      const v = velocity0(options, theta0.length);
      return { v, lr: rates.slice(), a: v.map((vi, i) => -vi / rates[i]) };
    },
    seed(theta0, rates) {
      if (options.v0 === undefined) return null;
      const v = velocity0(options, theta0.length);
      return { field: 'accumulations', suffix: 'momentum', values: v.map((vi, i) => -vi / rates[i]) };
    },
    read(state, i, c) {
      const a = c.slots[0];
      state.a[i] = a;
      state.v[i] = -c.rate * a;
      state.lr[i] = c.rate;
      return c.value;
    },
  });
}

/**
 * tf.train.momentum(ε, μ, useNesterov = true). tf never evaluates a gradient elsewhere than
 * at its variable, so its variable is the look-ahead point φ = θ + μv: it steps
 * φ ← φ − ε(g(φ) + μa) with a ← μa + g(φ), which is the hand-written Nesterov rewritten in φ
 * (for a constant rate). The twin starts tf at φ₀ = θ₀ + μv₀ and reports θ = φ − μv.
 */
export function tfNesterov(options: MomentumOptions): Optimizer<TfNesterovState, MomentumOptions> {
  const { mu, schedule } = momentumHyperparameters(options);
  return makeTwin<TfNesterovState, MomentumOptions>({
    name: 'nesterov',
    label: `tf.js Nesterov μ=${mu} ε=${formatRate(options.lr)}${scheduleText(schedule)}`,
    options,
    lr: options.lr,
    schedule,
    create: (rate) => tf.train.momentum(rate, mu, true),
    slots: ['accumulations'],
    initial(theta0, rates) {
      const v = velocity0(options, theta0.length);
      return { v, lr: rates.slice(), a: v.map((vi, i) => -vi / rates[i]), ahead: theta0.map((x, i) => x + mu * v[i]) };
    },
    start(theta0) {
      const v = velocity0(options, theta0.length);
      return theta0.map((x, i) => x + mu * v[i]);
    },
    seed(theta0, rates) {
      if (options.v0 === undefined) return null;
      const v = velocity0(options, theta0.length);
      return { field: 'accumulations', suffix: 'momentum', values: v.map((vi, i) => -vi / rates[i]) };
    },
    read(state, i, c) {
      const a = c.slots[0];
      state.a[i] = a;
      state.v[i] = -c.rate * a;
      state.lr[i] = c.rate;
      state.ahead[i] = c.value;
      return c.value - mu * state.v[i];
    },
  });
}

// ---------------------------------------------------------------- AdaGrad

/**
 * AdaGrad's state. r is tf's accumulator, which starts at r₀ (tf.js's default 0.1, not 0),
 * and lr = ε/√(r + 1e-7): tf puts its constant (the backend's epsilon, 1e-7 in float32, not
 * settable) inside the square root, where the hand-written form adds δ outside it.
 */
export type TfAdagradState = AdagradState;

/**
 * tf.train.adagrad(ε, r₀). The options are adagrad's; `r0` becomes tf's
 * initialAccumulatorValue and defaults to tf.js's 0.1. Pass r0: 0 to match the hand-written
 * default (then only the 1e-7 inside the root differs); `delta` is not used by tf.
 */
export function tfAdagrad(options: AdagradOptions): Optimizer<TfAdagradState, AdagradOptions> {
  scalarOrArray('lr', options.lr);
  if (options.delta !== undefined) positive('delta', options.delta);
  const r0 = nonNegative('r0', options.r0 ?? 0.1);
  const schedule = checkSchedule(options.schedule);
  let inside = 1e-7;
  return makeTwin<TfAdagradState, AdagradOptions>({
    name: 'adagrad',
    label: `tf.js AdaGrad ε=${formatRate(options.lr)} r₀=${r0}${scheduleText(schedule)}`,
    options,
    lr: options.lr,
    schedule,
    create: (rate) => { inside = tf.backend().epsilon(); return tf.train.adagrad(rate, r0); },
    slots: ['accumulatedGrads'],
    initial: (theta0, rates) => ({ r: new Float64Array(theta0.length).fill(r0), lr: rates.slice() }),
    read(state, i, c) {
      state.r[i] = c.slots[0];
      state.lr[i] = c.rate / Math.sqrt(c.slots[0] + inside);
      return c.value;
    },
  });
}

// ---------------------------------------------------------------- RMSProp

/** tf-only RMSProp options, on top of rmsprop's. */
export interface TfRmspropOptions extends RmspropOptions {
  /** tf's momentum on the scaled step (default 0: plain RMSProp). */
  momentum?: number;
  /** tf's centered variant: divides by √(r − ḡ² + ε), ḡ a moving mean of g (default false). */
  centered?: boolean;
  /**
   * The constant tf adds to r *inside* the square root. Default δ², so that √(r + δ²) and
   * δ + √r agree both when r ≫ δ² and at r = 0; they never differ by more than δ.
   */
  epsilon?: number;
}

/**
 * RMSProp's state, plus `v` (minus tf's momentum slot: tf steps θ ← θ − mom with
 * mom ← μ·mom + ε g/√(r + ε_tf), so v = −mom is the step taken; it equals −lr∘g without
 * momentum) and, when centered, `mg` the moving mean of g. lr = ε/√(r + ε_tf) (centered:
 * ε/√(r − mg² + ε_tf), which is NaN once rounding makes r − mg² + ε_tf negative).
 */
export type TfRmspropState = RmspropState & { v: Vec; mg?: Vec };

/** tf.train.rmsprop(ε, ρ, momentum, δ², centered) with rmsprop's options. */
export function tfRmsprop(options: TfRmspropOptions): Optimizer<TfRmspropState, TfRmspropOptions> {
  const { rho, delta, schedule } = rmspropHyperparameters(options);
  const mu = unitInterval('momentum', options.momentum ?? 0);
  const centered = options.centered ?? false;
  if (typeof centered !== 'boolean') throw new TypeError(`centered must be true or false; got ${String(centered)}`);
  const epsilon = options.epsilon === undefined ? delta * delta : positive('epsilon', options.epsilon);
  return makeTwin<TfRmspropState, TfRmspropOptions>({
    name: 'rmsprop',
    label: `tf.js RMSProp${centered ? ' centered' : ''} ρ=${rho}${mu ? ` μ=${mu}` : ''} ε=${formatRate(options.lr)}${scheduleText(schedule)}`,
    options,
    lr: options.lr,
    schedule,
    create: (rate) => tf.train.rmsprop(rate, rho, mu, epsilon, centered),
    slots: centered ? ['accumulatedMeanSquares', 'accumulatedMoments', 'accumulatedMeanGrads'] : ['accumulatedMeanSquares', 'accumulatedMoments'],
    initial(theta0, rates) {
      const n = theta0.length;
      const s: TfRmspropState = { r: new Float64Array(n), lr: rates.slice(), v: new Float64Array(n) };
      if (centered) s.mg = new Float64Array(n);
      return s;
    },
    read(state, i, c) {
      const [r, mom, mg] = c.slots;
      state.r[i] = r;
      state.v[i] = -mom;
      if (state.mg) state.mg[i] = mg;
      state.lr[i] = c.rate / Math.sqrt(centered ? r - mg * mg + epsilon : r + epsilon);
      return c.value;
    },
  });
}

// ---------------------------------------------------------------- Adam and Adamax

/** Adam's state: tf's m and v slots are m and s; lr = ε/(√ŝ + δ). tf's update is adam's exactly. */
export type TfAdamState = AdamState;

/** tf.train.adam(ε, β₁, β₂, δ): the same bias-corrected update, δ outside the root as in adam. */
export function tfAdam(options: AdamOptions): Optimizer<TfAdamState, AdamOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  return makeTwin<TfAdamState, AdamOptions>({
    name: 'adam',
    label: `tf.js Adam β₁=${beta1} β₂=${beta2} ε=${formatRate(options.lr)}${scheduleText(schedule)}`,
    options,
    lr: options.lr,
    schedule,
    create: (rate) => tf.train.adam(rate, beta1, beta2, delta),
    slots: ['accumulatedFirstMoment', 'accumulatedSecondMoment'],
    initial: (theta0, rates) => ({ m: new Float64Array(theta0.length), s: new Float64Array(theta0.length), t: 0, lr: rates.slice() }),
    read(state, i, c) {
      state.m[i] = c.slots[0];
      state.s[i] = c.slots[1];
      state.t = c.steps;
      state.lr[i] = c.rate / (Math.sqrt(c.slots[1] / (1 - beta2 ** c.steps)) + delta);
      return c.value;
    },
  });
}

/** Adamax's state: tf's m and v (the decaying max of |g|) slots are m and u; lr = ε/((1 − β₁ᵗ)(u + δ)). */
export type TfAdamaxState = AdamaxState;

/** tf.train.adamax(ε, β₁, β₂, δ, decay 0): adamax's update exactly. */
export function tfAdamax(options: AdamaxOptions): Optimizer<TfAdamaxState, AdamaxOptions> {
  const { beta1, beta2, delta, schedule } = adamHyperparameters(options);
  return makeTwin<TfAdamaxState, AdamaxOptions>({
    name: 'adamax',
    label: `tf.js Adamax β₁=${beta1} β₂=${beta2} ε=${formatRate(options.lr)}${scheduleText(schedule)}`,
    options,
    lr: options.lr,
    schedule,
    create: (rate) => tf.train.adamax(rate, beta1, beta2, delta, 0),
    slots: ['accumulatedFirstMoment', 'accumulatedWeightedInfNorm'],
    initial: (theta0, rates) => ({ m: new Float64Array(theta0.length), u: new Float64Array(theta0.length), t: 0, lr: rates.slice() }),
    read(state, i, c) {
      state.m[i] = c.slots[0];
      state.u[i] = c.slots[1];
      state.t = c.steps;
      state.lr[i] = c.rate / ((1 - beta1 ** c.steps) * (c.slots[1] + delta));
      return c.value;
    },
  });
}

// ---------------------------------------------------------------- AdaDelta

/**
 * AdaDelta's state: tf's accum_grad and accum_var slots are r and u. tf scales the step with
 * the accumulator *before* this step's gradient is added, √(u + δ)/√(r_old + δ), where the
 * hand-written (Zeiler's) form uses the updated r; lr is that scale times ε.
 */
export type TfAdadeltaState = AdadeltaState;

/** tf.train.adadelta(ε, ρ, δ) with adadelta's options (ε defaults to 1, as there). */
export function tfAdadelta(options: AdadeltaOptions): Optimizer<TfAdadeltaState, AdadeltaOptions> {
  const { rho, delta, lr, schedule } = adadeltaHyperparameters(options);
  return makeTwin<TfAdadeltaState, AdadeltaOptions>({
    name: 'adadelta',
    label: `tf.js AdaDelta ρ=${rho}${options.lr === undefined ? '' : ` ε=${formatRate(lr)}`}${scheduleText(schedule)}`,
    options,
    lr,
    schedule,
    create: (rate) => tf.train.adadelta(rate, rho, delta),
    slots: ['accumulatedGrads', 'accumulatedUpdates'],
    initial: (theta0, rates) => ({ r: new Float64Array(theta0.length), u: new Float64Array(theta0.length), lr: rates.slice() }),
    read(state, i, c) {
      // The old r and u are still in the state: the scale this step used.
      state.lr[i] = c.rate * Math.sqrt(state.u[i] + delta) / Math.sqrt(state.r[i] + delta);
      state.r[i] = c.slots[0];
      state.u[i] = c.slots[1];
      return c.value;
    },
  });
}
