export { goldenMin, brentMin, type BrentOptions } from "./minimize.js";
export { normalQuantile, studentTQuantile } from "./quantiles.js";
export { gaussLegendre, gaussLegendreUnit, gaussNodes, tanhSinhNodes, type Rule, type UnitRule } from "./quadrature.js";
export { convolve, solveLowerToeplitz } from "./convolution.js";
export { factorMMatrix, solveDense, solveFactored } from "./linear.js";
