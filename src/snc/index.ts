export type { ArrivalProcess, StageService } from "./types.js";
export {
  poissonArrivals,
  exponentialArrivals,
  bernoulliArrivals,
  iidArrivals,
  markovModulated,
  markovOnOff,
  type IidArrivalsOptions,
  type MarkovModulatedOptions,
  type MarkovOnOffOptions,
} from "./arrivals.js";
export {
  constantService,
  rayleighService,
  iidService,
  tandem,
  pipelineService,
  type TandemService,
  type NetworkService,
  type ConstantServiceOptions,
  type RayleighServiceOptions,
  type SlottedLink,
  type IidServiceOptions,
  type PipelineServiceOptions,
} from "./services.js";
export {
  delayBound,
  delayBoundCurve,
  delayQuantile,
  backlogBound,
  backlogQuantile,
  sncStability,
  type BoundOptions,
  type BoundResult,
  type QuantileOptions,
  type DelayQuantileResult,
  type BacklogQuantileResult,
  type SncStabilityResult,
} from "./bounds.js";
export type { Form as BoundForm } from "./kernel.js";
