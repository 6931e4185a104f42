/** Helpers shared by the tf.js modules; not part of the library's public API. */
import { tf } from './backend.js';

/**
 * When tf.grad throws during the backward pass (a missing kernel, an op without a gradient),
 * tf.js 4.22 leaves the tensors its tape saved for that pass alive. Free them, as a
 * successful tf.grad would have, so a fallback leaks nothing.
 */
export function releaseFailedTape(): void {
  type Node = { saved?: tf.Tensor[] };
  const state = (tf.engine() as unknown as { state: { gradientDepth: number; activeTape: Node[] | null } }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

/** True for tf's "kernel X not registered for backend Y" errors. */
export const isMissingKernel = (err: unknown): boolean =>
  /not registered for backend|not found for backend|kernel .* not registered/i.test(String((err as Error)?.message ?? err));
