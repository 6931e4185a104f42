/**
 * The live explorer in the reader's browser: controls for the hyperparameters, the paths
 * redrawn by Observable Plot on top of the contour background the kernel drew, the start
 * point set by clicking or dragging, play / pause / step through the iterations, a readout
 * per optimizer and a series panel. Every number comes from the library's own trajectory(),
 * bundled into this page, in float64: the kernel's numbers, bit for bit.
 *
 * The contour background is never recomputed: the kernel drew it once (the static figure);
 * only the layer of paths above it is redrawn when a control moves.
 */
import { arrow, dot, line, plot, ruleY } from '@observablehq/plot';
import type { Markish } from '@observablehq/plot';
import type { Objective, Trajectory } from '../core/types.js';
import { pathMarks } from '../figures/marks.js';
import { runStyle } from '../figures/style.js';
import { type ExplorerLayout, layerOptions } from './layout.js';
import {
  type ControlSpec, type ExplorerOptions, type ExplorerValues, type Readout,
  controlLabel, explorerObjective, explorerRuns, initialValues, readoutText, readouts,
} from './spec.js';

/** What the kernel puts in the page for one explorer (the JSON in its <script class="owb-x-spec">). */
export interface ExplorerPayload {
  options: ExplorerOptions;
  layout: ExplorerLayout;
}

/** The state a mounted explorer exposes on its element (for tests and the curious). */
export interface ExplorerHandle {
  readonly options: ExplorerOptions;
  values: ExplorerValues;
  runs: Trajectory[];
  readouts: Readout[];
  /** The iteration shown by play / step (the last one when not playing). */
  step: number;
  /** Milliseconds the last redraw took (compute + draw). */
  lastRedrawMs: number;
  /** Its parts: the runs, the layer of paths, the legend, readout and series panel. */
  lastTimes: { compute?: number; layer?: number; panels?: number };
  /** How many times the contour background was drawn in the browser (always 0: the kernel drew it). */
  backgroundDraws: number;
  set(key: string, value: number): string | null;
  setStart(x: number, y: number): string | null;
}

type ScaleLike = { invert?: (v: number) => number };
type PlotElement = SVGSVGElement & { scale?: (name: string) => ScaleLike | undefined };

