/**
 * `edgecalc/testing` — property-based verification as a feature: fast-check arbitraries
 * for every input a user builds, law checkers for distributions, bounds and comparisons,
 * and `verifyScenario` behind `edgecalc verify --scenario file.json`. fast-check is a
 * peer dependency.
 *
 * @packageDocumentation
 */
export {
  logUniform,
  arbDistribution,
  DISTRIBUTION_KINDS,
  arbLoad,
  arbLinkSpec,
  arbLink,
  arbRayleighLink,
  arbComputeStage,
  arbTransferStage,
  arbStage,
  arbPipeline,
  arbParadigmParams,
  arbScenario,
  type DistributionArbOptions,
  type DistributionKind,
  type LinkSpecValue,
  type StageArbOptions,
  type ParadigmArbOptions,
  type ScenarioValue,
} from "./arbitraries.js";
export {
  checkLaws,
  assertLaws,
  formatLawReport,
  lawCheck,
  LawViolation,
  type Law,
  type LawResult,
  type LawReport,
  type CheckLawsOptions,
} from "./laws.js";
export { distributionLaws, type DistributionLawOptions } from "./distribution-laws.js";
export { boundLaws, type BoundLawOptions, type SimulatedFrequency } from "./bound-laws.js";
export { comparisonLaws, arbDominatedDecision, DEFAULT_RANKERS, type ComparisonLawOptions, type Ranker, type ParadigmTotals } from "./comparison-laws.js";
export { verifyScenario, formatVerifyReport, type VerifiableScenario, type VerifyOptions, type VerifyReport } from "./verify.js";
