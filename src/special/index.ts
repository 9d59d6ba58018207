export { expint1, expintE, logExpintE } from "./expint.js";
export { logFactorial } from "./gamma.js";
