/**
 * The Rayleigh block-fading wireless link (docs/model.md §2, §4; paper §5.1 (2), (4), (8)).
 *
 * Per slot the channel gain is `X = |ĥ|² ~ Exp(1)`, i.i.d. across slots, and the
 * instantaneous rate is `R = B·log2(1 + γ̄X)`; control signalling takes a fraction ξ
 * of it, leaving `R_eff = (1 − ξ)R`. Everything a caller sees (CDF, quantile, samples,
 * slot service) is about `R_eff`, consistently with `effectiveRate`.
 *
 * Two caveats a reader of the paper needs (docs/model.md):
 * - §2: the paper's expected transfer time `J/E[R]` is the ergodic approximation (a
 *   transfer spanning many fading slots). With one fade per transfer `E[J/R] ≥ J/E[R]`
 *   (Jensen), and under Rayleigh fading `E[J/R] = ∞` because R is near 0 with
 *   probability ∝ r: `P(R ≤ r) ≈ r·ln2/(Bγ̄)`. `effectiveRate` is therefore only a rate
 *   for formulas that divide by a mean rate; the slotted forms below treat fading per slot.
 * - §4: the paper's floor form (8) counts whole requests per slot, `⌊R_eff Δ/J⌋`. When
 *   `BΔ·log2(1 + γ̄) ≲ J` (e.g. Δ = 10 ms, J = 1 Mbit) it serves nothing in most slots
 *   and the bound built on it is vacuous; it needs slots that carry many requests. The
 *   fluid form (`floor: false`, the default) has no such problem.
 *
 * @module
 */

import type { LinkLike } from "./types.js";
import { dbmToWattsKernel, dbToLinearKernel } from "./units.js";
import type { Rng } from "../random/rng.js";
import { logScaledExpintEKernel } from "../special/expint.js";
import { logAddExp, logSubExp } from "../util/logspace.js";
import { booleanOption, finite, inHalfOpen, invalid, nonNegative, options, positive, probability, requireNumber, show } from "../util/validate.js";

const LN2 = Math.LN2;

/** Coherence interval τ_c in seconds when a link does not give one (10 ms). */
export const DEFAULT_COHERENCE_SECONDS = 0.01;

/** Relative tail mass at which the floor-form sums stop (see {@link floorLogMgfNegKernel}). */
const FLOOR_TAIL_REL = 1e-17;
const LOG_FLOOR_TAIL_REL = Math.log(FLOOR_TAIL_REL);

/**
 * Term cap for the floor-form sums. The number of terms is about
 * `min(39/θ, q·log2(40γ̄))` (q = requests per slot per bit/s/Hz); beyond 1e7 the
 * fluid form is the practical answer and the entry point says so.
 */
const FLOOR_MAX_TERMS = 10_000_000;

// ---------------------------------------------------------------------------------------
// Kernels: no argument checks, never throw (the entry points below check and decide).
// `snr` = γ̄ (linear), `q` = (1 − ξ)BΔ/J, the per-slot service in requests per unit of
// spectral efficiency: s = q·log2(1 + γ̄X).
// ---------------------------------------------------------------------------------------

/** e^{x} E1(x) from the scaled kernel: neither e^{x} nor E1(x) is formed, so no overflow or underflow for large x. */
function scaledE1(x: number): number {
  return Math.exp(logScaledExpintEKernel(1, x));
}

/** Ergodic rate B·e^{1/γ̄}E1(1/γ̄)/ln 2 in bit/s (no overhead). */
export function meanRateKernel(bandwidthHz: number, snr: number): number {
  return (bandwidthHz * scaledE1(1 / snr)) / LN2;
}

/**
 * Fluid per-slot log-MGF at −θ: `ln E[(1 + γ̄X)^{−a}]`, a = θq/ln 2, with
 * `E[(1 + γ̄X)^{−a}] = x·e^{x}·E_a(x)`, x = 1/γ̄ (substitute y = 1 + γ̄X; DLMF 8.19.1).
 */
