/**
 * The geometry an explorer's background (drawn in the kernel) and its live layer (drawn in
 * the browser) share, so the two SVGs line up exactly: same size, margins and domains.
 */
import type { Domain2D } from '../core/types.js';

export interface ExplorerLayout {
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
  domain: Domain2D;
}

/** Equal scales on x and y (as the contour figures), the height capped at 1.2 × the width. */
export function explorerLayout(domain: Domain2D, width: number): ExplorerLayout {
  const m = { marginTop: 12, marginRight: 12, marginBottom: 36, marginLeft: 44 };
  const plotWidth = width - m.marginLeft - m.marginRight;
  const ratio = (domain.y[1] - domain.y[0]) / (domain.x[1] - domain.x[0]);
  const plotHeight = Math.min(plotWidth * ratio, 1.2 * width);
  return { width, height: Math.round(plotHeight + m.marginTop + m.marginBottom), ...m, domain };
}

/** Plot options for a layer of this layout (axes only on the background). */
export function layerOptions(layout: ExplorerLayout, axes: boolean): Record<string, unknown> {
  return {
    width: layout.width,
    height: layout.height,
    marginTop: layout.marginTop,
    marginRight: layout.marginRight,
    marginBottom: layout.marginBottom,
    marginLeft: layout.marginLeft,
    x: axes ? { domain: [...layout.domain.x], label: 'x', labelAnchor: 'center', labelArrow: 'none', ticks: 8 } : { domain: [...layout.domain.x], axis: null },
    y: axes ? { domain: [...layout.domain.y], label: 'y', labelAnchor: 'center', labelArrow: 'none', ticks: 8 } : { domain: [...layout.domain.y], axis: null },
  };
}
