/**
 * Reading notebooks (committed or executed) in tests: cells, outputs, inline SVG figures and
 * the parity lines notebooks print.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { listNotebooks } from '../../scripts/jupyter.mjs';

/**
 * The notebooks the tests cover: every notebooks/*.ipynb, or only those named in
 * OPTIM_NOTEBOOKS (comma- or space-separated paths), e.g.
 * `OPTIM_NOTEBOOKS=notebooks/03-momentum-nesterov.ipynb npx mocha test/notebooks.test.ts`.
 */
export function selectedNotebooks(): string[] {
  const only = process.env.OPTIM_NOTEBOOKS?.split(/[,\s]+/).filter(Boolean);
  return only?.length ? only.map((p) => resolve(p)) : listNotebooks();
}

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

export interface NotebookCell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: Record<string, unknown> & { slideshow?: { slide_type?: string }; tags?: string[] };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown> & {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    language_info?: { name?: string };
    optim_workbook?: { title?: unknown; description?: unknown; figures?: unknown };
  };
  cells: NotebookCell[];
}

export const readNotebook = (path: string): Notebook => JSON.parse(readFileSync(path, 'utf8')) as Notebook;

/** Multi-line strings in .ipynb may be stored as arrays of lines. */
export const joined = (text: unknown): string => (Array.isArray(text) ? text.join('') : typeof text === 'string' ? text : '');

export const sourceOf = (cell: NotebookCell): string => joined(cell.source);

export const notebookName = (path: string): string => basename(path, '.ipynb');

/** Display outputs that hold an inline <svg>: one figure each (how metadata.optim_workbook.figures counts). */
export function figureOutputs(cell: NotebookCell): string[] {
  return (cell.outputs ?? []).flatMap((o) => {
    if (o.output_type !== 'display_data' && o.output_type !== 'execute_result') return [];
    const d = o.data ?? {};
    const text = joined(d['image/svg+xml']) || joined(d['text/html']);
    return text.includes('<svg') ? [text] : [];
  });
}

/** Every piece of text a cell shows: streams and the textual parts of rich outputs. */
export function outputText(cell: NotebookCell): string {
  return (cell.outputs ?? []).map((o) => {
    if (o.output_type === 'stream') return joined(o.text);
    if (o.output_type === 'error') return `${o.ename}: ${o.evalue}`;
    const d = o.data ?? {};
    return ['text/plain', 'text/markdown', 'text/html'].map((k) => joined(d[k])).join('\n');
  }).join('\n');
}

export interface ParityLine {
  label: string;
  measure: string;
  max: number;
  step: number;
  tolerance: number;
  verdict: 'ok' | 'EXCEEDED';
  line: string;
}

/**
 * Parity lines as printed by parityLine():
 * `parity[label]: max |Δθ| = 3.10e-7 at step 42, tolerance 1e-5: ok (where)`.
 * HTML escapes (&lt; and friends) are undone first so lines shown in rich outputs count too.
 */
export function parseParityLines(text: string): ParityLine[] {
  const plain = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#124;|&vert;/g, '|');
  const re = /parity\[(.*?)\]: max \|Δ([^|]*)\| = (\S+) at step (\d+), tolerance (\S+): (ok|EXCEEDED)/g;
  const seen = new Set<string>();
  const out: ParityLine[] = [];
  for (const m of plain.matchAll(re)) {
    if (seen.has(m[0])) continue;
    seen.add(m[0]);
    out.push({ label: m[1], measure: m[2], max: Number(m[3]), step: Number(m[4]), tolerance: Number(m[5]),
      verdict: m[6] as 'ok' | 'EXCEEDED', line: m[0] });
  }
  return out;
}

/** Lines that look like a parity report but do not follow the format (a typo would hide a check). */
export const looseParityMentions = (text: string): string[] =>
  text.split('\n').filter((l) => /^\s*parity\[/.test(l) && parseParityLines(l).length === 0);
