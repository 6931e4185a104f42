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
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { JSDOM } from 'jsdom';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import { JsdomAdaptor } from 'mathjax-full/js/adaptors/jsdomAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { AllPackages } from 'mathjax-full/js/input/tex/AllPackages.js';
import { RUNTIME_ENCODING, RUNTIME_ID, RUNTIME_TYPE } from '../../lib/explorer/loader.js';

/** The lecture files' explorer loader, built by `npm run build` (scripts/build-bundle.mjs). */
const loaderPath = fileURLToPath(new URL('../../lib/explorer/explorer.loader.js', import.meta.url));

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

/** What the formulas' shared opening group stood for (see trimFormulas). */
const FORMULA_CSS = 'mjx-container > svg > g.mj { stroke: currentColor; fill: currentColor; stroke-width: 0; transform: scale(1, -1); }';

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
  for (const pre of document.querySelectorAll('.highlight pre')) {
    pre.normalize();
    mergeTokens(pre);
  }
}

/**
 * Neighbouring tokens of one class, with at most white space between them (`) {`, `} = [`),
 * become one span: they look the same (white space shows no colour, and a monospace font's
 * bold and italic spaces are as wide as its plain ones), and a page has a third fewer
 * elements to parse.
 */
function mergeTokens(pre) {
  const plainSpan = (n) => n?.nodeType === 1 && n.tagName === 'SPAN' && n.attributes.length === 1 && n.className && n.children.length === 0;
  for (let span = pre.firstChild; span; span = span.nextSibling) {
    if (!plainSpan(span)) continue;
    for (;;) {
      const gap = span.nextSibling?.nodeType === 3 && /^\s*$/.test(span.nextSibling.data) ? span.nextSibling : null;
      const next = gap ? gap.nextSibling : span.nextSibling;
      if (!plainSpan(next) || next.className !== span.className) break;
      span.textContent += (gap?.data ?? '') + next.textContent;
      gap?.remove();
      next.remove();
    }
  }
}

/**
 * What JupyterLab's markup carries for its own interface and the lectures never show: the
 * collapser bars, the ¶ links beside headings (hidden by the stylesheet; the headings keep
 * their ids, so #links still work) and keyboard stops on every cell wrapper.
 */
function dropInterfaceMarkup(document) {
  for (const el of document.querySelectorAll('.jp-Collapser, a.anchor-link')) el.remove();
  for (const el of document.querySelectorAll('.jp-Cell-inputWrapper[tabindex], .jp-OutputArea-output[tabindex]')) el.removeAttribute('tabindex');
  // Classes and wrappers JupyterLab's own stylesheet and editor use; the lectures' do not.
  for (const el of document.querySelectorAll(UNUSED_CLASSES.map((c) => `.${c}`).join(', '))) {
    el.classList.remove(...UNUSED_CLASSES);
  }
  for (const el of document.querySelectorAll('div.cm-editor')) el.replaceWith(...el.childNodes);
  for (const el of document.querySelectorAll('[data-type="inline"]')) el.removeAttribute('data-type');
}

const UNUSED_CLASSES = ['jp-Notebook-cell', 'jp-Cell-inputArea', 'jp-CodeMirrorEditor', 'jp-Editor', 'jp-Cell-outputArea', 'jp-MarkdownOutput', 'jp-OutputArea-prompt'];

