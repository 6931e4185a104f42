/**
 * A live tslab kernel for tests: the project's one driver, scripts/kernel-session.mjs.
 * `const k = await KernelSession.start(); const r = await k.run('1 + 1'); await k.close();`
 */
export { KernelSession, stdoutOf, svgOutputs } from '../../scripts/kernel-session.mjs';
export type { KernelOutput, KernelResult } from '../../scripts/kernel-session.mjs';
