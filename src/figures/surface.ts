/**
 * A 3-D view of a 2-D loss surface (figure 1: convex bowl vs non-convex landscape).
 * The surface is sampled on a grid, each grid cell becomes a quadrilateral in 3-D, the
 * quads are projected orthographically for a camera at (azimuth, elevation), sorted far to
 * near (painter's algorithm, by horizontal distance) and filled with a height colour shaded by a light, so it
 * reads as a solid surface.
 */
import type { Domain2D, Objective } from '../core/types.js';
import type { PathSpec } from './contour.js';
import { type Figure, type LegendEntry, frame } from './figure.js';
import { Plot, renderLegend, renderPlot } from './render.js';
import { DEFAULT_WIDTH, fmt, requireObjective, requireRun, resolveDomain, runLabel, runStyle, show, sizeOption, textOption } from './style.js';

export interface SurfaceFigureOptions {
  objective: Objective;
  domain?: Domain2D;
  /** Grid cells per axis (default 32; 900–1600 quads look smooth and stay light). */
  resolution?: number;
  /** Camera height above the floor, in degrees (default 38). */
  elevation?: number;
  /** Camera direction around the vertical axis, in degrees (default 35). */
  azimuth?: number;
  /** Heights above zMax are cut flat (for steep objectives). Default: no cut. */
  zMax?: number;
  /** Vertical size of the box relative to its half-width (default 0.85). */
  zAspect?: number;
  /** Plot's colour scheme for height (default 'viridis'). */
  scheme?: Plot.ColorScheme;
  /** A colour ramp legend for the height (drawn on a canvas). Default true. */
  legend?: boolean;
  /**
   * Runs drawn on the surface, at height L(θ_t) (points outside the domain are left out).
   * They are drawn over the mesh, so a path behind a hill stays visible.
   */
  paths?: readonly PathSpec[];
  title?: string;
  subtitle?: string;
  caption?: string;
  width?: number;
  height?: number;
}

interface Quad { pts: [number, number][]; depth: number; fill: string }

