/**
 * `edgecalc/testing` — property-based verification as a feature: fast-check arbitraries
 * for every input a user builds, law checkers for distributions, bounds and comparisons,
 * and `verifyScenario` behind `edgecalc verify --scenario file.json`. fast-check is a
 * peer dependency.
 *
 * @packageDocumentation
 */
export * from "./arbitraries.js";
export * from "./laws.js";
export * from "./distribution-laws.js";
export * from "./bound-laws.js";
export * from "./comparison-laws.js";
export * from "./verify.js";
