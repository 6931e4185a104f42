/**
 * Figures: Observable Plot rendered to inline SVG/HTML on the server (jsdom), shown inline
 * in tslab notebooks by display(fig).
 */
export { type Figure, type LegendEntry, type SideBySideOptions, type DisplayOptions, display, saveFigure, sideBySide, htmlLegend, standalonePage } from './figure.js';
export { canvasAvailable } from './render.js';
export { PALETTE, type RunStyle, runLabel, runStyle } from './style.js';
export { type ContourColor, type ContourMarksOptions, type PathMarksOptions, contourMarks, minimaMarks, pathMarks } from './marks.js';
export { Plot, renderPlot } from './render.js';
export { type ContourFigureOptions, type PathSpec, contourFigure } from './contour.js';
export { type RuleSpec, type Series, type SeriesFigureOptions, type YScale, seriesFigure, componentSeries, lossSeries, twinSeries } from './series.js';
export { type DifferenceFigureOptions, type DifferenceSeries, differenceFigure } from './difference.js';
export { type SurfaceFigureOptions, surfaceFigure } from './surface.js';
export { type VectorDiagramOptions, type VectorUpdate, vectorDiagram, vectorUpdate } from './vector.js';
export { type BasinFigureOptions, NO_BASIN_COLOR, basinFigure, basinStarts, nearestMinimum } from './basin.js';