function parseColor(c: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(c);
  if (hex) { const n = parseInt(hex[1], 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; }
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(c);
  if (rgb) return [+rgb[1], +rgb[2], +rgb[3]];
  throw new Error(`surfaceFigure: unexpected colour "${c}" from the colour scale`);
}

const hex2 = (v: number): string => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');

/** The surface L(x, y) over its domain, drawn as a shaded, projected mesh. */
export function surfaceFigure(options: SurfaceFigureOptions): Figure {
  if (!options || typeof options !== 'object') throw new TypeError(`surfaceFigure: options must be an object; got ${show(options)}`);
  const objective = requireObjective('objective', options.objective, 2);
  const domain = resolveDomain('domain', options.domain, objective);
  const n = options.resolution ?? 32;
  if (!Number.isInteger(n) || n < 4 || n > 120) throw new RangeError(`resolution must be a whole number between 4 and 120; got ${show(n)}`);
  const elevation = options.elevation ?? 38;
  if (typeof elevation !== 'number' || !(elevation >= 0 && elevation <= 90)) throw new RangeError(`elevation must be between 0 and 90 degrees; got ${show(elevation)}`);
  const azimuth = options.azimuth ?? 35;
  if (typeof azimuth !== 'number' || !Number.isFinite(azimuth)) throw new RangeError(`azimuth must be a finite number of degrees; got ${show(azimuth)}`);
  const zAspect = options.zAspect ?? 0.85;
  if (typeof zAspect !== 'number' || !(zAspect > 0 && zAspect <= 10)) throw new RangeError(`zAspect must be in (0, 10]; got ${show(zAspect)}`);
  if (options.zMax !== undefined && !(typeof options.zMax === 'number' && Number.isFinite(options.zMax))) throw new RangeError(`zMax must be a finite number; got ${show(options.zMax)}`);
  const width = sizeOption('width', options.width, DEFAULT_WIDTH)!;
  const height = sizeOption('height', options.height, Math.round(width * 0.78))!;

  // Heights at the (n+1)² grid corners.
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const m = n + 1;
  const z = new Float64Array(m * m);
  const theta = new Float64Array(2);
  let zmin = Infinity;
  let zmax = -Infinity;
  for (let j = 0; j < m; j++) for (let i = 0; i < m; i++) {
    theta[0] = x0 + ((x1 - x0) * i) / n;
    theta[1] = y0 + ((y1 - y0) * j) / n;
    let v = objective.value(theta);
    if (options.zMax !== undefined && v > options.zMax) v = options.zMax;
    if (!Number.isFinite(v)) throw new RangeError(`objective: ${objective.name} is not finite at (${fmt(theta[0])}, ${fmt(theta[1])}); pass a smaller domain or zMax`);
    z[i + m * j] = v;
    if (v < zmin) zmin = v;
    if (v > zmax) zmax = v;
  }
  const zspan = zmax - zmin || 1;

  // Normalised box: X, Y in [-1, 1], Z in [0, zAspect].
  const a = (azimuth * Math.PI) / 180;
  const e = (elevation * Math.PI) / 180;
  const ca = Math.cos(a), sa = Math.sin(a), ce = Math.cos(e), se = Math.sin(e);
  const project = (X: number, Y: number, Z: number): { u: number; v: number; depth: number } => {
    const xr = X * ca - Y * sa;
    const yr = X * sa + Y * ca;
    // For a height field seen from above, a cell can only hide cells that are farther away
    // in the horizontal plane, so the painter's order uses the horizontal distance yr alone
    // (mixing in the height would draw deep wells in front of the rims that hide them).
    return { u: xr, v: Z * ce + yr * se, depth: yr };
  };
  const nX = (i: number): number => -1 + (2 * i) / n;
  const nZ = (v: number): number => ((v - zmin) / zspan) * zAspect;
  const color = Plot.scale({ color: { type: 'linear', scheme: options.scheme ?? 'viridis', domain: [zmin, zmax] } });
  // Light from the viewer's upper front-left, in box coordinates.
  const light = (() => {
    const l = [-0.4 * ca - 0.5 * sa, 0.4 * sa - 0.5 * ca, 0.75];
    const s = Math.hypot(l[0], l[1], l[2]);
    return l.map((c) => c / s);
  })();

  const quads: Quad[] = [];
  let umin = Infinity, umax = -Infinity, vmin = Infinity, vmax = -Infinity;
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    const corners: [number, number][] = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
    const P = corners.map(([ci, cj]) => [nX(ci), nX(cj), nZ(z[ci + m * cj])] as const);
    // Normal from the two diagonals.
    const d1 = [P[2][0] - P[0][0], P[2][1] - P[0][1], P[2][2] - P[0][2]];
    const d2 = [P[3][0] - P[1][0], P[3][1] - P[1][1], P[3][2] - P[1][2]];
    let nx = d1[1] * d2[2] - d1[2] * d2[1];
    let ny = d1[2] * d2[0] - d1[0] * d2[2];
    let nz = d1[0] * d2[1] - d1[1] * d2[0];
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len; ny /= len; nz /= len;
    if (nz < 0) { nx = -nx; ny = -ny; nz = -nz; }
    // Facing the camera or not: steep walls near the viewer show their underside, drawn
    // darker so that the fold reads as the outside of the wall.
    const toEye = [-sa * ce, -ca * ce, se];
    const front = nx * toEye[0] + ny * toEye[1] + nz * toEye[2] >= 0;
    const lambert = Math.max(0, (front ? 1 : -1) * (nx * light[0] + ny * light[1] + nz * light[2]));
    const shade = (front ? 0.55 : 0.4) + (front ? 0.45 : 0.3) * lambert;
    const mean = (z[i + m * j] + z[i + 1 + m * j] + z[i + 1 + m * (j + 1)] + z[i + m * (j + 1)]) / 4;
    const [r, g, b] = parseColor(String(color.apply(mean)));
    const fill = `#${hex2(r * shade)}${hex2(g * shade)}${hex2(b * shade)}`;
    let depth = 0;
    const pts = P.map(([X, Y, Z]) => {
      const p = project(X, Y, Z);
      depth += p.depth / 4;
      umin = Math.min(umin, p.u); umax = Math.max(umax, p.u); vmin = Math.min(vmin, p.v); vmax = Math.max(vmax, p.v);
      return [p.u, p.v] as [number, number];
    });
    quads.push({ pts, depth, fill });
  }
  // Far first; ties broken by grid order so the output is stable.
  const order = quads.map((_, k) => k).sort((p, q) => (quads[q].depth - quads[p].depth) || (p - q));

  // The floor and its labels.
  const floor = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([X, Y]) => project(X, Y, 0));
  for (const p of floor) { umin = Math.min(umin, p.u); umax = Math.max(umax, p.u); vmin = Math.min(vmin, p.v); vmax = Math.max(vmax, p.v); }
  const padU = (umax - umin) * 0.08;
  const padV = (vmax - vmin) * 0.08;
  const mid = (p: { u: number; v: number }, q: { u: number; v: number }): [number, number] => [(p.u + q.u) / 2, (p.v + q.v) / 2];
  // Axis labels on the two floor edges nearest the viewer (largest v-drop = front).
  const edges = [[0, 1, 'x'], [1, 2, 'y'], [2, 3, 'x'], [3, 0, 'y']] as const;
  const front = (axis: 'x' | 'y'): readonly [number, number, string] => {
    const cands = edges.filter((ed) => ed[2] === axis);
    const dep = (ed: readonly [number, number, string]): number => floor[ed[0]].depth + floor[ed[1]].depth;
    return dep(cands[0]) < dep(cands[1]) ? cands[0] : cands[1];
  };
  const labels: { u: number; v: number; text: string }[] = [];
  for (const axis of ['x', 'y'] as const) {
    const [p, q] = front(axis);
    const [mu, mv] = mid(floor[p], floor[q]);
    const range = axis === 'x' ? domain.x : domain.y;
    labels.push({ u: mu, v: mv - padV * 0.55, text: `${axis}  [${fmt(range[0])}, ${fmt(range[1])}]` });
  }
  // A skirt down to the floor along the two front edges, so the surface reads as a solid
  // block and one never looks under its front edge into the underside of a well.
  const edgeCells = (a: number): [number, number][] => {
    const ks = Array.from({ length: m }, (_, k) => k);
    if (a === 0) return ks.map((k) => [k, 0]);
    if (a === 1) return ks.map((k) => [n, k]);
    if (a === 2) return ks.map((k) => [n - k, n]);
    return ks.map((k) => [0, n - k]);
  };
  const skirts = (['x', 'y'] as const).map((axis) => {
    const [p] = front(axis);
    const top = edgeCells(p).map(([i, j]) => { const q = project(nX(i), nX(j), nZ(z[i + m * j])); return [q.u, q.v] as [number, number]; });
    const first = edgeCells(p)[0];
    const last = edgeCells(p)[n];
    const base = [last, first].map(([i, j]) => { const q = project(nX(i), nX(j), 0); return [q.u, q.v] as [number, number]; });
    return [...top, ...base];
  });
  const back = floor.reduce((best, p, k) => (p.depth > floor[best].depth ? k : best), 0);
  const axisTop = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([X, Y]) => project(X, Y, zAspect))[back];
  labels.push({ u: axisTop.u, v: axisTop.v + padV * 0.3, text: `L = ${fmt(zmax)}` });

  // Runs lifted onto the surface.
  const pathSpecs = options.paths ?? [];
  if (!Array.isArray(pathSpecs)) throw new TypeError(`paths must be an array of { run, label?, color? }; got ${show(pathSpecs)}`);
  const legend: LegendEntry[] = [];
  const lifted = pathSpecs.map((spec, k) => {
    const run = requireRun(`paths[${k}].run`, spec?.run);
    const style = runStyle(k, run.impl, spec.color, spec.dashed);
    legend.push({ label: textOption(`paths[${k}].label`, spec.label) ?? runLabel(run), color: style.color, dashed: style.dashed, hollow: style.hollow });
    const pts: [number, number][] = [];
    for (const p of run.points) {
      if (p.length !== 2) throw new RangeError(`paths[${k}].run must be a 2-D run; its points have ${p.length} coordinates`);
      if (!(p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1)) continue;
      let v = objective.value(p);
      if (options.zMax !== undefined && v > options.zMax) v = options.zMax;
      if (!Number.isFinite(v)) continue;
      const q = project(-1 + (2 * (p[0] - x0)) / (x1 - x0), -1 + (2 * (p[1] - y0)) / (y1 - y0), nZ(v));
      pts.push([q.u, q.v]);
    }
    return { pts, style };
  });

  const render: Plot.RenderFunction = (_index, scales, _values, _dims, context) => {
    const doc = context.document;
    const ns = 'http://www.w3.org/2000/svg';
    const g = doc.createElementNS(ns, 'g');
    g.setAttribute('aria-label', 'surface');
    const sx = scales.x!;
    const sy = scales.y!;
    const path = (pts: readonly [number, number][], close: boolean): string =>
      pts.map(([u, v], k) => `${k === 0 ? 'M' : 'L'}${(sx(u) as number).toFixed(2)},${(sy(v) as number).toFixed(2)}`).join('') + (close ? 'Z' : '');
    const add = (d: string, attrs: Record<string, string>, parent: Element = g): void => {
      const el = doc.createElementNS(ns, 'path');
      el.setAttribute('d', d);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      parent.appendChild(el);
    };
    // Floor and the vertical axis at the back corner, behind the surface.
    add(path(floor.map((p) => [p.u, p.v]), true), { fill: '#f2f2f2', stroke: '#999', 'stroke-width': '0.8' });
    add(path([[floor[back].u, floor[back].v], [axisTop.u, axisTop.v]], false), { fill: 'none', stroke: '#999', 'stroke-width': '0.8', 'stroke-dasharray': '3,2' });
    // The mesh's stroke is set once on its group: a figure has up to ~1,300 quads.
    const mesh = doc.createElementNS(ns, 'g');
    for (const [k, v] of Object.entries({ stroke: 'rgba(0,0,0,0.28)', 'stroke-width': '0.35', 'stroke-linejoin': 'round' })) mesh.setAttribute(k, v);
    g.appendChild(mesh);
    for (const k of order) add(path(quads[k].pts, true), { fill: quads[k].fill }, mesh);
    for (const skirt of skirts) add(path(skirt, true), { fill: '#dcdcdc', stroke: '#8a8a8a', 'stroke-width': '0.8', 'stroke-linejoin': 'round' });
    for (const { pts, style } of lifted) {
      if (pts.length === 0) continue;
      const line = doc.createElementNS(ns, 'g');
      line.setAttribute('class', 'owb-surface-path');
      g.appendChild(line);
      const el = doc.createElementNS(ns, 'path');
      el.setAttribute('d', path(pts, false));
      el.setAttribute('fill', 'none');
      el.setAttribute('stroke', style.color);
      el.setAttribute('stroke-width', '2');
      if (style.dashed) el.setAttribute('stroke-dasharray', '4,3');
      line.appendChild(el);
      for (const [u, v] of pts) {
        const c = doc.createElementNS(ns, 'circle');
        c.setAttribute('cx', (sx(u) as number).toFixed(2));
        c.setAttribute('cy', (sy(v) as number).toFixed(2));
        c.setAttribute('r', style.hollow ? '3.4' : '2.6');
        c.setAttribute('fill', style.hollow ? 'none' : style.color);
        c.setAttribute('stroke', style.hollow ? style.color : '#222');
        c.setAttribute('stroke-width', style.hollow ? '1.2' : '0.5');
        line.appendChild(c);
      }
    }
    return g as unknown as SVGElement;
  };

  const plotHtml = renderPlot({
    width,
    height,
    margin: 10,
    x: { domain: [umin - padU, umax + padU], axis: null },
    y: { domain: [vmin - padV, vmax + padV], axis: null },
    style: { background: '#fff' },
    marks: [
      render,
      Plot.text(labels, { x: 'u', y: 'v', text: 'text', textAnchor: 'middle', fontSize: 11, fill: '#333' }),
    ],
  });
  const extra = (options.legend ?? true)
    ? renderLegend({ color: { type: 'linear', scheme: options.scheme ?? 'viridis', domain: [zmin, zmax], label: `height L(x, y)${options.zMax !== undefined ? ` (cut at ${fmt(options.zMax)})` : ''}` }, legend: 'ramp', width: 260, ticks: 4 })
    : undefined;
  return frame(plotHtml, {
    legend: legend.length > 0 ? legend : undefined,
    width, title: textOption('title', options.title), subtitle: textOption('subtitle', options.subtitle) ?? objective.name, caption: textOption('caption', options.caption), extra });
}
