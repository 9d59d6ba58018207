export * from "./report.js";
export * from "./format.js";
export * from "./commands.js";
export * from "./scenario-file.js";
export * from "./progress.js";
