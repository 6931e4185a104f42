import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import { bowl, gd, quadratic, trajectory, vec } from '../src/index.js';
import type { Trajectory } from '../src/index.js';
import {
  type Figure, basinFigure, basinStarts, canvasAvailable, componentSeries, contourFigure, differenceFigure, display,
  lossSeries, nearestMinimum, saveFigure, seriesFigure, sideBySide, surfaceFigure, vectorDiagram, vectorUpdate,
} from '../src/figures/index.js';
import { Plot, figureDocument, normalizeIds, renderLegend, renderPlot, roundCoordinates, simplifyPaths } from '../src/figures/render.js';

/** Parses a figure's HTML back into a DOM, independent of the document that built it. */
function parse(html: string): Document {
  return new JSDOM(`<!DOCTYPE html><body>${html}</body>`).window.document;
}

/** Every attribute value in the markup: none may contain NaN or undefined. */
function expectCleanAttributes(doc: Document): void {
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.value, `${el.tagName}[${attr.name}]`).to.not.match(/NaN|undefined|Infinity/);
    }
  }
}

/** Decodes an 8-bit RGBA, non-interlaced PNG data URL into width, height and pixels. */
function decodePng(dataUrl: string): { width: number; height: number; rgba: Uint8Array } {
  const buf = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect(buf.subarray(1, 4).toString('latin1')).to.equal('PNG');
  let pos = 8;
  let width = 0, height = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.subarray(pos + 4, pos + 8).toString('latin1');
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], 'bit depth').to.equal(8);
      expect(data[9], 'colour type RGBA').to.equal(6);
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  // Undo the per-row PNG filters (0 none, 1 sub, 2 up, 3 average, 4 Paeth).
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter];
      rgba[y * stride + x] = (v + pred) & 255;
    }
  }
  return { width, height, rgba };
}

const gdRun = (steps: number): Trajectory => trajectory(gd({ lr: 0.125 }), bowl(), { start: [15, 0.1], steps });

/** A hand-made run (as tf.js would report it) with a velocity in its states. */
function fakeRun(points: number[][], impl: 'hand-written' | 'tfjs' = 'tfjs'): Trajectory {
  return {
    optimizer: 'fake', label: 'fake run', impl, objective: 'bowl',
    points: points.map((p) => vec(p)),
    losses: points.map((p) => p[0] ** 2 + p[1] ** 2),
    grads: points.slice(1).map((p) => vec([2 * p[0], 2 * p[1]])),
    states: points.map((p, t) => ({ v: vec([t, -2 * t]), t })),
    steps: points.length - 1,
    diverged: null,
  };
}

