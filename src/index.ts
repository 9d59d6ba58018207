/**
 * edgecalc — analytic queueing and stochastic network calculus for edge–device
 * collaborative AI inference. The core (this entry point) runs in Node and in browsers;
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
export { logAddExp, logSumExp, log1mExp, logSubExp } from "./util/logspace.js";
export type { Complex } from "./util/complex.js";
