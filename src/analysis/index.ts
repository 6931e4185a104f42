/**
 * Analysis tools for the notebooks on the loss landscape: eigenvalues of symmetric
 * matrices, the second-derivative test, random-Hessian simulations, cost counting.
 */
export * from './eigen.js';
export * from './critical.js';
export * from './random-hessians.js';
export * from './cost.js';
export * from './basins.js';
