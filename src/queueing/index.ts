export type { QueueMetrics } from "./types.js";
export type { CramerLundberg } from "./lundberg.js";
export { mg1, pollaczekKhinchine, paperMeanWait } from "./mg1.js";
export { mm1 } from "./mm1.js";
export { cramerLundberg } from "./lundberg.js";
