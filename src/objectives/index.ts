export * from './quadratic.js';
export * from './saddles.js';
export * from './classic.js';
export * from './multiWell.js';
export * from './diagonal.js';
