/**
 * The last step of a lecture export, in Node: typeset every formula with MathJax 3's own
 * server-side API (mathjax-full, the same version and SVG output the pages used to run in
 * the reader's browser, so formulas look exactly as before) and trim what the reader never
 * sees. Afterwards a page carries static SVG formulas and no MathJax runtime at all.
 *
 * Why MathJax rather than KaTeX: identical output to what the workbook showed before, and
 * its SVG output with a global glyph cache stores each glyph once per file (34 KB for the
 * richest page), where KaTeX would need its web fonts inlined (≈150 KB) into every file.
 */
import { JSDOM } from 'jsdom';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import { JsdomAdaptor } from 'mathjax-full/js/adaptors/jsdomAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { AllPackages } from 'mathjax-full/js/input/tex/AllPackages.js';

/** The TeX settings of the notebooks: $…$ inline, $$…$$ display, \$ for a dollar sign. */
const texOptions = {
  // bussproofs needs a browser to measure boxes; nothing here uses it.
  packages: AllPackages.filter((p) => p !== 'bussproofs'),
  inlineMath: [['$', '$'], ['\\(', '\\)']],
  displayMath: [['$$', '$$'], ['\\[', '\\]']],
  processEscapes: true,
  tags: 'none',
};

/**
 * Typesets `elements` (all of `body` when omitted) of a jsdom document in place.
 * fontCache 'global' stores each glyph once in a hidden <svg> at the end of the body;
 * 'local' keeps the glyphs inside each formula, for markup that is copied elsewhere (the
 * speaker notes, which reveal.js copies into its speaker window).
 */
function typeset(dom, { fontCache, elements }) {
  const adaptor = new JsdomAdaptor(dom.window);
  const handler = RegisterHTMLHandler(adaptor);
  try {
    const doc = mathjax.document(dom.window.document, {
      InputJax: new TeX(texOptions),
      OutputJax: new SVG({ fontCache }),
      ...(elements ? { elements } : {}),
    });
    // render() also adds MathJax's stylesheet to the head (one <style id="MJX-SVG-styles">,
    // replaced, not repeated, by a second pass) and, for 'global', the glyph cache.
    doc.render();
    const math = [...doc.math];
    const errors = math.filter((m) => m.typesetRoot?.querySelector?.('[data-mml-node="merror"]')).map((m) => m.math);
    return { count: math.length, errors };
  } finally {
    mathjax.handlers.unregister(handler);
  }
}

/**
 * Pygments wraps every token in a <span class="…">; a token whose class the stylesheet does
 * not colour (names, whitespace) looks the same as bare text. Unwrapping those spans is a
 * third of a code cell's bytes.
 */