describe('figures: rendering core', () => {
  it('uses one shared jsdom document', () => {
    expect(figureDocument()).to.equal(figureDocument());
  });

  it('renders an <svg> and the same input twice to identical bytes, even with other plots in between', () => {
    const opts = (): Plot.PlotOptions => ({ marks: [Plot.lineY([1, 3, 2], { clip: true }), Plot.dot([[0, 1]], { r: 3 })] });
    const a = renderPlot(opts());
    renderPlot({ marks: [Plot.ruleY([0], { clip: true }), Plot.lineY([5, 1], { marker: true })] });
    const b = renderPlot(opts());
    expect(a).to.equal(b);
    expect(a.startsWith('<svg')).to.equal(true);
    expect(a).to.not.match(/plot-clip-\d|plot-marker-\d/);
  });

  it('roundCoordinates rounds long positions to 0.1 px in geometry attributes only', () => {
    expect(roundCoordinates('<line y1="320.6859461719408" x1="56"></line><text transform="translate(56,84.09903863918885)" y="0.32em">0.123456</text>'))
      .to.equal('<line y1="320.7" x1="56"></line><text transform="translate(56,84.1)" y="0.32em">0.123456</text>');
  });

  it('gives ids a per-figure prefix so different figures never share one', () => {
    const x = normalizeIds('<clipPath id="plot-clip-7"></clipPath><g clip-path="url(#plot-clip-7)"></g><path marker-end="url(#plot-marker-3)">');
    expect(x).to.match(/^<clipPath id="owb-[0-9a-f]{8}-clip1"><\/clipPath><g clip-path="url\(#owb-[0-9a-f]{8}-clip1\)"><\/g><path marker-end="url\(#owb-[0-9a-f]{8}-marker1\)">$/);
    const y = normalizeIds('<clipPath id="plot-clip-7"></clipPath><i>other</i>');
    expect(x.slice(15, 27)).to.not.equal(y.slice(15, 27));
  });

  it('simplifyPaths drops only vertices within 0.2 px of the drawn line, keeps turns and reversals', () => {
    // 0.15 px off the straight line: invisible, dropped; 0.3 px off: kept.
    expect(simplifyPaths('<path d="M0,0L5,0.15L10,0"/>')).to.equal('<path d="M0,0L10,0"/>');
    expect(simplifyPaths('<path d="M0,0L5,0.3L10,0"/>')).to.equal('<path d="M0,0L5,0.3L10,0"/>');
    expect(simplifyPaths('<path d="M0,0L1,0L2,0L3,0L3,1L3,2Z"/>')).to.equal('<path d="M0,0L3,0L3,2Z"/>');
    // Going back along the same line is not a straight run: the far point stays.
    expect(simplifyPaths('<path d="M0,0L10,0L5,0"/>')).to.equal('<path d="M0,0L10,0L5,0"/>');
    expect(simplifyPaths('<path d="M0,0L1.04,0.26"/>')).to.equal('<path d="M0,0L1,0.3"/>');
    const curve = '<path d="M0,0C1,1,2,2,3,3"/>';
    expect(simplifyPaths(curve)).to.equal(curve);
  });

  it('paints raster marks through the canvas shim (pixels checked by decoding the PNG)', () => {
    expect(canvasAvailable()).to.equal(true);
    const html = renderPlot({
      x: { domain: [0, 2] }, y: { domain: [0, 1] }, color: { type: 'identity' },
      marks: [Plot.raster(['#ff0000', '#0000ff'], { width: 2, height: 1, x1: 0, x2: 2, y1: 0, y2: 1, fill: Plot.identity })],
    });
    const image = parse(html).querySelector('image');
    expect(image).to.not.equal(null);
    const href = image!.getAttribute('href') ?? image!.getAttribute('xlink:href') ?? '';
    const png = decodePng(href);
    expect([png.width, png.height]).to.deep.equal([2, 1]);
    expect(Array.from(png.rgba)).to.deep.equal([255, 0, 0, 255, 0, 0, 255, 255]);
    expect(renderPlot({
      x: { domain: [0, 2] }, y: { domain: [0, 1] }, color: { type: 'identity' },
      marks: [Plot.raster(['#ff0000', '#0000ff'], { width: 2, height: 1, x1: 0, x2: 2, y1: 0, y2: 1, fill: Plot.identity })],
    })).to.equal(html);
  });

  it('draws continuous colour ramps (legend) through the canvas shim', () => {
    const html = renderLegend({ color: { type: 'linear', domain: [0, 1], range: ['#000000', '#ffffff'] }, legend: 'ramp' });
    const image = parse(html).querySelector('image');
    const png = decodePng(image!.getAttribute('href') ?? '');
    expect([png.width, png.height]).to.deep.equal([256, 1]);
    // Black at the left end, white at the right end of the ramp.
    expect(Array.from(png.rgba.subarray(0, 3))).to.deep.equal([0, 0, 0]);
    expect(Array.from(png.rgba.subarray(255 * 4, 255 * 4 + 3))).to.deep.equal([255, 255, 255]);
  });
});

