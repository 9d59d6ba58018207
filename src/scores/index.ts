export type { Criterion, CriterionDirection, DecisionMatrix, Normalization, ScoreResult, TopsisResult } from "./types.js";
export { NORMALIZATIONS } from "./types.js";
export { normalize, type NormalizeOptions } from "./normalize.js";
export { weightedSum, topsis, type AggregateOptions } from "./aggregate.js";
export {
  WEIGHT_PRESETS,
  presetWeights,
  entropyWeights,
  criticWeights,
  type StandardCriterion,
  type WeightPreset,
} from "./weights.js";
export {
  rankRobustness,
  criticalWeightChange,
  type CriticalChange,
  type Robustness,
  type RobustnessOptions,
  type ScoreMethod,
  type SensitivityOptions,
} from "./robustness.js";
export {
  designMetrics,
  type DelayAssessment,
  type DelayEngine,
  type DesignMetrics,
  type EnergyMetrics,
  type MetricsOptions,
} from "./metrics.js";
export { illustrativeQuality, type QualityModel, type StepSplit } from "./quality.js";
export {
  scoreParadigms,
  ASSUMED_ENERGY,
  ASSUMED_MODEL_BYTES,
  type ModelBytes,
  type ParadigmScores,
  type ScoredAlternative,
  type ScoreParadigmsOptions,
  type ScoringScenario,
} from "./paradigms.js";
export { sncDelayEngine, type SncEngineOptions } from "./delay.js";
