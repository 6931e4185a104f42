/** Compact hyperparameter text for labels: 0.125, (0.125, 0.015). */
export function formatRate(value: number | readonly number[]): string {
  const fmt = (x: number) => String(Number(x.toPrecision(4)));
  return typeof value === 'number' ? fmt(value) : `(${Array.from(value, fmt).join(', ')})`;
}
