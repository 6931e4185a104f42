/**
 * An explorer's settings as plain data (what travels to the browser as JSON), the values
 * its controls hold, and how those values become each run's options. Shared by the kernel
 * (validation, the static figure) and the browser (every redraw), so both compute the
 * same runs from the same settings.
 */
import type { Domain2D, Objective, Optimizer, Trajectory } from '../core/types.js';
import { trajectory } from '../run/trajectory.js';
import { objectiveByName, optimizerByName, scheduleByName } from './registry.js';

/** A named schedule ({ name: 'exponentialDecay', options: { beta: 0.99 } }), or null for a constant rate. */
export type ScheduleSpec = { name: string; options?: Record<string, number> } | null;

/** One optimizer of the explorer: a factory by name and its options (the starting values). */
export interface ExplorerRunSpec {
  /** A name from the optimizer registry: 'gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'article-rmsprop', 'adam', 'adamw', 'nadam', … */
  optimizer: string;
  options: Record<string, unknown>;
  /** Legend text; default the optimizer's own label. */
  label?: string;
  color?: string;
}

/** One slider-and-number-box control. */
export interface ControlSpec {
  min: number;
  max: number;
  /** 'log' for rates and δ: the slider moves by factors. Default 'linear'. */
  scale?: 'linear' | 'log';
  /** Text beside the control; default the key (ε for lr, μ for momentum, ρ, β₁, β₂, δ). */
  label?: string;
  /** Starting value; default the one in the optimizers' options (or steps, start). */
  value?: number;
}

export interface ExplorerOptions {
  /** A named objective ('rosenbrock') or { name, options } ({ name: 'illConditioned', options: { a: 1, b: 20 } }). */
  objective: string | { name: string; options?: Record<string, number> };
  optimizers: readonly ExplorerRunSpec[];
  /**
   * The controls, by key: an option of the optimizers ('lr', 'momentum', 'rho', 'beta1',
   * 'beta2', 'delta'), one coordinate of a per-coordinate option ('lr.0', 'lr.1', 'v0.0'),
   * 'steps', or 'start.0' / 'start.1'. An option key sets that option in every optimizer
   * that has it.
   */
  params?: Readonly<Record<string, ControlSpec>>;
  /** A choice of learning-rate schedule (label → schedule, null = constant), applied to every optimizer. */
  schedules?: Readonly<Record<string, ScheduleSpec>>;
  start: readonly [number, number];
  steps: number;
  /** The readout counts the steps until the loss is at most this. Default 1e-6. */
  tolerance?: number;
  /** The series panel: 'loss' (default) or a state field the optimizers record ('v', 'r', 'lr', 'm', 's'). */
  series?: string;
  title?: string;
  caption?: string;
  width?: number;
  domain?: Domain2D;
  levels?: number;
  levelSpacing?: 'linear' | 'log';
  resolution?: number;
}

/** What the controls hold: one number per control key, the chosen schedule, the start. */
export interface ExplorerValues {
  numbers: Record<string, number>;
  schedule?: string;
}

const OPTION_LABELS: Record<string, string> = { lr: 'ε', momentum: 'μ', rho: 'ρ', beta1: 'β₁', beta2: 'β₂', delta: 'δ', steps: 'steps', v0: 'v₀', start: 'start' };

