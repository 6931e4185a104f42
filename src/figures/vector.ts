/**
 * Figure 3: the vector diagram of one momentum update and of one Nesterov update, drawn
 * from real numbers. Momentum adds the old velocity's share μv to −ε∇L taken at θ;
 * Nesterov first moves by μv and takes the gradient at that look-ahead point θ + μv.
 */
import type { Objective } from '../core/types.js';
import type { VecLike } from '../core/vec.js';
import { type Figure, type LegendEntry, frame } from './figure.js';
import { sampleGrid } from './grid.js';
import { Plot, renderPlot } from './render.js';
import { fmt, point2, show, sizeOption, textOption } from './style.js';

export interface VectorDiagramOptions {
  /** The current point θ. */
  theta: VecLike;
  /** The velocity before the update. */
  v: VecLike;
  /** Where gradients come from: an objective… */
  objective?: Objective;
  /** …or a gradient function (one of the two is required). */
  grad?: (theta: Float64Array) => VecLike;
  /** μ. */
  momentum: number;
  /** ε, one number or one per coordinate. */
  lr: number | readonly number[];
  /** false: classical momentum (gradient at θ); true: Nesterov (gradient at θ + μv). */
  nesterov: boolean;
  /** Faint contour lines of the objective behind the vectors (default true when an objective is given). */
  contours?: boolean;
  title?: string;
  subtitle?: string;
  caption?: string;
  width?: number;
  height?: number;
}

/** The numbers of one update, returned with the figure so a notebook can print them. */
export interface VectorUpdate {
  readonly theta: [number, number];
  /** μv. */
  readonly carried: [number, number];
  /** Where the gradient was taken: θ (momentum) or θ + μv (Nesterov). */
  readonly gradAt: [number, number];
  readonly grad: [number, number];
  /** −ε∘g. */
  readonly gradStep: [number, number];
  /** The new velocity v' = μv − ε∘g and the new point θ' = θ + v'. */
  readonly vNew: [number, number];
  readonly thetaNew: [number, number];
}

/** Computes one momentum or Nesterov update in 2-D (the maths the diagram draws). */
export function vectorUpdate(options: VectorDiagramOptions): VectorUpdate {
  if (!options || typeof options !== 'object') throw new TypeError(`vectorDiagram: options must be an object; got ${show(options)}`);
  const theta = point2('theta', options.theta);
  const v = point2('v', options.v);
  const mu = options.momentum;
  if (typeof mu !== 'number' || !(mu >= 0 && mu < 1)) throw new RangeError(`momentum must be in [0, 1); got ${show(mu)}`);
  const lrIn = options.lr;
  const lr: [number, number] = typeof lrIn === 'number' ? [lrIn, lrIn] : point2('lr', lrIn);
  lr.forEach((e, i) => { if (!(e > 0)) throw new RangeError(`lr${typeof lrIn === 'number' ? '' : `[${i}]`} must be a finite number > 0; got ${show(e)}`); });
  if (typeof options.nesterov !== 'boolean') throw new TypeError(`nesterov must be true or false; got ${show(options.nesterov)}`);
  let gradient: (t: Float64Array) => VecLike;
  if (options.grad !== undefined) {
    if (typeof options.grad !== 'function') throw new TypeError(`grad must be a function θ ↦ ∇L(θ); got ${show(options.grad)}`);
    gradient = options.grad;
  } else if (options.objective && typeof options.objective.gradient === 'function') {
    if (options.objective.dim !== 2) throw new RangeError(`objective must be 2-D for a vector diagram; got dim ${options.objective.dim}`);
    const o = options.objective;
    gradient = (t) => o.gradient(t);
  } else {
    throw new TypeError('vectorDiagram needs objective (an Objective) or grad (a function θ ↦ ∇L(θ)); got neither');
  }
  const carried: [number, number] = [mu * v[0], mu * v[1]];
  const gradAt: [number, number] = options.nesterov ? [theta[0] + carried[0], theta[1] + carried[1]] : theta;
  const g = point2('grad(θ)', gradient(Float64Array.from(gradAt)));
  const gradStep: [number, number] = [-lr[0] * g[0], -lr[1] * g[1]];
  const vNew: [number, number] = [carried[0] + gradStep[0], carried[1] + gradStep[1]];
  return { theta, carried, gradAt, grad: g, gradStep, vNew, thetaNew: [theta[0] + vNew[0], theta[1] + vNew[1]] };
}

