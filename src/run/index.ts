export * from './trajectory.js';
export * from './compare.js';