export function fluidLogMgfNegKernel(theta: number, snr: number, q: number): number {
  if (theta === 0) return 0;
  const a = (theta * q) / LN2;
  const x = 1 / snr;
  if (x === Infinity) {
    // γ̄ below 1/Number.MAX_VALUE (subnormal): (1 + γ̄X)^{−a} = e^{−aγ̄X}(1 + O(aγ̄²)), so
    // m(θ) = 1/(1 + aγ̄) to far below rounding; aγ̄ formed in log space (a may overflow too).
    return -Math.log1p(Math.exp(Math.log(theta) + Math.log(q) - Math.log(LN2) + Math.log(snr)));
  }
  if (!(a <= 1e150)) {
    // θq overflowed or nearly (θ near 1e308: the continued fraction's a·i terms would
    // overflow): e^{x}E_a(x) = (1 + O(1/a²))/(x + a) (DLMF 8.20.2), exact in doubles here, so
    // ln m(θ) = ln x − ln(x + a) with ln a = ln θ + ln q − ln ln 2, formed in log space.
    return Math.min(0, Math.log(x) - logAddExp(Math.log(x), Math.log(theta) + Math.log(q) - Math.log(LN2)));
  }
  // m(θ) ≤ 1 for θ ≥ 0; rounding in ln x + ln(e^{x}E_a(x)) (≈ ulp(ln x)) could push a
  // value near 0 above it, and a positive log-MGF at −θ would read as negative service.
  return Math.min(0, Math.log(x) + logScaledExpintEKernel(a, x));
}

/** ln p_k, p_k = P(⌊s⌋ ≥ k) = exp(−(2^{k/q} − 1)/γ̄). */
function logTail(k: number, snr: number, q: number): number {
  return -Math.expm1((k * LN2) / q) / snr;
}

/**
 * Floor-form per-slot log-MGF at −θ (paper (8)):
 * `ln Σ_{k≥0} e^{−θk}(p_k − p_{k+1})`, summed as a running log-sum-exp.
 *
 * Truncation: after term K−1 the rest is `Σ_{k≥K} e^{−θk}(p_k − p_{k+1}) ≤ e^{−θK}p_K`
 * (telescoping with e^{−θk} ≤ e^{−θK}), so the loop stops once that bound is below
 * 1e-17 times the running sum: the result is low by at most a relative 1e-17.
 * Returns NaN after {@link FLOOR_MAX_TERMS} terms.
 */
export function floorLogMgfNegKernel(theta: number, snr: number, q: number): number {
  if (theta === 0) return 0;
  let m = -Infinity; // running max of the log terms
  let s = 0; // Σ e^{t_k − m}
  let lp = 0; // ln p_0 = 0
  for (let k = 0; k < FLOOR_MAX_TERMS; k++) {
    const lpNext = logTail(k + 1, snr, q);
    const t = -theta * k + logSubExp(lp, lpNext);
    if (t > m) {
      s = s * Math.exp(m - t) + 1;
      m = t;
    } else if (t > -Infinity) {
      s += Math.exp(t - m);
    }
    lp = lpNext;
    if (-theta * (k + 1) + lp < LOG_FLOOR_TAIL_REL + m + Math.log(s)) return m + Math.log(s);
  }
  return NaN;
}

/**
 * Mean floor-form service per slot, `E⌊s⌋ = Σ_{k≥1} p_k`. The ratio p_{k+1}/p_k =
 * exp(−2^{k/q}(2^{1/q} − 1)/γ̄) decreases in k, so the tail after K is at most
 * p_K/(1 − p_{K+1}/p_K); the loop stops when that is below 1e-17 of the sum.
 * Returns NaN after {@link FLOOR_MAX_TERMS} terms.
 */
export function floorMeanKernel(snr: number, q: number): number {
  let sum = 0;
  let lp = logTail(1, snr, q);
  for (let k = 1; k < FLOOR_MAX_TERMS; k++) {
    const lpNext = logTail(k + 1, snr, q);
    const p = Math.exp(lp);
    sum += p;
    // Tail after this term: Σ_{j>k} p_j ≤ p_{k+1}/(1 − p_{k+2}/p_{k+1}) ≤ p_{k+1}/(1 − p_{k+1}/p_k).
    const ratio = Math.exp(lpNext - lp);
    const tail = ratio < 1 ? Math.exp(lpNext) / (1 - ratio) : Infinity;
    if (tail <= FLOOR_TAIL_REL * sum || p === 0) return sum;
    lp = lpNext;
  }
  return NaN;
}

