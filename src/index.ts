/**
 * edgecalc — analytic queueing and stochastic network calculus for edge–device
 * collaborative AI inference. The core (this entry point) runs in Node and in browsers;
 * its scenario layer (`deadlineSlots`, `violationBound`, `paradigmViolations`, …) is where
 * a question in seconds about a scenario becomes the analyses' calls;
 * the simulator's worker pool (`edgecalc/sim`), plotting (`edgecalc/plot`) and the
 * property-testing kit (`edgecalc/testing`) are separate subpath exports.
 *
 * @packageDocumentation
 */
export * from "./random/index.js";
export * from "./distributions/index.js";
export * from "./special/index.js";
export * from "./channel/index.js";
export * from "./queueing/index.js";
export * from "./pipeline/index.js";
export * from "./compare/index.js";
export * from "./snc/index.js";
export * from "./scores/index.js";
export { responseTimeAnalysis, responseTimeBound, responseTimeQuantile, MAX_GRID_POINTS } from "./requests/index.js";
export type { ResponseTimeAnalysis, ResponseTimeBound, ResponseTimeMethod, ResponseTimeOptions, ResponseTimeQuantile, ResponseTimeResult } from "./requests/index.js";
export {
  deadlineSlots,
  coveringSlots,
  slotsToSeconds,
  scenarioArrivals,
  scenarioService,
  pipelineMg1,
  meanLatency,
  violationBound,
  violationBoundCurve,
  violationQuantile,
  simulateDelays,
  DELAY_MODELS,
  DEFAULT_DELAY_MODEL,
  perParadigm,
  paradigmMeanLatencies,
  paradigmMg1,
  paradigmViolations,
  paradigmQuantiles,
  quantileDeadline,
  type ScenarioLoad,
  type DelayModel,
  type DelayOptions,
  type DelayViolation,
  type FluidViolation,
  type DelayQuantile,
  type FluidQuantile,
  type SimulateDelaysOptions,
  type DelayEstimate,
  type StageDelayEstimates,
  type DelaySimulation,
  type FluidSimulation,
  type ParadigmLoad,
  type PerParadigm,
} from "./scenario/index.js";
export { logAddExp, logSumExp, log1mExp, logSubExp } from "./util/logspace.js";
export type { Complex } from "./util/complex.js";
