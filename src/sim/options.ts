/**
 * Option defaults of the simulation entry points: `given`, whose one home is util/validate
 * (re-exported here for the simulator's modules).
 *
 * @module
 */

export { given } from "../util/validate.js";