/**
 * One Rayleigh draw `scale·log2(1 + γ̄X)` with the fade `X = −ln u ~ Exp(1)` from a uniform
 * u ∈ (0, 1) (docs/model.md §2), given `scalePerLn2 = scale/ln 2` (so a hot loop divides
 * once, not per draw). With `scale` the effective bandwidth (1 − ξ)B it is one slot's rate in
 * bit/s; with `scale = q = (1 − ξ)BΔ/J` (see {@link slotScaleKernel}) one slot's service in
 * requests. The link's samplers and the simulator's slotted kernel all draw here.
 */
export function rayleighDraw(u: number, scalePerLn2: number, snr: number): number {
  return scalePerLn2 * Math.log1p(-snr * Math.log(u));
}

/** q = (1 − ξ)BΔ/J: requests served per slot per bit/s/Hz of spectral efficiency. */
export function slotScaleKernel(bandwidthHz: number, controlOverhead: number, slotSeconds: number, bitsPerRequest: number): number {
  return ((1 - controlOverhead) * bandwidthHz * slotSeconds) / bitsPerRequest;
}

// ---------------------------------------------------------------------------------------
// Entry points.
// ---------------------------------------------------------------------------------------

/** Options of the per-slot service of a Rayleigh link (docs/model.md §4). */
export interface LinkSlotOptions {
  /** Slot length Δ in seconds (> 0). */
  readonly slotSeconds: number;
  /** Payload per request J in bits (> 0). */
  readonly bitsPerRequest: number;
  /** Use the paper's floor form (8), `⌊R_eff Δ/J⌋` whole requests per slot. Default false (fluid). */
  readonly floor?: boolean;
}

/** Options of {@link rayleighSlotLogMgfNeg}: a link given by its bandwidth and mean SNR. */
export interface RayleighSlotOptions extends LinkSlotOptions {
  /** Bandwidth B in Hz (> 0). */
  readonly bandwidthHz: number;
  /** Mean SNR γ̄, linear (> 0). */
  readonly meanSnr: number;
  /** Control-overhead fraction ξ ∈ [0, 1). Default 0. */
  readonly controlOverhead?: number;
}

/** Options of {@link rayleighLink}. */
export interface RayleighLinkOptions {
  /** Bandwidth B in Hz (> 0). */
  readonly bandwidthHz: number;
  /** Transmit power P in dBm (finite). */
  readonly txPowerDbm: number;
  /** Noise power σ² in dBm (finite). */
  readonly noiseDbm: number;
  /** Large-scale path loss PL in dB (finite; the paper gives none, docs/model.md §8 suggests 120). */
  readonly pathLossDb: number;
  /** Control-overhead fraction ξ ∈ [0, 1) (paper §5.1 (4)). Default 0. */
  readonly controlOverhead?: number;
  /**
   * Coherence interval τ_c in seconds (> 0): how long one fade lasts when a request's
   * transfer time is drawn fade by fade (request-level model, docs/model.md §9.1). Default
   * 0.01. The paper's slotted model ignores it (its fades last one slot).
   */
  readonly coherenceSeconds?: number;
}