const html = (doc: Document, tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement => {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
};

const SLIDER_STEPS = 1000;
/** Runs longer than this are drawn as a line with a dot every few iterates. */
const LONG_RUN = 150;

/** Slider position (0 … 1000) ↔ value, on a linear or log scale; whole numbers for steps. */
function sliderToValue(key: string, c: ControlSpec, s: number): number {
  const f = s / SLIDER_STEPS;
  const v = c.scale === 'log' ? c.min * (c.max / c.min) ** f : c.min + (c.max - c.min) * f;
  return key === 'steps' ? Math.round(v) : Number(v.toPrecision(4));
}
function valueToSlider(c: ControlSpec, v: number): number {
  const f = c.scale === 'log' ? Math.log(v / c.min) / Math.log(c.max / c.min) : (v - c.min) / (c.max - c.min);
  return Math.round(Math.max(0, Math.min(1, f)) * SLIDER_STEPS);
}

const CSS = `
.owb-x-live { font: 13px/1.4 system-ui, sans-serif; color: #222; max-width: 100%; }
.owb-x-controls { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; margin: 4px 0 6px; }
.owb-x-control { display: inline-flex; align-items: center; gap: 6px; }
.owb-x-control input[type=range] { width: 130px; }
.owb-x-control input[type=number] { width: 84px; font: inherit; }
.owb-x-control .owb-x-name { min-width: 1.6em; text-align: right; font-style: italic; }
.owb-x-error { color: #b00020; font-size: 12px; max-width: 320px; }
.owb-x-player { display: flex; gap: 6px; align-items: center; margin: 2px 0 6px; }
.owb-x-player button { font: inherit; padding: 1px 8px; }
.owb-x-plot { position: relative; display: inline-block; cursor: crosshair; max-width: 100%; touch-action: none; }
.owb-x-plot > svg { display: block; max-width: 100%; height: auto; }
.owb-x-plot > svg.owb-x-layer { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none; }
.owb-x-readout div { white-space: normal; }
.owb-x-title { font-size: 15px; font-weight: 600; margin-bottom: 2px; }
.owb-x-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; margin: 0 0 4px; }
.owb-x-caption { font-size: 12px; color: #444; margin-top: 2px; max-width: 640px; }
.owb-x-readout .owb-x-diverged { color: #b00020; }
/* On paper the controls mean nothing: print the kernel's static figure instead. */
@media print { .owb-x-live { display: none; } .owb-explorer > .owb-x-static { display: block !important; } }
`;

type KeyedElement = HTMLElement & { owbKey?: (event: KeyboardEvent) => void };

/**
 * Keys typed into an explorer are the explorer's. A notebook (JupyterLab's and Notebook 7's
 * shortcuts listen on the document, in the capture phase, and may swallow a key) or a slide
 * deck (arrows turn the slide) must not take them. One listener on the window, in the capture
 * phase, runs before any of theirs: it stops the key there (the control's own default
 * action, typing or pressing a button, still happens) and moves a slider itself.
 */
function guardKeys(win: (Window & { owbKeysGuarded?: boolean }) | null): void {
  if (!win || win.owbKeysGuarded) return;
  win.owbKeysGuarded = true;
  win.addEventListener('keydown', (event) => {
    const target = event.target as KeyedElement | null;
    if (!target?.closest?.('.owb-x-live')) return;
    event.stopPropagation();
    target.owbKey?.(event);
  }, true);
}

/** Mounts the live explorer into `el` (the kernel's output), replacing its static figure. */
export function mount(el: HTMLElement): ExplorerHandle | null {
  if (el.dataset.owbMounted) return (el as HTMLElement & { owbExplorer?: ExplorerHandle }).owbExplorer ?? null;
  const doc = el.ownerDocument;
  const specNode = el.querySelector('script.owb-x-spec');
  const background = el.querySelector<SVGSVGElement>('.owb-x-static svg.owb-x-background');
  if (!specNode || !background) return null;
  const payload = JSON.parse(specNode.textContent ?? '{}') as ExplorerPayload;
  const { options, layout } = payload;
  const objective: Objective = explorerObjective(options);
  const tolerance = options.tolerance ?? 1e-6;
  el.dataset.owbMounted = '1';

  if (!doc.getElementById('owb-x-css')) {
    const style = html(doc, 'style', { id: 'owb-x-css' }, CSS);
    doc.head.appendChild(style);
  }

  // The live layout, built next to the static figure, which is hidden once this works.
  const live = html(doc, 'div', { class: 'owb-x-live' });
  const controls = html(doc, 'div', { class: 'owb-x-controls' });
  const player = html(doc, 'div', { class: 'owb-x-player' });
  const plotBox = html(doc, 'div', { class: 'owb-x-plot', title: 'click or drag to move the start' });
  const readoutBox = html(doc, 'div', { class: 'owb-x-readout' });
  const seriesBox = html(doc, 'div', { class: 'owb-x-series' });
  const title = options.title ? html(doc, 'div', { class: 'owb-x-title' }, options.title) : null;
  const legend = html(doc, 'div', { class: 'owb-x-legend' });
  const caption = options.caption ? html(doc, 'div', { class: 'owb-x-caption' }, options.caption) : null;
  live.append(...[title, controls, player, legend, plotBox, readoutBox, seriesBox, caption].filter((n): n is HTMLElement => n !== null));

  // The background: the kernel's SVG without its paths (those are redrawn above it).
  const bg = background.cloneNode(true) as SVGSVGElement;
  bg.querySelectorAll('.owb-x-run').forEach((n) => n.remove());
  plotBox.appendChild(bg);

  const handle: ExplorerHandle = {
    options,
    values: initialValues(options),
    runs: [],
    readouts: [],
    step: 0,
    lastRedrawMs: 0,
    lastTimes: {},
    backgroundDraws: 0,
    set: () => null,
    setStart: () => null,
  };
  (el as HTMLElement & { owbExplorer?: ExplorerHandle }).owbExplorer = handle;

  let layer: PlotElement | null = null;
  let playing: ReturnType<typeof setInterval> | null = null;
  const stepSlider = html(doc, 'input', { type: 'range', min: '0', max: String(options.steps), value: String(options.steps), 'aria-label': 'iteration' }) as HTMLInputElement;
  const stepText = html(doc, 'span', { class: 'owb-x-step' });

  /** Recomputes the runs for `values`; returns the library's error message, or null. */
  const compute = (values: ExplorerValues): string | null => {
    try {
      const t0 = performance.now();
      const runs = explorerRuns(options, values, objective);
      handle.lastTimes = { ...handle.lastTimes, compute: performance.now() - t0 };
      handle.values = values;
      handle.runs = runs;
      handle.readouts = readouts(options, runs);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };

  const lastStep = (): number => Math.max(0, ...handle.runs.map((r) => r.points.length - 1));

  /** Arrows at the shown iteration: −ε∘g (the plain gradient step) and, for momentum, v. */
  const stepMarks = (k: number): Markish[] => {
    const marks: Markish[] = [];
    handle.runs.forEach((run, i) => {
      const t = Math.min(k, run.points.length - 1);
      const p = run.points[t];
      const style = runStyle(i, run.impl, options.optimizers[i].color);
      marks.push(dot([p], { x: (d: ArrayLike<number>) => d[0], y: (d: ArrayLike<number>) => d[1], r: 6, fill: 'none', stroke: style.color, strokeWidth: 2.5, className: 'owb-x-current' }));
      const g = run.grads[t];
      const lr = run.states[t + 1]?.lr ?? run.states[t]?.lr;
      if (g) {
        const rate = (j: number) => (typeof lr === 'number' ? lr : lr ? lr[j] : 1);
        const tip = [p[0] - rate(0) * g[0], p[1] - rate(1) * g[1]];
        marks.push(arrow([{ x1: p[0], y1: p[1], x2: tip[0], y2: tip[1] }], { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: '#e6550d', strokeWidth: 2, headLength: 7, className: 'owb-x-grad' }));
      }
      const v = run.states[t]?.v;
      if (v && typeof v !== 'number') {
        marks.push(arrow([{ x1: p[0], y1: p[1], x2: p[0] + v[0], y2: p[1] + v[1] }], { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: '#6a3d9a', strokeWidth: 2, headLength: 7, className: 'owb-x-velocity' }));
      }
    });
    return marks;
  };

  const drawSeries = (): void => {
    const field = options.series ?? 'loss';
    // One line per run (loss) or per run and coordinate (a state field: the second coordinate dashed).
    const lines: { name: string; color: string; dashed: boolean; rows: { t: number; y: number }[] }[] = [];
    handle.runs.forEach((run, i) => {
      const name = handle.readouts[i].label;
      const color = runStyle(i, run.impl, options.optimizers[i].color).color;
      if (field === 'loss') { lines.push({ name, color, dashed: false, rows: run.losses.map((y, t) => ({ t, y })) }); return; }
      const first = run.states[0]?.[field];
      const dims = typeof first === 'number' ? 1 : first ? first.length : 0;
      for (let j = 0; j < dims; j++) {
        const rows = run.states.map((s, t) => {
          const v = s[field];
          return { t, y: typeof v === 'number' ? v : v ? v[j] : NaN };
        });
        lines.push({ name: dims > 1 ? `${name} ${field}${'₀₁₂₃₄₅₆₇₈₉'[j] ?? j}` : name, color, dashed: j > 0, rows });
      }
    });
    const log = field === 'loss' && lines.every((l) => l.rows.every((r) => r.y > 0));
    const chart = plot({
      width: Math.min(layout.width, 460), height: 150, marginLeft: 52, marginTop: 8,
      x: { label: 'iteration', labelArrow: 'none' },
      y: { type: log ? 'log' : 'linear', label: field, labelArrow: 'none', grid: true },
      marks: [
        ...(log ? [] : [ruleY([0], { stroke: '#bbb' })]),
        ...lines.map((l) => line(l.rows, { x: 't', y: 'y', stroke: l.color, strokeWidth: 1.5, strokeDasharray: l.dashed ? '4,3' : undefined })),
      ],
      document: doc,
    });
    seriesBox.replaceChildren(chart);
  };

  const drawLayer = (): void => {
    const marks: Markish[] = [];
    handle.runs.forEach((run, i) => {
      const style = runStyle(handle.runs.length === 1 && !options.optimizers[0].color ? 1 : i, run.impl, options.optimizers[i].color);
      const arrowColor = handle.runs.length === 1 ? '#111' : style.color;
      if (run.points.length <= LONG_RUN) marks.push(...pathMarks(run.points, { style, arrowColor }));
      else {
        // A long run: thousands of arrowheads and dots would only hide each other and slow
        // every redraw; a line through every iterate and a dot every few steps show the same.
        marks.push(...pathMarks(run.points, { style, arrowColor, arrows: false, points: false }));
        marks.push(...pathMarks(run.points, { style, steps: false, every: Math.ceil(run.points.length / LONG_RUN) }));
      }
    });
    if (handle.step < lastStep()) marks.push(...stepMarks(handle.step));
    const next = plot({ ...layerOptions(layout, false), marks, document: doc, className: 'owb-x-layer-plot' }) as unknown as PlotElement;
    next.classList.add('owb-x-layer');
    if (layer) layer.replaceWith(next); else plotBox.appendChild(next);
    layer = next;
    stepText.textContent = `step ${handle.step} / ${lastStep()}`;
    stepSlider.max = String(lastStep());
    stepSlider.value = String(handle.step);
  };

  const drawLegend = (): void => {
    if (handle.runs.length < 2) return;
    legend.replaceChildren(...handle.runs.map((run, i) => {
      const style = runStyle(i, run.impl, options.optimizers[i].color);
      const item = html(doc, 'span', { class: 'owb-x-key' });
      const swatch = html(doc, 'span', { style: `display:inline-block;width:18px;border-top:2px ${style.dashed ? 'dashed' : 'solid'} ${style.color};vertical-align:middle;margin-right:4px` });
      item.append(swatch, doc.createTextNode(handle.readouts[i].label));
      return item;
    }));
  };

  const drawReadout = (): void => {
    readoutBox.replaceChildren(...handle.readouts.map((r) => {
      const line_ = html(doc, 'div', { class: r.divergedAt === null ? '' : 'owb-x-diverged' }, readoutText(r, tolerance));
      return line_;
    }));
  };

  const redraw = (): void => {
    const t0 = performance.now();
    handle.step = lastStep();
    drawLayer();
    const t1 = performance.now();
    drawLegend();
    drawReadout();
    drawSeries();
    const t2 = performance.now();
    handle.lastRedrawMs = t2 - t0;
    handle.lastTimes = { ...handle.lastTimes, layer: t1 - t0, panels: t2 - t1 };
  };

  /** Applies a new value for `key`: recompute, and redraw or say why not. */
  const apply = (key: string, value: number): string | null => {
    if (!Number.isFinite(value)) return `${key} must be a finite number; got ${value}`;
    const t0 = performance.now();
    const error = compute({ ...handle.values, numbers: { ...handle.values.numbers, [key]: value } });
    if (error) return error;
    redraw();
    handle.lastRedrawMs = performance.now() - t0;
    return null;
  };
  handle.set = (key, value) => {
    const error = apply(key, value);
    const box = controls.querySelector<HTMLElement>(`[data-key="${key}"]`);
    if (box) syncControl(box, key, error);
    return error;
  };
  handle.setStart = (x, y) => {
    const t0 = performance.now();
    const error = compute({ ...handle.values, numbers: { ...handle.values.numbers, 'start.0': x, 'start.1': y } });
    if (!error) {
      redraw();
      handle.lastRedrawMs = performance.now() - t0;
      for (const key of ['start.0', 'start.1']) {
        const box = controls.querySelector<HTMLElement>(`[data-key="${key}"]`);
        if (box) syncControl(box, key, null);
      }
    }
    return error;
  };

  const syncControl = (box: HTMLElement, key: string, error: string | null): void => {
    const c = options.params![key];
    const value = handle.values.numbers[key];
    const range = box.querySelector<HTMLInputElement>('input[type=range]')!;
    const number = box.querySelector<HTMLInputElement>('input[type=number]')!;
    if (!error) {
      range.value = String(valueToSlider(c, value));
      if (doc.activeElement !== number) number.value = String(value);
    }
    box.querySelector('.owb-x-error')!.textContent = error ?? '';
  };

  // Controls.
  for (const [key, c] of Object.entries(options.params ?? {})) {
    const box = html(doc, 'label', { class: 'owb-x-control', 'data-key': key });
    const name = html(doc, 'span', { class: 'owb-x-name' }, controlLabel(key, c));
    const range = html(doc, 'input', { type: 'range', min: '0', max: String(SLIDER_STEPS), step: '1', 'aria-label': `${controlLabel(key, c)} (${key})` }) as HTMLInputElement;
    const number = html(doc, 'input', { type: 'number', step: 'any', 'aria-label': `${controlLabel(key, c)} (${key}), exact value` }) as HTMLInputElement;
    const error = html(doc, 'span', { class: 'owb-x-error', role: 'status' });
    box.append(name, range, number, error);
    controls.appendChild(box);
    const moveTo = (position: number): void => {
      range.value = String(Math.max(0, Math.min(SLIDER_STEPS, position)));
      const value = sliderToValue(key, c, Number(range.value));
      number.value = String(value);
      const problem = apply(key, value);
      error.textContent = problem ?? '';
    };
    range.addEventListener('input', () => moveTo(Number(range.value)));
    // The keys move the slider by 1 % (arrows) or 10 % (Page Up/Down) of its range; called
    // by the key guard below, before the page around the explorer sees the key.
    (range as KeyedElement).owbKey = (event) => {
      const by: Record<string, number> = { ArrowRight: 10, ArrowUp: 10, ArrowLeft: -10, ArrowDown: -10, PageUp: 100, PageDown: -100 };
      const position = event.key === 'Home' ? 0 : event.key === 'End' ? SLIDER_STEPS : by[event.key] === undefined ? null : Number(range.value) + by[event.key];
      if (position === null) return;
      event.preventDefault();
      moveTo(position);
    };
    number.addEventListener('change', () => {
      const problem = apply(key, Number(number.value === '' ? NaN : number.value));
      syncControl(box, key, problem);
    });
  }
  if (options.schedules && Object.keys(options.schedules).length > 0) {
    const box = html(doc, 'label', { class: 'owb-x-control', 'data-key': 'schedule' });
    const select = html(doc, 'select', { 'aria-label': 'learning-rate schedule' }) as HTMLSelectElement;
    for (const label of Object.keys(options.schedules)) select.appendChild(html(doc, 'option', { value: label }, label));
    const error = html(doc, 'span', { class: 'owb-x-error', role: 'status' });
    box.append(html(doc, 'span', { class: 'owb-x-name' }, 'schedule'), select, error);
    controls.appendChild(box);
    select.addEventListener('change', () => {
      const problem = compute({ ...handle.values, schedule: select.value });
      if (!problem) redraw();
      error.textContent = problem ?? '';
    });
  }

  // Play / pause / step.
  const button = (text: string, label: string, onClick: () => void): HTMLButtonElement => {
    const b = html(doc, 'button', { type: 'button', 'aria-label': label }, text) as HTMLButtonElement;
    b.addEventListener('click', onClick);
    return b;
  };
  const show = (k: number): void => {
    handle.step = Math.max(0, Math.min(lastStep(), k));
    drawLayer();
  };
  const stop = (): void => { if (playing) clearInterval(playing); playing = null; play.textContent = '▶'; };
  const play = button('▶', 'play / pause', () => {
    if (playing) { stop(); return; }
    if (handle.step >= lastStep()) show(0);
    play.textContent = '⏸';
    playing = setInterval(() => { if (handle.step >= lastStep()) stop(); else show(handle.step + 1); }, 80);
  });
  player.append(
    button('|◀', 'first iteration', () => { stop(); show(0); }),
    button('◀', 'previous iteration', () => { stop(); show(handle.step - 1); }),
    play,
    button('▶|', 'next iteration', () => { stop(); show(handle.step + 1); }),
    stepSlider,
    stepText,
  );
  stepSlider.addEventListener('input', () => { stop(); show(Number(stepSlider.value)); });

  // The start point: click or drag on the contours.
  const toData = (event: PointerEvent): [number, number] | null => {
    if (!layer?.scale) return null;
    const rect = bg.getBoundingClientRect();
    const px = ((event.clientX - rect.left) * layout.width) / rect.width;
    const py = ((event.clientY - rect.top) * layout.height) / rect.height;
    const x = layer.scale('x')?.invert?.(px);
    const y = layer.scale('y')?.invert?.(py);
    if (x === undefined || y === undefined) return null;
    const d = layout.domain;
    if (x < d.x[0] || x > d.x[1] || y < d.y[0] || y > d.y[1]) return null;
    return [Number(x.toPrecision(4)), Number(y.toPrecision(4))];
  };
  let dragging = false;
  plotBox.addEventListener('pointerdown', (event) => {
    const p = toData(event);
    if (!p) return;
    dragging = true;
    plotBox.setPointerCapture?.(event.pointerId);
    stop();
    handle.setStart(p[0], p[1]);
  });
  plotBox.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    const p = toData(event);
    if (p) handle.setStart(p[0], p[1]);
  });
  const end = (): void => { dragging = false; };
  plotBox.addEventListener('pointerup', end);
  plotBox.addEventListener('pointercancel', end);

  guardKeys(doc.defaultView);

  const problem = compute(handle.values);
  if (problem) {
    readoutBox.textContent = problem;
    return handle;
  }
  for (const box of controls.querySelectorAll<HTMLElement>('[data-key]')) {
    const key = box.dataset.key!;
    if (key !== 'schedule') syncControl(box, key, null);
  }
  redraw();
  const staticPart = el.querySelector<HTMLElement>('.owb-x-static');
  if (staticPart) staticPart.style.display = 'none';
  el.appendChild(live);
  return handle;
}

/** Mounts every explorer in the document that is not mounted yet. */
export function mountAll(doc: Document = document): number {
  let n = 0;
  for (const el of doc.querySelectorAll<HTMLElement>('[data-owb-explorer]:not([data-owb-mounted])')) {
    if (mount(el)) n += 1;
  }
  return n;
}