describe('figures: contourFigure', () => {
  it('draws 10 grey bands, one dot per iterate and one arrow per step, at the right places', () => {
    const run = gdRun(5);
    const fig = contourFigure({ objective: bowl(), paths: [{ run }], minima: false });
    const doc = parse(fig.html);
    expect(doc.querySelectorAll('svg')).to.have.length(1);
    expect(doc.querySelectorAll('g.owb-contours path')).to.have.length(10);
    expect(doc.querySelectorAll('g.owb-steps path')).to.have.length(5);
    const dots = Array.from(doc.querySelectorAll('g.owb-iterates circle'));
    expect(dots).to.have.length(6);
    // x range is [marginLeft, width − marginRight] = [44, 548] for the domain [−20, 20].
    const px = (x: number): number => 44 + ((x + 20) / 40) * 504;
    expect(Number(dots[0].getAttribute('cx'))).to.be.closeTo(px(15), 0.6);
    expect(Number(dots[1].getAttribute('cx'))).to.be.closeTo(px(15 * 0.75), 0.6);
    expect(doc.querySelector('.owb-legend')).to.equal(null);
    expectCleanAttributes(doc);
  });

  it('is deterministic', () => {
    const make = (): Figure => contourFigure({ objective: bowl(), paths: [{ run: gdRun(8) }], title: 'gd' });
    const a = make().html;
    surfaceFigure({ objective: bowl(), resolution: 4 });
    expect(make().html).to.equal(a);
    expect(String(make())).to.equal(a);
  });

  it('tells a hand-written run from a tf.js twin: legend, dashed arrows, hollow dots', () => {
    const hand = gdRun(3);
    const tf = fakeRun(hand.points.map((p) => [p[0] + 1e-7, p[1]]));
    const doc = parse(contourFigure({ objective: bowl(), paths: [{ run: hand, label: 'hand-written' }, { run: tf, label: 'tf.js' }] }).html);
    const legend = doc.querySelector('.owb-legend')!;
    expect(legend.textContent).to.contain('hand-written').and.to.contain('tf.js');
    expect(legend.innerHTML).to.contain('dashed');
    const steps = doc.querySelectorAll('g.owb-steps');
    expect(steps).to.have.length(2);
    expect(steps[0].getAttribute('stroke-dasharray')).to.equal(null);
    expect(steps[1].getAttribute('stroke-dasharray')).to.equal('4,3');
    const iterates = doc.querySelectorAll('g.owb-iterates');
    expect(iterates[1].getAttribute('fill')).to.equal('none');
    expect(doc.querySelectorAll('g.owb-minima path')).to.have.length(1);
    expectCleanAttributes(doc);
  });

  it('skips zero-length steps, draws a line without arrows, adds a loss ramp on request', () => {
    const still = fakeRun([[1, 1], [1, 1], [2, 1]], 'hand-written');
    const doc = parse(contourFigure({ objective: bowl(), paths: [{ run: still }] }).html);
    expect(doc.querySelectorAll('g.owb-steps path')).to.have.length(1);
    const lineDoc = parse(contourFigure({ objective: bowl(), paths: [{ run: gdRun(4) }], arrows: false, lossLegend: true }).html);
    expect(lineDoc.querySelectorAll('g.owb-steps path')).to.have.length(1);
    expect(lineDoc.querySelector('g.owb-steps path')!.getAttribute('d')).to.not.contain('Z');
    expect(lineDoc.querySelectorAll('svg')).to.have.length(2);
    expect(lineDoc.querySelector('image')!.getAttribute('href')).to.match(/^data:image\/png;base64,/);
  });

  it('rejects bad options, naming the parameter', () => {
    expect(() => contourFigure({ objective: bowl(3) })).to.throw(RangeError, /objective must be a 2-D objective.*dim 3/);
    expect(() => contourFigure({ objective: bowl(), levels: 0 })).to.throw(RangeError, /levels must be/);
    expect(() => contourFigure({ objective: bowl(), width: 10 })).to.throw(RangeError, /width must be .*got 10/);
    expect(() => contourFigure({ objective: bowl(), paths: [{ run: undefined as unknown as Trajectory }] })).to.throw(TypeError, /paths\[0\]\.run must be a Trajectory/);
    expect(() => contourFigure({ objective: quadratic([[1, 0], [0, 1]]), domain: { x: [1, -1], y: [0, 1] } })).to.throw(RangeError, /domain\.x must be \[min, max\]/);
    expect(() => contourFigure({ objective: bowl(), every: 0 })).to.throw(RangeError, /every must be/);
  });
});

