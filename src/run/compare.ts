import type { OptimizerState, Trajectory } from '../core/types.js';
import { maxAbsDiff } from '../core/vec.js';

export interface RunComparison {
  /** max_i |θ_a[t][i] − θ_b[t][i]| for each t both runs reached. */
  readonly perStep: number[];
  /** The largest of perStep, and the step where it happened. */
  readonly max: number;
  readonly maxStep: number;
}

/**
 * Per-step difference of two runs of the same experiment (hand-written vs tf.js).
 * Compares the iterates, or another per-step vector via `pick` (a state, say). The runs keep
 * their state types, so `(run, t) => run.states[t].v` needs no cast when both have a `v`.
 */
export function compareRuns<A extends OptimizerState, B extends OptimizerState>(
  a: Trajectory<A>,
  b: Trajectory<B>,
  pick: (run: Trajectory<A> | Trajectory<B>, t: number) => ArrayLike<number> = (run, t) => run.points[t],
): RunComparison {
  const n = Math.min(a.points.length, b.points.length);
  const perStep = Array.from({ length: n }, (_, t) => maxAbsDiff(pick(a, t), pick(b, t)));
  let maxStep = 0;
  perStep.forEach((d, t) => { if (d > perStep[maxStep]) maxStep = t; });
  return { perStep, max: perStep[maxStep] ?? 0, maxStep };
}

/**
 * The one-line parity report every notebook prints after a hand-written vs tf.js pair,
 * in a fixed format the notebook tests parse:
 * `parity[momentum μ=0.9]: max |Δθ| = 3.1e-7 at step 42, tolerance 1e-5: ok`
 * `where` says, in a few words, where the difference comes from (float32, a formula);
 * `quantity` names what was compared (θ by default; v or r when `compareRuns` picked a state).
 */
export function parityLine(label: string, comparison: RunComparison, tolerance: number, where = '', quantity = 'θ'): string {
  const ok = comparison.max <= tolerance;
  const text = `parity[${label}]: max |Δ${quantity}| = ${comparison.max.toExponential(2)} at step ${comparison.maxStep}, ` +
    `tolerance ${tolerance.toExponential(0)}: ${ok ? 'ok' : 'EXCEEDED'}`;
  return where ? `${text} (${where})` : text;
}
