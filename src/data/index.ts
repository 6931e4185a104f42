export * from './dataset.js';
export * from './models.js';
export * from './iris.js';
export * from './mnist.js';