describe('figures: seriesFigure and its helpers', () => {
  it('draws one line and one dot per value for each series', () => {
    const fig = seriesFigure({ series: [{ label: 'a', values: [1, 2, 3, 4, 5] }, { label: 'b', values: [5, 4, 3, 2, 1] }], yLabel: 'g∘g' });
    const doc = parse(fig.html);
    expect(doc.querySelectorAll('svg')).to.have.length(1);
    expect(doc.querySelectorAll('g.owb-series-line path')).to.have.length(2);
    expect(doc.querySelectorAll('g.owb-series-dot circle')).to.have.length(10);
    expect(doc.querySelector('svg')!.textContent).to.contain('g∘g').and.to.contain('iteration');
    expectCleanAttributes(doc);
  });

  it('leaves non-positive values out of a log scale and says so', () => {
    const fig = seriesFigure({ series: [{ label: 'r', values: [0, 1, 10, 100] }], yScale: 'log' });
    const doc = parse(fig.html);
    expect(doc.querySelectorAll('g.owb-series-dot circle')).to.have.length(3);
    expect(doc.querySelector('figcaption')!.textContent).to.match(/1 value ≤ 0 .*left out/);
    expect(() => seriesFigure({ series: [{ label: 'z', values: [0, -1] }], yScale: 'log' })).to.throw(RangeError, /no value is > 0/);
  });

  it('draws labelled reference rules and lists them in the legend', () => {
    const doc = parse(seriesFigure({ series: [{ label: 'loss', values: [3, 2, 1] }], rules: [{ x: 1, label: 'ε*' }, { y: 2 }] }).html);
    expect(doc.querySelectorAll('g.owb-rule line')).to.have.length(2);
    expect(doc.querySelector('.owb-legend')!.textContent).to.contain('ε*');
    expect(() => seriesFigure({ series: [{ label: 'a', values: [1] }], rules: [{ x: 1, y: 2 }] })).to.throw(TypeError, /rules\[0\] needs exactly one of x/);
    expect(() => seriesFigure({ series: [{ label: 'a', values: [1] }], yScale: 'log', rules: [{ y: 0 }] })).to.throw(RangeError, /rules\[0\]\.y must be > 0/);
  });

  it('rejects bad options, naming the parameter', () => {
    expect(() => seriesFigure({ series: [] })).to.throw(RangeError, /series must be a non-empty array/);
    expect(() => seriesFigure({ series: [{ label: 'a', values: [1] }], yScale: 'ln' as 'log' })).to.throw(RangeError, /yScale must be/);
    expect(() => seriesFigure({ series: [{ label: 'a', values: [1, 2], x: [0] }] })).to.throw(RangeError, /series\[0\]\.x must have one entry per value/);
  });

  it('componentSeries splits a state vector per coordinate; lossSeries takes the losses', () => {
    const run = fakeRun([[1, 0], [2, 0], [3, 0]]);
    const [vx, vy] = componentSeries(run, 'v');
    expect(vx.label).to.equal('v_x');
    expect(Array.from(vx.values)).to.deep.equal([0, 1, 2]);
    expect(Array.from(vy.values, (v) => v + 0)).to.deep.equal([0, -2, -4]);
    expect(componentSeries(run, 'v', ['x', 'y'])[1].label).to.equal('y');
    expect(() => componentSeries(run, 'r')).to.throw(RangeError, /no field "r"/);
    const loss = lossSeries(gdRun(2));
    // GD with ε = 0.125 on x² + y² scales θ by 0.75 per step, so the loss by 0.5625.
    [225.01, 225.01 * 0.5625, 225.01 * 0.5625 ** 2].forEach((want, t) => expect(loss.values[t]).to.be.closeTo(want, 1e-9));
    expect(loss.label).to.equal(gdRun(1).label);
  });
});

