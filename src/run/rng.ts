import { nonNegativeInt, positiveInt } from '../core/validate.js';

/**
 * Seeded randomness: the same seed gives the same numbers on every machine, so notebooks
 * and tests are reproducible. mulberry32 is a tiny 32-bit generator, good enough for
 * noise and shuffles (not for cryptography).
 */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1), by Box–Muller. */
  normal(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** Fisher–Yates shuffle of `items`, in place; returns it. */
  shuffle<T>(items: T[]): T[];
}

/** mulberry32: one 32-bit state, advanced by a constant and scrambled. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes whole numbers into one 32-bit seed (seed, step, coordinate → a seed of its own). */
export function hashSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** Box–Muller on two uniforms: u₁ in (0, 1] keeps the logarithm finite. */
export function boxMuller(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** A seeded generator. */
export function rng(seed: number): Rng {
  nonNegativeInt('seed', seed);
  const next = mulberry32(seed);
  return {
    seed,
    uniform: next,
    normal: () => boxMuller(next(), next()),
    int: (n) => Math.floor(next() * positiveInt('n', n)),
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
}

/**
 * One standard normal number determined by (seed, step, index) alone, whatever was drawn
 * before: the gradient noise of step t is the same however often the gradient is asked for.
 */
export function normalAt(seed: number, step: number, index: number): number {
  const next = mulberry32(hashSeed(seed, step, index));
  return boxMuller(next(), next());
}
