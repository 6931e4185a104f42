import type { Objective, Optimizer, OptimizerState, Trajectory } from '../core/types.js';
import { type VecLike, isFiniteVec } from '../core/vec.js';
import { nonNegative, point, positiveInt } from '../core/validate.js';

/** How often an objective was asked for each kind of information. */
export interface EvaluationCounts {
  values: number;
  gradients: number;
  hessians: number;
}

/** An objective that counts its own evaluations (all other properties pass through). */
export type CountingObjective<T extends Objective = Objective> = T & {
  readonly counts: EvaluationCounts;
  /** Sets every count back to zero. */
  reset(): void;
};

/**
 * Wraps an objective so that every value, gradient and Hessian it computes is counted.
 * Counting evaluations (rather than timing them) gives a cost measure that is the same on
 * every machine and every run. Extra properties (a minibatch objective's batch(), ...) are
 * kept.
 */
export function countingObjective<T extends Objective>(objective: T): CountingObjective<T> {
  if (!objective || typeof objective.gradient !== 'function' || typeof objective.value !== 'function') {
    throw new TypeError(`objective must be an Objective (with value and gradient); got ${String(objective)}`);
  }
  const counts: EvaluationCounts = { values: 0, gradients: 0, hessians: 0 };
  const wrapped = {
    ...objective,
    counts,
    reset() { counts.values = 0; counts.gradients = 0; counts.hessians = 0; },
    value(theta: Parameters<Objective['value']>[0]) { counts.values++; return objective.value(theta); },
    gradient(theta: Parameters<Objective['gradient']>[0], step?: number) { counts.gradients++; return objective.gradient(theta, step); },
  } as CountingObjective<T>;
  if (typeof objective.hessian === 'function') {
    (wrapped as Objective).hessian = (theta) => { counts.hessians++; return objective.hessian!(theta); };
  }
  return wrapped;
}

/**
 * The first iteration t at which L(θ_t) − target ≤ tol, or null if the run never got there.
 * `target` is the minimum value (0 for the bowls).
 */
export function stepsToTolerance(run: Trajectory, tol: number, target = 0): number | null {
  nonNegative('tol', tol);
  if (!Number.isFinite(target)) throw new RangeError(`target must be a finite number; got ${target}`);
  const t = run.losses.findIndex((l) => l - target <= tol);
  return t < 0 ? null : t;
}

/** The second-order and first-order methods whose per-step cost the notebooks compare. */
export type StepMethod = 'gd' | 'newton' | 'bfgs';

/** Per-step cost of a method in n dimensions, outside the objective's own evaluations. */
export interface StepCostModel {
  readonly method: StepMethod;
  readonly n: number;
  /** Arithmetic of the update itself (multiplications and additions), leading terms. */
  readonly flops: number;
  /** Numbers the method must hold besides θ and g: the Hessian or its inverse approximation. */
  readonly memory: number;
  /** The formula behind `flops`, for tables. */
  readonly formula: string;
}

/**
 * A leading-order operation count for one update, the linear algebra only (gradients and
 * Hessians are counted separately, by countingObjective):
 * - gd: θ ← θ − εg, 2n flops, nothing stored.
 * - newton: solve H d = g by Gaussian elimination, ≈ ⅔n³ + 2n² flops, and the n×n Hessian.
 * - bfgs: p = −Hg (2n²), Hy (2n²), the rank-two update of H (≈ 8n²): ≈ 12n² flops and
 *   an n×n inverse-Hessian approximation; no matrix is ever factorised.
 */
export function stepCost(method: StepMethod, n: number): StepCostModel {
  positiveInt('n', n);
  switch (method) {
    case 'gd': return { method, n, flops: 2 * n, memory: 0, formula: '2n' };
    case 'newton': return { method, n, flops: (2 / 3) * n ** 3 + 2 * n * n, memory: n * n, formula: '⅔n³ + 2n²' };
    case 'bfgs': return { method, n, flops: 12 * n * n, memory: n * n, formula: '12n²' };
    default: throw new TypeError(`method must be 'gd', 'newton' or 'bfgs'; got ${JSON.stringify(method)}`);
  }
}

/**
 * A Markdown table from rows of cells (numbers are printed as given by `format`, default
 * 4 significant digits). For notebooks: tslab.display.markdown(markdownTable(...)).
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
  format: (x: number) => string = (x) => (Number.isInteger(x) ? String(x) : x.toPrecision(4)),
): string {
  if (!Array.isArray(headers) || headers.length === 0) throw new RangeError('headers must be a non-empty array of strings');
  rows.forEach((r, i) => {
    if (r.length !== headers.length) throw new RangeError(`rows[${i}] must have ${headers.length} cells (one per header); got ${r.length}`);
  });
  const cell = (c: string | number | null) => (c === null ? '—' : typeof c === 'number' ? format(c) : c).replace(/\|/g, '\\|');
  const line = (cells: readonly (string | number | null)[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

export interface CostToToleranceOptions<S extends OptimizerState> {
  optimizer: Optimizer<S>;
  objective: Objective;
  start: VecLike;
  /** Stop counting at the first iterate with L(θ) − target ≤ tol. */
  tol: number;
  /** The minimum value (default 0). */
  target?: number;
  /** Give up after this many steps. */
  maxSteps: number;
}

export interface CostToTolerance {
  readonly label: string;
  /** Steps until L − target ≤ tol, or null if maxSteps were not enough (counts then cover maxSteps). */
  readonly steps: number | null;
  /** Evaluations made by those steps (the runner's own loss evaluations excluded). */
  readonly counts: EvaluationCounts;
  readonly diverged: boolean;
}

/**
 * Runs an optimizer until it reaches the tolerance and counts what it asked the objective
 * for on the way: a deterministic cost, unlike a timing. The loss checks that decide when to
 * stop are made on the uncounted objective, so only the optimizer's own requests count.
 */
export function costToTolerance<S extends OptimizerState>(options: CostToToleranceOptions<S>): CostToTolerance {
  const { optimizer, objective } = options;
  const maxSteps = positiveInt('maxSteps', options.maxSteps);
  const tol = nonNegative('tol', options.tol);
  const target = options.target ?? 0;
  if (!Number.isFinite(target)) throw new RangeError(`target must be a finite number; got ${target}`);
  const theta = point('start', options.start, objective.dim);
  const counted = countingObjective(objective);
  const state = optimizer.init(theta);
  let steps: number | null = objective.value(theta) - target <= tol ? 0 : null;
  let diverged = false;
  try {
    for (let t = 0; t < maxSteps && steps === null; t++) {
      try {
        optimizer.step(theta, state, counted, t);
      } catch {
        diverged = true;
        break;
      }
      const loss = objective.value(theta);
      if (!Number.isFinite(loss) || !isFiniteVec(theta)) { diverged = true; break; }
      if (loss - target <= tol) steps = t + 1;
    }
  } finally {
    optimizer.dispose?.(state);
  }
  return { label: optimizer.label, steps, counts: { ...counted.counts }, diverged };
}
