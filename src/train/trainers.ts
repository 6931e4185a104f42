/**
 * Who updates the network's weights. Two kinds share one interface:
 *  - tfjsTrainer: a tf.train optimizer applying tf.js gradients to the tf.js variables;
 *  - handWrittenTrainer: any of the library's hand-written optimizers (gd, momentum, adam…),
 *    which sees the network as a plain objective over the flattened weights θ
 *    (a Float64Array) whose gradient happens to come from tf.variableGrads.
 * Both report the minibatch loss at the weights the step started from.
 */
import * as tf from '@tensorflow/tfjs';
import type { Objective, Optimizer, OptimizerState } from '../core/types.js';
import { positive, unitInterval } from '../core/validate.js';
import { adamHyperparameters } from '../optimizers/adam.js';
import { optimizerRegistry } from '../registry.js';
import type { Mlp } from './mlp.js';

/** What one update reports. */
export interface StepOutcome {
  /**
   * Minibatch loss at the weights before the update (for a hand-written optimizer: at the first
   * point it asked a gradient for, which is Nesterov's look-ahead point for nesterov()).
   */
  readonly loss: number;
  /** ‖∂L/∂W_l‖ for each layer (input side first), when asked for. */
  readonly layerNorms: number[] | null;
  /** ‖∂L/∂b_l‖ for each layer: the back-propagated signal itself, summed over the batch. */
  readonly biasNorms: number[] | null;
}

/** A trainer bound to one network for one run. */
export interface TrainerSession {
  /** One update on the batch (x inputs, y one-hot targets); t is the 0-based step. */
  step(x: tf.Tensor2D, y: tf.Tensor2D, t: number, wantNorms: boolean): StepOutcome;
  /** Frees the optimizer's state (tf.js slot variables). */
  dispose(): void;
}

export interface Trainer {
  /** Machine name of the update rule: 'sgd', 'momentum', 'adam', … */
  readonly name: string;
  /** Legend label with hyperparameters and implementation. */
  readonly label: string;
  readonly impl: 'tfjs' | 'hand-written';
  start(model: Mlp): TrainerSession;
}

export type TfTrainName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam';
/** The rules tfjsTrainer runs and their legend names, from the optimizer registry. */
const tfRules = (): Map<TfTrainName, string> =>
  new Map(optimizerRegistry.flatMap((e) => (e.trainer ? [[e.trainer.name, e.trainer.title] as const] : [])));

/** The project's option names, mapped onto tf.train's positional arguments. */
export interface TfTrainOptions {
  /** ε. */
  lr: number;
  /** μ (momentum, nesterov). */
  momentum?: number;
  /** ρ (rmsprop; default 0.9). */
  rho?: number;
  /** δ (rmsprop, adam; default tf.js's 1e-7). tf.js's adagrad has no δ of its own. */
  delta?: number;
  /** β₁, β₂ (adam; defaults 0.9, 0.999). */
  beta1?: number;
  beta2?: number;
}

function makeTfOptimizer(name: TfTrainName, o: TfTrainOptions): { build: () => tf.Optimizer; hyper: string } {
  const lr = positive('lr', o.lr);
  switch (name) {
    case 'sgd':
      return { build: () => tf.train.sgd(lr), hyper: `ε=${lr}` };
    case 'momentum':
    case 'nesterov': {
      const mu = unitInterval('momentum', o.momentum);
      return { build: () => tf.train.momentum(lr, mu, name === 'nesterov'), hyper: `μ=${mu} ε=${lr}` };
    }
    case 'adagrad':
      // tf.js starts the accumulator at 0.1 (its default), which tames the very first steps.
      return { build: () => tf.train.adagrad(lr), hyper: `ε=${lr}` };
    case 'rmsprop': {
      const rho = unitInterval('rho', o.rho ?? 0.9);
      const delta = o.delta === undefined ? undefined : positive('delta', o.delta);
      return { build: () => tf.train.rmsprop(lr, rho, 0, delta), hyper: `ρ=${rho} ε=${lr}` };
    }
    case 'adam': {
      const { beta1, beta2, delta } = adamHyperparameters({ lr, beta1: o.beta1, beta2: o.beta2, delta: o.delta });
      return { build: () => tf.train.adam(lr, beta1, beta2, delta), hyper: `β₁=${beta1} β₂=${beta2} ε=${lr}` };
    }
  }
}

