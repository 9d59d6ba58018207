/**
 * Streaming statistics for the simulator: confidence intervals from batch means, and a
 * fixed-bin log-linear histogram for quantiles.
 *
 * Everything here is mergeable in a fixed order (chunk 0, 1, 2, …), which is what makes a
 * run reproducible with or without workers: the merged numbers do not depend on which
 * worker finished first.
 *
 * @module
 */

import { normalQuantile, studentTQuantile } from "../numeric/quantiles.js";

/** A point estimate with a two-sided confidence interval. */
export interface Estimate {
  /** The point estimate (overall sample mean). */
  readonly value: number;
  /** Lower confidence limit. */
  readonly lower: number;
  /** Upper confidence limit. */
  readonly upper: number;
  /** Half-width of the interval (`Infinity` when fewer than two batches exist). */
  readonly halfWidth: number;
  /** Number of batches (or independent samples) behind the interval. */
  readonly batches: number;
}

/**
 * Batch-means interval: `mean ± t_{(1+c)/2, b−1} · sd(batch means)/√b` for b batches.
 *
 * The batches are consecutive stretches of one run (or independent replications); their
 * means are close to independent when a batch is much longer than the correlation time,
 * which is why the interval accounts for autocorrelation (docs/model.md §7).
 *
 * The point value is the overall mean `Σ sums / Σ counts` (exact even for unequal batch
 * sizes); the spread uses the unweighted batch means.
 *
 * @param sums - per-batch sums of the observed quantity
 * @param counts - per-batch numbers of observations
 * @param confidence - two-sided level, e.g. 0.95
 */
export function batchMeansEstimate(sums: ArrayLike<number>, counts: ArrayLike<number>, confidence: number): Estimate {
  let total = 0;
  let n = 0;
  let b = 0;
  for (let i = 0; i < sums.length; i++) {
    if (counts[i] > 0) {
      total += sums[i];
      n += counts[i];
      b++;
    }
  }
  const value = n > 0 ? total / n : 0;
  if (b < 2) return Object.freeze({ value, lower: -Infinity, upper: Infinity, halfWidth: Infinity, batches: b });
  let m = 0;
  for (let i = 0; i < sums.length; i++) if (counts[i] > 0) m += sums[i] / counts[i];
  m /= b;
  // The squared deviations are summed in units of a power of two near the largest
  // deviation: exact scaling (the same bits as unscaled sums in the normal range), but no
  // overflow to an infinite interval for batch means near 1e200 (waiting times in a huge
  // time unit) and no underflow to a zero-width one near 1e-200.
  let dMax = 0;
  for (let i = 0; i < sums.length; i++) {
    if (counts[i] > 0) {
      const d = Math.abs(sums[i] / counts[i] - m);
      if (d > dMax) dMax = d;
    }
  }
  const unit = dMax > 0 && dMax < Infinity ? 2 ** Math.floor(Math.log2(dMax)) : 1;
  let ss = 0;
  for (let i = 0; i < sums.length; i++) {
    if (counts[i] > 0) {
      const d = (sums[i] / counts[i] - m) / unit;
      ss += d * d;
    }
  }
  const sd = Math.sqrt(ss / (b - 1)) * unit;
  const halfWidth = studentTQuantile(0.5 + confidence / 2, b - 1) * (sd / Math.sqrt(b));
  return Object.freeze({ value, lower: value - halfWidth, upper: value + halfWidth, halfWidth, batches: b });
}

/**
 * Interval for a probability estimated by batch means, with the rule-of-three floor:
 * when the event was never (or almost never) seen, batch means give a zero-width
 * interval, which would claim certainty. The upper limit is then at least the exact
 * Poisson upper limit for the observed count `k` (`−ln(1−c)/n` for k = 0, i.e. 3/n at
 * 95%), treating the n observations as independent.
 */
