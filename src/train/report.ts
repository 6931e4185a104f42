/**
 * Turning training runs into things a notebook shows: an in-place progress text, an
 * accuracy table, smoothed curves, per-layer series, and the weight comparison that
 * parityLine prints.
 */
import type { RunComparison } from '../run/compare.js';
import { positiveInt } from '../core/validate.js';
import type { Series } from '../figures/series.js';
import { PALETTE } from '../figures/style.js';
import type { Progress, TrainResult } from './train.js';

/** Anything with a text(s) method: tslab.newDisplay() in a notebook, a stub in tests. */
export interface TextTarget { text(s: string): void }

const bar = (fraction: number, width = 20): string => {
  const full = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return '█'.repeat(full) + '░'.repeat(width - full);
};
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** One line for one run's progress. */
export function formatProgress(p: Progress): string {
  const head = p.run !== undefined ? `[${p.run}/${p.runs}] ` : '';
  const loss = Number.isFinite(p.loss) ? p.loss.toFixed(3) : '  -  ';
  return `${head}${bar(p.steps ? p.step / p.steps : 1)} ${String(Math.round((100 * p.step) / Math.max(1, p.steps))).padStart(3)}%  ` +
    `epoch ${p.epoch.toFixed(2)}/${p.epochs}  batch size ${p.batchSize}  last minibatch loss ${loss}  test accuracy ${pct(p.testAccuracy)}` +
    `${p.done ? '  done' : ''}  ${p.label}`;
}

/**
 * An onProgress callback that keeps one line per run and rewrites the whole block in
 * place on `target` (tslab.newDisplay() updates a single output, also under nbconvert).
 */
export function progressReporter(target: TextTarget): (p: Progress) => void {
  if (!target || typeof target.text !== 'function') {
    throw new TypeError('target must have a text(s) method, e.g. tslab.newDisplay()');
  }
  const lines: string[] = [];
  return (p) => {
    lines[(p.run ?? 1) - 1] = formatProgress(p);
    target.text(lines.filter((l) => l !== undefined).join('\n'));
  };
}

/** Trailing moving average over `window` values (the first ones average what exists). */
export function movingAverage(values: readonly number[], window: number): number[] {
  const w = positiveInt('window', window);
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= w) sum -= values[i - w];
    out.push(sum / Math.min(i + 1, w));
  }
  return out;
}