describe('figures: differenceFigure', () => {
  it('plots non-zero differences as dots, exact zeros as triangles on a floor, and the tolerance', () => {
    const fig = differenceFigure({ perStep: [0, 1e-7, 2e-7, 0], tolerance: 1e-5 });
    const doc = parse(fig.html);
    expect(doc.querySelectorAll('g.owb-diff-dot circle')).to.have.length(2);
    expect(doc.querySelectorAll('g.owb-diff-zero path')).to.have.length(2);
    expect(doc.querySelectorAll('g.owb-tolerance line')).to.have.length(1);
    expect(doc.querySelector('figcaption')!.textContent).to.match(/2 steps .*\|Δ\| = 0.*1\.0e-8/);
    expectCleanAttributes(doc);
  });

  it('accepts a RunComparison and several labelled series', () => {
    const doc = parse(differenceFigure({
      series: [{ label: 'θ', comparison: { perStep: [1e-9, 1e-8], max: 1e-8, maxStep: 1 } }, { label: 'v', comparison: [3e-9, 4e-9] }],
    }).html);
    expect(doc.querySelectorAll('g.owb-diff-line')).to.have.length(2);
    expect(doc.querySelector('.owb-legend')!.textContent).to.contain('θ').and.to.contain('v');
  });

  it('rejects bad options, naming the parameter', () => {
    expect(() => differenceFigure({})).to.throw(TypeError, /exactly one of comparison, perStep or series/);
    expect(() => differenceFigure({ perStep: [1], comparison: { perStep: [1], max: 1, maxStep: 0 } })).to.throw(TypeError, /exactly one/);
    expect(() => differenceFigure({ perStep: [1e-3, -1] })).to.throw(RangeError, /perStep\[1\] must be a finite difference ≥ 0/);
    expect(() => differenceFigure({ perStep: [1e-3], tolerance: 0 })).to.throw(RangeError, /tolerance must be/);
    expect(() => differenceFigure({ perStep: [1e-3], floor: 1 })).to.throw(RangeError, /floor must be below/);
  });
});

describe('figures: surfaceFigure', () => {
  it('draws one quad per grid cell plus floor, axis and two skirts, and a height ramp', () => {
    const doc = parse(surfaceFigure({ objective: bowl(), resolution: 6 }).html);
    const paths = doc.querySelectorAll('g[aria-label="surface"] path');
    expect(paths).to.have.length(36 + 4);
    expect(doc.querySelectorAll('svg')).to.have.length(2);
    expect(doc.querySelector('image')!.getAttribute('href')).to.match(/^data:image\/png;base64,/);
    expectCleanAttributes(doc);
  });

  it('lifts runs onto the surface, leaving out points outside the domain', () => {
    const run = fakeRun([[1, 1], [2, 2], [30, 0], [0, 0]], 'hand-written');
    const doc = parse(surfaceFigure({ objective: bowl(), resolution: 4, paths: [{ run, label: 'gd' }], legend: false }).html);
    expect(doc.querySelectorAll('g.owb-surface-path circle')).to.have.length(3);
    expect(doc.querySelectorAll('g.owb-surface-path path')).to.have.length(1);
    expect(doc.querySelector('.owb-legend')!.textContent).to.contain('gd');
    expectCleanAttributes(doc);
  });

  it('paints far cells before near ones (painter\'s order)', () => {
    // Looking from azimuth 0 the viewer is on the −y side: the first quad drawn lies on the far
    // (top of the picture) row, the last on the near row, whatever the heights.
    const doc = parse(surfaceFigure({ objective: bowl(), resolution: 4, azimuth: 0, legend: false }).html);
    const quads = Array.from(doc.querySelectorAll('g[aria-label="surface"] path')).slice(2, 18);
    const meanY = (el: Element): number => {
      const ys = (el.getAttribute('d') ?? '').match(/,-?[\d.]+/g)!.map((s) => Number(s.slice(1)));
      return ys.reduce((a, b) => a + b, 0) / ys.length;
    };
    // A far row sits higher on screen (smaller SVG y) than the nearest row at the same heights.
    expect(meanY(quads[0])).to.be.lessThan(meanY(quads[15]));
    expect(() => surfaceFigure({ objective: bowl(), elevation: 120 })).to.throw(RangeError, /elevation must be between 0 and 90/);
  });
});

