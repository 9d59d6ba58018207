export * from "./report.js";
export * from "./format.js";
