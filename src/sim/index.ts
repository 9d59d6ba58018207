/**
 * `edgecalc/sim` — Monte Carlo checks: M/G/1 by the Lindley recursion, the slotted SNC
 * tandem's virtual-delay violation frequencies, request-level response times of a
 * store-and-forward pipeline (`simulateRequests`, docs/model.md §9.2), and importance
 * sampling for rare M/G/1 waiting-time tails. Worker threads are loaded lazily (Node only) when `workers > 1`.
 *
 * @packageDocumentation
 */
export { simulateMG1 } from "./mg1.js";
export type { SimulateMG1Options, MG1SimResult, TailEstimate, QuantileEstimate } from "./mg1.js";
export { simulateSlotted } from "./slotted.js";
export type { SimulateSlottedOptions, SlottedSimResult, ViolationEstimate, StageViolations, SlotSampler } from "./slotted.js";
export { simulateRequests, MAX_REQUESTS } from "./requests.js";
export type { SimulateRequestsOptions, RequestsSimResult, EndToEndResponse, ResponseQuantile, StageResponse } from "./requests.js";
export { importanceSampleWaitTail } from "./importance.js";
export type { ImportanceSampleOptions, ImportanceSampleResult } from "./importance.js";
export { RESIDUAL_TOLERANCE } from "./slotted-kernel.js";
export type { Estimate } from "./stats.js";
export type { ProgressOptions, ReplicationOptions } from "./progress.js";
export { maxThroughput } from "./capacity.js";
export type { MaxThroughput, MaxThroughputOptions, SimulatedCapacity } from "./capacity.js";
