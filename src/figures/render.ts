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
  return normalizeIds(node.outerHTML);
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

/**
 * Drops the redundant vertices of straight runs in polyline paths (d attributes made only
 * of M/L/Z commands): d3-contour puts a vertex on every grid step along the frame, which
 * is most of a contour figure's bytes. A vertex goes only when it lies between its two
 * neighbours and the triangle they make is under `area` px², so the drawing is unchanged;
 * coordinates are rounded to 0.1 px.
 */
export function simplifyPaths(html: string, area = 0.01): string {
  return html.replace(/ d="([MLZ0-9.,\-e]+)"/g, (whole, d: string) => {
    const parts = d.match(/[MLZ]|[^MLZ]+/g);
    if (!parts) return whole;
    const out: string[] = [];
    let run: [number, number][] = [];
    const flush = (): void => {
      const kept: [number, number][] = [];
      for (const p of run) {
        while (kept.length >= 2) {
          const a = kept[kept.length - 2];
          const b = kept[kept.length - 1];
          const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
          const between = (b[0] - a[0]) * (p[0] - b[0]) + (b[1] - a[1]) * (p[1] - b[1]) > 0;
          if (Math.abs(cross) / 2 < area && between) kept.pop();
          else break;
        }
        kept.push(p);
      }
      kept.forEach((p, i) => out.push(`${i === 0 ? 'M' : 'L'}${r1(p[0])},${r1(p[1])}`));
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
