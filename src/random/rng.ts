/**
 * Seeded pseudo-random numbers: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47(4), 2021), seeded through SplitMix32.
 *
 * Why this generator: 32-bit state words map onto `Math.imul` and `>>> 0`, so every
 * platform produces the same stream bit for bit, and the step inlines into the
 * simulator's Lindley loop (the sim module reuses `rngState` and `nextUint32` — same words,
 * same numbers). The step: `r = rotl(s1*5, 7)*9; t = s1<<9; s2^=s0; s3^=s1; s1^=s2; s0^=s3;
 * s2^=t; s3 = rotl(s3, 11)`. `rngState` and `nextUint32` are internal (not re-exported).
 *
 * Uniforms are `(u + 0.5) / 2^32` for a 32-bit output `u`: strictly inside (0, 1), so
 * `−log(U)` is always finite (its largest value is 22.87, an Exp(1) tail of 1.2e-10).
 *
 * @module
 */

import { invalid, nonNegative, positive, requireNumber, seedValue, show } from "../util/validate.js";
import { zigguratExponential } from "./ziggurat.js";
import { logFactorialKernel } from "../special/gamma.js";

/** A source of uniform numbers strictly inside (0, 1), like d3-random's `.source(rng)`. */
export type Rng = () => number;

const TWO_NEG_32 = 2 ** -32;

/** SplitMix32 finaliser (Stafford mix variant used by xoshiro's reference seeding). */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

// The samplers are hot kernels, but one typeof per variate is cheap next to the variate
// itself, and a non-function source would otherwise fail as "u is not a function".
function checkSource(fn: string, u: unknown): void {
  if (typeof u !== "function") throw new TypeError(`${fn}: u must be a uniform source (a function returning numbers in (0, 1)), got ${show(u)}`);
}

/**
 * The 4-word xoshiro128** state for `seed` and stream number `stream`.
 *
 * Streams with different numbers are seeded through independent SplitMix32 chains, which
 * is how the simulator splits work across workers deterministically: the same
 * `(seed, stream)` gives the same numbers on any machine, with or without workers.
 *
 * @param seed - any safe integer
 * @param stream - a non-negative safe integer (default 0)
 * @throws RangeError if `seed` is not a safe integer or `stream` is negative/non-integer
 * @example
 * ```ts
 * rngState(42).length; // 4
 * ```
 */
export function rngState(seed: number, stream = 0): Uint32Array {
  return seededState("rngState", seed, stream);
}

/** {@link rngState} with the caller's name in its error messages (rng delegates here). */
function seededState(fn: string, seed: unknown, stream: unknown): Uint32Array {
  const s = seedValue(fn, "seed", seed);
  const k = requireNumber(fn, "stream", stream);
  if (!(Number.isSafeInteger(k) && k >= 0)) invalid(fn, "stream", "a non-negative safe integer", k);
  // Fold the 53-bit seed and the stream number into 32-bit words, then mix.
  const lo = s >>> 0;
  const hi = Math.floor(s / 4294967296) >>> 0;
  let x = splitmix32(lo ^ splitmix32(hi ^ 0x6a09e667) ^ Math.imul(k + 1, 0x9e3779b9));
  x = splitmix32(x ^ (Math.floor(k / 4294967296) >>> 0));
  const st = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    x = splitmix32(x + i);
    st[i] = x;
  }
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1; // the all-zero state is a fixed point
  return st;
}

/** Advances a xoshiro128** state in place and returns the next 32-bit output. */
export function nextUint32(st: Uint32Array): number {
  const s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  st[1] = s1 ^ n2;
  st[0] = s0 ^ n3;
  st[2] = n2 ^ t;
  st[3] = (n3 << 11) | (n3 >>> 21);
  return r;
}

/**
 * A seeded uniform generator on (0, 1): xoshiro128** seeded by SplitMix32.
 *
 * @param seed - any safe integer
 * @param stream - independent stream number (default 0)
 * @returns a function; each call returns the next uniform in (0, 1)
 * @throws RangeError when `seed` is not a safe integer
 * @example
 * ```ts
 * const u = rng(1);
 * u(); // 0.9568972712149844 (rng(1) replays the same sequence)
 * u(); // 0.6721482673892751
 * ```
 */
export function rng(seed: number, stream = 0): Rng {
  const st = seededState("rng", seed, stream);
  return () => (nextUint32(st) + 0.5) * TWO_NEG_32;
}

/** A standard normal variate by the polar Box–Muller method (one of each pair discarded). */
export function normal(u: Rng): number {
  checkSource("normal", u);
  for (;;) {
    const x = 2 * u() - 1;
    const y = 2 * u() - 1;
    const s = x * x + y * y;
    if (s > 0 && s < 1) return x * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A standard exponential variate, Exp(1), by the 256-layer ziggurat of Marsaglia & Tsang
 * ("The Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8), 2000):
 * one 32-bit word per variate for 97.8 % of them (its low 8 bits pick the strip, the other
 * 24 the position), a logarithm-free wedge test or the tail for the rest. Scale it for
 * other means: `mean · standardExponential(u)`.
 *
 * Each word is read as `⌊u()·2^32⌋`; for {@link rng}, whose uniforms are `(w + ½)·2^−32`,
 * that is the generator's own word w, so the request simulator's inlined copy draws the
 * same variates from the same stream. Positions have 24 bits: P(X > x) = e^{−x} to a
 * relative 6e-8.
 *
 * @param u - a uniform source on (0, 1), e.g. `rng(seed)`
 * @returns a variate ≥ 0 with P(X > x) = e^{−x}
 * @throws TypeError when `u` is not a function
 * @example
 * ```ts
 * const u = rng(1);
 * standardExponential(u); // 2.8187461173497854
 * // 1e6 draws from rng(1): mean 0.99932, P(X > 3) ≈ 0.04946 (exact e^{−3} = 0.04979)
 * ```
 */
export function standardExponential(u: Rng): number {
  checkSource("standardExponential", u);
  return zigguratExponential(() => Math.floor(u() * 4294967296) >>> 0);
}

/**
 * A Gamma(shape, 1) variate by Marsaglia & Tsang (ACM TOMS 26(3), 2000), with the
 * `U^{1/shape}` boost for shape < 1.
 */
export function standardGamma(u: Rng, shape: number): number {
  checkSource("standardGamma", u);
  positive("standardGamma", "shape", shape);
  if (shape < 1) return standardGamma(u, shape + 1) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Poisson(mean) variate: inversion for small means, PTRS (Hörmann 1993) for large. */
export function poisson(u: Rng, mean: number): number {
  checkSource("poisson", u);
  nonNegative("poisson", "mean", mean);
  if (mean === 0) return 0;
  if (mean < 10) {
    // Inversion by sequential search.
    let k = 0;
    let p = Math.exp(-mean);
    let c = p;
    const x = u();
    while (x > c && k < 1000) {
      k++;
      p *= mean / k;
      c += p;
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = u() - 0.5;
    const V = u();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + mean + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorialKernel(k)) return k;
  }
}
