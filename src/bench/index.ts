/** Benchmark support: allocation-free fused optimizer kernels over typed arrays (JavaScript and WebAssembly SIMD). */
export * from './fused.js';
export * from './wasm.js';