describe('figures: vectorDiagram', () => {
  const base = { objective: bowl(), theta: [1, 2], v: [1, 0], momentum: 0.5, lr: 0.1 };
  it('computes one momentum and one Nesterov update (checked by hand)', () => {
    const m = vectorUpdate({ ...base, nesterov: false });
    expect(m.grad).to.deep.equal([2, 4]);
    expect(m.vNew[0]).to.be.closeTo(0.3, 1e-12);
    expect(m.vNew[1]).to.be.closeTo(-0.4, 1e-12);
    expect(m.thetaNew[0]).to.be.closeTo(1.3, 1e-12);
    const n = vectorUpdate({ ...base, nesterov: true });
    expect(n.gradAt).to.deep.equal([1.5, 2]);
    expect(n.grad).to.deep.equal([3, 4]);
    expect(n.thetaNew[0]).to.be.closeTo(1.2, 1e-12);
    expect(n.thetaNew[1]).to.be.closeTo(1.6, 1e-12);
  });

  it('draws μv, the gradient step and the update (plus the ghost gradient at θ for momentum)', () => {
    const m = parse(vectorDiagram({ ...base, nesterov: false }).html);
    const n = parse(vectorDiagram({ ...base, nesterov: true }).html);
    for (const [doc, ghosts] of [[m, 1], [n, 0]] as const) {
      expect(doc.querySelectorAll('g.owb-vector-carried path')).to.have.length(1);
      expect(doc.querySelectorAll('g.owb-vector-grad path')).to.have.length(1);
      expect(doc.querySelectorAll('g.owb-vector-result path')).to.have.length(1);
      expect(doc.querySelectorAll('g.owb-vector-ghost path')).to.have.length(ghosts);
      expectCleanAttributes(doc);
    }
    expect(n.querySelector('svg')!.textContent).to.contain('−ε∇L(θ + μv)').and.to.contain('look-ahead');
  });

  it('rejects bad options, naming the parameter', () => {
    expect(() => vectorDiagram({ ...base, momentum: 1, nesterov: false })).to.throw(RangeError, /momentum must be in \[0, 1\)/);
    expect(() => vectorDiagram({ ...base, lr: [0.1, -1], nesterov: false })).to.throw(RangeError, /lr\[1\] must be/);
    expect(() => vectorDiagram({ theta: [0, 0], v: [0, 0], momentum: 0.5, lr: 0.1, nesterov: true })).to.throw(TypeError, /objective .* or grad/);
    expect(() => vectorDiagram({ ...base, theta: [1, 2, 3], nesterov: true })).to.throw(RangeError, /theta must have 2 coordinates/);
  });
});

describe('figures: basinFigure', () => {
  const minima = [[-1, 0], [1, 0]];
  it('colours a regular grid of starts as one raster pixel per start, with counts in the legend', () => {
    const starts = basinStarts({ x: [-2, 2], y: [-1, 1] }, 2);
    expect(starts).to.deep.equal([[-1, -0.5], [1, -0.5], [-1, 0.5], [1, 0.5]]);
    const reached = starts.map((s) => nearestMinimum([Math.sign(s[0]), 0], minima));
    const doc = parse(basinFigure({ starts, reached, minima }).html);
    const png = decodePng(doc.querySelector('g.owb-basin-cells image')!.getAttribute('href')!);
    expect([png.width, png.height]).to.deep.equal([2, 2]);
    // Left column → minimum 0 (blue #1f77b4), right column → minimum 1 (red #d62728), at opacity 0.75.
    expect(Array.from(png.rgba.subarray(0, 4))).to.deep.equal([0x1f, 0x77, 0xb4, 191]);
    expect(Array.from(png.rgba.subarray(4, 8))).to.deep.equal([0xd6, 0x27, 0x28, 191]);
    expect(doc.querySelectorAll('g.owb-minima path')).to.have.length(2);
    expect(doc.querySelector('.owb-legend')!.textContent).to.contain('minimum 0 (-1, 0): 2');
  });

  it('accepts a flat start list and scattered starts; counts starts that reached nothing', () => {
    const doc = parse(basinFigure({ starts: [0.1, 0.2, -1.5, 0.3, 1.7, -0.9], reached: [null, 0, 1], minima }).html);
    expect(doc.querySelector('g.owb-basin-cells image')).to.not.equal(null);
    expect(doc.querySelector('.owb-legend')!.textContent).to.contain('no minimum: 1');
  });

  it('nearestMinimum finds the minimum within the tolerance, else null', () => {
    expect(nearestMinimum([0.999, 0.001], minima)).to.equal(1);
    expect(nearestMinimum([0, 0], minima)).to.equal(null);
    // A tie goes to the first listed (the global minimum comes first by convention).
    expect(nearestMinimum([0, 0], minima, 2)).to.equal(0);
    expect(nearestMinimum([0.5, 0], minima, 2)).to.equal(1);
  });

  it('rejects bad options, naming the parameter', () => {
    expect(() => basinFigure({ starts: [[0, 0]], reached: [], minima })).to.throw(RangeError, /reached must have one entry per start \(1\)/);
    expect(() => basinFigure({ starts: [[0, 0]], reached: [2], minima })).to.throw(RangeError, /reached\[0\] must be null or a minimum index 0…1/);
    expect(() => basinFigure({ starts: [[0, 0]], reached: [0] })).to.throw(TypeError, /minima is required/);
  });
});

