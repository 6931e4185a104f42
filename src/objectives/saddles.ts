import type { Objective } from '../core/types.js';
import { vec2 } from '../core/vec.js';

/** The simplest saddle L = x² − y²: a minimum along x, a maximum along y, no minimum at all. */
export function saddle(): Objective {
  return {
    name: 'saddle x²−y²',
    tex: 'L(x, y) = x^2 - y^2',
    dim: 2,
    value: ([x, y]) => x * x - y * y,
    gradient: ([x, y]) => vec2(2 * x, -2 * y),
    hessian: () => [[2, 0], [0, -2]],
    minima: [],
    domain: { x: [-2, 2], y: [-2, 2] },
  };
}

/**
 * The monkey saddle L = x³ − 3xy²: a degenerate critical point at the origin (H = 0) with
 * three valleys around it, room for two legs and a tail. No minimum.
 */
export function monkeySaddle(): Objective {
  return {
    name: 'monkey saddle x³−3xy²',
    tex: 'L(x, y) = x^3 - 3xy^2',
    dim: 2,
    value: ([x, y]) => x ** 3 - 3 * x * y * y,
    gradient: ([x, y]) => vec2(3 * x * x - 3 * y * y, -6 * x * y),
    hessian: ([x, y]) => [[6 * x, -6 * y], [-6 * y, -6 * x]],
    minima: [],
    domain: { x: [-1.5, 1.5], y: [-1.5, 1.5] },
  };
}
