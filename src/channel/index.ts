export { dbToLinear, linearToDb, dbmToWatts, wattsToDbm } from "./units.js";
export { rayleighLink, rayleighMeanRate, rayleighSlotLogMgfNeg } from "./rayleigh.js";
export type { RayleighLink, RayleighLinkOptions, RayleighSlotOptions, LinkSlotOptions } from "./rayleigh.js";
export { DEFAULT_COHERENCE_SECONDS } from "./rayleigh.js";
export { rayleighTransferTime, TRANSFER_MAX_MEAN_INTERVALS } from "./transfer.js";
export type { RayleighTransferTime, RayleighTransferLink, RayleighTransferOptions } from "./transfer.js";
export type { LinkLike } from "./types.js";
