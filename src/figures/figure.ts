/**
 * The Figure value every builder returns, and the ways out of it: inline in a tslab
 * kernel, into a file, or next to other figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { escapeHtml, fingerprint } from './render.js';

const require = createRequire(import.meta.url);

/** A rendered figure: self-contained HTML (inline SVG, no scripts). */
export interface Figure {
  readonly html: string;
  readonly title?: string;
  /** The HTML, so that `${fig}` and string concatenation work. */
  toString(): string;
}

/** One entry of a figure legend: a colour, and how its line and dots are drawn. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** Hollow dots (tf.js runs) rather than filled ones. */
  readonly hollow?: boolean;
  /** Draw a dot on the line swatch (default true). */
  readonly dot?: boolean;
  /** 'line' (default) draws a short stroke; 'box' a filled square (areas, basins). */
  readonly swatch?: 'line' | 'box';
}

export interface FrameOptions {
  title?: string;
  subtitle?: string;
  caption?: string;
  legend?: readonly LegendEntry[];
  /** Extra markup placed after the legend (a colour ramp, say). */
  extra?: string;
  /** The plot's width in pixels: the figure (legend, caption) is kept this narrow. */
  width?: number;
}

/** The figures' text: the platform's UI font, as the pages' (templates/shared/workbook.css). */
const FONT = 'font-family:system-ui,sans-serif';

/**
 * A legend in plain HTML (spans with CSS borders, no <svg>), so that it can show solid vs
 * dashed strokes and filled vs hollow dots, and adds no SVG to the count of a notebook.
 */
export function htmlLegend(entries: readonly LegendEntry[]): string {
  if (entries.length === 0) return '';
  const items = entries.map((e) => {
    const c = escapeHtml(e.color);
    const mark = e.swatch === 'box'
      ? `<span style="display:inline-block;width:12px;height:12px;background:${c};border:1px solid rgba(0,0,0,.25);vertical-align:-2px"></span>`
      : `<span style="display:inline-block;width:22px;height:0;border-top:2px ${e.dashed ? 'dashed' : 'solid'} ${c};vertical-align:middle"></span>` +
        (e.dot === false ? '' : `<span style="display:inline-block;width:7px;height:7px;border-radius:50%;margin-left:-15px;margin-right:9px;vertical-align:-1px;` +
        `background:${e.hollow ? '#fff' : c};border:1.5px solid ${c}"></span>`);
    return `<span style="display:inline-flex;align-items:center;gap:6px;margin-right:14px;white-space:nowrap">${mark}<span>${escapeHtml(e.label)}</span></span>`;
  });
  return `<div class="owb-legend" style="display:flex;flex-wrap:wrap;font-size:12px;margin:2px 0 4px 0">${items.join('')}</div>`;
}

/** Builds a Figure from a plot's markup and its surroundings (title, legend, caption). */
export function frame(plotHtml: string, options: FrameOptions = {}): Figure {
  const parts: string[] = [];
  if (options.title) parts.push(`<div class="owb-title" style="font-size:15px;font-weight:600;margin-bottom:2px">${escapeHtml(options.title)}</div>`);
  if (options.subtitle) parts.push(`<div class="owb-subtitle" style="font-size:12px;color:#555;margin-bottom:2px">${escapeHtml(options.subtitle)}</div>`);
  if (options.legend) parts.push(htmlLegend(options.legend));
  if (options.extra) parts.push(options.extra);
  parts.push(plotHtml);
  if (options.caption) parts.push(`<figcaption style="font-size:12px;color:#444;margin-top:2px;max-width:${options.width ? '100%' : '640px'}">${escapeHtml(options.caption)}</figcaption>`);
  const size = options.width ? `max-width:${Math.round(options.width)}px;` : '';
  const html = `<figure class="owb-figure" style="margin:0 0 8px 0;${size}${FONT};color:#222">${parts.join('')}</figure>`;
  return makeFigure(html, options.title);
}

/** Wraps finished HTML as a Figure. */
export function makeFigure(html: string, title?: string): Figure {
  const fig: Figure = { html, toString: () => html };
  return title === undefined ? fig : { ...fig, title };
}

export interface SideBySideOptions {
  title?: string;
  caption?: string;
  /** Figures per row; default: all in one row (wrapping when the page is narrow). */
  columns?: number;
  /** Gap between figures in pixels. Default 16. */
  gap?: number;
}

