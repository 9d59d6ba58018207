/**
 * Seconds ↔ slots: the one conversion between a deadline in seconds and the slotted model's
 * whole slots of Δ seconds (docs/model.md §4). Every consumer converts here.
 *
 * The rule: a deadline of d seconds is evaluated at `⌊d/Δ⌋` slots. The slotted delay is a
 * whole number of slots D, and `DΔ > d ⇔ D > ⌊d/Δ⌋`, so `P(D > ⌊d/Δ⌋)` is the probability
 * of missing d itself — never a later slot (rounding up would report a smaller, wrong
 * probability). A deadline shorter than one slot is evaluated at 0 slots: `P(D > 0)`, the
 * probability a request is not through within the slot it arrived in — a result, not an
 * error, the same everywhere.
 *
 * Float noise: `d/Δ` is snapped to the nearest integer when within 4 ulps of it, so 0.6 s
 * at Δ = 0.1 s is 6 slots although `0.6/0.1 = 5.999999999999999` in doubles. d and Δ each carry half an ulp from their decimal values and the division adds
 * half an ulp, so a quotient that is an integer in decimals lands within 2 ulps of it; 4
 * leaves room. A deadline that truly lies within 4 ulps (≈ 1e-15 relative) below a slot
 * boundary is read as the boundary — the one place the rule rounds up, by less than any
 * deadline written in decimals can express.
 *
 * @module
 */

import { invalid, nonNegative, positive } from "../util/validate.js";

/** Quotients d/Δ within this many ulps of an integer count as that integer (see the module notes). */
const SLOT_SNAP_ULPS = 4;

/** d/Δ, snapped to the nearest integer within {@link SLOT_SNAP_ULPS} ulps. Kernel: no checks. */
function slotQuotient(seconds: number, slotSeconds: number): number {
  const q = seconds / slotSeconds;
  const r = Math.round(q);
  return Math.abs(q - r) <= SLOT_SNAP_ULPS * Number.EPSILON * r ? r : q;
}

/** {@link deadlineSlots} under the caller's name and parameter (for the layer's own entry points). @internal */
export function slotsOfDeadline(fn: string, param: string, seconds: unknown, slotSeconds: unknown): number {
  return checked(fn, param, seconds, slotSeconds, Math.floor);
}

function checked(fn: string, param: string, seconds: unknown, slotSeconds: unknown, round: (q: number) => number): number {
  const d = nonNegative(fn, param, seconds);
  const slot = positive(fn, "slotSeconds", slotSeconds);
  const k = round(slotQuotient(d, slot));
  // Beyond 2^53 slots the count is no longer an exact integer (and overflows to ∞ eventually).
  if (!Number.isSafeInteger(k)) invalid(fn, param, `at most ${Number.MAX_SAFE_INTEGER} slots of ${slot} s`, d);
  return k;
}

/**
 * The slots a deadline is evaluated at: `⌊d/Δ⌋`, with d/Δ snapped to an integer within 4
 * ulps (so 0.6 s at Δ = 0.1 s is 6 slots, not 5). Deadlines below one slot give 0.
 *
 * @param deadlineSeconds - d ≥ 0, seconds
 * @param slotSeconds - Δ > 0, seconds
 * @returns ⌊d/Δ⌋, a safe integer ≥ 0
 * @throws RangeError for a negative, NaN or infinite d, a non-positive Δ, or more than 2^53 − 1 slots
 * @example
 * ```ts
 * deadlineSlots(0.6, 0.1); // 6 (0.6/0.1 = 5.999999999999999 in doubles)
 * deadlineSlots(6.05, 0.1); // 60
 * deadlineSlots(0.05, 0.1); // 0
 * ```
 */
export function deadlineSlots(deadlineSeconds: number, slotSeconds: number): number {
  return slotsOfDeadline("deadlineSlots", "deadlineSeconds", deadlineSeconds, slotSeconds);
}

/**
 * The fewest whole slots spanning `seconds`: `⌈d/Δ⌉` with the same snapping (a range end,
 * e.g. the last delay a figure draws, not a deadline).
 *
 * @param seconds - d ≥ 0, seconds
 * @param slotSeconds - Δ > 0, seconds
 * @returns ⌈d/Δ⌉, a safe integer ≥ 0
 * @throws RangeError as {@link deadlineSlots}
 * @example
 * ```ts
 * coveringSlots(0.6, 0.1); // 6
 * coveringSlots(0.61, 0.1); // 7
 * ```
 */
export function coveringSlots(seconds: number, slotSeconds: number): number {
  return checked("coveringSlots", "seconds", seconds, slotSeconds, Math.ceil);
}

/**
 * Slots to seconds, `kΔ`: a slotted delay (a quantile, a grid point) on the clock.
 *
 * @param slots - k ≥ 0 (a real number of slots is allowed: a single fluid stage's quantile is real)
 * @param slotSeconds - Δ > 0, seconds
 * @returns kΔ seconds
 * @throws RangeError for a negative or non-finite k or a non-positive Δ
 * @example
 * ```ts
 * slotsToSeconds(131, 0.1); // 13.100000000000001
 * ```
 */
export function slotsToSeconds(slots: number, slotSeconds: number): number {
  return nonNegative("slotsToSeconds", "slots", slots) * positive("slotsToSeconds", "slotSeconds", slotSeconds);
}
