/**
 * Colours, run styles and the option checks shared by the builders.
 */
import type { Domain2D, Objective, Trajectory } from '../core/types.js';
import type { VecLike } from '../core/vec.js';

/** Distinct colours for runs (a Tableau-like set that stays readable on grey contours). */
export const PALETTE: readonly string[] = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** How a run is drawn: tf.js runs dashed with hollow dots, so they stay visible on top of a hand-written twin. */
export interface RunStyle {
  color: string;
  dashed: boolean;
  hollow: boolean;
}

export function runStyle(index: number, impl: Trajectory['impl'] | undefined, color?: string, dashed?: boolean): RunStyle {
  const tf = impl === 'tfjs';
  return { color: color ?? PALETTE[index % PALETTE.length], dashed: dashed ?? tf, hollow: tf };
}

/**
 * A run's legend text: its own label, marked "(tf.js)" when tf.js computed it, unless the
 * label already says so (the twins' labels start with "tf.js").
 */
export function runLabel(run: Pick<Trajectory, 'label' | 'impl'>): string {
  return run.impl === 'tfjs' && !/tf\.js/i.test(run.label) ? `${run.label} (tf.js)` : run.label;
}

/** The default plot width in pixels. */
export const DEFAULT_WIDTH = 560;

const show = (v: unknown): string => {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (ArrayBuffer.isView(v)) return `[${Array.from(v as unknown as ArrayLike<number>).join(', ')}]`;
  return Object.prototype.toString.call(v);
};

export function sizeOption(name: string, value: number | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 50 || value > 4000) {
    throw new RangeError(`${name} must be a number of pixels between 50 and 4000; got ${show(value)}`);
  }
  return value;
}

export function textOption(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string; got ${show(value)}`);
  return value;
}

export function requireObjective(name: string, value: unknown, dim?: number): Objective {
  const o = value as Objective | undefined;
  if (!o || typeof o !== 'object' || typeof o.value !== 'function') {
    throw new TypeError(`${name} must be an Objective (with value(θ)); got ${show(value)}`);
  }
  if (dim !== undefined && o.dim !== dim) {
    throw new RangeError(`${name} must be a ${dim}-D objective to be drawn in the plane; got dim ${o.dim} (${o.name})`);
  }
  return o;
}

export function requireRun(name: string, value: unknown): Trajectory {
  const r = value as Trajectory | undefined;
  if (!r || typeof r !== 'object' || !Array.isArray(r.points)) {
    throw new TypeError(`${name} must be a Trajectory (from trajectory(...)); got ${show(value)}`);
  }
  return r;
}

/** A domain from the option, the objective, or a fallback, checked to be a proper box. */
export function resolveDomain(name: string, value: Domain2D | undefined, objective?: Objective, fallback?: Domain2D): Domain2D {
  const d = value ?? objective?.domain ?? fallback;
  if (!d) throw new TypeError(`${name} is required: the objective has no default domain; pass { x: [min, max], y: [min, max] }`);
  for (const axis of ['x', 'y'] as const) {
    const r = d[axis];
    if (!r || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
      throw new RangeError(`${name}.${axis} must be [min, max] with finite min < max; got ${show(r)}`);
    }
  }
  return d;
}

export function point2(name: string, value: unknown): [number, number] {
  const v = value as VecLike | undefined;
  if (!v || typeof v !== 'object' || typeof v.length !== 'number') throw new TypeError(`${name} must be a 2-D point [x, y]; got ${show(value)}`);
  if (v.length !== 2) throw new RangeError(`${name} must have 2 coordinates; got ${v.length}: ${show(value)}`);
  if (!Number.isFinite(v[0]) || !Number.isFinite(v[1])) throw new RangeError(`${name} must be finite; got ${show(value)}`);
  return [v[0], v[1]];
}

export function finiteArray(name: string, value: unknown): number[] {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) throw new TypeError(`${name} must be an array of numbers; got ${show(value)}`);
  const xs = Array.from(value as ArrayLike<unknown>);
  xs.forEach((x, i) => {
    if (typeof x !== 'number' || Number.isNaN(x)) throw new TypeError(`${name}[${i}] must be a number; got ${show(x)}`);
  });
  return xs as number[];
}

export { show };

/** Compact number text for labels: 15, 0.125, 1.2e-7. */
export function fmt(x: number, digits = 3): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1);
}
