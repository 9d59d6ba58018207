export { responseTimeAnalysis, responseTimeBound, responseTimeQuantile, MAX_GRID_POINTS } from "./bound.js";
export type { ResponseTimeAnalysis, ResponseTimeBound, ResponseTimeMethod, ResponseTimeOptions, ResponseTimeQuantile, ResponseTimeResult } from "./bound.js";