/** A built-in tf.train optimizer: tfjsTrainer('adam', { lr: 1e-3 }). */
export function tfjsTrainer(name: TfTrainName, options: TfTrainOptions): Trainer {
  const rules = tfRules();
  const title = rules.get(name);
  if (title === undefined) throw new RangeError(`name must be one of ${[...rules.keys()].join(', ')}; got ${JSON.stringify(name)}`);
  if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object such as { lr: 0.1 }; got ${String(options)}`);
  const { build, hyper } = makeTfOptimizer(name, options);
  return {
    name,
    label: `${title} ${hyper} (tf.js)`,
    impl: 'tfjs',
    start(model) {
      const opt = build();
      const vars = model.variables;
      return {
        step(x, y, _t, wantNorms) {
          const out = tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => model.loss(x, y), vars as tf.Variable[]);
            const norms = wantNorms
              ? tf.stack(model.layers.flatMap((l) => [tf.norm(grads[l.W.name]), tf.norm(grads[l.b.name])]))
              : null;
            opt.applyGradients(grads);
            return norms ? [value, norms] : [value];
          });
          const loss = out[0].dataSync()[0];
          const both = out[1] ? Array.from(out[1].dataSync()) : null;
          tf.dispose(out);
          return {
            loss,
            layerNorms: both ? both.filter((_, i) => i % 2 === 0) : null,
            biasNorms: both ? both.filter((_, i) => i % 2 === 1) : null,
          };
        },
        dispose() {
          opt.dispose();
          // tf.js 4.22's MomentumOptimizer.dispose forgets the −ε scalar it inherits from SGD.
          const c = (opt as unknown as { c?: tf.Tensor }).c;
          if (c && !c.isDisposed) c.dispose();
        },
      };
    },
  };
}

/**
 * One of the library's hand-written optimizers driving the network. The optimizer sees
 * θ (Float64) and an Objective whose gradient(θ) copies θ into the tf.js variables
 * (rounded to float32) and returns tf.variableGrads' gradient on the current batch.
 * Newton and BFGS are refused: they would need an n×n matrix for n ≈ 10⁴ weights.
 */
export function handWrittenTrainer<S extends OptimizerState>(optimizer: Optimizer<S>): Trainer {
  if (!optimizer || typeof optimizer.step !== 'function' || typeof optimizer.init !== 'function') {
    throw new TypeError(`optimizer must be an Optimizer such as adam({ lr: 1e-3 }); got ${String(optimizer)}`);
  }
  const kind = optimizerRegistry.find((e) => e.name === optimizer.name)?.kind;
  if (optimizer.needs?.includes('hessian') || kind === 'second-order') {
    throw new RangeError(`optimizer ${optimizer.name} needs an n×n matrix (n = the number of weights); use a first-order optimizer to train a network`);
  }
  return {
    name: optimizer.name,
    label: `${optimizer.label} (hand-written)`,
    impl: 'hand-written',
    start(model) {
      const vars = model.variables as tf.Variable[];
      const theta = Float64Array.from(model.getFlat());
      const state = optimizer.init(theta);
      let batch: { x: tf.Tensor2D; y: tf.Tensor2D } | null = null;
      let firstLoss: number | null = null;
      const current = () => {
        if (!batch) throw new Error('the network objective was asked for a value outside a training step');
        return batch;
      };
      const objective: Objective = {
        name: 'mlp-minibatch',
        tex: String.raw`L_B(\theta) = \frac{1}{m}\sum_{i \in B_t} -\log \operatorname{softmax}(f_\theta(x_i))_{y_i}`,
        dim: model.size,
        value(th) {
          const { x, y } = current();
          model.setFlat(th);
          return tf.tidy(() => model.loss(x, y).dataSync()[0]);
        },
        gradient(th) {
          const { x, y } = current();
          model.setFlat(th);
          const { value, grads } = tf.variableGrads(() => model.loss(x, y), vars);
          const g = new Float64Array(model.size);
          let at = 0;
          for (const v of vars) {
            const part = grads[v.name].dataSync();
            g.set(part, at);
            at += part.length;
          }
          if (firstLoss === null) firstLoss = value.dataSync()[0];
          value.dispose();
          tf.dispose(grads);
          return g;
        },
      };
      return {
        step(x, y, t, wantNorms) {
          batch = { x, y };
          firstLoss = null;
          try {
            const g = optimizer.step(theta, state, objective, t);
            model.setFlat(theta);
            const segmentNorm = ({ offset, length }: { offset: number; length: number }): number => {
              let s = 0;
              for (let i = offset; i < offset + length; i++) s += g[i] * g[i];
              return Math.sqrt(s);
            };
            return {
              loss: firstLoss ?? NaN,
              layerNorms: wantNorms ? model.weightSegments.map(segmentNorm) : null,
              biasNorms: wantNorms ? model.biasSegments.map(segmentNorm) : null,
            };
          } finally {
            batch = null;
          }
        },
        dispose: () => optimizer.dispose?.(state),
      };
    },
  };
}
