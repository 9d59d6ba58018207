export type { Distribution } from "./types.js";
export * from "./distributions.js";
