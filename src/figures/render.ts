/**
 * Server-side rendering of Observable Plot: one shared jsdom document (made on first use),
 * a canvas shim backed by @napi-rs/canvas for the marks and legends that paint pixels
 * (raster, continuous colour ramps), and id normalisation so that the same input always
 * gives the same bytes.
 */
import { createRequire } from 'node:module';
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';

const require = createRequire(import.meta.url);

/** The part of a 2-D canvas context Plot uses. */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
  toDataURL(type?: string): string;
}
type CanvasFactory = (width: number, height: number) => CanvasLike;

let shared: Document | null = null;
let canvasFactory: CanvasFactory | null | undefined;
let canvasError = '';

/** @napi-rs/canvas, loaded on first need (a native module: keep it off the import path). */
function loadCanvas(): CanvasFactory | null {
  if (canvasFactory !== undefined) return canvasFactory;
  try {
    const mod = require('@napi-rs/canvas') as { createCanvas: CanvasFactory };
    canvasFactory = (w, h) => mod.createCanvas(w, h);
  } catch (err) {
    canvasFactory = null;
    canvasError = (err as Error).message;
  }
  return canvasFactory;
}

/** True when <canvas> drawing works (the @napi-rs/canvas binary loaded). */
export function canvasAvailable(): boolean {
  return loadCanvas() !== null;
}

/**
 * The shared jsdom document every figure is built in. jsdom has no canvas, so its
 * createElement('canvas') is redirected to a real (napi) canvas: Plot only sets its size,
 * draws pixels and asks for a data URL, which the napi canvas does byte-for-byte the same
 * on every run.
 */
export function figureDocument(): Document {
  if (shared) return shared;
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>');
  const doc = dom.window.document;
  const original = doc.createElement.bind(doc);
  const patched = (tagName: string, options?: ElementCreationOptions): HTMLElement => {
    if (String(tagName).toLowerCase() === 'canvas') {
      const make = loadCanvas();
      if (!make) throw new Error(`figures: this mark needs a <canvas>, but @napi-rs/canvas did not load (${canvasError})`);
      return make(300, 150) as unknown as HTMLElement;
    }
    return original(tagName, options);
  };
  Object.defineProperty(doc, 'createElement', { value: patched, configurable: true, writable: true });
  shared = doc;
  return doc;
}

/** FNV-1a, 32 bits: a short stable fingerprint for ids. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Plot numbers its clip paths, markers and patterns with process-wide counters, so the
 * second render of the same figure would differ, and two figures in one notebook page
 * could share an id. Renumber them per figure and prefix them with a fingerprint of the
 * figure itself: identical figures get identical ids (harmless), different figures never
 * collide.
 */
export function normalizeIds(html: string): string {
  const order = new Map<string, string>();
  const counts: Record<string, number> = {};
  const pattern = /plot-(clip|marker|pattern)-(\d+)/g;
  const placeholder = html.replace(pattern, (whole, kind: string) => {
    let local = order.get(whole);
    if (!local) {
      counts[kind] = (counts[kind] ?? 0) + 1;
      local = `${kind}${counts[kind]}`;
      order.set(whole, local);
    }
    return `\u0000${local}\u0000`;
  });
  const prefix = `owb-${fingerprint(placeholder)}`;
  return placeholder.replace(/\u0000([a-z]+\d+)\u0000/g, (_, local: string) => `${prefix}-${local}`);
}

function outer(node: Element): string {
  return compactSvg(normalizeIds(node.outerHTML));
}

/** Runs Plot.plot in the shared document and returns its markup (<svg>, or <figure>). */
export function renderPlot(options: Plot.PlotOptions): string {
  const node = Plot.plot({ ...options, document: figureDocument() });
  return outer(node as unknown as Element);
}

/** Renders a stand-alone Plot legend (swatches or a colour ramp) to markup. */
export function renderLegend(options: Parameters<typeof Plot.legend>[0]): string {
  // Plot.legend honours `document` at run time (it builds a context from its options), but its types omit it.
  const node = Plot.legend({ ...options, document: figureDocument() } as Parameters<typeof Plot.legend>[0]);
  return outer(node as unknown as Element);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export { Plot };

/** Screen coordinates to a tenth of a pixel (no visible difference, a third fewer bytes). */
const r1 = (x: number): number => Math.round(x * 10) / 10 + 0;

/** Distance from p to the segment a–b, in px. */
function segmentDistance(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/**
 * Ramer–Douglas–Peucker: keeps the fewest vertices such that no dropped vertex lies farther
 * than `tolerance` from the line drawn through the kept ones. Distances are to segments, not
 * infinite lines, so a path that turns back on itself keeps its turning point.
 */
function simplifyRun(points: readonly (readonly number[])[], tolerance: number): (readonly number[])[] {
  if (points.length < 3) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let distance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i], points[first], points[last]);
      if (d > distance) { distance = d; farthest = i; }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * Drops the vertices of polyline paths (d attributes made only of M/L/Z commands) that the
 * eye cannot see: d3-contour puts a vertex on every grid step and a long series one per
 * iteration, which is most of a figure's bytes. No dropped vertex is farther than
 * `tolerance` px (default 0.2, a fifth of a screen pixel) from the drawn line, so the
 * drawing is unchanged; coordinates are rounded to 0.1 px.
 */
export function simplifyPaths(html: string, tolerance = 0.2): string {
  return html.replace(/ d="([MLZ0-9.,\-e]+)"/g, (whole, d: string) => {
    const parts = d.match(/[MLZ]|[^MLZ]+/g);
    if (!parts) return whole;
    const out: string[] = [];
    let run: [number, number][] = [];
    const flush = (): void => {
      simplifyRun(run, tolerance).forEach((p, i) => out.push(`${i === 0 ? 'M' : 'L'}${r1(p[0])},${r1(p[1])}`));
      run = [];
    };
    for (let i = 0; i < parts.length; i++) {
      const cmd = parts[i];
      if (cmd === 'Z') { flush(); out.push('Z'); continue; }
      if (cmd !== 'M' && cmd !== 'L') return whole;
      const xy = (parts[++i] ?? '').split(',');
      if (xy.length !== 2) return whole;
      const p: [number, number] = [Number(xy[0]), Number(xy[1])];
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return whole;
      if (cmd === 'M') flush();
      run.push(p);
    }
    flush();
    return ` d="${out.join('')}"`;
  });
}

/**
 * Rounds the positions Plot writes with full float64 precision (grid lines and ticks at
 * 320.6859461719408) to 0.1 px, in the geometry attributes only, never in text; numbers
 * with two decimals or fewer (0.32em) are already what Plot meant and stay.
 */
export function roundCoordinates(html: string): string {
  return html.replace(/ (x|y|x1|x2|y1|y2|cx|cy|transform)="([^"]*)"/g, (_, name: string, value: string) =>
    ` ${name}="${value.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (n) => String(r1(Number(n))))}"`);
}

/** The compact form of a figure's markup: simplified paths, rounded positions. */
export function compactSvg(html: string): string {
  return roundCoordinates(simplifyPaths(html));
}
