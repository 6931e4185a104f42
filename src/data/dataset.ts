import { type Vec, type VecLike, vec } from '../core/vec.js';
import { positiveInt } from '../core/validate.js';

/**
 * A small table of examples: one row of features per example and one target each
 * (a real number for regression, a class index 0…K−1 for classification).
 * (Named apart from mnist.ts's image `Dataset`.)
 */
export interface TabularDataset {
  readonly name: string;
  readonly x: readonly Vec[];
  readonly y: Float64Array;
  readonly featureNames?: readonly string[];
  readonly classNames?: readonly string[];
}

/** Builds a TabularDataset from plain arrays, checking that the shapes agree. */
export function tabular(
  x: readonly VecLike[],
  y: VecLike,
  extra: { name?: string; featureNames?: readonly string[]; classNames?: readonly string[] } = {},
): TabularDataset {
  const rows = checkRows(x, y);
  return { name: extra.name ?? `data (${rows.length}×${rows[0].length})`, x: rows, y: Float64Array.from(y), featureNames: extra.featureNames, classNames: extra.classNames };
}

/** Validates a design matrix and targets; returns the rows as vectors. */
export function checkRows(x: readonly VecLike[], y: VecLike): Vec[] {
  if (!Array.isArray(x) || x.length === 0) throw new RangeError(`x must be a non-empty array of rows; got ${x.length ?? String(x)} rows`);
  if (y.length !== x.length) throw new RangeError(`y must have one target per row of x (${x.length}); got ${y.length}`);
  const d = x[0].length;
  return x.map((row, i) => {
    if (row.length !== d) throw new RangeError(`x[${i}] must have ${d} features like x[0]; got ${row.length}`);
    for (let j = 0; j < d; j++) if (!Number.isFinite(row[j])) throw new RangeError(`x[${i}][${j}] must be a finite number; got ${row[j]}`);
    if (!Number.isFinite(y[i])) throw new RangeError(`y[${i}] must be a finite number; got ${y[i]}`);
    return vec(row);
  });
}

/**
 * The data set repeated `times` times, one copy after another. Its mean loss and full
 * gradient are exactly those of the original, while one full gradient costs `times` as much:
 * the redundancy argument for stochastic gradients.
 */
export function duplicate(data: TabularDataset, times: number): TabularDataset {
  const k = positiveInt('times', times);
  const x: Vec[] = [];
  const y = new Float64Array(data.y.length * k);
  for (let c = 0; c < k; c++) {
    data.x.forEach((row) => x.push(row.slice()));
    y.set(data.y, c * data.y.length);
  }
  return { ...data, name: `${data.name} ×${k}`, x, y };
}

/** Each feature shifted and scaled to mean 0 and standard deviation 1 (population); constant features are only centred. */
export function standardize(rows: readonly Vec[]): Vec[] {
  const n = rows.length;
  const d = rows[0].length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  for (const r of rows) for (let j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  return rows.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
}