/** A markdown table: one row per run, final losses and test accuracy. */
export function accuracyTable(results: readonly TrainResult[]): string {
  const rows = results.map((r) =>
    `| ${r.label.replace(/\|/g, '\\|')} | ${r.batchSize} | ${r.steps} | ${r.final.trainLoss.toFixed(4)} | ${r.final.testLoss.toFixed(4)} | ` +
    `**${pct(r.final.testAccuracy)}**${r.diverged ? ` (diverged at step ${r.diverged.step})` : ''} |`);
  return ['| optimizer | batch | updates | training loss | test loss | test accuracy |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

/**
 * The largest |θ_a − θ_b| over all weights at every common snapshot of two runs
 * (both trained with snapshotEvery). perStep[k] is the snapshot k; maxStep is the
 * training step of the worst one, so parityLine's "at step N" is a real step.
 */
export function compareWeights(a: TrainResult, b: TrainResult): RunComparison {
  const sa = a.snapshots;
  const sb = b.snapshots;
  if (sa.steps.length === 0 || sb.steps.length === 0) {
    throw new RangeError('compareWeights needs weight snapshots: train both runs with snapshotEvery > 0');
  }
  const perStep: number[] = [];
  let maxStep = 0;
  let max = 0;
  const n = Math.min(sa.steps.length, sb.steps.length);
  for (let k = 0; k < n; k++) {
    if (sa.steps[k] !== sb.steps[k]) throw new RangeError(`the runs' snapshots differ in timing (step ${sa.steps[k]} vs ${sb.steps[k]})`);
    const x = sa.thetas[k];
    const y = sb.thetas[k];
    let d = 0;
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
    perStep.push(d);
    if (d > max) { max = d; maxStep = sa.steps[k]; }
  }
  return { perStep, max, maxStep };
}

/** The largest |Δ loss| between two runs' per-step minibatch losses. */
export function compareLosses(a: TrainResult, b: TrainResult): RunComparison {
  const n = Math.min(a.losses.length, b.losses.length);
  const perStep = Array.from({ length: n }, (_, t) => Math.abs(a.losses[t] - b.losses[t]));
  let maxStep = 0;
  perStep.forEach((d, t) => { if (d > perStep[maxStep]) maxStep = t; });
  return { perStep, max: perStep[maxStep] ?? 0, maxStep };
}

/**
 * One Series per layer of a run's gradient norms, for a log-scale figure: 'weights'
 * plots ‖∂L/∂W_l‖, 'biases' ‖∂L/∂b_l‖ (the back-propagated error signal alone).
 */
export function layerNormSeries(result: TrainResult, of: 'weights' | 'biases' = 'weights'): Series[] {
  const data = pickNorms(result, of);
  const last = data.length;
  return data.map((values, l) => ({
    label: `layer ${l + 1}${l === 0 ? ' (input side)' : l === last - 1 ? ' (output)' : ''}`,
    values,
    x: values.map((_, t) => t + 1),
    color: layerColor(l, last),
  }));
}

function pickNorms(result: TrainResult, of: 'weights' | 'biases'): number[][] {
  if (of !== 'weights' && of !== 'biases') throw new RangeError(`of must be 'weights' or 'biases'; got ${JSON.stringify(of)}`);
  const data = of === 'weights' ? result.layerNorms : result.biasNorms;
  if (!data) throw new RangeError('this run recorded no gradient norms: train it with layerNorms: true');
  return data;
}

/**
 * Per-layer gradient norms averaged over the first `steps` updates, as a ratio to the
 * output layer's: < 1 means the signal shrank on its way back (vanishing), > 1 it grew.
 */
export function layerNormRatios(result: TrainResult, of: 'weights' | 'biases' = 'weights', steps = 10): number[] {
  const data = pickNorms(result, of);
  const k = positiveInt('steps', steps);
  const mean = data.map((vs) => {
    const head = vs.slice(0, k);
    return head.reduce((s, v) => s + v, 0) / Math.max(1, head.length);
  });
  const out = mean[mean.length - 1];
  return mean.map((m) => m / out);
}

/**
 * A markdown table of the per-layer gradient norms at the start of training (mean of the
 * first `steps` updates), one column per run: the absolute norm and its ratio to the output
 * layer's, then each run's test accuracy at its end.
 */
export function layerNormTable(results: readonly TrainResult[], names: readonly string[], of: 'weights' | 'biases' = 'biases', steps = 10): string {
  if (names.length !== results.length) throw new RangeError(`names must have one entry per run (${results.length}); got ${names.length}`);
  const k = positiveInt('steps', steps);
  const means = results.map((r) => pickNorms(r, of).map((vs) => vs.slice(0, k).reduce((a, b) => a + b, 0) / Math.max(1, Math.min(k, vs.length))));
  const depth = Math.max(...means.map((m) => m.length));
  const sym = of === 'weights' ? '‖∂L/∂W‖' : '‖∂L/∂b‖';
  const head = `| layer | ${names.map((n) => `${n}: ${sym} (÷ output)`).join(' | ')} |`;
  const rule = `|---|${names.map(() => '---:').join('|')}|`;
  const rows = Array.from({ length: depth }, (_, l) => {
    const cells = means.map((m) => (l < m.length ? `${m[l].toExponential(1)} (${(m[l] / m[m.length - 1]).toExponential(1)})` : ''));
    return `| ${l + 1}${l === 0 ? ' (input side)' : l === depth - 1 ? ' (output)' : ''} | ${cells.join(' | ')} |`;
  });
  const steps_ = [...new Set(results.map((r) => r.steps))];
  const acc = `| test accuracy after ${steps_.join('/')} updates | ${results.map((r) => pct(r.final.testAccuracy)).join(' | ')} |`;
  return [head, rule, ...rows, acc].join('\n');
}

/** Hand-written runs paired with the tf.js run of the same update rule (gd ↔ sgd), in order. */
export function twinPairs(results: readonly TrainResult[]): { rule: string; hand: TrainResult; tfjs: TrainResult }[] {
  const rule = (r: TrainResult) => (r.name === 'gd' ? 'sgd' : r.name);
  const out: { rule: string; hand: TrainResult; tfjs: TrainResult }[] = [];
  for (const hand of results) {
    if (hand.impl !== 'hand-written') continue;
    const tfjs = results.find((r) => r.impl === 'tfjs' && rule(r) === rule(hand));
    if (tfjs) out.push({ rule: rule(hand), hand, tfjs });
  }
  return out;
}

/**
 * For each hand-written/tf.js pair, max_i |θ_hand − θ_tfjs| at every snapshot after the
 * first (at step 0 both hold the same initial weights, a zero a log scale cannot show).
 */
export function parityCurves(results: readonly TrainResult[]): Series[] {
  return twinPairs(results).map(({ rule, hand, tfjs }, k) => {
    const cmp = compareWeights(hand, tfjs);
    const steps = hand.snapshots.steps.slice(0, cmp.perStep.length);
    return {
      label: rule,
      values: cmp.perStep.slice(1),
      x: steps.slice(1),
      color: runColor(hand, k),
    };
  });
}

/** A blue (input side) to orange (output) ramp: neighbouring layers get neighbouring colours. */
export function layerColor(l: number, layers: number): string {
  const f = layers <= 1 ? 0 : l / (layers - 1);
  return `hsl(${Math.round(235 - 205 * f)}, 70%, ${Math.round(32 + 18 * f)}%)`;
}

/** One colour per update rule, so a hand-written run and its tf.js twin share it (tf.js dashed). */
const FAMILY: Record<string, number> = { sgd: 0, gd: 0, momentum: 1, nesterov: 5, adagrad: 2, rmsprop: 3, adam: 4, adamBasic: 6, adamax: 7, adadelta: 6 };

export function runColor(result: Pick<TrainResult, 'name'>, index: number): string {
  return PALETTE[(FAMILY[result.name] ?? index) % PALETTE.length];
}

export interface CurveOptions {
  /** Moving-average window over steps (default 20; 1 = raw minibatch losses). */
  window?: number;
  /** x axis: 'step' (updates, default) or 'epoch' (passes over the training set). */
  x?: 'step' | 'epoch';
  /** Colour by run order instead of by update rule (several runs of one rule: batch sizes). */
  colorBy?: 'rule' | 'order';
  /** Legend text per run (default: the run's label). */
  label?: (result: TrainResult) => string;
  /** Keep only the first this-many steps (compare runs over the same number of updates). */
  upTo?: number;
}

/** Smoothed minibatch-loss curves, one Series per run, for seriesFigure. */
export function lossCurves(results: readonly TrainResult[], options: CurveOptions = {}): Series[] {
  const window = positiveInt('window', options.window ?? 20);
  const upTo = options.upTo === undefined ? Infinity : positiveInt('upTo', options.upTo);
  return results.map((r, k) => {
    const values = movingAverage(r.losses, window).slice(0, upTo);
    return {
      label: options.label ? options.label(r) : r.label,
      values,
      x: values.map((_, t) => (options.x === 'epoch' ? (t + 1) / r.stepsPerEpoch : t + 1)),
      color: options.colorBy === 'order' ? PALETTE[k % PALETTE.length] : runColor(r, k),
      dashed: options.colorBy !== 'order' && r.impl === 'tfjs',
    };
  });
}

/** A held-out measurement (training loss, test loss or test accuracy) per evaluation, one Series per run. */
export function evaluationCurves(
  results: readonly TrainResult[],
  metric: 'trainLoss' | 'testLoss' | 'testAccuracy',
  options: Omit<CurveOptions, 'window'> = {},
): Series[] {
  if (!['trainLoss', 'testLoss', 'testAccuracy'].includes(metric)) {
    throw new RangeError(`metric must be 'trainLoss', 'testLoss' or 'testAccuracy'; got ${JSON.stringify(metric)}`);
  }
  return results.map((r, k) => ({
    label: options.label ? options.label(r) : r.label,
    values: r.evaluations.map((e) => e[metric]),
    x: r.evaluations.map((e) => (options.x === 'epoch' ? e.epoch : e.step)),
    color: options.colorBy === 'order' ? PALETTE[k % PALETTE.length] : runColor(r, k),
    dashed: options.colorBy !== 'order' && r.impl === 'tfjs',
  }));
}
