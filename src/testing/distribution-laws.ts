/**
 * Laws every service-time distribution obeys (docs/model.md §3): the
 * log-MGF's value and derivatives at 0, its convexity, the LST's agreement with the
 * log-MGF and the moments, and the sampler's agreement with mean and variance within a
 * stated confidence. Works on any object with the `Distribution` shape — the library's or
 * a user's.
 *
 * @module
 */

import * as fc from "fast-check";
import type { Distribution } from "../distributions/types.js";
import { rng } from "../random/rng.js";
import { normalQuantile } from "../numeric/quantiles.js";
import { atMost, given, inOpen, invalid, options, positive, positiveInteger, seedValue, show } from "../util/validate.js";
import { type Law, lawCheck, num } from "./laws.js";

/** Options of {@link distributionLaws}. */
export interface DistributionLawOptions {
  /** Relative tolerance of logMgf′(0) = mean, against max(mean, sd) (default 1e-6). */
  readonly meanTolerance?: number;
  /** Relative tolerance of logMgf″(0) = variance, against max(mean, sd)² (default 1e-4). */
  readonly varianceTolerance?: number;
  /** Samples drawn for the sampler law (default 20 000). */
  readonly samples?: number;
  /**
   * Confidence of each of the sampler's two intervals (mean, variance), default 0.9999:
   * a correct sampler fails with probability ≤ 2e-4 per seed.
   */
  readonly confidence?: number;
  /** Seed of the sampler law's `rng` (default 1). */
  readonly seed?: number;
  /** Skip the sampler law (default false), e.g. for a distribution without a sampler. */
  readonly skipSampler?: boolean;
}

/** Richardson-extrapolated first and second central differences of f at 0. */
function derivativesAtZero(f: (x: number) => number, h: number): { d1: number; d2: number } {
  const f0 = f(0);
  const d1h = (f(h) - f(-h)) / (2 * h);
  const d1h2 = (f(h / 2) - f(-h / 2)) / h;
  const d2h = (f(h) - 2 * f0 + f(-h)) / (h * h);
  const d2h2 = (f(h / 2) - 2 * f0 + f(-h / 2)) / ((h * h) / 4);
  return { d1: (4 * d1h2 - d1h) / 3, d2: (4 * d2h2 - d2h) / 3 };
}

function describe(d: Distribution): string {
  return `${d.kind}(${show(d.params)})`;
}

/**
 * The laws of a distribution `d` (each a fast-check property; run them with `checkLaws`
 * or `assertLaws`):
 *
 * 1. `logMgf(0) = 0`;
 * 2. `logMgf′(0) = E[S]` and `logMgf″(0) = Var[S]` (Richardson differences, step
 *    `h = min(1e-3/scale, 1e-3·thetaSup)`, scale = max(mean, sd));
 * 3. convexity: `logMgf(wa + (1−w)b) ≤ w·logMgf(a) + (1−w)·logMgf(b)` on
 *    `(−20/scale, min(20/scale, thetaSup))` (Hölder);
 * 4. `lst(s) = exp(logMgf(−s))` for s ≥ 0 (compared in log space), `lst` in (0, 1] and
 *    non-increasing, `lstComplex(s + 0i) = lst(s)`;
 * 5. the moments agree: `moment(0) = 1`, `moment(1) = mean`, `moment(2) − mean² = variance`,
 *    and `lst″(0) = moment(2)`;
 * 6. the sampler: n draws are finite and ≥ 0, the sample mean lies within
 *    `z·sd/√n` of `mean` and the sample variance within `z·√((m4 − s⁴)/n)` of `variance`
 *    (m4 the sample fourth central moment), z the two-sided normal quantile at `confidence`.
 *
 * Source: the log-MGF (cumulant generating function) laws are standard, e.g. Grimmett &
 * Stirzaker, Probability and Random Processes, §5.7; the sampler intervals are the CLT
 * intervals of Distributions.jl's `test_samples`.
 *
 * @param d - a distribution (library factory or user-defined object with the same shape)
 * @param opts - {@link DistributionLawOptions}
 * @throws TypeError if `d` lacks the Distribution methods; RangeError for bad options
 *   (`samples` ≤ 1e8, the work limit) or a
 *   distribution whose mean/variance is not finite and ≥ 0
 * @example
 * ```ts
 * const report = await checkLaws(distributionLaws(gammaDistribution(0.5, 2)));
 * report.laws.map((l) => l.holds); // [true, true, true, true, true, true, true]
 * ```
 */
