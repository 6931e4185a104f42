/**
 * A small seeded generator for the training code: weight initialisation, the train/test
 * split and the batch order. Kept private to src/train and src/data/mnist.ts so that a
 * training run depends on nothing but its seeds (not on tf.js's generator or the backend).
 */

import { mulberry32 } from '../run/rng.js';

/** Uniform numbers in [0, 1) from a 32-bit seed: the library's mulberry32, on a seed of its own. */
export function uniformSource(seed: number): () => number {
  return mulberry32((seed >>> 0) ^ 0x9e3779b9);
}

/** Standard normal numbers (Box–Muller on the uniform source). */
export function normalSource(seed: number): () => number {
  const u = uniformSource(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) { const s = spare; spare = null; return s; }
    let a = u();
    while (a === 0) a = u();
    const b = u();
    const radius = Math.sqrt(-2 * Math.log(a));
    spare = radius * Math.sin(2 * Math.PI * b);
    return radius * Math.cos(2 * Math.PI * b);
  };
}

/** 0, 1, …, n−1 in a seeded random order (Fisher–Yates). */
export function permutation(n: number, seed: number): Uint32Array {
  const u = uniformSource(seed);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const tmp = out[i]; out[i] = out[j]; out[j] = tmp;
  }
  return out;
}

/** Mixes two integers into one seed, so that (seed, epoch) pairs give unrelated orders. */
export const mixSeed = (seed: number, salt: number): number =>
  (Math.imul(seed ^ 0x85ebca6b, 0xc2b2ae35) + Math.imul(salt + 1, 0x27d4eb2f)) >>> 0;
