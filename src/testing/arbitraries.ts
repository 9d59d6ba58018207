/**
 * fast-check arbitraries for every kind of input an edgecalc user builds: service-time
 * distributions, links, compute and transfer stages, pipelines, the paper's paradigm
 * parameter sets, loads and scenarios.
 *
 * Every arbitrary generates only values the library's factories accept (so a failure
 * is a bug, not a bad input). Options bias toward the hard regions of the model — ρ → 1,
 * very small or very large SNR, long tandems, extreme magnitudes — and numbers are drawn
 * on a log scale from ranges whose lower end shrinks to a round value, so a shrunk
 * counterexample reads like `{ mean: 1, shape: 1 }` rather than `1.0000000000000002e-7`.
 *
 * @module
 */

import * as fc from "fast-check";
import {
  deterministic,
  erlang,
  exponential,
  gammaDistribution,
  hyperexponential,
  shifted,
  sumOf,
} from "../distributions/distributions.js";
import type { Distribution } from "../distributions/types.js";
import { paradigmLatencies, type ParadigmParams } from "../pipeline/paradigms.js";
import { computeStage, constantRateLink, pipeline, transferStage } from "../pipeline/stages.js";
import type { ComputeStage, LinkLike, Pipeline, Stage, TransferStage } from "../pipeline/types.js";
import { invalid, options, positive } from "../util/validate.js";
import { rayleighLink, type RayleighLink } from "../channel/index.js";

/**
 * A number drawn log-uniformly from `[min, max]` (both > 0). Shrinks toward 10^0 = 1 when
 * 1 lies in the range (fast-check shrinks the exponent toward 0), else toward an end.
 *
 * @throws RangeError unless 0 < min ≤ max < Infinity
 * @example
 * ```ts
 * fc.sample(logUniform(1e-3, 1e3), { numRuns: 100, seed: 1 }).every((x) => x >= 1e-3 && x <= 1e3); // true
 * ```
 */
export function logUniform(min: number, max: number): fc.Arbitrary<number> {
  const lo = positive("logUniform", "min", min);
  const hi = positive("logUniform", "max", max);
  if (hi < lo) invalid("logUniform", "max", `≥ min (${lo})`, hi);
  if (hi === lo) return fc.constant(lo);
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  // Clamp after the power: 10^(log10 x) can miss x by one ulp and leave the range.
  return fc.double({ min: a, max: b, noNaN: true }).map((e) => Math.min(hi, Math.max(lo, 10 ** e)));
}

/** Options of {@link arbDistribution}. */
export interface DistributionArbOptions {
  /** Smallest mean (s), default 1e-3. */
  readonly minMean?: number;
  /** Largest mean (s), default 1e3. */
  readonly maxMean?: number;
  /** Families to draw from (default all seven). */
  readonly kinds?: readonly DistributionKind[];
  /**
   * Bias toward hard cases (default false): extreme squared coefficients of variation
   * (hyperexponential scv up to 100, Erlang shape up to 200, gamma shape down to 1e-2),
   * means across 12 decades, long sums.
   */
  readonly hard?: boolean;
}

/** The distribution families {@link arbDistribution} knows. */
export type DistributionKind = "deterministic" | "exponential" | "erlang" | "gamma" | "hyperexponential" | "shifted" | "sum";

/** Every family {@link arbDistribution} knows. */
export const DISTRIBUTION_KINDS: readonly DistributionKind[] = Object.freeze([
  "deterministic",
  "exponential",
  "erlang",
  "gamma",
  "hyperexponential",
  "shifted",
  "sum",
]);

/**
 * Service-time distributions built with the library's factories (valid by construction).
 * `shifted` and `sum` wrap one level of the simple families.
 *
 * @param opts - {@link DistributionArbOptions}
 * @throws RangeError for an inverted or non-positive mean range, or an unknown kind
 * @example
 * ```ts
 * fc.assert(fc.property(arbDistribution(), (d) => d.logMgf(0) === 0));
 * ```
 */