export function distributionLaws(d: Distribution, opts: DistributionLawOptions = {}): Law[] {
  const fn = "distributionLaws";
  if (d === null || typeof d !== "object") throw new TypeError(`${fn}: d must be a distribution object, got ${show(d)}`);
  for (const m of ["logMgf", "lst", "lstComplex", "moment", "sample"] as const) {
    if (typeof d[m] !== "function") throw new TypeError(`${fn}: d.${m} must be a function, got ${show(d[m])}`);
  }
  const mean = d.mean;
  const variance = d.variance;
  if (!(Number.isFinite(mean) && mean >= 0)) invalid(fn, "d.mean", "a finite number ≥ 0", mean);
  if (!(Number.isFinite(variance) && variance >= 0)) invalid(fn, "d.variance", "a finite number ≥ 0", variance);
  if (!(typeof d.thetaSup === "number" && d.thetaSup > 0)) invalid(fn, "d.thetaSup", "a number > 0 (Infinity allowed)", d.thetaSup);
  const o = options<DistributionLawOptions>(fn, "opts", opts);
  const meanTol = positive(fn, "opts.meanTolerance", o.meanTolerance ?? 1e-6);
  const varTol = positive(fn, "opts.varianceTolerance", o.varianceTolerance ?? 1e-4);
  const n = atMost(fn, "opts.samples", positiveInteger(fn, "opts.samples", o.samples ?? 20_000), 1e8, "draws per distribution");
  if (n < 2) invalid(fn, "opts.samples", "an integer ≥ 2", n);
  const confidence = inOpen(fn, "opts.confidence", o.confidence ?? 0.9999, 0, 1);
  const seed = seedValue(fn, "opts.seed", given(o.seed, 1));

  const who = describe(d);
  const sd = Math.sqrt(variance);
  const scale = Math.max(mean, sd) > 0 ? Math.max(mean, sd) : 1;
  const h = Math.min(1e-3 / scale, 1e-3 * d.thetaSup);
  const thetaHi = Math.min(20 / scale, d.thetaSup * (1 - 1e-6));
  const thetaLo = -20 / scale;
  const once = (name: string, body: () => void): Law => ({
    name,
    numRuns: 1,
    property: fc.property(fc.constant(null), () => (body(), true)),
  });

  const laws: Law[] = [
    once("logMgf(0) = 0", () => {
      const v = d.logMgf(0);
      lawCheck(Math.abs(v) <= 1e-12, () => `${who}: logMgf(0) = ${num(v)}, expected 0 (tolerance 1e-12)`);
    }),
    once("logMgf′(0) = mean and logMgf″(0) = variance", () => {
      const { d1, d2 } = derivativesAtZero((t) => d.logMgf(t), h);
      lawCheck(Math.abs(d1 - mean) <= meanTol * scale, () =>
        `${who}: logMgf′(0) ≈ ${num(d1)} (step ${num(h)}), mean = ${num(mean)}, tolerance ${num(meanTol * scale)}`);
      lawCheck(Math.abs(d2 - variance) <= varTol * scale * scale, () =>
        `${who}: logMgf″(0) ≈ ${num(d2)} (step ${num(h)}), variance = ${num(variance)}, tolerance ${num(varTol * scale * scale)}`);
    }),
    once("logMgf is convex on a grid (second differences ≥ 0)", () => {
      // Uniform grid plus log-spaced points near 0 and just below θmax, where dents hide.
      const pts = new Set<number>();
      for (let i = 0; i <= 1000; i++) pts.add(thetaLo + ((thetaHi - thetaLo) * i) / 1000);
      for (let i = 0; i <= 200; i++) {
        const r = 10 ** (-6 + (6 * i) / 200) / scale;
        if (-r > thetaLo) pts.add(-r);
        if (r < thetaHi) pts.add(r);
        pts.add(thetaHi - (thetaHi - Math.max(0, thetaLo)) * 10 ** (-8 + (8 * i) / 200));
      }
      const g = [...pts].sort((x, y) => x - y);
      const f = g.map((t) => d.logMgf(t));
      for (let i = 1; i + 1 < g.length; i++) {
        const [x0, x1, x2] = [g[i - 1], g[i], g[i + 1]];
        const [f0, f1, f2] = [f[i - 1], f[i], f[i + 1]];
        lawCheck(Number.isFinite(f1), () => `${who}: logMgf(${num(x1)}) = ${num(f1)} inside (−∞, thetaSup = ${num(d.thetaSup)})`);
        // f1 must lie below the chord from (x0, f0) to (x2, f2); slack for rounding in the three values.
        const chord = f0 + ((f2 - f0) * (x1 - x0)) / (x2 - x0);
        const tol = 16 * Number.EPSILON * (Math.abs(f0) + Math.abs(f1) + Math.abs(f2)) + 1e-300;
        lawCheck(f1 <= chord + tol, () =>
          `${who}: logMgf(${num(x1)}) = ${num(f1)} above the chord ${num(chord)} from θ = ${num(x0)} to ${num(x2)} (tolerance ${num(tol)})`);
      }
    }),
    {
      name: "logMgf is convex (random chords)",
      // Chords from a random θ to a point 10^u/scale away: short chords catch a local dent
      // that wide random chords almost never straddle.
      property: fc.property(
        thetaArb(thetaLo, thetaHi, scale),
        uniform(-3, 1.5),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, u, right, w) => {
          const b = Math.min(thetaHi, Math.max(thetaLo, a + (right ? 1 : -1) * (10 ** u / scale)));
          const fa = d.logMgf(a);
          const fb = d.logMgf(b);
          const m = w * a + (1 - w) * b;
          const fm = d.logMgf(m);
          const chord = w * fa + (1 - w) * fb;
          // Rounding in the three evaluations is relative to their magnitudes.
          const tol = 1e-9 * (Math.abs(fa) + Math.abs(fb)) + 1e-12;
          lawCheck(Number.isFinite(fa) && Number.isFinite(fb) && Number.isFinite(fm), () =>
            `${who}: logMgf not finite inside (−∞, thetaSup = ${num(d.thetaSup)}): logMgf(${num(a)}) = ${num(fa)}, logMgf(${num(b)}) = ${num(fb)}, logMgf(${num(m)}) = ${num(fm)}`);
          lawCheck(fm <= chord + tol, () =>
            `${who}: logMgf(${num(m)}) = ${num(fm)} > chord ${num(chord)} between θ = ${num(a)} and ${num(b)} (tolerance ${num(tol)})`);
          return true;
        },
      ),
    },
    {
      name: "lst(s) = exp(logMgf(−s)), in (0, 1], non-increasing; lstComplex agrees on the real axis",
      property: fc.property(logS(scale), logS(scale), (s1, s2) => {
        const [a, b] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const la = d.lst(a);
        const lb = d.lst(b);
        const ka = d.logMgf(-a);
        lawCheck(la >= 0 && la <= 1 + 1e-15 && lb <= la * (1 + 1e-12) + 1e-300, () =>
          `${who}: lst(${num(a)}) = ${num(la)}, lst(${num(b)}) = ${num(lb)}: expected 1 ≥ lst(a) ≥ lst(b) ≥ 0`);
        // Compare in log space: lst may underflow to 0 where logMgf(−s) is still finite.
        const ok = la === 0 ? ka < -700 : Math.abs(Math.log(la) - ka) <= 1e-9 * Math.max(1, Math.abs(ka));
        lawCheck(ok, () => `${who}: ln lst(${num(a)}) = ${num(Math.log(la))} but logMgf(${num(-a)}) = ${num(ka)} (tolerance 1e-9 relative)`);
        const z = d.lstComplex({ re: a, im: 0 });
        lawCheck(Math.abs(z.re - la) <= 1e-9 * la + 1e-300 && Math.abs(z.im) <= 1e-9, () =>
          `${who}: lstComplex(${num(a)} + 0i) = ${num(z.re)} + ${num(z.im)}i, lst = ${num(la)}`);
        return true;
      }),
    },
    once("moments agree with mean, variance and the LST", () => {
      const m0 = d.moment(0);
      const m1 = d.moment(1);
      const m2 = d.moment(2);
      lawCheck(Math.abs(m0 - 1) <= 1e-12, () => `${who}: moment(0) = ${num(m0)}, expected 1`);
      lawCheck(Math.abs(m1 - mean) <= 1e-10 * scale, () => `${who}: moment(1) = ${num(m1)}, mean = ${num(mean)}`);
      lawCheck(Math.abs(m2 - mean * mean - variance) <= 1e-8 * scale * scale, () =>
        `${who}: moment(2) − mean² = ${num(m2 - mean * mean)}, variance = ${num(variance)} (tolerance ${num(1e-8 * scale * scale)})`);
      // lst(s) for s ≥ −h needs the MGF at h < thetaSup: h was chosen inside the domain.
      const { d1, d2 } = derivativesAtZero((s) => d.lst(s), h);
      lawCheck(Math.abs(-d1 - mean) <= meanTol * scale, () => `${who}: −lst′(0) ≈ ${num(-d1)}, mean = ${num(mean)}`);
      lawCheck(Math.abs(d2 - m2) <= varTol * scale * scale, () => `${who}: lst″(0) ≈ ${num(d2)}, moment(2) = ${num(m2)} (tolerance ${num(varTol * scale * scale)})`);
    }),
  ];
  if (!o.skipSampler) {
    laws.push(
      once(`sampler matches mean and variance (n = ${n}, confidence ${confidence} each)`, () => {
        const u = rng(seed, 0);
        const xs = new Float64Array(n);
        let sum = 0;
        for (let i = 0; i < n; i++) {
          const x = d.sample(u);
          lawCheck(Number.isFinite(x) && x >= 0, () => `${who}: sample #${i} (seed ${seed}) = ${num(x)}, expected a finite number ≥ 0`);
          xs[i] = x;
          sum += x;
        }
        const m = sum / n;
        let c2 = 0;
        let c4 = 0;
        for (const x of xs) {
          const e = (x - m) * (x - m);
          c2 += e;
          c4 += e * e;
        }
        const s2 = c2 / (n - 1);
        const m4 = c4 / n;
        const z = normalQuantile(0.5 + confidence / 2);
        const halfMean = (z * sd) / Math.sqrt(n);
        // A degenerate law samples one value: allow rounding only.
        const tolMean = halfMean + 1e-12 * scale;
        lawCheck(Math.abs(m - mean) <= tolMean, () =>
          `${who}: sample mean ${num(m)} (n = ${n}, seed ${seed}), mean ${num(mean)}, ${confidence} half-width ${num(tolMean)}`);
        const halfVar = z * Math.sqrt(Math.max(0, m4 - s2 * s2) / n) + 1e-10 * scale * scale;
        lawCheck(Math.abs(s2 - variance) <= halfVar, () =>
          `${who}: sample variance ${num(s2)} (n = ${n}, seed ${seed}), variance ${num(variance)}, ${confidence} half-width ${num(halfVar)}`);
      }),
    );
  }
  return laws;
}

