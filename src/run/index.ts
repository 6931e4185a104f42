export * from './trajectory.js';
export * from './compare.js';
export * from './rng.js';
export * from './noise.js';
export * from './minibatches.js';
