/**
 * Node-only export of figures to files (HTML, CSV, PNG, SVG, PDF). Not part of the
 * browser-safe `edgecalc/plot` entry point.
 *
 * @packageDocumentation
 */
export {
  writeFigures,
  plotlySource,
  FIGURE_FORMATS,
  DEFAULT_CHROMIUM,
  CHROMIUM_ARGS,
  type FigureFormat,
  type WriteFiguresOptions,
  type WrittenFigure,
} from "./files.js";
