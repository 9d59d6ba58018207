export { goldenMin, brentMin } from "./minimize.js";
export { normalQuantile, studentTQuantile } from "./quantiles.js";
export { gaussLegendre, type QuadratureRule } from "./quadrature.js";