export function arbDistribution(opts: DistributionArbOptions = {}): fc.Arbitrary<Distribution> {
  const fn = "arbDistribution";
  const o = options<DistributionArbOptions>(fn, "opts", opts);
  const hard = o.hard ?? false;
  const minMean = positive(fn, "opts.minMean", o.minMean ?? (hard ? 1e-6 : 1e-3));
  const maxMean = positive(fn, "opts.maxMean", o.maxMean ?? (hard ? 1e6 : 1e3));
  if (maxMean < minMean) invalid(fn, "opts.maxMean", `≥ opts.minMean (${minMean})`, maxMean);
  const kinds: readonly DistributionKind[] = o.kinds ?? DISTRIBUTION_KINDS;
  if (!Array.isArray(kinds) || kinds.length === 0) invalid(fn, "opts.kinds", "a non-empty array of distribution kinds", kinds);
  for (const k of kinds) if (!DISTRIBUTION_KINDS.includes(k)) invalid(fn, "opts.kinds", `one of ${DISTRIBUTION_KINDS.join(", ")}`, k);
  const mean = logUniform(minMean, maxMean);
  const simple: Record<Exclude<DistributionKind, "shifted" | "sum">, fc.Arbitrary<Distribution>> = {
    deterministic: mean.map(deterministic),
    exponential: mean.map(exponential),
    erlang: fc.tuple(fc.integer({ min: 1, max: hard ? 200 : 20 }), mean).map(([k, m]) => erlang(k, m)),
    gamma: fc.tuple(logUniform(hard ? 1e-2 : 0.2, hard ? 1e3 : 50), mean).map(([k, m]) => gammaDistribution(k, m)),
    hyperexponential: fc
      .tuple(fc.double({ min: 0.01, max: 0.99, noNaN: true }), mean, logUniform(1, hard ? 1e3 : 30))
      .map(([p, m1, ratio]) => hyperexponential([p, 1 - p], [m1, Math.min(m1 * ratio, 1e300)])),
  };
  const simpleArb = fc.oneof(...Object.values(simple));
  const composite: Record<"shifted" | "sum", fc.Arbitrary<Distribution>> = {
    shifted: fc.tuple(mean, simpleArb).map(([c, d]) => shifted(c, d)),
    sum: fc.array(simpleArb, { minLength: 1, maxLength: hard ? 12 : 4 }).map((ds) => sumOf(...ds)),
  };
  const pick = (kinds as readonly DistributionKind[]).map((k) => (k === "shifted" || k === "sum" ? composite[k] : simple[k]));
  return fc.oneof(...pick);
}

/**
 * A utilisation ρ in (0, 1). With `hard`, half the draws are `1 − 10^(−k)` for k up to 12
 * (ρ = 1 − 1e-12 is the edge of what a double can tell from 1 in a P–K denominator).
 *
 * @param opts.hard - bias toward ρ → 1 (default false)
 * @example
 * ```ts
 * fc.sample(arbLoad({ hard: true }), { numRuns: 2, seed: 3 }); // [0.0551…, 0.999]
 * ```
 */
export function arbLoad(opts: { readonly hard?: boolean } = {}): fc.Arbitrary<number> {
  const o = options<{ hard?: boolean }>("arbLoad", "opts", opts);
  const plain = fc.double({ min: 0.01, max: 0.99, noNaN: true });
  if (!o.hard) return plain;
  return fc.oneof(plain, fc.integer({ min: 1, max: 12 }).map((k) => 1 - 10 ** -k));
}

/** The data of a Rayleigh downlink, in the units of `rayleighLink` (dB and dBm at the boundary). */
export interface LinkSpecValue {
  /** Bandwidth B (Hz). */
  readonly bandwidthHz: number;
  /** Transmit power (dBm). */
  readonly txPowerDbm: number;
  /** Noise power σ² (dBm). */
  readonly noiseDbm: number;
  /** Large-scale path loss PL (dB). */
  readonly pathLossDb: number;
  /** Control overhead ξ_ctrl ∈ [0, 1). */
  readonly controlOverhead: number;
}