/** The label a control shows: its own, or the maths name of its option (ε₁ for lr.1). */
export function controlLabel(key: string, control: ControlSpec): string {
  if (control.label) return control.label;
  const [name, index] = key.split('.');
  const base = OPTION_LABELS[name] ?? name;
  return index === undefined ? base : `${base}${'₀₁₂₃₄₅₆₇₈₉'[Number(index)] ?? `[${index}]`}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The objective an explorer names. */
export function explorerObjective(options: Pick<ExplorerOptions, 'objective'>): Objective {
  const o = options.objective;
  if (typeof o === 'string') return objectiveByName(o);
  if (isRecord(o)) return objectiveByName(o.name, (o.options ?? {}) as Record<string, unknown>);
  return objectiveByName(o);
}

/** The value a control starts at when its spec does not say. */
function defaultValue(options: ExplorerOptions, key: string): number | undefined {
  if (key === 'steps') return options.steps;
  const [name, index] = key.split('.');
  if (name === 'start') return options.start[Number(index)];
  for (const run of options.optimizers) {
    const v = run.options[name];
    if (index === undefined && typeof v === 'number') return v;
    if (index !== undefined && Array.isArray(v) && typeof v[Number(index)] === 'number') return v[Number(index)] as number;
  }
  return undefined;
}

/**
 * Checks the settings' shape (the optimizers and objective check their own options when
 * they are built) and returns the controls' starting values.
 */
export function initialValues(options: ExplorerOptions): ExplorerValues {
  if (!isRecord(options)) throw new TypeError(`explorer: options must be an object; got ${String(options)}`);
  if (!Array.isArray(options.optimizers) || options.optimizers.length === 0) {
    throw new RangeError('optimizers must be a non-empty array of { optimizer, options }');
  }
  options.optimizers.forEach((run, k) => {
    if (!isRecord(run) || typeof run.optimizer !== 'string' || !isRecord(run.options)) {
      throw new TypeError(`optimizers[${k}] must be { optimizer: 'gd' | 'momentum' | …, options: { … } }; got ${JSON.stringify(run)}`);
    }
  });
  const numbers: Record<string, number> = {};
  for (const [key, control] of Object.entries(options.params ?? {})) {
    if (!isRecord(control) || !(Number.isFinite(control.min) && Number.isFinite(control.max) && control.min < control.max)) {
      throw new RangeError(`params.${key} must be { min, max } with finite min < max; got ${JSON.stringify(control)}`);
    }
    if (control.scale !== undefined && control.scale !== 'linear' && control.scale !== 'log') {
      throw new RangeError(`params.${key}.scale must be 'linear' or 'log'; got ${JSON.stringify(control.scale)}`);
    }
    if (control.scale === 'log' && !(control.min > 0)) throw new RangeError(`params.${key}: a log scale needs min > 0; got ${control.min}`);
    const [name, index] = key.split('.');
    const known = name === 'steps' || name === 'start' || options.optimizers.some((run) => name in run.options);
    if (!known) {
      const have = options.optimizers.map((run) => `${run.optimizer}: ${Object.keys(run.options).join(', ')}`).join('; ');
      throw new RangeError(`params.${key} is not an option of any optimizer (${have}), nor steps or start.0/start.1`);
    }
    if (index !== undefined && !/^\d+$/.test(index)) throw new RangeError(`params.${key}: the part after the dot must be a coordinate index (lr.0); got ${JSON.stringify(index)}`);
    const value = control.value ?? defaultValue(options, key);
    if (value === undefined) throw new RangeError(`params.${key} needs a value: none of the optimizers gives ${key} a number`);
    numbers[key] = value;
  }
  const labels = Object.keys(options.schedules ?? {});
  return labels.length ? { numbers, schedule: labels[0] } : { numbers };
}

/** The settings with the controls' values applied: each run's options, the start and the steps. */
export function applyValues(options: ExplorerOptions, values: ExplorerValues): { runs: ExplorerRunSpec[]; start: [number, number]; steps: number } {
  const start: [number, number] = [options.start[0], options.start[1]];
  let steps = options.steps;
  const runs = options.optimizers.map((run) => ({ ...run, options: { ...run.options } }));
  for (const [key, value] of Object.entries(values.numbers)) {
    const [name, index] = key.split('.');
    if (name === 'steps') { steps = value; continue; }
    if (name === 'start') { start[Number(index)] = value; continue; }
    for (const run of runs) {
      if (!(name in run.options)) continue;
      if (index === undefined) run.options[name] = value;
      else {
        const current = run.options[name];
        const array = Array.isArray(current) ? [...current] : [current, current];
        array[Number(index)] = value;
        run.options[name] = array;
      }
    }
  }
  if (values.schedule !== undefined) {
    const chosen = options.schedules?.[values.schedule];
    if (chosen === undefined) throw new RangeError(`schedule must be one of ${Object.keys(options.schedules ?? {}).join(', ')}; got ${JSON.stringify(values.schedule)}`);
    for (const run of runs) run.options.schedule = chosen === null ? undefined : scheduleByName(chosen.name, chosen.options ?? {});
  }
  return { runs, start, steps };
}

/** The optimizers with the values applied (each validates its options here). */
export function explorerOptimizers(options: ExplorerOptions, values: ExplorerValues): Optimizer[] {
  return applyValues(options, values).runs.map((run, k) => optimizerByName(run.optimizer, run.options, `optimizers[${k}].optimizer`));
}

/** Every run of the explorer for these values: the library's own trajectory(), nothing else. */
export function explorerRuns(options: ExplorerOptions, values: ExplorerValues, objective = explorerObjective(options)): Trajectory[] {
  const { start, steps } = applyValues(options, values);
  return explorerOptimizers(options, values).map((optimizer) => trajectory(optimizer, objective, { start, steps }));
}

export interface Readout {
  label: string;
  /** The loss after the last completed step. */
  finalLoss: number;
  /** The first step after which the loss is at most the tolerance, or null. */
  reachedAt: number | null;
  /** The step whose update blew up, or null. */
  divergedAt: number | null;
  reason: string;
}

/** What the readout line says about each run. */
export function readouts(options: ExplorerOptions, runs: readonly Trajectory[]): Readout[] {
  const tolerance = options.tolerance ?? 1e-6;
  return runs.map((run, k) => {
    const hit = run.losses.findIndex((l) => l <= tolerance);
    return {
      label: options.optimizers[k].label ?? run.label,
      finalLoss: run.losses[run.losses.length - 1],
      reachedAt: hit < 0 ? null : hit,
      divergedAt: run.diverged ? run.diverged.step : null,
      reason: run.diverged?.reason ?? '',
    };
  });
}

/** One readout as text: "momentum: loss 3.2e-7 at step 100 · below 1e-6 at step 64". */
export function readoutText(r: Readout, tolerance: number): string {
  const loss = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(2));
  const parts = [`${r.label}: loss ${loss(r.finalLoss)}`];
  parts.push(r.reachedAt === null ? `never ≤ ${tolerance}` : `≤ ${tolerance} at step ${r.reachedAt}`);
  if (r.divergedAt !== null) parts.push(`diverged at step ${r.divergedAt} (${r.reason})`);
  return parts.join(' · ');
}