/** The Pygments stylesheet colours every token class of every language; keep the ones used. */
function pruneHighlightStyles(document) {
  const used = new Set([...document.querySelectorAll('.highlight span[class]')].map((s) => s.className));
  for (const style of document.querySelectorAll('style')) {
    const css = style.textContent ?? '';
    if (!css.includes('.highlight .')) continue;
    style.textContent = css.split('\n').filter((line) => {
      if (line.includes('linenos')) return false; // line numbers are off
      const token = /^\s*\.highlight \.([\w-]+) \{/.exec(line);
      return !token || used.has(token[1]);
    }).join('\n');
  }
}

/**
 * Attributes MathJax writes for its (disabled) menu and speech tools, and namespace
 * declarations an SVG inside HTML does not need; a fifth of each formula's bytes.
 */
function trimFormulas(document) {
  for (const el of document.querySelectorAll('mjx-container [data-mml-node], mjx-container [data-c], mjx-container [data-mjx-texclass]')) {
    for (const name of ['data-mml-node', 'data-c', 'data-mjx-texclass']) el.removeAttribute(name);
  }
  for (const svg of document.querySelectorAll('mjx-container svg')) {
    for (const name of ['xmlns', 'xmlns:xlink', 'role', 'focusable']) svg.removeAttribute(name);
  }
  // A group left with no attribute groups nothing: its children take its place.
  for (const g of [...document.querySelectorAll('mjx-container g')].reverse()) {
    if (g.attributes.length === 0) g.replaceWith(...g.childNodes);
  }
  // A group that only moves one glyph: the move goes on the glyph (<use x y>, or its own
  // transform, which SVG applies before x and y, as the group's was). A group that moves
  // nothing (MathJax's spaces) is dropped.
  for (const g of document.querySelectorAll('mjx-container g[transform]')) {
    if (g.attributes.length !== 1) continue;
    if (g.childNodes.length === 0) { g.remove(); continue; }
    const only = g.children.length === 1 && g.childNodes.length === 1 ? g.children[0] : null;
    if (only?.tagName.toLowerCase() !== 'use' || only.hasAttribute('transform')) continue;
    const transform = g.getAttribute('transform') ?? '';
    const shift = /^translate\(([-\d.]+),([-\d.]+)\)$/.exec(transform);
    if (shift && !only.hasAttribute('x') && !only.hasAttribute('y')) {
      if (shift[1] !== '0') only.setAttribute('x', shift[1]);
      if (shift[2] !== '0') only.setAttribute('y', shift[2]);
    } else {
      only.setAttribute('transform', transform);
    }
    g.replaceWith(only);
  }
  // Every formula opens with the same group (currentColor, flipped upright); the page's
  // stylesheet says that once (FORMULA_CSS). Not in speaker notes: reveal.js copies them into
  // its speaker window, which does not have this stylesheet.
  for (const g of document.querySelectorAll('mjx-container > svg > g[transform="scale(1,-1)"]')) {
    if (g.closest('aside.notes')) continue;
    if (g.getAttribute('stroke') !== 'currentColor' || g.getAttribute('fill') !== 'currentColor' || g.getAttribute('stroke-width') !== '0' || g.attributes.length !== 4) continue;
    for (const name of ['stroke', 'fill', 'stroke-width', 'transform']) g.removeAttribute(name);
    g.setAttribute('class', 'mj');
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

/** Tenths of a pixel, as an integer (figures are drawn to 0.1 px; see src/figures/render.ts). */
const tenths = (v) => Math.round(Number(v) * 10);
const fromTenths = (t) => {
  const s = String(t / 10);
  return s.replace(/^(-?)0\./, '$1.');
};

/**
 * A polyline's points as relative moves: most steps are a few pixels, so `l dx,dy` (or `h`,
 * `v` along an axis; `m` between pieces) prints shorter than absolute positions, and a run
 * of `l` needs its letter once. Computed on the tenths of a pixel the figure was rounded
 * to, so every vertex lands exactly where it was. Other paths are left alone.
 */
export function relativePath(d) {
  if (!/^[MLZ0-9.,\-]+$/.test(d) || !d.startsWith('M')) return d;
  let out = '';
  let last = ''; // the previous command letter, for implicit repetition of l
  const put = (cmd, ...nums) => {
    const text = nums.map(fromTenths);
    if (cmd === last && cmd === 'l') out += text[0].startsWith('-') ? '' : ',';
    else out += cmd;
    out += text.map((t, k) => (k > 0 && !t.startsWith('-') ? `,${t}` : t)).join('');
    last = cmd;
  };
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let first = true;
  for (const [, cmd, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (cmd === 'Z') { out += 'Z'; last = 'Z'; x = startX; y = startY; continue; }
    const xy = args.split(',');
    if (xy.length !== 2) return d;
    const [nx, ny] = xy.map(tenths);
    if (!Number.isFinite(nx) || !Number.isFinite(ny)) return d;
    if (cmd === 'M') {
      if (first) put('M', nx, ny); else put('m', nx - x, ny - y);
      first = false;
      startX = nx;
      startY = ny;
    } else if (ny === y) put('h', nx - x);
    else if (nx === x) put('v', ny - y);
    else put('l', nx - x, ny - y);
    x = nx;
    y = ny;
  }
  return out.length < d.length ? out : d;
}

/**
 * Figures in a lecture file, drawn with fewer bytes and the same pixels:
 *  - polyline paths in relative coordinates (relativePath);
 *  - a group of same-sized filled dots (Plot's dot mark: one <circle cx cy r> per iterate)
 *    as one path of zero-length segments with round caps of width 2r, which SVG draws as
 *    the same discs (a third of the bytes). Only plain groups are rewritten: every circle
 *    has exactly cx, cy and r, the group a fill colour and no stroke or opacity;
 *  - axis ticks, grid lines and hollow dots, a group each, as one path (mergeGroup).
 * Fewer elements is most of what opening a page costs, beyond its bytes.
 * The notebooks' own outputs keep their circles (tests and students inspect them there).
 */
function compactFigures(document) {
  const plots = [...document.querySelectorAll('.jp-OutputArea-output svg[class^="plot-"], .jp-OutputArea-output svg.owb-x-background')];
  const plotStyles = new Set();
  for (const svg of plots) {
    // Plot puts the same small <style> in every figure; in one page, once is enough.
    for (const style of svg.querySelectorAll('style')) {
      if (plotStyles.has(style.textContent)) style.remove(); else plotStyles.add(style.textContent);
    }
    // Unfilled paths that differ only in their d (the arrows of a path's steps) draw the
    // same as one path holding all their pieces.
    for (const g of svg.querySelectorAll('g[fill="none"]')) {
      const paths = [...g.children];
      if (paths.length < 2 || paths.some((p) => p.tagName.toLowerCase() !== 'path' || p.attributes.length !== 1 || !p.hasAttribute('d'))) continue;
      paths[0].setAttribute('d', paths.map((p) => p.getAttribute('d')).join(''));
      for (const p of paths.slice(1)) p.remove();
    }
    for (const path of svg.querySelectorAll('path[d]')) path.setAttribute('d', relativePath(path.getAttribute('d')));
    for (const g of svg.querySelectorAll('g')) {
      const circles = [...g.children];
      if (circles.length < 2 || circles.some((c) => c.tagName.toLowerCase() !== 'circle' || c.attributes.length !== 3 || !c.hasAttribute('cx') || !c.hasAttribute('cy') || !c.hasAttribute('r'))) continue;
      const r = circles[0].getAttribute('r');
      const fill = g.getAttribute('fill');
      const allowed = new Set(['aria-label', 'class', 'clip-path', 'fill']);
      if (!fill || fill === 'none' || circles.some((c) => c.getAttribute('r') !== r) || [...g.attributes].some((a) => !allowed.has(a.name))) continue;
      const d = circles.map((c) => `M${tenths(c.getAttribute('cx')) / 10},${tenths(c.getAttribute('cy')) / 10}h0`).join('');
      const dots = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      dots.setAttribute('d', d);
      g.setAttribute('fill', 'none');
      g.setAttribute('stroke', fill);
      g.setAttribute('stroke-width', String(2 * Number(r)));
      g.setAttribute('stroke-linecap', 'round');
      g.replaceChildren(dots);
    }
    for (const g of svg.querySelectorAll('g')) mergeGroup(document, g);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const num = (v) => fromTenths(tenths(v ?? 0));
/** Attributes a group may have for its children to be drawn as one path: no opacity, no dashes. */
const MERGEABLE_GROUP = new Set(['aria-label', 'aria-hidden', 'class', 'clip-path', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'transform']);

/**
 * A group's children drawn as one path, where that draws the same pixels (checked: Chromium
 * renders every figure of the lectures identically, pixel for pixel): Plot's axis ticks (a
 * <path d="M0,0h-6"> moved by transform="translate(x,y)" per tick) and its grid (<line>s).
 * The group keeps its stroke and has no opacity, or only a grid's parallel lines share one.
 * Hollow dots stay circles: as arcs in a path they are anti-aliased a little differently.
 */
function mergeGroup(document, g) {
  const kids = [...g.children];
  if (kids.length < 2) return;
  const isLine = (k) => k.tagName.toLowerCase() === 'line' && [...k.attributes].every((a) => ['x1', 'x2', 'y1', 'y2'].includes(a.name));
  // A grid's lines are parallel and apart, so even a translucent grid draws the same as one path.
  const disjointLines = kids.every(isLine) && (
    (kids.every((k) => k.getAttribute('y1') === k.getAttribute('y2')) && new Set(kids.map((k) => k.getAttribute('y1'))).size === kids.length)
    || (kids.every((k) => k.getAttribute('x1') === k.getAttribute('x2')) && new Set(kids.map((k) => k.getAttribute('x1'))).size === kids.length));
  if ([...g.attributes].some((a) => !MERGEABLE_GROUP.has(a.name) && !(disjointLines && a.name === 'stroke-opacity'))) return;
  const only = (tag, attrs) => kids.every((k) => k.tagName.toLowerCase() === tag && k.attributes.length === attrs.length && attrs.every((a) => k.hasAttribute(a)));
  let d = null;
  if (only('path', ['d', 'transform'])) {
    const pieces = kids.map((k) => {
      const at = /^translate\((-?[\d.]+),(-?[\d.]+)\)$/.exec(k.getAttribute('transform'));
      const rest = /^M0,0([hvl][-\d.,hvl]*)$/.exec(k.getAttribute('d'));
      return at && rest ? `M${num(at[1])},${num(at[2])}${rest[1]}` : null;
    });
    if (pieces.every((x) => x !== null)) d = pieces.join('');
  } else if (kids.every(isLine)) {
    d = kids.map((k) => {
      const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => num(k.getAttribute(a)));
      return `M${x1},${y1}${y1 === y2 ? `H${x2}` : x1 === x2 ? `V${y2}` : `L${x2},${y2}`}`;
    }).join('');
  }
  if (d === null) return;
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  g.replaceChildren(path);
}

/**
 * The live explorers' browser bundle: the notebook carries it, as a script, in its first
 * explorer's output; a lecture file carries it once, at the end of its body, as inert text
 * (type text/x-owb-explorer), followed by the small loader (lib/explorer/explorer.loader.js,
 * from src/explorer/loader.ts), which runs it and mounts each explorer only when the reader
 * reaches it: opening the file does not compile 290 KB of JavaScript or mount explorers
 * three screens down. The text is the bundle gzip-compressed (level 9; Node's gzip header
 * has no time stamp, so exports stay byte-identical) and base64-encoded: 136 KB instead of
 * 298 KB to decode and tokenize at every load; the loader decompresses it when first needed.
 */
function deferExplorerRuntime(document) {
  const copies = [...document.querySelectorAll('script[data-owb-runtime]')];
  if (copies.length === 0) return;
  const runtime = document.createElement('script');
  runtime.setAttribute('type', RUNTIME_TYPE);
  runtime.id = RUNTIME_ID;
  runtime.dataset.encoding = RUNTIME_ENCODING;
  runtime.textContent = gzipSync(copies[0].textContent, { level: 9 }).toString('base64');
  for (const copy of copies) copy.remove();
  const loader = document.createElement('script');
  loader.textContent = readFileSync(loaderPath, 'utf8').trim();
  document.body.append(runtime, loader);
}

/**
 * reveal.css styles every slide transition it offers; the decks use none (transition: 'none'
 * in templates/offline-slides) and set none per slide, so those rules are left out: selectors
 * for the slide, convex, concave, zoom and fade transitions (fragments' fade-in classes stay).
 */
const UNUSED_TRANSITIONS = /\[data-(?:background-)?transition(?:-speed)?="?(?:slide|convex|concave|zoom|fade|fast|slow)|\.reveal\.(?:slide|convex|concave|zoom|fade)(?![\w-])/;

/** Drops the selectors `unused` matches from minified CSS, and rules left with none. */
export function pruneSelectors(css, unused) {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open < 0) { out += css.slice(i); break; }
    const head = css.slice(i, open);
    if (head.trim().startsWith('@')) {
      let depth = 1;
      let j = open + 1;
      while (depth > 0 && j < css.length) { if (css[j] === '{') depth += 1; else if (css[j] === '}') depth -= 1; j += 1; }
      const inner = pruneSelectors(css.slice(open + 1, j - 1), unused);
      if (inner.trim() || !/^@(media|supports)/.test(head.trim())) out += `${head}{${inner}}`;
      i = j;
      continue;
    }
    const close = css.indexOf('}', open);
    const kept = head.split(',').filter((selector) => !unused.test(selector));
    if (kept.length) out += `${kept.join(',')}${css.slice(open, close + 1)}`;
    i = close + 1;
  }
  return out;
}

/** Every stylesheet minified by esbuild (same rules, no comments or indentation). */
function minifyStyles(document, { deck = false } = {}) {
  for (const style of document.querySelectorAll('style')) {
    const css = transformSync(style.textContent ?? '', { loader: 'css', minify: true }).code.trim();
    style.textContent = deck ? pruneSelectors(css, UNUSED_TRANSITIONS) : css;
  }
}

/**
 * The serializer writes <path …></path>; inside <svg> (the only place these elements
 * exist in a page) HTML parses <path …/> the same, seven bytes fewer per element.
 */
export function selfCloseSvgElements(html) {
  // Scripts (the explorer's bundle) are left exactly as they are.
  return html.split(/(<script\b[\s\S]*?<\/script>)/).map((part, i) => (i % 2 === 1 ? part
    : part.replace(/<(path|circle|line|rect|use|stop|ellipse|polyline|polygon)\b([^<>]*)><\/\1>/g, '<$1$2/>'))).join('');
}

/** The figures of a document: output SVGs and <figure>s, not formulas, not nested parts. */
export const figureSelector = '.jp-OutputArea-output > svg, .jp-OutputArea-output > figure, .jp-OutputArea-output > div > svg, .jp-OutputArea-output > div > figure';

/** Printed output longer than this (lines, or characters) goes to the speaker notes of a figure slide. */
const NOTES_LINES = 4;
const NOTES_CHARACTERS = 160;

/**
 * Decks: a slide holding a figure is laid out for the back row (the workbook's CSS): two
 * columns, the figure on the right, the title, formula and parameters on the left. What
 * would not fit beside them is moved, never dropped:
 *  - printed output longer than a few lines (training logs) into the slide's speaker notes;
 *  - tables printed by a figure cell onto a slide of their own, right after;
 *  - several figures from one cell become fragments in the same place, shown one per click.
 * Done here rather than with CSS :has() so the PDF printer and older projectors' browsers agree.
 */
function layoutDeck(document) {
  const leaves = [...document.querySelectorAll('.reveal .slides section')].filter((s) => !s.querySelector('section'));
  for (const section of leaves) {
    const cells = [...section.querySelectorAll(':scope > .jp-Cell, :scope > .fragment')];
    const figureCells = cells.filter((cell) => cell.querySelector(figureSelector));
    if (figureCells.length === 0 || figureCells.length === cells.length) continue;
    section.classList.add('wb-figure-slide');
    let notes = section.querySelector(':scope > aside.notes');
    const moved = [];
    for (const cell of figureCells) {
      cell.classList.add('wb-figure-cell');
      const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
      const figures = outputs.filter((o) => o.querySelector(':scope > svg, :scope > figure, :scope > div > svg, :scope > div > figure, :scope > .owb-explorer'));
      figures.forEach((o, i) => {
        o.classList.add('wb-figure-output');
        if (figures.length < 2) return;
        // Stacked in one place; each click shows the next.
        if (i === 0) o.classList.add('fragment', 'fade-out');
        else o.classList.add('fragment', i === figures.length - 1 ? 'fade-in' : 'fade-in-then-out');
        o.setAttribute('data-fragment-index', String(Math.max(0, i - 1)));
      });
      const printed = [];
      for (const o of outputs) {
        if (figures.includes(o)) continue;
        const child = o.closest('.jp-OutputArea-child') ?? o;
        if (o.querySelector('table')) moved.push(child);
        else if (o.querySelector('pre')) printed.push(child);
      }
      // A few short printed lines stay beside the figure; more go to the notes, together.
      const text = printed.map((child) => child.textContent.trim()).join('\n');
      if (text.split('\n').length > NOTES_LINES || text.length > NOTES_CHARACTERS) {
        if (!notes) {
          notes = document.createElement('aside');
          notes.className = 'notes';
          section.appendChild(notes);
        }
        for (const child of printed) notes.appendChild(child);
      }
    }
    if (moved.length) {
      const next = document.createElement('section');
      next.className = 'wb-table-slide';
      const title = section.querySelector('h1, h2, h3')?.textContent?.replace('¶', '').trim();
      if (title) next.appendChild(Object.assign(document.createElement('h3'), { textContent: `${title}: the numbers` }));
      for (const child of moved) next.appendChild(child);
      section.after(next);
    }
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
  let formulas = 0;
  const errors = [];
  const global = typeset(dom, { fontCache: 'global' });
  formulas += global.count;
  errors.push(...global.errors);
  trimFormulas(document);
  if (document.querySelector('g.mj')) {
    const style = document.createElement('style');
    style.textContent = FORMULA_CSS;
    document.head.appendChild(style);
  }
  unwrapPlainTokens(document);
  pruneHighlightStyles(document);
  dropInterfaceMarkup(document);
  compactFigures(document);
  minifyStyles(document, { deck });
  deferExplorerRuntime(document);
  // A page is painted once it is parsed up to this marker (its render-blocking link, in
  // templates/offline-page): the very end, after the glyph cache and the explorer bundle.
  const parsed = document.getElementById('wb-parsed');
  if (parsed) document.body.appendChild(parsed);
  if (deck) layoutDeck(document);
  return { html: selfCloseSvgElements(dom.serialize()), formulas, errors };
}
