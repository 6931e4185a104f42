/**
 * Independent measures of an exported lecture, for test/lectures.test.ts: the formulas a
 * notebook's markdown holds (counted from the TeX source, not by MathJax), and what a PDF
 * contains (pages, text, vector drawing and raster images, read with pdf.js).
 */
import { readFileSync } from 'node:fs';

/**
 * The formulas in markdown source: $$…$$ and \[…\] (display), then $…$ and \(…\) (inline).
 * Code (fenced blocks and `inline` spans) and escaped dollars (\$) hold no formula.
 */
export function countFormulas(markdown: string): number {
  let text = markdown
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/\\\$/g, '');
  let count = 0;
  for (const pattern of [/\$\$[\s\S]+?\$\$/g, /\\\[[\s\S]+?\\\]/g, /\$[^$]+?\$/g, /\\\([\s\S]+?\\\)/g]) {
    text = text.replace(pattern, () => { count += 1; return ' '; });
  }
  return count;
}

export interface PdfSummary {
  pages: number;
  /** All the text pdf.js extracts, pages joined. */
  text: string;
  /** Vector drawing operations (path construction) over all pages. */
  paths: number;
  /** Raster images painted, over all pages. */
  images: number;
}

/** Opens a PDF with pdf.js (no fonts loaded, no rendering) and sums what its pages draw. */
export async function pdfSummary(path: string): Promise<PdfSummary> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const summary: PdfSummary = { pages: doc.numPages, text: '', paths: 0, images: 0 };
  const imageOps = new Set([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintInlineImageXObject, pdfjs.OPS.paintImageMaskXObject]);
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    summary.text += `${content.items.map((item) => ('str' in item ? item.str : '')).join('')}\n`;
    const ops = await page.getOperatorList();
    for (const fn of ops.fnArray) {
      if (fn === pdfjs.OPS.constructPath) summary.paths += 1;
      else if (imageOps.has(fn)) summary.images += 1;
    }
  }
  await doc.destroy();
  return summary;
}
