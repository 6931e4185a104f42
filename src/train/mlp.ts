/**
 * A multilayer perceptron held as plain tf.js variables (no tf.layers): the weights are
 * ours to read, flatten and overwrite, which is what lets a hand-written optimizer drive
 * the same network a tf.train optimizer drives.
 */
import * as tf from '@tensorflow/tfjs';
import { positive, positiveInt, nonNegativeInt } from '../core/validate.js';
import { normalSource } from './random.js';

export type Activation = 'relu' | 'sigmoid' | 'tanh';
const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh'];

export interface MlpOptions {
  /** Layer widths from input to output, e.g. [196, 64, 10]: 196 inputs, one hidden layer of 64, 10 classes. */
  layers: readonly number[];
  /** Non-linearity of the hidden layers (the output layer gives raw logits). */
  activation: Activation;
  /** Seed of the initial weights. */
  seed: number;
  /**
   * Multiplies the standard deviation of every initial weight matrix (default 1). The default
   * scale is He's √(2/fan-in) for ReLU and Glorot's √(2/(fan-in + fan-out)) for sigmoid and
   * tanh; a gain above 1 makes a deep ReLU network's gradients explode.
   */
  gain?: number;
}

/** One affine layer: h ↦ h·W + b. */
export interface Layer {
  readonly W: tf.Variable;
  readonly b: tf.Variable;
}

export interface Mlp {
  readonly options: Readonly<MlpOptions>;
  readonly layers: readonly Layer[];
  /** W₁, b₁, W₂, b₂, … in this order: the order of the flattened θ. */
  readonly variables: readonly tf.Variable[];
  /** Number of scalar parameters (the length of θ). */
  readonly size: number;
  /** Offset and length of each layer's W inside θ (for per-layer gradient norms). */
  readonly weightSegments: readonly { offset: number; length: number }[];
  /** Offset and length of each layer's b inside θ. */
  readonly biasSegments: readonly { offset: number; length: number }[];
  /** Raw class scores for a batch [n, inputs] → [n, classes]. */
  logits(x: tf.Tensor2D): tf.Tensor2D;
  /** Mean softmax cross-entropy of a batch against one-hot targets. */
  loss(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar;
  /** θ: all parameters flattened in `variables` order (a fresh copy). */
  getFlat(): Float32Array;
  /** Overwrites every parameter from θ (rounded to float32, the variables' type). */
  setFlat(theta: ArrayLike<number>): void;
  /** Frees the variables. */
  dispose(): void;
}

/** Checks an MlpOptions object and returns the gain. */
export function checkMlpOptions(options: MlpOptions): number {
  const { layers } = options;
  if (!Array.isArray(layers) || layers.length < 2) {
    throw new RangeError(`layers must list at least two widths (inputs and classes), e.g. [196, 64, 10]; got ${JSON.stringify(layers)}`);
  }
  layers.forEach((w, i) => positiveInt(`layers[${i}]`, w));
  if (!ACTIVATIONS.includes(options.activation)) {
    throw new RangeError(`activation must be one of ${ACTIVATIONS.join(', ')}; got ${JSON.stringify(options.activation)}`);
  }
  nonNegativeInt('seed', options.seed);
  return positive('gain', options.gain ?? 1);
}

/** A fresh network with seeded Gaussian weights and zero biases (identical for a given seed on every backend). */
export function createMlp(options: MlpOptions): Mlp {
  const gain = checkMlpOptions(options);
  const { layers: widths, activation } = options;
  const normal = normalSource(options.seed);
  const layers: Layer[] = [];
  const weightSegments: { offset: number; length: number }[] = [];
  const biasSegments: { offset: number; length: number }[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const fanIn = widths[l];
    const fanOut = widths[l + 1];
    const hidden = l + 2 < widths.length;
    // He keeps ReLU activations at a steady scale; Glorot suits squashing units and the output layer.
    const std = gain * (hidden && activation === 'relu' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut)));
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = std * normal();
    // tidy frees the initial-value tensors; the variables keep their own reference to the data.
    layers.push(tf.tidy(() => ({
      W: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true),
      b: tf.variable(tf.zeros([fanOut]), true),
    })));
    weightSegments.push({ offset, length: w.length });
    biasSegments.push({ offset: offset + w.length, length: fanOut });
    offset += w.length + fanOut;
  }
  const variables = layers.flatMap((layer) => [layer.W, layer.b]);
  const size = offset;
  const act = (h: tf.Tensor2D): tf.Tensor2D =>
    activation === 'relu' ? tf.relu(h) : activation === 'sigmoid' ? tf.sigmoid(h) : tf.tanh(h);

  const logits = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => {
    let h = x;
    layers.forEach((layer, l) => {
      const z = tf.add(tf.matMul(h, layer.W), layer.b) as tf.Tensor2D;
      h = l + 1 < layers.length ? act(z) : z;
    });
    return h;
  });

  return {
    options,
    layers,
    variables,
    size,
    weightSegments,
    biasSegments,
    logits,
    loss: (x, y) => tf.tidy(() => tf.losses.softmaxCrossEntropy(y, logits(x)) as tf.Scalar),
    getFlat() {
      const theta = new Float32Array(size);
      let at = 0;
      for (const v of variables) {
        const data = v.dataSync() as Float32Array;
        theta.set(data, at);
        at += data.length;
      }
      return theta;
    },
    setFlat(theta) {
      if (theta.length !== size) throw new RangeError(`theta must have ${size} entries (the network's parameters); got ${theta.length}`);
      let at = 0;
      for (const v of variables) {
        const n = v.size;
        const part = new Float32Array(n);
        for (let i = 0; i < n; i++) part[i] = theta[at + i];
        tf.tidy(() => v.assign(tf.tensor(part, v.shape)));
        at += n;
      }
    },
    dispose() {
      for (const v of variables) v.dispose();
    },
  };
}

/** Parameter count of a network shape, without building it: Σ (fan-in + 1)·fan-out. */
export function parameterCount(layers: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < layers.length; l++) n += (layers[l] + 1) * layers[l + 1];
  return n;
}
