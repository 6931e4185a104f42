import type { Schedule } from '../core/types.js';
import type { Vec } from '../core/vec.js';
import { perParameter, positive } from '../core/validate.js';

/**
 * A per-parameter option expanded to a vector once per dimension, so a step reads
 * `eps[i]` without allocating. The value is validated when first expanded.
 */
export function perParameterCache(
  name: string,
  value: number | readonly number[],
  check: (name: string, value: unknown) => number = positive,
): (dim: number) => Vec {
  const cache = new Map<number, Vec>();
  return (dim) => {
    let v = cache.get(dim);
    if (!v) { v = perParameter(name, value, dim, check); cache.set(dim, v); }
    return v;
  };
}

/** Scratch vectors reused across steps (look-ahead points, BFGS's s and y): no allocation per step. */
export function scratch(count: number): (dim: number) => Vec[] {
  const cache = new Map<number, Vec[]>();
  return (dim) => {
    let v = cache.get(dim);
    if (!v) { v = Array.from({ length: count }, () => new Float64Array(dim)); cache.set(dim, v); }
    return v;
  };
}

/** Checks that `schedule`, when given, is a Schedule (a typo'd object would otherwise fail mid-run). */
export function checkSchedule(schedule: unknown): Schedule | undefined {
  if (schedule === undefined) return undefined;
  const s = schedule as Partial<Schedule> | null;
  if (typeof s !== 'object' || s === null || typeof s.factor !== 'function') {
    throw new TypeError(`schedule must be a Schedule (e.g. exponentialDecay({ beta: 0.95 })) with a factor(t) method; got ${String(schedule)}`);
  }
  return schedule as Schedule;
}

/** The schedule's factor at step t (1 without a schedule). */
export const decayAt = (schedule: Schedule | undefined, t: number): number => (schedule ? schedule.factor(t) : 1);

/** ' exp-decay β=0.95' or '' — appended to optimizer labels. */
export const scheduleSuffix = (schedule: Schedule | undefined): string => (schedule ? ` ${schedule.label}` : '');