export function probabilityEstimate(hits: ArrayLike<number>, counts: ArrayLike<number>, confidence: number): Estimate {
  const e = batchMeansEstimate(hits, counts, confidence);
  let n = 0;
  let k = 0;
  for (let i = 0; i < counts.length; i++) {
    n += counts[i];
    k += hits[i];
  }
  let lower = Math.max(0, e.lower);
  let upper = Math.min(1, e.upper);
  if (n > 0 && k === 0) upper = Math.max(upper, Math.min(1, -Math.log1p(-confidence) / n));
  if (n > 0 && k === n) lower = Math.min(lower, Math.max(0, 1 + Math.log1p(-confidence) / n));
  if (!(upper >= lower)) upper = lower;
  return Object.freeze({ value: e.value, lower, upper, halfWidth: e.halfWidth, batches: e.batches });
}

/** Mean ± z·sd/√n for independent samples summarised by Σx and Σx². */
export function iidEstimate(sum: number, sumSq: number, n: number, confidence: number): Estimate {
  const value = n > 0 ? sum / n : 0;
  if (n < 2) return Object.freeze({ value, lower: -Infinity, upper: Infinity, halfWidth: Infinity, batches: n });
  const variance = Math.max(0, (sumSq - n * value * value) / (n - 1));
  const halfWidth = normalQuantile(0.5 + confidence / 2) * Math.sqrt(variance / n);
  return Object.freeze({ value, lower: value - halfWidth, upper: value + halfWidth, halfWidth, batches: n });
}

// ---------------------------------------------------------------------------------------
// Log-linear histogram.
//
// Why this layout: the bucket of a positive double x is read straight off its bit pattern
// (11 exponent bits and the top HIST_MANTISSA_BITS mantissa bits of the high word), so the
// hot loop pays one store, one load and a shift instead of a Math.log. Buckets are
// 2^−7 ≈ 0.8% wide in relative terms over HIST_OCTAVES octaves starting 2^−40 below the
// scale (the mean service time), which covers every waiting time a stable queue produces.

/** Mantissa bits per bucket index: 2^7 = 128 buckets per octave. */
export const HIST_MANTISSA_BITS = 7;
/** Octaves covered by the histogram. */
export const HIST_OCTAVES = 72;
/** Number of buckets. */
export const HIST_BUCKETS = HIST_OCTAVES << HIST_MANTISSA_BITS;
const SHIFT = 20 - HIST_MANTISSA_BITS;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian platforms keep the high word (sign, exponent, top mantissa) at index 1.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Index offset so that bucket 0 starts at `scale · 2^−40` (rounded down to a power of two). */
export function histogramBase(scale: number): number {
  f64[0] = scale > 0 && Number.isFinite(scale) ? scale : 1;
  const exponent = (u32[HI] >>> 20) & 0x7ff;
  return Math.max(1, exponent - 40) << HIST_MANTISSA_BITS;
}

/** The bucket index of a positive double (before subtracting the base). */
export function histogramKey(x: number): number {
  f64[0] = x;
  return u32[HI] >>> SHIFT;
}

/**
 * Adds x to the histogram stored at `h[row …]` as `[zeros, under, over, HIST_BUCKETS
 * counts]`; `shiftedBase` is the histogram base minus 3 (the three leading slots), so the
 * hot loops pay one subtraction. The simulators' kernels record through this one function.
 */
export function histogramRecord(h: Float64Array, row: number, x: number, shiftedBase: number): void {
  if (x <= 0) {
    h[row]++;
    return;
  }
  f64[0] = x;
  const i = (u32[HI] >>> SHIFT) - shiftedBase;
  if (i < 3) h[row + 1]++;
  else if (i >= HIST_BUCKETS + 3) h[row + 2]++;
  else h[row + i]++;
}

/** The lower edge of bucket `i` for a histogram with the given base. */
export function bucketLower(i: number, base: number): number {
  u32[HI] = (i + base) << SHIFT;
  u32[1 - HI] = 0;
  return f64[0];
}

