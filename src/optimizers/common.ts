import type { Vec } from '../core/vec.js';
import { perParameter, positive } from '../core/validate.js';

/**
 * A per-parameter option expanded to a vector once per dimension, so a step reads
 * `eps[i]` without allocating. The value is validated when first expanded.
 */
export function perParameterCache(
  name: string,
  value: number | readonly number[],
  check: (name: string, value: unknown) => number = positive,
): (dim: number) => Vec {
  const cache = new Map<number, Vec>();
  return (dim) => {
    let v = cache.get(dim);
    if (!v) { v = perParameter(name, value, dim, check); cache.set(dim, v); }
    return v;
  };
}
