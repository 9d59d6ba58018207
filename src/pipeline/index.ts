export type { ComputeStage, TransferStage, Stage, Pipeline, LinkLike, Resource } from "./types.js";
export * from "./stages.js";
export * from "./paradigms.js";
export * from "./presets.js";
export * from "./scenario.js";
export { poissonRequests, renewalRequests, mmppRequests, onOffRequests, MAX_MMPP_STATES } from "./arrivals.js";
export type { RequestArrivals, PoissonRequests, RenewalRequests, MmppRequests, MmppOptions, OnOffOptions } from "./arrivals.js";
export { requestServiceLaw } from "./service-law.js";
export type { RequestServiceOptions } from "./service-law.js";
