export { goldenMin, brentMin } from "./minimize.js";
export { normalQuantile, studentTQuantile } from "./quantiles.js";