/** Transform arguments s ≥ 0 on the distribution's scale, 0 included. */
const logS = (scale: number) =>
  fc.oneof(fc.constant(0), fc.double({ min: -4, max: 3, noNaN: true }).map((e) => 10 ** e / scale));

/**
 * θ in [lo, hi] (lo < 0 < hi): uniform draws, plus draws on a log scale near 0 on either
 * side and draws just below `hi` (θ → θmax), where a wrong log-MGF usually shows.
 */
const thetaArb = (lo: number, hi: number, scale: number) =>
  fc.oneof(
    uniform(lo, hi),
    fc.tuple(fc.boolean(), uniform(-4, 0)).map(([neg, e]) =>
      neg ? Math.max(lo, -(10 ** e) / scale) : Math.min(hi, 10 ** e / scale)),
    fc.integer({ min: 1, max: 12 }).map((k) => hi * (1 - 10 ** -k)),
  );

/**
 * Uniform on [lo, hi] through a 30-bit integer: `fc.double` piles its draws on the range's
 * ends and on 0, which here would mean θ = θmax and steps clamped to the domain's edge.
 */
const uniform = (lo: number, hi: number) =>
  fc.integer({ min: 0, max: 2 ** 30 }).map((i) => Math.min(hi, lo + ((hi - lo) * i) / 2 ** 30));