interface Arrow { x1: number; y1: number; x2: number; y2: number; kind: string }
type Anchor = 'start' | 'middle' | 'end';
interface Label { x: number; y: number; text: string; color: string; anchor: Anchor }

const COLORS = { carried: '#1f77b4', grad: '#d62728', result: '#111', ghost: '#d62728' };

/** The vector diagram of one momentum (nesterov: false) or Nesterov (true) update. */
export function vectorDiagram(options: VectorDiagramOptions): Figure {
  const u = vectorUpdate(options);
  const width = sizeOption('width', options.width, 420)!;
  const height = sizeOption('height', options.height, undefined);
  const [tx, ty] = u.theta;
  const ax = tx + u.carried[0];
  const ay = ty + u.carried[1];
  const arrows: Arrow[] = [];
  // The gradient step starts where it is added: at the tip of μv.
  arrows.push({ x1: tx, y1: ty, x2: ax, y2: ay, kind: 'carried' });
  arrows.push({ x1: ax, y1: ay, x2: ax + u.gradStep[0], y2: ay + u.gradStep[1], kind: 'grad' });
  if (!options.nesterov) {
    // For momentum the gradient belongs to θ: show it there too, faintly.
    arrows.push({ x1: tx, y1: ty, x2: tx + u.gradStep[0], y2: ty + u.gradStep[1], kind: 'ghost' });
  }
  arrows.push({ x1: tx, y1: ty, x2: u.thetaNew[0], y2: u.thetaNew[1], kind: 'result' });

  const xs = arrows.flatMap((a) => [a.x1, a.x2]);
  const ys = arrows.flatMap((a) => [a.y1, a.y2]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) || 1;

  const gLabel = options.nesterov ? '−ε∇L(θ + μv)' : '−ε∇L(θ)';
  const off = span * 0.045;
  // Labels go on the outer side of the triangle θ → θ + μv → θ′ (so they never sit on the
  // other arrows), anchored so the text grows away from the arrow.
  const cxT = (tx + ax + u.thetaNew[0]) / 3;
  const cyT = (ty + ay + u.thetaNew[1]) / 3;
  const anchorOf = (nx: number): Anchor => (nx > 0.3 ? 'start' : nx < -0.3 ? 'end' : 'middle');
  const place = (x: number, y: number, nx: number, ny: number, text: string, color: string, push = 1): Label => {
    const len = Math.hypot(nx, ny) || 1;
    const ux = nx / len, uy = ny / len;
    return { x: x + ux * off * push, y: y + uy * off * push, text, color, anchor: anchorOf(ux) };
  };
  const labelOut = (a: Arrow, text: string, color: string, at = 0.5): Label => {
    const dx = a.x2 - a.x1, dy = a.y2 - a.y1;
    const mx = a.x1 + at * dx, my = a.y1 + at * dy;
    let nx = -dy, ny = dx;
    if (nx * (mx - cxT) + ny * (my - cyT) < 0) { nx = -nx; ny = -ny; }
    return place(mx, my, nx, ny, text, color);
  };
  const labels: Label[] = [
    labelOut(arrows[0], 'μv', COLORS.carried),
    labelOut(arrows[1], gLabel, COLORS.grad),
    labelOut(arrows[arrows.length - 1], 'v′', COLORS.result, 0.45),
  ];
  if (!options.nesterov) labels.push(labelOut(arrows[2], '−ε∇L(θ)', COLORS.ghost));
  const vx = u.vNew[0], vy = u.vNew[1];
  const pts = [
    { x: tx, y: ty, color: '#111' },
    { x: u.thetaNew[0], y: u.thetaNew[1], color: '#111' },
    ...(options.nesterov ? [{ x: ax, y: ay, color: COLORS.carried }] : []),
  ];
  const pointLabels: Label[] = [
    place(tx, ty, -vx, -vy, 'θ', '#111', 1.2),
    place(u.thetaNew[0], u.thetaNew[1], vx, vy, 'θ′', '#111', 1.2),
    ...(options.nesterov ? [place(ax, ay, ax - cxT, ay - cyT, 'θ + μv (look-ahead)', COLORS.carried, 1.2)] : []),
  ];

  // A square window holding the arrows and the labels' text (≈ 7 px per character at
  // 12 px), so that x and y share one scale and no label runs off the frame.
  const plotPx = width - 52;
  let bx0 = Math.min(...xs), bx1 = Math.max(...xs), by0 = Math.min(...ys), by1 = Math.max(...ys);
  const half0 = span * 0.6;
  const perPx = (2 * half0) / plotPx;
  for (const [l, pxPerChar] of [...labels.map((l) => [l, 6.8] as const), ...pointLabels.map((l) => [l, 7.6] as const)]) {
    const w = [...l.text].length * pxPerChar * perPx;
    const left = l.anchor === 'start' ? 0 : l.anchor === 'end' ? w : w / 2;
    bx0 = Math.min(bx0, l.x - left - 8 * perPx);
    bx1 = Math.max(bx1, l.x - left + w + 8 * perPx);
    by0 = Math.min(by0, l.y - 10 * perPx);
    by1 = Math.max(by1, l.y + 10 * perPx);
  }
  const half = Math.max(half0, (bx1 - bx0) / 2, (by1 - by0) / 2) * 1.04;
  const cx = (bx0 + bx1) / 2, cy = (by0 + by1) / 2;
  const x0 = cx - half, x1 = cx + half, y0 = cy - half, y1 = cy + half;

  const marks: Plot.Markish[] = [];
  if (options.objective && (options.contours ?? true)) {
    const grid = sampleGrid(options.objective, { x: [x0, x1], y: [y0, y1] }, 60, 60);
    marks.push(Plot.contour(Array.from(grid.values), {
      width: 60, height: 60, x1: x0, x2: x1, y1: y0, y2: y1, interpolate: 'none', value: Plot.identity, thresholds: 12, stroke: '#bbb', strokeWidth: 0.8, fill: 'none',
    }));
  }
  const style = (kind: string) => arrows.filter((a) => a.kind === kind);
  marks.push(
    Plot.arrow(style('ghost'), { className: 'owb-vector-ghost', x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: COLORS.ghost, strokeOpacity: 0.45, strokeDasharray: '4,3', strokeWidth: 1.4, headLength: 10 }),
    Plot.arrow(style('result'), { className: 'owb-vector-result', x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: COLORS.result, strokeWidth: 2.6, headLength: 14 }),
    Plot.arrow(style('carried'), { className: 'owb-vector-carried', x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: COLORS.carried, strokeWidth: 2, headLength: 12 }),
    Plot.arrow(style('grad'), { className: 'owb-vector-grad', x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: COLORS.grad, strokeWidth: 2, headLength: 12 }),
    Plot.dot(pts, { x: 'x', y: 'y', r: 3.5, fill: 'color' }),
  );
  // Plot's text anchor is one per mark: one text mark per anchor and weight.
  for (const [group, weight] of [[labels, 400], [pointLabels, 600]] as const) {
    for (const anchor of ['start', 'middle', 'end'] as const) {
      const these = group.filter((l) => l.anchor === anchor);
      if (these.length === 0) continue;
      marks.push(Plot.text(these, {
        x: 'x', y: 'y', text: 'text', fill: 'color', textAnchor: anchor, lineAnchor: 'middle', fontSize: 12, fontWeight: weight,
        stroke: '#fff', strokeWidth: 3, paintOrder: 'stroke',
      }));
    }
  }
  const plotHtml = renderPlot({
    width,
    height,
    aspectRatio: height === undefined ? 1 : undefined,
    marginLeft: 40,
    marginRight: 12,
    marginTop: 12,
    x: { domain: [x0, x1], label: 'x', labelAnchor: 'center', labelArrow: 'none', ticks: 5 },
    y: { domain: [y0, y1], label: 'y', labelAnchor: 'center', labelArrow: 'none', ticks: 5 },
    color: { type: 'identity' },
    style: { background: '#fff' },
    marks,
  });
  const legend: LegendEntry[] = [
    { label: 'μv (carried velocity)', color: COLORS.carried },
    { label: `${gLabel} (gradient step)`, color: COLORS.grad },
    { label: 'v′ (the update)', color: COLORS.result },
  ];
  const numbers = `θ = (${fmt(tx)}, ${fmt(ty)}), μv = (${fmt(u.carried[0])}, ${fmt(u.carried[1])}), ` +
    `∇L at ${options.nesterov ? 'θ + μv' : 'θ'} = (${fmt(u.grad[0])}, ${fmt(u.grad[1])}), θ′ = (${fmt(u.thetaNew[0])}, ${fmt(u.thetaNew[1])}).`;
  return frame(plotHtml, {
    width,
    title: textOption('title', options.title) ?? (options.nesterov ? 'One Nesterov update' : 'One momentum update'),
    subtitle: textOption('subtitle', options.subtitle),
    legend,
    caption: [textOption('caption', options.caption), numbers].filter(Boolean).join(' '),
  });
}