/** A Rayleigh block-fading link: parameters, ergodic rates and slot-service laws. */
export interface RayleighLink extends LinkLike {
  /** Discriminant: always `"rayleigh"`. */
  readonly kind: "rayleigh";
  /** Bandwidth B in Hz (> 0). */
  readonly bandwidthHz: number;
  /** Transmit power P in dBm. */
  readonly txPowerDbm: number;
  /** Transmit power in watts. */
  readonly txPowerW: number;
  /** Noise power σ² in dBm. */
  readonly noiseDbm: number;
  /** Noise power in watts. */
  readonly noiseW: number;
  /** Large-scale path loss PL in dB. */
  readonly pathLossDb: number;
  /** Control-overhead fraction ξ ∈ [0, 1) (0 when not given). */
  readonly controlOverhead: number;
  /** Coherence interval τ_c in seconds (0.01 when not given): one fade per interval in request-level transfer times. */
  readonly coherenceSeconds: number;
  /** γ̄ = P·10^{−PL/10}/σ², linear. */
  readonly meanSnr: number;
  /** γ̄ in dB. */
  readonly meanSnrDb: number;
  /** Ergodic rate E[R] = B·e^{1/γ̄}E1(1/γ̄)/ln 2 in bit/s, before overhead. */
  readonly meanRate: number;
  /** (1 − ξ)·E[R] in bit/s: the rate the paper's J/E[R] formulas use (ergodic approximation). */
  readonly effectiveRate: number;
  /** P(R_eff ≤ r) for an effective rate r in bit/s. */
  rateCdf(r: number): number;
  /** The p-quantile of R_eff in bit/s. */
  rateQuantile(p: number): number;
  /** One slot's effective rate R_eff in bit/s, X ~ Exp(1) drawn from `rng`. */
  sampleRate(rng: Rng): number;
  /** ln E[e^{−θs}] of the per-slot service s in requests (≤ 0). */
  slotLogMgfNeg(theta: number, opts: LinkSlotOptions): number;
  /** E[s], the mean per-slot service in requests. */
  meanSlotService(opts: LinkSlotOptions): number;
  /** One slot's service s in requests (floored if `floor`). */
  sampleSlotService(rng: Rng, opts: LinkSlotOptions): number;
}

function checkRng(fn: string, rng: unknown): Rng {
  if (typeof rng !== "function") throw new TypeError(`${fn}: rng must be a function returning uniforms in (0, 1), got ${show(rng)}`);
  return rng as Rng;
}

/** q = (1 − ξ)BΔ/J from validated slot options. */
function slotScale(fn: string, bandwidthHz: number, controlOverhead: number, opts: unknown): { q: number; floor: boolean } {
  const o = options<LinkSlotOptions>(fn, "opts", opts);
  const slotSeconds = positive(fn, "opts.slotSeconds", o.slotSeconds);
  const bits = positive(fn, "opts.bitsPerRequest", o.bitsPerRequest);
  const floor = booleanOption(fn, "opts.floor", o.floor, false);
  const q = slotScaleKernel(bandwidthHz, controlOverhead, slotSeconds, bits);
  if (!(q > 0 && q < Infinity)) invalid(fn, "(1 − controlOverhead)·bandwidthHz·slotSeconds/bitsPerRequest", "a finite number > 0", q);
  return { q, floor };
}

function floorTooLong(fn: string, q: number, theta: number): never {
  return invalid(
    fn,
    "opts.floor",
    `false here: the floor form would need more than ${FLOOR_MAX_TERMS} terms at θ = ${theta} with ${q} requests per slot per bit/s/Hz (use the fluid form)`,
    true,
  );
}

// O(1) lower bounds on the floor kernels' term counts, so a hopeless request fails at once
// instead of after 1e7 terms (seconds; the SNC mean estimate calls the kernel repeatedly).
// The log-MGF loop cannot stop before e^{−θk}p_k < 1e-17 (its running sum is ≤ 1), i.e.
// before θk + (2^{k/q} − 1)/γ̄ > 39.1; the mean loop not before p_k < 1e-17·sum with
// sum ≤ FLOOR_MAX_TERMS, i.e. (2^{k/q} − 1)/γ̄ > 39.1 − ln 1e7. Both sides grow with k.
function floorMgfHopeless(theta: number, snr: number, q: number): boolean {
  return theta * FLOOR_MAX_TERMS + Math.expm1((FLOOR_MAX_TERMS * LN2) / q) / snr <= 39.1;
}
function floorMeanHopeless(snr: number, q: number): boolean {
  return Math.expm1((FLOOR_MAX_TERMS * LN2) / q) / snr <= 39.1 - Math.log(FLOOR_MAX_TERMS);
}

function logMgfNeg(fn: string, theta: number, snr: number, q: number, floor: boolean): number {
  if (!floor) return fluidLogMgfNegKernel(theta, snr, q);
  if (floorMgfHopeless(theta, snr, q)) floorTooLong(fn, q, theta);
  const v = floorLogMgfNegKernel(theta, snr, q);
  return Number.isNaN(v) ? floorTooLong(fn, q, theta) : v;
}

