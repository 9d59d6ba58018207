export * from "./validate.js";
export * from "./logspace.js";
export * from "./complex.js";
