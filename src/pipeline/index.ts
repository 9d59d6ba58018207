export type { ComputeStage, TransferStage, Stage, Pipeline, LinkLike, Resource } from "./types.js";
export * from "./stages.js";
export * from "./paradigms.js";
export * from "./presets.js";
export * from "./scenario.js";