/**
 * Rayleigh link specifications, generated through the mean SNR
 * `γ̄_dB = P_dBm − PL − σ²_dBm` so the SNR range is what the caller controls.
 *
 * @param opts.minSnrDb - default −10 (−30 with `hard`)
 * @param opts.maxSnrDb - default 40 (60 with `hard`)
 * @param opts.hard - half the draws at the SNR extremes (default false)
 * @example
 * ```ts
 * fc.sample(arbLinkSpec(), { numRuns: 1, seed: 1 })[0].bandwidthHz; // ≈ 1e9 (Hz; drawn from [1e5, 1e9])
 * ```
 */
export function arbLinkSpec(
  opts: { readonly minSnrDb?: number; readonly maxSnrDb?: number; readonly hard?: boolean } = {},
): fc.Arbitrary<LinkSpecValue> {
  const fn = "arbLinkSpec";
  const o = options<{ minSnrDb?: number; maxSnrDb?: number; hard?: boolean }>(fn, "opts", opts);
  const lo = o.minSnrDb ?? (o.hard ? -30 : -10);
  const hi = o.maxSnrDb ?? (o.hard ? 60 : 40);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) invalid(fn, "opts.maxSnrDb", `a finite number ≥ opts.minSnrDb (${lo})`, hi);
  const inner = fc.double({ min: lo, max: hi, noNaN: true });
  const snr = o.hard ? fc.oneof(inner, fc.constantFrom(lo, hi)) : inner;
  return fc
    .record({
      snrDb: snr,
      bandwidthHz: logUniform(1e5, 1e9),
      txPowerDbm: fc.double({ min: 0, max: 46, noNaN: true }),
      noiseDbm: fc.double({ min: -120, max: -80, noNaN: true }),
      controlOverhead: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
    })
    .map(({ snrDb, bandwidthHz, txPowerDbm, noiseDbm, controlOverhead }) =>
      Object.freeze({ bandwidthHz, txPowerDbm, noiseDbm, pathLossDb: txPowerDbm - noiseDbm - snrDb, controlOverhead }),
    );
}

/**
 * Rayleigh-fading links built with `rayleighLink` from {@link arbLinkSpec} (same options).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbRayleighLink({ hard: true }), (l) => l.effectiveRate >= 0));
 * ```
 */
export function arbRayleighLink(
  opts: { readonly minSnrDb?: number; readonly maxSnrDb?: number; readonly hard?: boolean } = {},
): fc.Arbitrary<RayleighLink> {
  options("arbRayleighLink", "opts", opts);
  return arbLinkSpec(opts).map(rayleighLink);
}

/**
 * Links with a constant effective rate (bit/s), log-uniform in `[minRate, maxRate]`.
 *
 * @param opts.minRate - default 1e4 bit/s
 * @param opts.maxRate - default 1e10 bit/s
 * @example
 * ```ts
 * fc.assert(fc.property(arbLink(), (l) => l.effectiveRate > 0));
 * ```
 */
export function arbLink(opts: { readonly minRate?: number; readonly maxRate?: number } = {}): fc.Arbitrary<LinkLike> {
  const o = options<{ minRate?: number; maxRate?: number }>("arbLink", "opts", opts);
  return logUniform(o.minRate ?? 1e4, o.maxRate ?? 1e10).map(constantRateLink);
}

/** Options of {@link arbComputeStage} and {@link arbPipeline}. */
export interface StageArbOptions {
  /** Work per request range (FLOPs), default [1e6, 1e14]. */
  readonly flops?: readonly [number, number];
  /** Node speed range (FLOP/s), default [1e9, 1e15]. */
  readonly flopsPerSecond?: readonly [number, number];
  /** Payload range (bits), default [1e2, 1e8]. */
  readonly bits?: readonly [number, number];
  /** Link rate range (bit/s), default [1e4, 1e10]. */
  readonly rate?: readonly [number, number];
  /** Attach a random service-time law (a gamma with the stage's mean) to some stages (default false). */
  readonly withDistributions?: boolean;
}

const range = (r: readonly [number, number] | undefined, d: readonly [number, number]) => logUniform(...(r ?? d));

/**
 * Compute stages on node "edge", "terminal" or "cloud".
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbComputeStage(), (s) => s.flops / s.flopsPerSecond >= 0));
 * ```
 */
