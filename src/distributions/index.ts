export type { Distribution } from "./types.js";
export { deterministic, gammaDistribution, exponential, erlang, hyperexponential, shifted, sumOf, isDistribution } from "./distributions.js";