function meanSlot(fn: string, snr: number, q: number, floor: boolean): number {
  if (!floor) return (q * scaledE1(1 / snr)) / LN2;
  if (floorMeanHopeless(snr, q)) floorTooLong(fn, q, 0);
  const v = floorMeanKernel(snr, q);
  return Number.isNaN(v) ? floorTooLong(fn, q, 0) : v;
}

/**
 * Ergodic (mean) rate of a Rayleigh-fading link, formula tier:
 * `E[R] = B·e^{1/γ̄}·E1(1/γ̄)/ln 2` bit/s (docs/model.md §2; E[log2(1 + γ̄X)], X ~ Exp(1),
 * integrated by parts). e^{x}E1(x) is evaluated as exp(x + ln E1(x)), so it neither
 * overflows at small γ̄ nor loses accuracy at large γ̄.
 *
 * @param bandwidthHz - B > 0 (Hz)
 * @param meanSnr - γ̄ > 0, linear
 * @returns E[R] in bit/s
 * @throws RangeError if either argument is not a finite number > 0
 * @throws TypeError if an argument is not a number
 * @example
 * ```ts
 * rayleighMeanRate(1e7, 10); // 29065148.08414805 (bit/s)
 * ```
 */
export function rayleighMeanRate(bandwidthHz: number, meanSnr: number): number {
  const b = positive("rayleighMeanRate", "bandwidthHz", bandwidthHz);
  const g = positive("rayleighMeanRate", "meanSnr", meanSnr);
  return meanRateKernel(b, g);
}

/**
 * Per-slot log-MGF at −θ of a Rayleigh link's service, formula tier (docs/model.md §4):
 * `ln E[e^{−θs}]`, s the requests served in one slot of Δ seconds.
 *
 * - fluid (default): `s = R_eff Δ/J`, `E[e^{−θs}] = (1/γ̄)e^{1/γ̄}E_a(1/γ̄)`,
 *   `a = θ(1 − ξ)BΔ/(J ln 2)`, computed as `−ln γ̄ + ln(e^{1/γ̄}E_a(1/γ̄))` with the scaled
 *   exponential integral (no under/overflow for any θ or γ̄, absolute error ≈ 1e-15).
 * - `floor: true`, the paper's (8): `s = ⌊R_eff Δ/J⌋`,
 *   `E[e^{−θs}] = Σ_k e^{−θk}(p_k − p_{k+1})`, `p_k = exp(−(2^{kJ/((1−ξ)BΔ)} − 1)/γ̄)`,
 *   summed in log space until the remaining mass is below 1e-17 of the sum (rigorous
 *   tail bound e^{−θK}p_K). Cost: about min(39/θ, q·log2(40γ̄)) terms,
 *   q = (1 − ξ)BΔ/J. Caveat (docs/model.md §4): when BΔ·log2(1 + γ̄) ≲ J most slots serve
 *   nothing in this form.
 *
 * `M_S(−θ, τ) = e^{τ·value}` for τ i.i.d. slots; the paper's effective rate is `−value/θ`.
 *
 * @param theta - θ ≥ 0 (finite); the value at 0 is 0
 * @param opts - bandwidthHz, meanSnr, slotSeconds, bitsPerRequest (all > 0),
 *   controlOverhead ∈ [0, 1) (default 0), floor (default false)
 * @returns ln E[e^{−θs}] ≤ 0
 * @throws RangeError for a negative or non-finite θ, a non-positive or non-finite
 *   bandwidthHz/meanSnr/slotSeconds/bitsPerRequest, controlOverhead outside [0, 1), or a
 *   floor form needing more than 1e7 terms
 * @throws TypeError if opts is not an object or floor not a boolean
 * @example
 * ```ts
 * // a = θBΔ/(J ln 2) = 2 at γ̄ = 10: ln 0.0798535745529 (docs/peers.md)
 * rayleighSlotLogMgfNeg(2 * Math.LN2, { bandwidthHz: 1e6, meanSnr: 10, slotSeconds: 1, bitsPerRequest: 1e6 });
 * // -2.5275606394756687
 * ```
 */
