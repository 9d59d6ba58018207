export { goldenMin, brentMin } from "./minimize.js";
export { normalQuantile, studentTQuantile } from "./quantiles.js";
export { gaussLegendre, gaussNodes, tanhSinhNodes, type Rule } from "./quadrature.js";
export { convolve, solveLowerToeplitz } from "./convolution.js";
