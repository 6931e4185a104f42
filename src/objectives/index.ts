export * from './quadratic.js';
