/** Benchmark support: allocation-free fused optimizer kernels over typed arrays. */
export * from './fused.js';
