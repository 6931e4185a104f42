import type { Schedule } from '../core/types.js';
import { openUnitInterval, positive, positiveInt, unitInterval } from '../core/validate.js';

/**
 * Learning-rate schedules. Each gives the factor by which the base rate ε₀ is
 * multiplied at step t (0-based), so ε_t = ε₀ · factor(t) and factor(0) = 1.
 */

/** No decay: ε_t = ε₀. */
export function constantLr(): Schedule {
  return { name: 'constant', label: 'constant ε', factor: () => 1 };
}

/** The article's exponential decay ε_t = ε₀ βᵗ, β in (0, 1). */
export function exponentialDecay(options: { beta: number }): Schedule {
  const beta = openUnitInterval('beta', options.beta);
  return { name: 'exponential', label: `ε₀·${beta}ᵗ`, factor: (t) => beta ** t };
}

/** Piecewise constant: multiply by `factor` every `every` steps, ε_t = ε₀ · factor^⌊t/every⌋. */
export function stepDecay(options: { every: number; factor: number }): Schedule {
  const every = positiveInt('every', options.every);
  const factor = openUnitInterval('factor', options.factor);
  return { name: 'step', label: `ε₀·${factor}^⌊t/${every}⌋`, factor: (t) => factor ** Math.floor(t / every) };
}

/** ε_t = ε₀ / (1 + k t): the slow decay of classical stochastic-approximation theory. */
export function inverseTimeDecay(options: { k: number }): Schedule {
  const k = positive('k', options.k);
  return { name: 'inverse-time', label: `ε₀/(1+${k}t)`, factor: (t) => 1 / (1 + k * t) };
}

/**
 * Half a cosine from ε₀ down to floor·ε₀ over `period` steps, then flat at the floor:
 * ε_t = ε₀ (floor + (1 − floor) · ½(1 + cos(π min(t, period) / period))).
 */
export function cosineDecay(options: { period: number; floor?: number }): Schedule {
  const period = positiveInt('period', options.period);
  const floor = unitInterval('floor', options.floor ?? 0);
  return {
    name: 'cosine',
    label: `cosine(${period}${floor ? `, floor ${floor}` : ''})`,
    factor: (t) => floor + (1 - floor) * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, period)) / period)),
  };
}
