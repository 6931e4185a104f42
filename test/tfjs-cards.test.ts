import { expect } from 'chai';
import { formulaCard, formulaCardNames } from '../src/index.js';

describe('formula cards', () => {
  it('has a card for every optimizer with a tf.js twin', () => {
    expect([...formulaCardNames].sort()).to.deep.equal(['adadelta', 'adagrad', 'adam', 'adamax', 'gd', 'momentum', 'nesterov', 'rmsprop']);
  });

  for (const name of ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamax', 'adadelta'] as const) {
    it(`${name}: both updates as display LaTeX with balanced braces, the constant, the start, the mapping`, () => {
      const md = formulaCard(name);
      const blocks = md.match(/\$\$([^$]+)\$\$/g) ?? [];
      expect(blocks).to.have.length(2);
      for (const b of blocks) expect((b.match(/\{/g) ?? []).length).to.equal((b.match(/\}/g) ?? []).length);
      for (const label of ['**By hand**', '**tf.js**', '**The small constant:**', '**Starting state:**', '**Making them agree:**', '**What still differs:**']) {
        expect(md).to.contain(label);
      }
      expect(md).to.contain(`tf.train.${name === 'gd' ? 'sgd' : name === 'nesterov' ? 'momentum' : name}(`);
      expect(md).to.not.match(/undefined|\[object/);
    });
  }

  it('states the facts the parity tests check', () => {
    expect(formulaCard('adagrad')).to.match(/0\.1/).and.to.match(/10\^\{-7\}/).and.to.match(/r0: 0/);
    expect(formulaCard('rmsprop')).to.match(/\\delta\^2/).and.to.match(/centered/);
    expect(formulaCard('momentum')).to.match(/v = -\\varepsilon a/);
    expect(formulaCard('nesterov')).to.match(/look-ahead/);
    expect(formulaCard('adadelta')).to.match(/before/).and.to.match(/−θ₀/);
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => formulaCard('sgd' as never)).to.throw(RangeError, /must be one of gd, momentum.*got sgd/);
  });
});
