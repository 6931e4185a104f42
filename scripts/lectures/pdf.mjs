/**
 * PDF handouts, printed by headless Chromium (Debian's chromium, driven by playwright-core)
 * from the exported files themselves, offline: every request that is not a local file is
 * aborted. A page prints on A4 with the workbook's print CSS (figures, code and display
 * formulas never cut across pages); a deck prints in reveal.js's print mode, one slide a
 * page at 1280×720. Formulas are MathJax SVG, so they print as vector paths.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The Chromium flags the workbook uses everywhere (no sandbox as root, no background traffic). */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Prints the PDF of every page and deck in `files` (export records); returns records for the PDFs. */
export async function printPdfs(outDir, files) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run \`npm run setup -- --browser\` (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const written = [];
  try {
    for (const record of files.filter((f) => f.kind === 'page' || f.kind === 'slides')) {
      const deck = record.kind === 'slides';
      const page = await browser.newPage({ viewport: deck ? { width: 1280, height: 720 } : { width: 1100, height: 1400 } });
      await page.route('**/*', (route) => (/^(file|data|blob|about):/.test(route.request().url()) ? route.continue() : route.abort()));
      const url = pathToFileURL(join(outDir, record.file)).href + (deck ? '?print-pdf' : '');
      await page.goto(url, { waitUntil: 'load' });
      if (deck) {
        await page.waitForFunction(() => globalThis.Reveal?.isReady?.());
        // reveal.js lays the print pages out after it is ready: wait for them.
        await page.waitForSelector('.pdf-page');
      }
      await page.emulateMedia({ media: 'print' });
      const file = record.file.replace(/\.html$/, '.pdf');
      const path = join(outDir, file);
      await page.pdf(deck
        ? { path, width: '1280px', height: '720px', printBackground: true, margin: { top: '0', right: '0', bottom: '0', left: '0' } }
        : { path, format: 'A4', printBackground: true, preferCSSPageSize: true });
      await page.close();
      written.push({ notebook: record.notebook, kind: `${record.kind}-pdf`, file, title: record.title, bytes: statSync(path).size });
    }
  } finally {
    await browser.close();
  }
  return written;
}
