/**
 * Node-only export of figures to files (HTML, CSV, PNG, SVG, PDF). Not part of the
 * browser-safe `edgecalc/plot` entry point.
 *
 * @packageDocumentation
 */
export {
  writeFigures,
  figureFileNames,
  plotlySource,
  FIGURE_FORMATS,
  type FigureFormat,
  type WriteFiguresOptions,
  type WriteFiguresResult,
  type WrittenFigure,
} from "./files.js";
export {
  checkBrowser,
  chromiumPath,
  BrowserUnavailableError,
  BROWSER_ADVICE,
  BROWSER_FORMATS,
  DEFAULT_CHROMIUM,
  CHROMIUM_ARGS,
} from "./browser.js";
export { checkOutputDir, openStaging, OutputRefusedError, MANIFEST_NAME, type OutputOptions, type Staging } from "./output.js";