export function arbComputeStage(opts: StageArbOptions = {}): fc.Arbitrary<ComputeStage> {
  const o = options<StageArbOptions>("arbComputeStage", "opts", opts);
  return fc
    .record({
      node: fc.constantFrom("edge", "terminal", "cloud"),
      flops: range(o.flops, [1e6, 1e14]),
      flopsPerSecond: range(o.flopsPerSecond, [1e9, 1e15]),
      scv: o.withDistributions ? fc.oneof(fc.constant(0), logUniform(1e-2, 10)) : fc.constant(0),
    })
    .map(({ node, flops, flopsPerSecond, scv }) =>
      computeStage({
        node,
        flops,
        flopsPerSecond,
        ...(scv > 0 ? { distribution: gammaDistribution(1 / scv, flops / flopsPerSecond) } : {}),
      }),
    );
}

/**
 * Transfer stages over a constant-rate link.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbTransferStage(), (s) => s.bits >= 0));
 * ```
 */
export function arbTransferStage(opts: StageArbOptions = {}): fc.Arbitrary<TransferStage> {
  const o = options<StageArbOptions>("arbTransferStage", "opts", opts);
  return fc
    .record({
      linkName: fc.constantFrom("downlink", "uplink", "backhaul"),
      bits: range(o.bits, [1e2, 1e8]),
      link: arbLink(o.rate ? { minRate: o.rate[0], maxRate: o.rate[1] } : {}),
    })
    .map(({ linkName, bits, link }) => transferStage({ linkName, bits, link }));
}

/** Either kind of stage. */
export function arbStage(opts: StageArbOptions = {}): fc.Arbitrary<Stage> {
  options<StageArbOptions>("arbStage", "opts", opts);
  return fc.oneof(arbComputeStage(opts), arbTransferStage(opts));
}

/**
 * Pipelines of `minStages`…`maxStages` stages (default 1…5; with `hard`, up to 50: long
 * tandems).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbPipeline({ maxStages: 3 }), (p) => p.stages.length <= 3));
 * ```
 */
export function arbPipeline(
  opts: StageArbOptions & { readonly minStages?: number; readonly maxStages?: number; readonly hard?: boolean } = {},
): fc.Arbitrary<Pipeline> {
  const fn = "arbPipeline";
  const o = options<StageArbOptions & { minStages?: number; maxStages?: number; hard?: boolean }>(fn, "opts", opts);
  const min = o.minStages ?? 1;
  const max = o.maxStages ?? (o.hard ? 50 : 5);
  if (!(Number.isSafeInteger(min) && min >= 1)) invalid(fn, "opts.minStages", "a positive integer", min);
  if (!(Number.isSafeInteger(max) && max >= min)) invalid(fn, "opts.maxStages", `an integer ≥ opts.minStages (${min})`, max);
  return fc.array(arbStage(o), { minLength: min, maxLength: max }).map((stages) => pipeline("generated", stages));
}

/** Options of {@link arbParadigmParams}. */
export interface ParadigmArbOptions {
  /**
   * "table3" (default): the paper's Table 3 values scaled by a factor in [1/4, 4], speeds
   * 10–1000 TFLOP/s, 0–50 steps, E[R] from 1 to 1000 Mbit/s.
   * "wide": every quantity across many decades (the conditions must hold for any system,
   * not just the paper's), including zero work and zero payloads.
   */
  readonly range?: "table3" | "wide";
  /** Attach a compute-time variability (edgeScv, terminalScv) in [0, 4] (default false). */
  readonly withVariability?: boolean;
}

const TABLE3 = Object.freeze({
  encoderFlops: 0.194e12,
  decoderFlops: 1.117e12,
  priorStepFlops: 6.7598e12,
  decoderStepFlops: 3.5492e12,
  imageBits: 5.2429e6,
  latentBits: 1.0486e6,
});

