export { paradigmReport } from "./report.js";
export { num, table, terminalText } from "./format.js";
export {
  reportCommand,
  mg1Command,
  boundCommand,
  compareCommand,
  scoreCommand,
  figuresCommand,
  verifyCommand,
  MODEL_LABELS,
  type OutputOptions,
  type ModelOptions,
  type BoundCommandOptions,
  type CompareCommandOptions,
  type ScoreCommandOptions,
  type FiguresCommandOptions,
} from "./commands.js";
export { loadScenario, loadGraphScenario, ScenarioFileError } from "./scenario-file.js";
export { graphReport, graphPresetFamily, type GraphReportOptions } from "./graph-report.js";
export { progressBar, type ProgressBar } from "./progress.js";
