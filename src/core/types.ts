import type { Matrix, Vec } from './vec.js';

/** A plotting window for 2-D objectives. */
export interface Domain2D {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/**
 * A loss surface L(θ): its value, analytic gradient and (when known) Hessian.
 * `step` is the optimizer's step index; deterministic objectives ignore it, stochastic
 * ones (seeded noise, minibatches) use it so that every gradient taken during one step
 * (Nesterov's look-ahead, say) sees the same noise or batch.
 */
export interface Objective {
  readonly name: string;
  /** The formula in LaTeX, for notebooks and figure captions. */
  readonly tex: string;
  readonly dim: number;
  value(theta: Vec): number;
  gradient(theta: Vec, step?: number): Vec;
  hessian?(theta: Vec): Matrix;
  /** Known minima (global first), for figures and tests. */
  readonly minima?: readonly Vec[];
  /** A good window to draw it in (2-D objectives). */
  readonly domain?: Domain2D;
}

/**
 * An optimizer's explicit state: named vectors and numbers, named as in the notebooks'
 * maths (v velocity, r accumulated g∘g, m and s Adam's moments, lr the effective
 * per-coordinate rate this step). Plain data, so a run can record and plot it.
 *
 * Two names mean different things in options and in state, on purpose (the notebooks plot
 * the state's):
 * - `lr` in the options is the base rate ε (ε₀ under a schedule); `lr` in the state is the
 *   effective per-coordinate rate the last step applied: ε_t = ε·factor(t), divided by the
 *   preconditioner's root for the adaptive methods (ε/(δ + √r) for RMSProp).
 * - the `t` argument of step() is the 0-based step index a schedule sees; `t` in Adam's,
 *   Adamax's and NAdam's state counts the updates taken, from 1, the t of 1 − βᵗ.
 */
export type OptimizerState = Record<string, Vec | number>;

/**
 * An optimizer in the optax mould: `init` makes the state for a start point, `step`
 * applies one update. `step` advances θ and the state in place (no allocation on the hot
 * path) and returns the gradient it used; the runner copies what it records.
 */
export interface Optimizer<S extends OptimizerState = OptimizerState, O extends object = object> {
  /** Short machine name: 'gd', 'momentum', 'rmsprop', ... */
  readonly name: string;
  /** Human label with the hyperparameters, for legends: 'momentum μ=0.9 ε=0.125'. */
  readonly label: string;
  /** Who computes the update: our own loops, or a tf.train optimizer. */
  readonly impl: 'hand-written' | 'tfjs';
  /** The validated hyperparameters, as given. */
  readonly options: Readonly<O>;
  /** What the objective must provide besides value and gradient (Newton needs the Hessian); checked before a run. */
  readonly needs?: readonly 'hessian'[];
  /** Fresh state for a start point; per-parameter options are checked against its length here. */
  init(theta0: Vec): S;
  /**
   * One update at step index t (0-based: what schedules and stochastic objectives see, not
   * Adam's state.t). Mutates θ and state; returns the gradient used.
   */
  step(theta: Vec, state: S, objective: Objective, t: number): Vec;
  /** Frees what the state holds outside JavaScript (tf.js variables). */
  dispose?(state: S): void;
}

/** A learning-rate schedule: the factor by which the base rate ε₀ is multiplied at step t. */
export interface Schedule {
  readonly name: string;
  readonly label: string;
  factor(t: number): number;
}

/** Why a run stopped early. */
export interface Divergence {
  /** The step whose update produced the bad value (0-based). */
  readonly step: number;
  readonly reason: string;
}

/** What a run produced; arrays are indexed by iteration. */
export interface Trajectory<S extends OptimizerState = OptimizerState> {
  readonly optimizer: string;
  readonly label: string;
  readonly impl: 'hand-written' | 'tfjs';
  readonly objective: string;
  /** θ₀ … θ_T: the start and the iterate after each completed step (T + 1 entries). */
  readonly points: Vec[];
  /** L(θ_t) for each point. */
  readonly losses: number[];
  /** The gradient used by step t (T entries). */
  readonly grads: Vec[];
  /** The state before the first step, then after each step (T + 1 entries, aligned with points). */
  readonly states: S[];
  /** Steps completed (T). */
  readonly steps: number;
  /** Set when a value became NaN/∞ or blew past the limit; the run stopped there. */
  readonly diverged: Divergence | null;
}
