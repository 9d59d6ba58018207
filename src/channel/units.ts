/**
 * Decibel conversions at the model's boundary (docs/model.md §2: powers are given in dBm and
 * losses in dB, everything inside is linear watts).
 *
 * @module
 */

import { finite, positive } from "../util/validate.js";

/**
 * A ratio in decibels to linear scale, `10^(dB/10)`.
 *
 * @param db - a finite number of decibels
 * @returns the linear power ratio (> 0; 0 or Infinity only past ±3080 dB)
 * @throws RangeError if `db` is NaN or infinite
 * @throws TypeError if `db` is not a number
 * @example
 * ```ts
 * dbToLinear(30); // 1000
 * ```
 */
export function dbToLinear(db: number): number {
  return dbToLinearKernel(finite("dbToLinear", "db", db));
}

/** Kernel of {@link dbToLinear}: `10^(dB/10)`, no checks (NaN in, NaN out). */
export function dbToLinearKernel(db: number): number {
  return 10 ** (db / 10);
}

/**
 * A linear power ratio to decibels, `10·log10(x)`.
 *
 * @param x - a finite ratio > 0
 * @returns decibels
 * @throws RangeError if `x` is not a finite number > 0
 * @throws TypeError if `x` is not a number
 * @example
 * ```ts
 * linearToDb(0.01); // -20
 * ```
 */
export function linearToDb(x: number): number {
  return 10 * Math.log10(positive("linearToDb", "x", x));
}

/**
 * A power in dBm to watts, `P = 10^((dBm − 30)/10)` (docs/model.md §2).
 *
 * @param dbm - a finite power level in dBm
 * @returns watts
 * @throws RangeError if `dbm` is NaN or infinite
 * @throws TypeError if `dbm` is not a number
 * @example
 * ```ts
 * dbmToWatts(31); // 1.2589254117941673 (the paper's Table 3 downlink power)
 * ```
 */
export function dbmToWatts(dbm: number): number {
  return dbmToWattsKernel(finite("dbmToWatts", "dbm", dbm));
}

/** Kernel of {@link dbmToWatts}: `10^((dBm − 30)/10)`, no checks (NaN in, NaN out). */
export function dbmToWattsKernel(dbm: number): number {
  return dbToLinearKernel(dbm - 30);
}

/**
 * A power in watts to dBm, `10·log10(P) + 30`.
 *
 * @param w - a finite power > 0 in watts
 * @returns dBm
 * @throws RangeError if `w` is not a finite number > 0
 * @throws TypeError if `w` is not a number
 * @example
 * ```ts
 * wattsToDbm(1e-13); // -100 (the paper's Table 3 noise power)
 * ```
 */
export function wattsToDbm(w: number): number {
  return 10 * Math.log10(positive("wattsToDbm", "w", w)) + 30;
}
