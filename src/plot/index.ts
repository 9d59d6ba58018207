/**
 * `edgecalc/plot` — the paper's figures as Plotly figures (data + layout + the data table),
 * built from a scenario, so a user changes one parameter and redraws. Browser-safe; the
 * Node-side export to HTML/PNG/SVG/PDF/CSV files lives in `src/plot/export` and is used by
 * the command line.
 *
 * @packageDocumentation
 */
export type { Figure, Trace, Layout, DataTable } from "./types.js";
export { PARADIGM_COLORS, STAGE_COLORS, baseLayout, axis, type AxisSpec, type LayoutOptions } from "./style.js";
export { meanSojournFigure, type MeanSojournOptions } from "./sojourn.js";
export { regionMapFigure, regionWinners, REGION_CRITERIA, type RegionMapOptions } from "./regions.js";
export { delayGrid, quantileDeadline, scenarioArrivals, simulationTrace, boundTrace, type DelayGridOptions, type IntervalPoint } from "./delays.js";
export { paradigmBoundsFigure, stageViolationFigure, type ParadigmBoundsOptions, type StageViolationOptions } from "./bounds.js";
export { tightnessFigure, type TightnessOptions } from "./tightness.js";
export { delayModelsFigure, type DelayModelsOptions } from "./models.js";
export { qualityMapFigure, qualityBoundFigure, type QualityOptions, type QualityBoundOptions } from "./quality.js";
export { scoreBreakdownFigure } from "./scores.js";
export { figureToCsv, figureToHtml, CSV_SIGNIFICANT_DIGITS } from "./serialize.js";
export { FIGURE_CATALOG, type CatalogEntry, type CatalogOptions } from "./catalog.js";
export { capacityFigure, type CapacityFigureOptions } from "./capacity.js";
