/**
 * One registry of the optimizers: for each, the hand-written factory, its options with their
 * defaults and what is allowed, and its update in TeX (the catalogue, src/optimizers/
 * catalog.ts, pure and shared with the explorers' browser bundle), plus its tf.js twin (if
 * any), its formula card and the tf.train rule the trainers use. The tests, the network
 * trainers, the notebooks' tables and the explorers read it instead of keeping their own lists.
 */
import type { Optimizer } from './core/types.js';
import { type CatalogEntry, type OptionSpec, optimizerCatalog } from './optimizers/catalog.js';
import type { GradientOptions } from './optimizers/transforms.js';
import type { CardName } from './tfjs/cards.js';
import { type TfRmspropOptions, tfAdadelta, tfAdagrad, tfAdam, tfAdamax, tfGd, tfMomentum, tfNesterov, tfRmsprop } from './tfjs/twins.js';
import type { TfTrainName } from './train/trainers.js';

export type { CatalogEntry, OptionSpec } from './optimizers/catalog.js';
export { catalogEntry, optimizerCatalog } from './optimizers/catalog.js';

export interface OptimizerEntry<O extends object = object> extends CatalogEntry<O> {
  /** The tf.js twin (same options, tf.train computing the update). */
  twin?(options: O): Optimizer;
  /** The card comparing it with tf.train (formulaCard(card)). */
  readonly card?: CardName;
  /** The tf.train optimizer tfjsTrainer runs under this rule, and its legend name. */
  readonly trainer?: { readonly name: TfTrainName; readonly title: string };
}

/**
 * A twin that refuses what tf.train cannot do, rather than silently dropping it: the twins
 * have no clipping or weight decay.
 */
function twinOf<O extends GradientOptions>(title: string, make: (options: O) => Optimizer): (options: O) => Optimizer {
  return (options) => {
    for (const key of ['clipValue', 'clipNorm', 'weightDecay'] as const) {
      if (options[key] !== undefined) throw new RangeError(`${key}: the tf.js twin of ${title} has no ${key}; leave it out to compare the two`);
    }
    return make(options);
  };
}

/** What tf.js adds to each catalogue entry: its twin, its formula card, its trainer rule. */
const tfParts: Readonly<Record<string, Pick<OptimizerEntry, 'twin' | 'card' | 'trainer'>>> = {
  gd: { twin: twinOf('GD', tfGd), card: 'gd', trainer: { name: 'sgd', title: 'SGD' } },
  momentum: { twin: twinOf('momentum', tfMomentum), card: 'momentum', trainer: { name: 'momentum', title: 'momentum' } },
  nesterov: { twin: tfNesterov, card: 'nesterov', trainer: { name: 'nesterov', title: 'Nesterov' } },
  adagrad: { twin: twinOf('AdaGrad', tfAdagrad), card: 'adagrad', trainer: { name: 'adagrad', title: 'AdaGrad' } },
  rmsprop: { twin: twinOf('RMSProp', tfRmsprop), card: 'rmsprop', trainer: { name: 'rmsprop', title: 'RMSProp' } },
  'rmsprop-centered': { twin: twinOf('centered RMSProp', (o: TfRmspropOptions) => tfRmsprop({ ...o, centered: true })), card: 'rmsprop' },
  'adam-basic': { twin: twinOf('basic Adam', tfRmsprop) },
  adam: { twin: twinOf('Adam', tfAdam), card: 'adam', trainer: { name: 'adam', title: 'Adam' } },
  adamax: { twin: twinOf('Adamax', tfAdamax), card: 'adamax' },
  adadelta: { twin: twinOf('AdaDelta', tfAdadelta), card: 'adadelta' },
};

export const optimizerRegistry: readonly OptimizerEntry[] = optimizerCatalog.map((e) => ({ ...e, ...tfParts[e.name] }));

/** The registry's entry for an optimizer name ('adam', 'rmsprop-centered', ...). */
export function optimizerEntry(name: string): OptimizerEntry {
  const found = optimizerRegistry.find((e) => e.name === name);
  if (!found) throw new RangeError(`name must be one of ${optimizerRegistry.map((e) => e.name).join(', ')}; got ${JSON.stringify(name)}`);
  return found;
}

const cell = (v: number | string | undefined): string => (v === undefined ? 'required' : String(v));

/**
 * A markdown table of the registered optimizers (or some of them): update, options with
 * defaults, and the tf.js twin. Show it with tslab.display.markdown(optimizerTable()).
 */
export function optimizerTable(names?: readonly string[]): string {
  const entries = names ? names.map(optimizerEntry) : optimizerRegistry;
  const rows = entries.map((e) => {
    const opts = Object.entries(e.options).map(([k, s]) => `\`${k}\` (${cell(s.default)})`).join(', ');
    return `| ${e.title} (\`${e.name}\`) | $${e.formula}$ | ${opts} | ${e.twin ? 'yes' : '—'} |`;
  });
  return ['| optimizer | update | options (default) | tf.js twin |', '|---|---|---|---|', ...rows].join('\n');
}
