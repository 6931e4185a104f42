/**
 * Hyperparameter checks. Every failure names the parameter, the value it got and what is
 * allowed; nothing is clamped. RangeError for a value out of range, TypeError for a value
 * of the wrong kind.
 */
import { type Vec, type VecLike, filled, vec } from './vec.js';

const show = (value: unknown): string => {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return `[${Array.from(value as ArrayLike<unknown>).map(show).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
};

function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number; got ${show(value)} (${typeof value})`);
  return value;
}

/** A finite number > 0 (a learning rate, a tiny constant δ, a noise scale...). */
export function positive(name: string, value: unknown): number {
  const v = requireNumber(name, value);
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a finite number > 0; got ${show(value)}`);
  return v;
}

/** Any finite number (an initial velocity may be negative or zero). */
export function finite(name: string, value: unknown): number {
  const v = requireNumber(name, value);
  if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number; got ${show(value)}`);
  return v;
}

/** A finite number ≥ 0. */
export function nonNegative(name: string, value: unknown): number {
  const v = requireNumber(name, value);
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0; got ${show(value)}`);
  return v;
}

/** A decay or momentum factor in [0, 1). */
export function unitInterval(name: string, value: unknown): number {
  const v = requireNumber(name, value);
  if (!(v >= 0 && v < 1)) throw new RangeError(`${name} must be in [0, 1); got ${show(value)}`);
  return v;
}

/** A factor in (0, 1) (exponential decay β, where 0 would zero the rate at once). */
export function openUnitInterval(name: string, value: unknown): number {
  const v = requireNumber(name, value);
  if (!(v > 0 && v < 1)) throw new RangeError(`${name} must be in (0, 1); got ${show(value)}`);
  return v;
}

/** A whole number ≥ 1 (steps, batch sizes, ...). */
export function positiveInt(name: string, value: unknown): number {
  const v = requireNumber(name, value);
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a whole number ≥ 1; got ${show(value)}`);
  return v;
}

/** A whole number ≥ 0 (a seed, a step index). */
export function nonNegativeInt(name: string, value: unknown): number {
  const v = requireNumber(name, value);
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number ≥ 0; got ${show(value)}`);
  return v;
}

/** A finite point of the given dimension. */
export function point(name: string, value: unknown, dim?: number): Vec {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) {
    throw new TypeError(`${name} must be an array of numbers; got ${show(value)}`);
  }
  const xs = value as ArrayLike<unknown>;
  if (dim !== undefined && xs.length !== dim) {
    throw new RangeError(`${name} must have ${dim} coordinates (the objective's dimension); got ${xs.length}: ${show(value)}`);
  }
  if (xs.length === 0) throw new RangeError(`${name} must have at least one coordinate; got []`);
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] !== 'number' || !Number.isFinite(xs[i] as number)) {
      throw new RangeError(`${name}[${i}] must be a finite number; got ${show(xs[i])}`);
    }
  }
  return vec(xs as VecLike);
}

/**
 * One value for every parameter, or one per parameter: `0.125` or `[0.125, 0.015]`.
 * `check` validates each entry (e.g. `positive`); the array must have `dim` entries.
 */
export function perParameter(
  name: string,
  value: unknown,
  dim: number,
  check: (name: string, value: unknown) => number = positive,
): Vec {
  if (typeof value === 'number') return filled(dim, check(name, value));
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) {
    throw new TypeError(`${name} must be a number or an array of ${dim} numbers (one per parameter); got ${show(value)}`);
  }
  const xs = value as ArrayLike<unknown>;
  if (xs.length !== dim) {
    throw new RangeError(`${name} must be a number or an array of ${dim} numbers (one per parameter); got ${xs.length}: ${show(value)}`);
  }
  const out = new Float64Array(dim);
  for (let i = 0; i < dim; i++) out[i] = check(`${name}[${i}]`, xs[i]);
  return out;
}

/** Checks a per-parameter option before the dimension is known (scalar or non-empty array). */
export function scalarOrArray(name: string, value: unknown, check: (name: string, value: unknown) => number = positive): void {
  if (typeof value === 'number') { check(name, value); return; }
  if (!(Array.isArray(value) || ArrayBuffer.isView(value)) || (value as ArrayLike<unknown>).length === 0) {
    throw new TypeError(`${name} must be a number or a non-empty array of numbers (one per parameter); got ${show(value)}`);
  }
  const xs = value as ArrayLike<unknown>;
  for (let i = 0; i < xs.length; i++) check(`${name}[${i}]`, xs[i]);
}

export type { VecLike };
