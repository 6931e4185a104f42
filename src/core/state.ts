import type { OptimizerState } from './types.js';

/** A deep copy of a state's plain data (vectors are copied, numbers kept). */
export function cloneState<S extends OptimizerState>(state: S): S {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) out[k] = typeof v === 'number' ? v : v.slice();
  return out as S;
}