export function rayleighSlotLogMgfNeg(theta: number, opts: RayleighSlotOptions): number {
  const fn = "rayleighSlotLogMgfNeg";
  const t = nonNegative(fn, "theta", theta);
  const o = options<RayleighSlotOptions>(fn, "opts", opts);
  const b = positive(fn, "opts.bandwidthHz", o.bandwidthHz);
  const g = positive(fn, "opts.meanSnr", o.meanSnr);
  const xi = o.controlOverhead === undefined ? 0 : inHalfOpen(fn, "opts.controlOverhead", o.controlOverhead, 0, 1);
  const { q, floor } = slotScale(fn, b, xi, o);
  return logMgfNeg(fn, t, g, q, floor);
}

/**
 * A Rayleigh block-fading link from the paper's parameters (docs/model.md §2, Table 3):
 * `P = 10^((P_dBm − 30)/10)` W, `σ² = 10^((σ²_dBm − 30)/10)` W,
 * `γ̄ = P·10^{−PL/10}/σ²` (computed as 10^{(P_dBm − PL − σ²_dBm)/10}, one rounding),
 * `E[R] = B·e^{1/γ̄}E1(1/γ̄)/ln 2`, `effectiveRate = (1 − ξ)E[R]` (paper §5.1 (4)).
 *
 * The returned frozen object satisfies `LinkLike` (kind "rayleigh") and carries:
 * - `rateCdf(r)`: `P(R_eff ≤ r) = 1 − exp(−(2^{r/((1−ξ)B)} − 1)/γ̄)` for an **effective**
 *   rate r (bit/s), 0 for r ≤ 0;
 * - `rateQuantile(p)`: `(1 − ξ)B·log2(1 − γ̄ ln(1 − p))`, p ∈ [0, 1] (Infinity at p = 1);
 * - `sampleRate(rng)`: one slot's R_eff with X = −ln U, U from `rng`;
 * - `slotLogMgfNeg(θ, { slotSeconds, bitsPerRequest, floor = false })`: as
 *   {@link rayleighSlotLogMgfNeg} (fluid closed form with E_a, or the paper's floor
 *   form (8));
 * - `meanSlotService(opts)`: E[s] = effectiveRate·Δ/J (fluid) or Σ_{k≥1} p_k (floor);
 * - `sampleSlotService(rng, opts)`: one slot's service R_eff Δ/J, floored if `floor`.
 *
 * Caveats (see the module notes): `effectiveRate` divides J only under the ergodic
 * approximation — under block Rayleigh fading E[J/R] = ∞ (docs/model.md §2); the floor form
 * serves nothing in most slots when BΔ·log2(1 + γ̄) ≲ J (docs/model.md §4).
 *
 * The link also carries `coherenceSeconds` τ_c (default 0.01 s), the fade duration of the
 * request-level transfer time (`rayleighTransferTime`, docs/model.md §9.1).
 *
 * @param opts - bandwidthHz (> 0), txPowerDbm, noiseDbm, pathLossDb (finite),
 *   controlOverhead ∈ [0, 1) (default 0), coherenceSeconds (> 0, default 0.01)
 * @returns a frozen {@link RayleighLink}
 * @throws RangeError naming the parameter and value for a non-positive/NaN bandwidth,
 *   non-finite dBm or dB values, controlOverhead outside [0, 1), a non-positive
 *   coherenceSeconds, or a mean SNR that is 0 or Infinity in doubles
 * @throws TypeError if opts is not an object or a parameter is not a number
 * @example
 * ```ts
 * const link = rayleighLink({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 });
 * link.meanSnr;      // 12.589254117941675
 * link.meanRate;     // 31762761.935511246 (bit/s)
 * link.rateQuantile(0.5); // 32818771.476117086 (bit/s)
 * ```
 */
export function rayleighLink(opts: RayleighLinkOptions): RayleighLink {
  return rayleighLinkFor("rayleighLink", "", opts);
}

/**
 * {@link rayleighLink} with the caller's name and a field prefix in its error messages
 * (scenario readers pass `("scenarioFromJson", "link.")`). Internal: not re-exported by
 * the channel index.
 */