describe('figures: layout, files and display', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'owb-fig-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sideBySide puts figures in one grid', () => {
    const a = seriesFigure({ series: [{ label: 'a', values: [1, 2] }], title: 'A' });
    const b = seriesFigure({ series: [{ label: 'b', values: [2, 1] }], title: 'B' });
    const doc = parse(sideBySide([a, b], { columns: 2, title: 'pair' }).html);
    expect(doc.querySelectorAll('.owb-grid > .owb-cell')).to.have.length(2);
    expect(doc.querySelectorAll('svg')).to.have.length(2);
    expect(() => sideBySide([])).to.throw(RangeError, /figures must be a non-empty array/);
    expect(() => sideBySide([a], { columns: 0 })).to.throw(RangeError, /columns must be/);
  });

  it('saveFigure writes HTML pages and single-SVG files', () => {
    const fig = seriesFigure({ series: [{ label: 'a', values: [1, 2] }] });
    const svgPath = saveFigure(fig, join(dir, 'a.svg'));
    expect(readFileSync(svgPath, 'utf8')).to.match(/^<\?xml[^]*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const htmlPath = saveFigure(fig, join(dir, 'sub', 'a.html'));
    expect(readFileSync(htmlPath, 'utf8')).to.contain(fig.html);
    const withRamp = surfaceFigure({ objective: bowl(), resolution: 4 });
    expect(() => saveFigure(withRamp, join(dir, 'b.svg'))).to.throw(RangeError, /has 2/);
  });

  it('display writes a file outside a kernel and returns its path', () => {
    const fig = seriesFigure({ series: [{ label: 'a', values: [1, 2] }], title: 'Loss curve!' });
    const path = display(fig, { dir });
    expect(path).to.match(/loss-curve-[0-9a-f]{8}\.html$/);
    expect(readFileSync(path!, 'utf8')).to.contain(fig.html);
  });
});

describe('figures: composable marks', () => {
  it('contourMarks, minimaMarks and pathMarks compose with a notebook\'s own Plot marks, and contourFigure is built on them', async () => {
    const L = await import('../src/index.js');
    const f = L.bowl();
    const run = L.trajectory(L.gd({ lr: 0.25 }), f, { start: [10, 5], steps: 6 });
    const bands = L.contourMarks(f, { domain: f.domain! });
    const html = L.renderPlot({
      color: bands.color, x: { domain: [...f.domain!.x] }, y: { domain: [...f.domain!.y] },
      marks: [...bands.marks, ...L.minimaMarks([[0, 0]]), ...L.pathMarks(run.points, { style: L.runStyle(0, 'hand-written') }), L.Plot.text([[0, 0]], { text: ['the minimum'], x: (d: number[]) => d[0], y: (d: number[]) => d[1] })],
    });
    const doc = parse(html);
    expect(doc.querySelectorAll('g.owb-contours path').length).to.be.greaterThan(3);
    expect(doc.querySelectorAll('g.owb-iterates circle')).to.have.length(7);
    expect(doc.querySelectorAll('g.owb-minima path')).to.have.length(1);
    expect(html).to.include('the minimum');
    expect(() => L.pathMarks(run.points, { style: L.runStyle(0, 'hand-written'), every: 0 })).to.throw(RangeError, /every must be a whole number ≥ 1; got 0/);
    expect(() => L.contourMarks(f, { domain: f.domain!, levels: 0 })).to.throw(RangeError, /levels must be a whole number between 1 and 100/);
  });

  it('runLabel marks tf.js runs once: a label that already says tf.js is left alone', async () => {
    const L = await import('../src/index.js');
    expect(L.runLabel({ label: 'GD ε=0.1', impl: 'tfjs' })).to.equal('GD ε=0.1 (tf.js)');
    expect(L.runLabel({ label: 'tf.js GD ε=0.1', impl: 'tfjs' })).to.equal('tf.js GD ε=0.1');
    expect(L.runLabel({ label: 'GD ε=0.1', impl: 'hand-written' })).to.equal('GD ε=0.1');
  });
});
