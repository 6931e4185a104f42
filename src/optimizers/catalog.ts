/**
 * The catalogue of hand-written optimizers: for each, its factory, its options with their
 * defaults and what is allowed, and its update in TeX. Pure (no tf.js): the live explorers'
 * browser bundle builds their optimizers from it. src/registry.ts adds each one's tf.js twin,
 * formula card and trainer rule: together they are the one registry of optimizers.
 */
import type { Optimizer } from '../core/types.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam, adamDefaults } from './adam.js';
import { adamBasic } from './adamBasic.js';
import { adamax } from './adamax.js';
import { adamw } from './adamw.js';
import { articleRmsprop } from './articleRmsprop.js';
import { bfgs } from './bfgs.js';
import { centeredRmsprop } from './centeredRmsprop.js';
import { gd } from './gd.js';
import { momentum } from './momentum.js';
import { nadam } from './nadam.js';
import { nesterov } from './nesterov.js';
import { newton } from './newton.js';
import { rmsprop } from './rmsprop.js';
import type { GradientOptions } from './transforms.js';

/** One option of an optimizer. */
export interface OptionSpec {
  /** What it is, in the notebooks' symbols. */
  readonly doc: string;
  /** What is allowed, in the words of the validation errors. */
  readonly allowed: string;
  /** The default when left out; absent for a required option. */
  readonly default?: number | string;
}

export interface CatalogEntry<O extends object = object> {
  /** The optimizer's `name` (what trajectories record). */
  readonly name: string;
  /** Human title, for tables. */
  readonly title: string;
  /**
   * 'first-order': built on transforms, accepts clipValue, clipNorm and weightDecay;
   * 'look-ahead': takes the gradient itself (Nesterov), 'second-order': needs curvature
   * (Newton, BFGS; not for networks), 'quirk': the article's printed code, kept as printed.
   */
  readonly kind: 'first-order' | 'look-ahead' | 'second-order' | 'quirk';
  /** The hand-written update in TeX. */
  readonly formula: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Valid options, for tables and tests. */
  readonly example: O;
  make(options: O): Optimizer;
}

const lr: OptionSpec = { doc: 'ε, the base rate (times the schedule\'s factor)', allowed: 'a number > 0, or an array of them, one per parameter' };
const schedule: OptionSpec = { doc: 'the decay of ε over the steps', allowed: 'a Schedule (exponentialDecay, stepDecay, ...)', default: 'none' };
const rho: OptionSpec = { doc: 'ρ, the decay of the average of g∘g', allowed: 'a number in [0, 1)' };
const mu: OptionSpec = { doc: 'μ, the share of the velocity kept each step', allowed: 'a number in [0, 1)' };
const v0: OptionSpec = { doc: 'v₀, the initial velocity', allowed: 'a finite number, or one per parameter', default: 0 };
const delta = (value: number, where = 'after the root'): OptionSpec => ({ doc: `δ, the small constant ${where}`, allowed: 'a number > 0', default: value });
const beta1: OptionSpec = { doc: 'β₁, the decay of the first moment m', allowed: 'a number in [0, 1)', default: adamDefaults.beta1 };
const beta2: OptionSpec = { doc: 'β₂, the decay of the second moment', allowed: 'a number in [0, 1)', default: adamDefaults.beta2 };
/** clipValue, clipNorm, weightDecay: what every chain-built optimizer accepts. */
const gradient = (decay = 'λ, L2 weight decay: λθ added to the gradient'): Record<keyof GradientOptions, OptionSpec> => ({
  clipValue: { doc: 'clip each coordinate of g to [−c, c]', allowed: 'a number > 0', default: 'none' },
  clipNorm: { doc: 'rescale g to norm ≤ c', allowed: 'a number > 0', default: 'none' },
  weightDecay: { doc: decay, allowed: 'a number ≥ 0', default: 'none' },
});

/** Types one entry (each keeps its own options type; the list holds them all). */
const entry = <O extends object>(e: CatalogEntry<O>): CatalogEntry<O> => e;

