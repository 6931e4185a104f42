/**
 * optim-workbook's shared library. Notebooks import it as `../lib/index.js`.
 * Each area has its own barrel: objectives (loss surfaces), optimizers (hand-written),
 * tfjs (the tf.train twins and the backend), run (runners, comparisons), figures (Plot).
 */
export * from './core/vec.js';
export * from './core/types.js';
export { cloneState } from './core/state.js';
export * as validate from './core/validate.js';

export * from './objectives/index.js';
export * from './optimizers/index.js';
export * from './run/index.js';
export * from './tfjs/index.js';
export * from './figures/index.js';
export * from './analysis/index.js';
export * from './data/index.js';
export * from './train/index.js';
export * from './bench/index.js';
export * from './registry.js';
export * from './explorer/index.js';
