/**
 * The tf.js side: the backend, `tf` itself (so a notebook and this library share one engine),
 * the tf.train twins of the hand-written optimizers, objectives written as tf.js functions,
 * formula cards and a batched runner for many start points at once.
 */
export * from './backend.js';
export * from './twins.js';
export * from './objective.js';
export * from './batched.js';
export * from './cards.js';