/**
 * Quantile from a histogram: `zeros` observations at exactly 0, `under` below bucket 0,
 * `counts[i]` in bucket i, `over` beyond the last bucket. Linear interpolation inside the
 * bucket; `Infinity` if the quantile falls in the overflow.
 */
export function histogramQuantile(
  q: number,
  zeros: number,
  under: number,
  counts: ArrayLike<number>,
  over: number,
  base: number,
): number {
  let n = zeros + under + over;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  if (n === 0) return NaN;
  const target = q * n;
  let cum = zeros;
  if (target <= cum) return 0;
  cum += under;
  if (target <= cum) return bucketLower(0, base);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0 && target <= cum + c) {
      const lo = bucketLower(i, base);
      const hi = bucketLower(i + 1, base);
      return lo + ((target - cum) / c) * (hi - lo);
    }
    cum += c;
  }
  return Infinity;
}

/** A quantile with a confidence interval. */
export interface QuantileInterval {
  /** The point estimate (interpolated in the merged histogram). */
  readonly value: number;
  /** Lower confidence limit (a bucket edge; 0 when the data cannot exclude small values). */
  readonly lower: number;
  /** Upper confidence limit (a bucket edge; Infinity when the data cannot bound it). */
  readonly upper: number;
}

/**
 * The delay exceeded with probability p — the (1 − p)-quantile — from per-batch
 * histograms, with a confidence interval by inverting the batch-means interval of the
 * exceedance probability: with [L(x), U(x)] the interval of P(X ≥ x) from
 * {@link probabilityEstimate} at a bucket edge x, the lower limit is the largest edge with
 * L(x) > p (the quantile is above it) and the upper limit the lowest edge from which on
 * U(x) < p at every edge above (the quantile is below it). The scan runs from the top
 * down, so a non-monotone U only widens the interval. Resolution: the buckets, ≈ 0.8 %.
 *
 * @param p - exceedance probability in (0, 1)
 * @param rows - one histogram per batch, each `[zeros, under, over, HIST_BUCKETS counts]`, concatenated
 * @param counts - observations per batch
 * @param confidence - two-sided level of the interval
 * @param base - the histogram base (see {@link histogramBase})
 */
export function exceedanceQuantile(p: number, rows: Float64Array, counts: ArrayLike<number>, confidence: number, base: number): QuantileInterval {
  const row = HIST_BUCKETS + 3;
  const nb = counts.length;
  const merged = new Float64Array(row);
  for (let b = 0; b < nb; b++) for (let i = 0; i < row; i++) merged[i] += rows[b * row + i];
  const value = histogramQuantile(1 - p, merged[0], merged[1], merged.subarray(3), merged[2], base);
  // Range of non-empty buckets (edges outside it see the same counts as its ends).
  let hi = HIST_BUCKETS - 1;
  while (hi >= 0 && merged[3 + hi] === 0) hi--;
  let lo = 0;
  while (lo <= hi && merged[3 + lo] === 0) lo++;
  // above[b] = observations of batch b at or above the current edge (over-range included).
  const above = new Float64Array(nb);
  for (let b = 0; b < nb; b++) above[b] = rows[b * row + 2];
  let lower = 0;
  let upper = Infinity;
  let upperOpen = true;
  for (let i = hi + 1; i >= lo && i >= 0; i--) {
    // Edge i is the lower edge of bucket i; add bucket i before testing it.
    if (i <= hi) for (let b = 0; b < nb; b++) above[b] += rows[b * row + 3 + i];
    const e = probabilityEstimate(above, counts, confidence);
    const edge = bucketLower(i, base);
    if (upperOpen) {
      if (e.upper < p) upper = edge;
      else upperOpen = false;
    }
    if (e.lower > p) {
      lower = edge;
      break;
    }
  }
  return Object.freeze({ value, lower: Math.min(lower, value), upper: Math.max(upper, value) });
}