export function rayleighLinkFor(fn: string, prefix: string, opts: unknown): RayleighLink {
  const o = options<RayleighLinkOptions>(fn, prefix === "" ? "opts" : prefix.replace(/\.$/, ""), opts);
  const bandwidthHz = positive(fn, `${prefix}bandwidthHz`, o.bandwidthHz);
  const txPowerDbm = finite(fn, `${prefix}txPowerDbm`, o.txPowerDbm);
  const noiseDbm = finite(fn, `${prefix}noiseDbm`, o.noiseDbm);
  const pathLossDb = finite(fn, `${prefix}pathLossDb`, o.pathLossDb);
  const controlOverhead = o.controlOverhead === undefined ? 0 : inHalfOpen(fn, `${prefix}controlOverhead`, o.controlOverhead, 0, 1);
  const coherenceSeconds = o.coherenceSeconds === undefined ? DEFAULT_COHERENCE_SECONDS : positive(fn, `${prefix}coherenceSeconds`, o.coherenceSeconds);
  const meanSnrDb = txPowerDbm - pathLossDb - noiseDbm;
  const meanSnr = dbToLinearKernel(meanSnrDb);
  if (!(meanSnr > 0 && meanSnr < Infinity)) {
    invalid(fn, `${prefix}txPowerDbm − ${prefix}pathLossDb − ${prefix}noiseDbm`, "a mean SNR in dB whose linear value is a finite number > 0", meanSnrDb);
  }
  const txPowerW = dbmToWattsKernel(txPowerDbm);
  const noiseW = dbmToWattsKernel(noiseDbm);
  const meanRate = meanRateKernel(bandwidthHz, meanSnr);
  const bandwidthEff = (1 - controlOverhead) * bandwidthHz;
  const effectiveRate = (1 - controlOverhead) * meanRate;

  return Object.freeze({
    kind: "rayleigh" as const,
    bandwidthHz,
    txPowerDbm,
    txPowerW,
    noiseDbm,
    noiseW,
    pathLossDb,
    controlOverhead,
    coherenceSeconds,
    meanSnr,
    meanSnrDb,
    meanRate,
    effectiveRate,
    rateCdf(r: number): number {
      const v = requireNumber("rayleighLink.rateCdf", "r", r);
      if (Number.isNaN(v)) invalid("rayleighLink.rateCdf", "r", "a number (not NaN)", v);
      if (v <= 0) return 0;
      // 1 − exp(−expm1(r ln2/B_eff)/γ̄): both expm1 keep the lower tail (r → 0) accurate.
      return -Math.expm1(-Math.expm1((v * LN2) / bandwidthEff) / meanSnr);
    },
    rateQuantile(p: number): number {
      const v = probability("rayleighLink.rateQuantile", "p", p);
      return (bandwidthEff * Math.log1p(-meanSnr * Math.log1p(-v))) / LN2;
    },
    sampleRate(rng: Rng): number {
      return rayleighDraw(checkRng("rayleighLink.sampleRate", rng)(), bandwidthEff / LN2, meanSnr);
    },
    slotLogMgfNeg(theta: number, slot: LinkSlotOptions): number {
      const f = "rayleighLink.slotLogMgfNeg";
      const t = nonNegative(f, "theta", theta);
      const { q, floor } = slotScale(f, bandwidthHz, controlOverhead, slot);
      return logMgfNeg(f, t, meanSnr, q, floor);
    },
    meanSlotService(slot: LinkSlotOptions): number {
      const f = "rayleighLink.meanSlotService";
      const { q, floor } = slotScale(f, bandwidthHz, controlOverhead, slot);
      return meanSlot(f, meanSnr, q, floor);
    },
    sampleSlotService(rng: Rng, slot: LinkSlotOptions): number {
      const f = "rayleighLink.sampleSlotService";
      const u = checkRng(f, rng);
      const { q, floor } = slotScale(f, bandwidthHz, controlOverhead, slot);
      // s = q·log2(1 + γ̄X): the same draw as sampleRate, scaled by Δ/J.
      const s = rayleighDraw(u(), q / LN2, meanSnr);
      return floor ? Math.floor(s) : s;
    },
  });
}
