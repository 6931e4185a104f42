export * from './gd.js';
