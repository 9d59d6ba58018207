export { compareParadigms, sojournWinnerSweep, type ParadigmQueueing, type ParadigmComparison, type CompareOptions, type DelayTailComparison } from "./compare.js";
// The paradigm keys and labels live in pipeline/paradigms; re-exported here for the figure builders.
export { PARADIGM_KEYS, PARADIGM_LABELS, type ParadigmKey } from "./compare.js";
