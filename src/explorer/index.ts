/**
 * explorer(): a contour figure whose hyperparameters the reader drags. In the kernel it
 * draws the static figure (contours, the paths for the starting values, the readout and
 * the series panel), which is what shows where scripts do not run (GitHub, an untrusted
 * notebook). Where they run, the browser bundle (lib/explorer/explorer.bundle.js, built by
 * `npm run build`) turns it into the live explorer, computing with the same library code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Figure, frame, makeFigure } from '../figures/figure.js';
import { contourMarks, minimaMarks, pathMarks } from '../figures/marks.js';
import { escapeHtml, fingerprint, renderPlot } from '../figures/render.js';
import { DEFAULT_WIDTH, point2, resolveDomain, runStyle, sizeOption } from '../figures/style.js';
import { seriesFigure } from '../figures/series.js';
import { explorerLayout, layerOptions } from './layout.js';
import { type ExplorerOptions, explorerObjective, explorerRuns, initialValues, readoutText, readouts } from './spec.js';

export type { ControlSpec, ExplorerOptions, ExplorerRunSpec, ExplorerValues, Readout, ScheduleSpec } from './spec.js';
export { applyValues, explorerObjective, explorerRuns, initialValues, readouts, readoutText } from './spec.js';
export { OBJECTIVES as EXPLORER_OBJECTIVES } from './registry.js';

// Next to this module in lib/; from src/ (tests run the sources), in lib/ too.
const bundlePaths = [new URL('./explorer.bundle.js', import.meta.url), new URL('../../lib/explorer/explorer.bundle.js', import.meta.url)].map((u) => fileURLToPath(u));
let bundle: string | null = null;
let runtimeShown = false;

/** The browser bundle's source (read once). */
export function explorerRuntime(): string {
  if (bundle === null) {
    const path = bundlePaths.find((p) => existsSync(p));
    if (!path) throw new Error(`explorer: the browser bundle lib/explorer/explorer.bundle.js is missing; run \`npm run build\``);
    bundle = readFileSync(path, 'utf8');
  }
  return bundle;
}

export interface ExplorerDisplayOptions {
  /**
   * Whether this output carries the browser bundle: 'auto' (default) puts it in the first
   * explorer of the kernel session only, so a notebook carries it once; 'include' always;
   * 'omit' never (the page provides it).
   */
  runtime?: 'auto' | 'include' | 'omit';
}

/** Text inside a <script>: JSON or code must not close the element early. */
const scriptText = (text: string): string => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/**
 * A live explorer of `options.optimizers` on `options.objective`: sliders and number boxes
 * for `options.params`, the start set by clicking the contours, play / pause / step, a
 * readout per optimizer and a series panel. Bad settings throw here with the library's own
 * message, as the optimizers do.
 */
export function explorer(options: ExplorerOptions, display: ExplorerDisplayOptions = {}): Figure {
  const values = initialValues(options);
  const objective = explorerObjective(options);
  point2('start', options.start);
  const runs = explorerRuns(options, values, objective);
  const width = sizeOption('width', options.width, DEFAULT_WIDTH - 100)!;
  const domain = resolveDomain('domain', options.domain, objective);
  const layout = explorerLayout(domain, width);
  const tolerance = options.tolerance ?? 1e-6;

  // The background, with the starting values' paths (class owb-x-run: the live layer replaces them).
  const bands = contourMarks(objective, { domain, levels: options.levels, levelSpacing: options.levelSpacing, resolution: options.resolution });
  const minima = (objective.minima ?? []).map((m) => [m[0], m[1]] as [number, number])
    .filter(([x, y]) => x >= domain.x[0] && x <= domain.x[1] && y >= domain.y[0] && y <= domain.y[1]);
  const single = runs.length === 1 && !options.optimizers[0].color;
  const background = renderPlot({
    ...layerOptions(layout, true),
    className: 'owb-x-background',
    color: bands.color,
    style: { background: '#fff' },
    marks: [
      ...bands.marks,
      ...minimaMarks(minima),
      ...runs.flatMap((run, i) => {
        const style = runStyle(single ? 1 : i, run.impl, options.optimizers[i].color);
        return pathMarks(run.points, { style, arrowColor: single ? '#111' : style.color, className: 'owb-x-run' });
      }),
    ],
  });
  const field = options.series ?? 'loss';
  const series = seriesFigure({
    series: runs.map((run, i) => ({ label: options.optimizers[i].label ?? run.label, values: field === 'loss' ? run.losses : run.states.map((s) => Number(Array.isArray(s[field]) || ArrayBuffer.isView(s[field]) ? (s[field] as ArrayLike<number>)[0] : s[field])) })),
    yScale: field === 'loss' && runs.every((r) => r.losses.every((l) => l > 0)) ? 'log' : 'linear',
    yLabel: field,
    width: Math.min(width, 460),
    height: 150,
  });
  const readout = readouts(options, runs).map((r) => `<div>${escapeHtml(readoutText(r, tolerance))}</div>`).join('');
  const legend = runs.map((run, i) => ({ label: options.optimizers[i].label ?? run.label, ...runStyle(single ? 1 : i, run.impl, options.optimizers[i].color) }));
  const staticFigure = frame(`${background}<div class="owb-x-readout" style="font-size:12px;margin:4px 0">${readout}</div>${series.html}`, {
    title: options.title, caption: options.caption, width, legend: runs.length > 1 ? legend : undefined,
  });

  const payload = JSON.stringify({ options, layout });
  const id = `owb-x-${fingerprint(payload)}`;
  const mode = display.runtime ?? 'auto';
  const carry = mode === 'include' || (mode === 'auto' && !runtimeShown);
  if (carry) runtimeShown = true;
  const runtime = carry ? `<script data-owb-runtime>${scriptText(explorerRuntime())}</script>` : '';
  // Mounts this explorer once the bundle is on the page; says where the bundle is when it is not.
  // While a page is still loading, the bundle may come later in it (a lecture file carries it
  // at the end of its body) and mounts every explorer then.
  const boot = `<script>(function(s){var el=s.parentNode;var x=window.optimWorkbookExplorer;if(x){x.mount(el);return;}` +
    `if(document.readyState==='loading')return;var n=el.querySelector('.owb-x-note');if(n)n.style.display='block';})(document.currentScript)</script>`;
  const note = '<div class="owb-x-note" style="display:none;font-size:12px;color:#555">The live version needs the explorer script, which the first explorer output of this notebook carries: re-run that cell (or any explorer cell after restarting the kernel).</div>';
  const html = `<div class="owb-explorer" id="${id}" data-owb-explorer>` +
    `<div class="owb-x-static">${staticFigure.html}${note}</div>` +
    `<script type="application/json" class="owb-x-spec">${scriptText(payload)}</script>${runtime}${boot}</div>`;
  return makeFigure(html, options.title);
}