/**
 * Parameter sets for `paradigms(params)` (docs/model.md §1, Table 3). The rate is given as
 * `meanRate` so the generated values are plain data.
 *
 * @param opts - {@link ParadigmArbOptions}
 * @example
 * ```ts
 * fc.assert(fc.property(arbParadigmParams(), (p) => {
 *   const t = paradigmLatencies(p);
 *   return collaborativeBeatsEdgeOnly(p).holds === t.collaborative.total < t.edgeOnly.total;
 * }));
 * ```
 */
export function arbParadigmParams(opts: ParadigmArbOptions = {}): fc.Arbitrary<ParadigmParams> {
  const fn = "arbParadigmParams";
  const o = options<ParadigmArbOptions>(fn, "opts", opts);
  const which = o.range ?? "table3";
  if (which !== "table3" && which !== "wide") invalid(fn, "opts.range", `"table3" or "wide"`, which);
  const scv = o.withVariability ? fc.double({ min: 0, max: 4, noNaN: true }) : fc.constant(0);
  const variability = { edgeScv: scv, terminalScv: scv };
  if (which === "table3") {
    const scaled = (v: number) => logUniform(v / 4, v * 4);
    return fc.record({
      edgeFlops: logUniform(10e12, 1000e12),
      terminalFlops: logUniform(10e12, 1000e12),
      encoderFlops: scaled(TABLE3.encoderFlops),
      decoderFlops: scaled(TABLE3.decoderFlops),
      priorStepFlops: scaled(TABLE3.priorStepFlops),
      decoderStepFlops: scaled(TABLE3.decoderStepFlops),
      priorSteps: fc.integer({ min: 0, max: 50 }),
      decoderSteps: fc.integer({ min: 0, max: 50 }),
      imageBits: scaled(TABLE3.imageBits),
      latentBits: scaled(TABLE3.latentBits),
      meanRate: logUniform(1e6, 1e9),
      ...variability,
    });
  }
  const work = fc.oneof(fc.constant(0), logUniform(1e3, 1e16));
  const bits = fc.oneof(fc.constant(0), logUniform(1, 1e10));
  return fc.record({
    edgeFlops: logUniform(1e6, 1e18),
    terminalFlops: logUniform(1e6, 1e18),
    encoderFlops: work,
    decoderFlops: work,
    priorStepFlops: work,
    decoderStepFlops: work,
    priorSteps: fc.integer({ min: 0, max: 1000 }),
    decoderSteps: fc.integer({ min: 0, max: 1000 }),
    imageBits: bits,
    latentBits: bits,
    meanRate: logUniform(1, 1e12),
    ...variability,
  });
}

/** A paradigm scenario as plain data: what a scenario file holds and `verifyScenario` takes. */
export interface ScenarioValue {
  /** Scenario label ("generated"). */
  readonly name: string;
  /** Paradigm parameters, as `paradigms` takes them. */
  readonly params: ParadigmParams;
  /** Arrival rate λ (requests/s). */
  readonly lambda: number;
  /** Slot length Δ (s). */
  readonly slotSeconds: number;
}

/**
 * Scenarios: paradigm parameters with the arrival rate set from a load ρ of the
 * collaborative pipeline, λ = ρ / T_split, ρ from {@link arbLoad}; and a slot length in
 * [10 ms, 1 s].
 *
 * @param opts - {@link ParadigmArbOptions} plus `hard` (bias ρ → 1)
 * @example
 * ```ts
 * fc.sample(arbScenario(), { numRuns: 1, seed: 2 })[0].lambda > 0; // true
 * ```
 */
export function arbScenario(opts: ParadigmArbOptions & { readonly hard?: boolean } = {}): fc.Arbitrary<ScenarioValue> {
  const o = options<ParadigmArbOptions & { hard?: boolean }>("arbScenario", "opts", opts);
  return fc
    .record({ params: arbParadigmParams(o), rho: arbLoad({ hard: o.hard ?? false }), slotSeconds: logUniform(0.01, 1) })
    .map(({ params, rho, slotSeconds }) => {
      const tSplit = paradigmLatencies(params).collaborative.total;
      const lambda = tSplit > 0 ? rho / tSplit : 1;
      return Object.freeze({ name: "generated", params, lambda, slotSeconds });
    });
}