export const optimizerCatalog: readonly CatalogEntry[] = [
  entry({
    name: 'gd', title: 'GD', kind: 'first-order', formula: String.raw`\theta \leftarrow \theta - \varepsilon \circ g`,
    options: { lr, schedule, ...gradient() }, example: { lr: 0.1 },
    make: gd,
  }),
  entry({
    name: 'momentum', title: 'momentum', kind: 'first-order',
    formula: String.raw`v \leftarrow \mu v - \varepsilon \circ g, \quad \theta \leftarrow \theta + v`,
    options: { lr, momentum: mu, v0, schedule, ...gradient() }, example: { lr: 0.05, momentum: 0.9 },
    make: momentum,
  }),
  entry({
    name: 'nesterov', title: 'Nesterov', kind: 'look-ahead',
    formula: String.raw`v \leftarrow \mu v - \varepsilon \circ g(\theta + \mu v), \quad \theta \leftarrow \theta + v`,
    options: { lr, momentum: mu, v0, schedule }, example: { lr: 0.05, momentum: 0.9 },
    make: nesterov,
  }),
  entry({
    name: 'adagrad', title: 'AdaGrad', kind: 'first-order',
    formula: String.raw`r \leftarrow r + g \circ g, \quad \theta \leftarrow \theta - \frac{\varepsilon}{\delta + \sqrt r} \circ g`,
    options: { lr, delta: delta(1e-6), r0: { doc: 'r₀, where the accumulator starts', allowed: 'a number ≥ 0', default: 0 }, schedule, ...gradient() },
    example: { lr: 0.5 }, make: adagrad,
  }),
  entry({
    name: 'rmsprop', title: 'RMSProp', kind: 'first-order',
    formula: String.raw`r \leftarrow \rho r + (1-\rho)\, g \circ g, \quad \theta \leftarrow \theta - \frac{\varepsilon}{\delta + \sqrt r} \circ g`,
    options: { lr, rho, delta: delta(1e-6), schedule, ...gradient() }, example: { lr: 0.05, rho: 0.9 },
    make: rmsprop,
  }),
  entry({
    name: 'rmsprop-centered', title: 'centered RMSProp', kind: 'first-order',
    formula: String.raw`r \leftarrow \rho r + (1-\rho)\, g \circ g, \quad \bar g \leftarrow \rho \bar g + (1-\rho)\, g, \quad \theta \leftarrow \theta - \frac{\varepsilon}{\delta + \sqrt{r - \bar g \circ \bar g}} \circ g`,
    options: { lr, rho, delta: delta(1e-6), momentum: { ...mu, default: 0 }, schedule, ...gradient() }, example: { lr: 0.01, rho: 0.9 },
    make: centeredRmsprop,
  }),
  entry({
    name: 'article-rmsprop', title: 'the article\'s printed RMSProp', kind: 'quirk',
    formula: String.raw`r \leftarrow \rho r + (1-\rho)\, g \circ g, \quad \varepsilon \leftarrow \frac{\varepsilon}{\delta + \sqrt r}, \quad \theta \leftarrow \theta - \varepsilon \circ g`,
    options: { lr, rho, delta: delta(1e-6), schedule }, example: { lr: 0.05, rho: 0.9 }, make: articleRmsprop,
  }),
  entry({
    name: 'adam-basic', title: 'basic Adam', kind: 'first-order',
    formula: String.raw`r \leftarrow \rho r + (1-\rho)\, g \circ g, \quad v \leftarrow \mu v - \frac{\varepsilon}{\delta + \sqrt r} \circ g, \quad \theta \leftarrow \theta + v`,
    options: { lr, momentum: mu, rho, delta: delta(1e-6), v0, schedule, ...gradient() }, example: { lr: 0.05, momentum: 0.8, rho: 0.99 },
    make: adamBasic,
  }),
  entry({
    name: 'adam', title: 'Adam', kind: 'first-order',
    formula: String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g, \quad s \leftarrow \beta_2 s + (1-\beta_2)\, g \circ g, \quad \theta \leftarrow \theta - \varepsilon\, \frac{m/(1-\beta_1^t)}{\sqrt{s/(1-\beta_2^t)} + \delta}`,
    options: { lr, beta1, beta2, delta: delta(adamDefaults.delta), schedule, ...gradient() }, example: { lr: 0.1 },
    make: adam,
  }),
  entry({
    name: 'adamw', title: 'AdamW', kind: 'first-order',
    formula: String.raw`\theta \leftarrow \theta - \varepsilon \lambda \theta - \varepsilon\, \frac{\hat m}{\sqrt{\hat s} + \delta} \quad (\hat m, \hat s \text{ as in Adam})`,
    options: { lr, beta1, beta2, delta: delta(adamDefaults.delta), schedule, ...gradient('λ, decoupled: θ shrinks by ελθ, outside Adam\'s scaling'), weightDecay: { doc: 'λ, decoupled: θ shrinks by ελθ, outside Adam\'s scaling', allowed: 'a number ≥ 0', default: 0.01 } },
    example: { lr: 0.1, weightDecay: 0.01 }, make: adamw,
  }),
  entry({
    name: 'nadam', title: 'NAdam', kind: 'first-order',
    formula: String.raw`\theta \leftarrow \theta - \varepsilon\, \frac{\mu_{t+1} m/(1 - \prod_{i \le t+1}\mu_i) + (1-\mu_t)\, g/(1 - \prod_{i \le t}\mu_i)}{\sqrt{\hat s} + \delta}, \quad \mu_t = \beta_1\bigl(1 - \tfrac12 0.96^{t\psi}\bigr)`,
    options: { lr, beta1, beta2, delta: delta(adamDefaults.delta), momentumDecay: { doc: 'ψ, how fast μ_t climbs to β₁', allowed: 'a number ≥ 0', default: 0.004 }, schedule, ...gradient() },
    example: { lr: 0.05 }, make: nadam,
  }),
  entry({
    name: 'adamax', title: 'Adamax', kind: 'first-order',
    formula: String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g, \quad u \leftarrow \max(\beta_2 u, |g|), \quad \theta \leftarrow \theta - \frac{\varepsilon}{1-\beta_1^t}\, \frac{m}{u + \delta}`,
    options: { lr, beta1, beta2: { ...beta2, doc: 'β₂, the decay of the running maximum u' }, delta: delta(adamDefaults.delta, 'added to u'), schedule, ...gradient() },
    example: { lr: 0.1 }, make: adamax,
  }),
  entry({
    name: 'adadelta', title: 'AdaDelta', kind: 'first-order',
    formula: String.raw`r \leftarrow \rho r + (1-\rho)\, g \circ g, \quad \Delta = \frac{\sqrt{u + \delta}}{\sqrt{r + \delta}} \circ g, \quad u \leftarrow \rho u + (1-\rho)\, \Delta \circ \Delta, \quad \theta \leftarrow \theta - \varepsilon \Delta`,
    options: { rho, delta: delta(1e-7, 'inside both roots'), lr: { ...lr, default: 1 }, schedule, ...gradient() },
    example: { rho: 0.95 }, make: adadelta,
  }),
  entry({
    name: 'newton', title: 'Newton', kind: 'second-order', formula: String.raw`\theta \leftarrow \theta - \varepsilon\, H^{-1} g`,
    options: { lr: { doc: 'ε, the fraction of the Newton step taken', allowed: 'a number > 0', default: 1 } }, example: { lr: 1 }, make: newton,
  }),
  entry({
    name: 'bfgs', title: 'BFGS', kind: 'second-order',
    formula: String.raw`\theta \leftarrow \theta - \alpha B g, \quad B \text{ updated so that } B y = s`,
    options: { lr: { doc: 'α₀, the first step the line search tries', allowed: 'a number > 0', default: 1 } }, example: {}, make: bfgs,
  }),
];

/** The catalogue's entry for an optimizer name ('adam', 'rmsprop-centered', ...). */
export function catalogEntry(name: string, where = 'name'): CatalogEntry {
  const found = optimizerCatalog.find((e) => e.name === name);
  if (!found) throw new RangeError(`${where} must be one of ${optimizerCatalog.map((e) => e.name).join(', ')}; got ${JSON.stringify(name)}`);
  return found;
}
