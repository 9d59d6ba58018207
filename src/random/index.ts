export { rng, normal, standardExponential, standardGamma, poisson, type Rng } from "./rng.js";
// ln k! lives with the gamma function in src/special; re-exported here, where it was first published.
export { logFactorial } from "../special/gamma.js";
