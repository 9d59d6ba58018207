export { dbToLinear, linearToDb, dbmToWatts, wattsToDbm } from "./units.js";
export { rayleighLink, rayleighMeanRate, rayleighSlotLogMgfNeg } from "./rayleigh.js";
export type { RayleighLink, RayleighLinkOptions, RayleighSlotOptions, LinkSlotOptions } from "./rayleigh.js";
export type { LinkLike } from "./types.js";