function unwrapPlainTokens(document) {
  const styled = new Set();
  for (const style of document.querySelectorAll('style')) {
    for (const m of (style.textContent ?? '').matchAll(/\.highlight \.([\w-]+) \{/g)) styled.add(m[1]);
  }
  styled.delete('w'); // whitespace: its colour never shows
  for (const span of document.querySelectorAll('.highlight span')) {
    if (span.attributes.length === 0 || (span.attributes.length === 1 && span.className && !styled.has(span.className))) {
      span.replaceWith(...span.childNodes);
    }
  }
  for (const pre of document.querySelectorAll('.highlight pre')) pre.normalize();
}

/** The empty collapser bars JupyterLab draws beside a cell; the lectures never show them. */
function dropCollapsers(document) {
  for (const el of document.querySelectorAll('.jp-Collapser')) el.remove();
}

/**
 * Attributes MathJax writes for its (disabled) menu and speech tools, and namespace
 * declarations an SVG inside HTML does not need; a fifth of each formula's bytes.
 */
function trimFormulas(document) {
  for (const el of document.querySelectorAll('mjx-container [data-mml-node], mjx-container [data-c]')) {
    el.removeAttribute('data-mml-node');
    el.removeAttribute('data-c');
  }
  for (const svg of document.querySelectorAll('mjx-container svg')) {
    for (const name of ['xmlns', 'xmlns:xlink', 'role', 'focusable']) svg.removeAttribute(name);
  }
  // A group left with no attribute groups nothing: its children take its place.
  for (const g of [...document.querySelectorAll('mjx-container g')].reverse()) {
    if (g.attributes.length === 0) g.replaceWith(...g.childNodes);
  }
  // A group that only shifts one glyph: the shift goes on the glyph (<use x y>).
  for (const g of document.querySelectorAll('mjx-container g[transform]')) {
    const shift = /^translate\(([-\d.]+),([-\d.]+)\)$/.exec(g.getAttribute('transform') ?? '');
    const only = g.children.length === 1 && g.childNodes.length === 1 ? g.children[0] : null;
    if (!shift || g.attributes.length !== 1 || only?.tagName.toLowerCase() !== 'use' || only.hasAttribute('x') || only.hasAttribute('transform')) continue;
    if (shift[1] !== '0') only.setAttribute('x', shift[1]);
    if (shift[2] !== '0') only.setAttribute('y', shift[2]);
    g.replaceWith(only);
  }
  // Glyph ids: MathJax names them by font and code point (#MJX-TEX-I-1D703); short ids and
  // SVG 2's plain href say the same in a fifth of the bytes.
  const ids = new Map();
  const short = (id) => {
    if (!ids.has(id)) ids.set(id, `mj${ids.size.toString(36)}`);
    return ids.get(id);
  };
  for (const use of document.querySelectorAll('mjx-container use, #MJX-SVG-global-cache use')) {
    const target = (use.getAttribute('xlink:href') ?? use.getAttribute('href') ?? '').replace(/^#/, '');
    if (!target.startsWith('MJX-')) continue;
    use.removeAttribute('xlink:href');
    use.setAttribute('href', `#${short(target)}`);
  }
  for (const def of document.querySelectorAll('mjx-container [id^="MJX-"], #MJX-SVG-global-cache [id^="MJX-"]')) {
    if (ids.has(def.id)) def.id = ids.get(def.id);
  }
}

/**
 * The serializer writes <path …></path>; inside <svg> (the only place these elements
 * exist in a page) HTML parses <path …/> the same, seven bytes fewer per element.
 */
export function selfCloseSvgElements(html) {
  return html.replace(/<(path|circle|line|rect|use|stop|ellipse|polyline|polygon)\b([^<>]*)><\/\1>/g, '<$1$2/>');
}

/** The figures of a document: output SVGs and <figure>s, not formulas, not nested parts. */
export const figureSelector = '.jp-OutputArea-output > svg, .jp-OutputArea-output > figure, .jp-OutputArea-output > div > svg, .jp-OutputArea-output > div > figure';

/**
 * Decks: a slide holding a figure gets two columns (the workbook's CSS): its figure cells
 * on the right, everything else (title, formula, parameters) on the left. Done here rather
 * than with CSS :has() so the PDF printer and older projectors' browsers agree.
 */
function layoutDeck(document) {
  for (const section of document.querySelectorAll('.reveal .slides section')) {
    if (section.querySelector('section')) continue; // a stack of vertical slides, not a slide
    const cells = [...section.querySelectorAll(':scope > .jp-Cell, :scope > .fragment')];
    const figures = cells.filter((cell) => cell.querySelector(figureSelector));
    if (figures.length === 0 || figures.length === cells.length) continue;
    section.classList.add('wb-figure-slide');
    for (const cell of figures) cell.classList.add('wb-figure-cell');
  }
}

/**
 * Finishes one exported lecture file: typesets its formulas, trims it, returns the new
 * markup and how many formulas were typeset (and which failed, by their TeX).
 * In a deck the speaker notes are typeset with their own glyphs, and figure slides laid out.
 */
export function finishLecture(html, { deck = false } = {}) {
  const dom = new JSDOM(html);
  const { document } = dom.window;
  const notesSelector = deck ? 'aside.notes' : '';
  let formulas = 0;
  const errors = [];
  const notes = notesSelector ? [...document.querySelectorAll(notesSelector)] : [];
  if (notes.length) {
    const local = typeset(dom, { fontCache: 'local', elements: notes });
    formulas += local.count;
    errors.push(...local.errors);
  }
  const global = typeset(dom, { fontCache: 'global' });
  formulas += global.count;
  errors.push(...global.errors);
  trimFormulas(document);
  unwrapPlainTokens(document);
  dropCollapsers(document);
  if (deck) layoutDeck(document);
  return { html: selfCloseSvgElements(dom.serialize()), formulas, errors };
}
