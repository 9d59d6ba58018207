export type { ComputeStage, TransferStage, Stage, Pipeline, LinkLike, Resource } from "./types.js";
export {
  computeSeconds,
  transferSeconds,
  constantRateLink,
  computeStage,
  transferStage,
  stageResource,
  pipeline,
  stageLatency,
  pipelineLatency,
  stageDistribution,
  serviceDistribution,
  type ResourceSpec,
  type PipelineLatency,
} from "./stages.js";
export {
  paradigms,
  paradigmLatencies,
  collaborativeBeatsEdgeOnly,
  collaborativeBeatsTerminalOnly,
  savings,
  fastestParadigm,
  PARADIGM_KEYS,
  PARADIGM_LABELS,
  type ParadigmParams,
  type ParadigmKey,
  type Paradigms,
  type ParadigmLatency,
  type Condition,
} from "./paradigms.js";
export {
  paperScenario,
  edgeWinsScenario,
  multiUserScenario,
  cloudEdgeLlmPreset,
  llmCloudPreset,
  llmEdgePreset,
  microservicePreset,
  graphPresets,
  cnnSplitPreset,
  type GraphPreset,
  type PresetValue,
  type LinkSpec,
  type ParadigmScenario,
  type PipelinePreset,
} from "./presets.js";
// stripJsonComments stays internal to the scenario parser.
export { scenarioFromJson, parseScenario, scenarioToJson, SCENARIO_PRESETS, MAX_SCENARIO_CHARS, type ScenarioJson } from "./scenario.js";
export { poissonRequests, renewalRequests, mmppRequests, onOffRequests, MAX_MMPP_STATES } from "./arrivals.js";
export type { RequestArrivals, PoissonRequests, RenewalRequests, MmppRequests, MmppOptions, OnOffOptions } from "./arrivals.js";
export { requestServiceLaw } from "./service-law.js";
export type { RequestServiceOptions } from "./service-law.js";
export { parallelStage, batchStage, MAX_GRAPH_STAGES, MAX_BATCH } from "./graph.js";
export type { ParallelStage, BatchStage, GraphStage, GraphPipeline } from "./graph.js";
export { parseGraphScenario } from "./graph-scenario.js";