/** Lays figures out next to each other (hand-written beside tf.js, say) as one Figure. */
export function sideBySide(figures: readonly Figure[], options: SideBySideOptions = {}): Figure {
  if (!Array.isArray(figures) || figures.length === 0) {
    throw new RangeError(`figures must be a non-empty array of Figure; got ${Array.isArray(figures) ? '[]' : String(figures)}`);
  }
  figures.forEach((f, i) => {
    if (!f || typeof f.html !== 'string') throw new TypeError(`figures[${i}] must be a Figure (an object with html); got ${String(f)}`);
  });
  const gap = options.gap ?? 16;
  if (!(Number.isFinite(gap) && gap >= 0)) throw new RangeError(`gap must be a finite number ≥ 0; got ${gap}`);
  const columns = options.columns;
  if (columns !== undefined && !(Number.isInteger(columns) && columns >= 1)) {
    throw new RangeError(`columns must be a whole number ≥ 1; got ${columns}`);
  }
  const layout = columns
    ? `display:grid;grid-template-columns:repeat(${columns},minmax(0,max-content));gap:${gap}px;align-items:start`
    : `display:flex;flex-wrap:wrap;gap:${gap}px;align-items:flex-start`;
  const cells = figures.map((f) => `<div class="owb-cell" style="flex:0 1 auto;min-width:0">${f.html}</div>`).join('');
  const body = `<div class="owb-grid" style="${layout}">${cells}</div>`;
  return frame(body, { title: options.title, caption: options.caption });
}

/** A file-name slug from a title (ASCII letters, digits and dashes). */
export function slug(text: string): string {
  const s = text.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/-+/g, '-');
  return s.slice(0, 60) || 'figure';
}

/** A complete HTML page holding the figure (for files and screenshots). */
export function standalonePage(fig: Figure): string {
  const title = escapeHtml(fig.title ?? 'figure');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body style="margin:12px;background:#fff">${fig.html}</body></html>\n`;
}

/**
 * Writes a figure to `path`: `.svg` writes the bare SVG (only for a figure that holds
 * exactly one <svg>), anything else a stand-alone HTML page. Returns the absolute path.
 */
export function saveFigure(fig: Figure, path: string): string {
  if (!fig || typeof fig.html !== 'string') throw new TypeError(`fig must be a Figure (an object with html); got ${String(fig)}`);
  if (typeof path !== 'string' || path.length === 0) throw new TypeError(`path must be a non-empty string; got ${String(path)}`);
  const abs = resolve(path);
  let text: string;
  if (abs.toLowerCase().endsWith('.svg')) {
    const svgs = fig.html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    if (svgs.length !== 1) {
      throw new RangeError(`path: a .svg file holds one <svg>, but this figure has ${svgs.length} (legend, layout); save it as .html`);
    }
    let svg = svgs[0];
    if (!/^<svg[^>]*\sxmlns=/.test(svg)) svg = svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
    text = `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
  } else {
    text = standalonePage(fig);
  }
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

interface TslabDisplay { html(s: string): void }

/**
 * tslab's display object when this process is a tslab kernel, else null. The kernel has
 * loaded tslab's jupyter module; we take `display` from the very same copy of tslab (so
 * its output channel is wired up), never from another install.
 */
export function kernelDisplay(): TslabDisplay | null {
  const key = Object.keys(require.cache).find((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
  if (!key) return null;
  const jupyter = require.cache[key]?.exports as { lastWriteDisplayData?: unknown } | undefined;
  if (!jupyter || jupyter.lastWriteDisplayData == null) return null;
  try {
    const pub = require(join(dirname(key), 'public.js')) as { display?: TslabDisplay };
    return pub.display ?? null;
  } catch {
    return null;
  }
}

export interface DisplayOptions {
  /** Folder for the file written outside a kernel. Default $OPTIM_FIGURES_DIR or ./figures. */
  dir?: string;
  /** File name without extension. Default: a slug of the title plus a fingerprint. */
  name?: string;
}

/**
 * Shows a figure inline when running in a tslab kernel (returns undefined, so nothing is
 * printed). Anywhere else (node, tests) it writes `<dir>/<name>.html` and returns that path.
 */
export function display(fig: Figure, options: DisplayOptions = {}): string | undefined {
  if (!fig || typeof fig.html !== 'string') throw new TypeError(`fig must be a Figure (an object with html); got ${String(fig)}`);
  const kernel = kernelDisplay();
  if (kernel) {
    kernel.html(fig.html);
    return undefined;
  }
  const dir = options.dir ?? process.env.OPTIM_FIGURES_DIR ?? 'figures';
  const name = options.name ?? `${slug(fig.title ?? 'figure')}-${fingerprint(fig.html)}`;
  return saveFigure(fig, join(dir, `${name}.html`));
}
