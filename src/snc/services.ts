/**
 * Slotted service processes for stochastic network calculus (docs/model.md §4): one object per
 * stage, and their concatenation (a tandem, the paper's (9) generalised to n stages).
 *
 * Convention: `logMgfNeg(θ) = ln E[e^{−θ s}]` per slot (≤ 0), so `M_S(−θ, τ) =
 * e^{τ·logMgfNeg(θ)}` and the effective rate is `r(θ) = −logMgfNeg(θ)/θ`.
 *
 * @module
 */

import type { Rng } from "../random/rng.js";
import type { LinkSlotOptions } from "../channel/rayleigh.js";
import { stageSeconds } from "../pipeline/stage-time.js";
import type { Pipeline, Stage } from "../pipeline/types.js";
import { booleanOption, invalid, nonNegative, options, positive, show } from "../util/validate.js";
import type { StageService } from "./types.js";

/**
 * A concatenation of stages, served one after the other with cut-through inside a slot.
 * The network service is the min-plus convolution of the stages' services; for
 * independent stages `M_net(−θ, τ) ≤ Σ_{u1+…+un=τ} Π M_Si(−θ, u_i)` (docs/model.md §4).
 */
export interface TandemService {
  /** Always "tandem". */
  readonly kind: "tandem";
  /** The stages' names joined by " → ". */
  readonly name: string;
  /** The stages in order (nested tandems are flattened). */
  readonly stages: readonly StageService[];
  /** The bottleneck's mean service per slot, `min_i E[s_i]`. */
  readonly meanPerSlot: number;
}

/** A single stage or a tandem: what the bounds accept. */
export type NetworkService = StageService | TandemService;

/** Options of {@link constantService}. */
export interface ConstantServiceOptions {
  /** Serve whole requests, `⌊cτ⌋` in τ slots (the paper's (7)) instead of the fluid `cτ` (default false). */
  readonly floor?: boolean;
  /** A label (default "constant"). */
  readonly name?: string;
}

/**
 * A constant-rate stage serving `c` requests per slot (a compute stage: `c = fΔ/O`).
 *
 * Fluid (default): `S(s, t) = c(t − s)`, `logMgfNeg(θ) = −θc`.
 * Floor (the paper's (7)): `S(s, t) = ⌊c(t − s)⌋`, `M_S(−θ, τ) = e^{−θ⌊cτ⌋}`; the
 * per-slot `logMgfNeg` is then the envelope `−θc`, `cumulativeLogMgfNeg` the exact floor
 * and `deficit = 1` (`⌊cτ⌋ > cτ − 1`). The sampler emits `⌊c(u+1)⌋ − ⌊cu⌋` in slot u,
 * whose sums over any window [s, t) are `⌊ct⌋ − ⌊cs⌋ ≥ ⌊c(t − s)⌋`: a system that serves
 * whole requests meets the floor service curve.
 *
 * Erratum (paper (7)): the printed floors divide `f^UE` by the edge workload and `f^ES`
 * by the terminal workload — swapped — and multiply the two stages' MGFs, which models one
 * server at the sum of both rates. Build each compute stage with its own node's speed and
 * concatenate them with {@link tandem}, as (9) does for inference and downlink.
 *
 * @param perSlot - c, requests per slot (≥ 0)
 * @param opts - {@link ConstantServiceOptions}
 * @throws RangeError if perSlot is negative, NaN or infinite
 * @example
 * ```ts
 * constantService(2).logMgfNeg(0.5); // -1
 * constantService(1.5, { floor: true }).cumulativeLogMgfNeg?.(1, 3); // -4
 * ```
 */
export function constantService(perSlot: number, opts: ConstantServiceOptions = {}): StageService {
  const c = nonNegative("constantService", "perSlot", perSlot);
  const o = options<ConstantServiceOptions>("constantService", "opts", opts);
  const floor = booleanOption("constantService", "opts.floor", o.floor, false);
  const name = o.name ?? "constant";
  const logMgfNeg = (theta: number) => -theta * c;
  if (!floor) {
    return Object.freeze({
      kind: "constant",
      name,
      params: Object.freeze({ perSlot: c, floor }),
      meanPerSlot: c,
      logMgfNeg,
      sampler: () => () => c,
    });
  }
  return Object.freeze({
    kind: "constant",
    name,
    params: Object.freeze({ perSlot: c, floor }),
    meanPerSlot: c,
    logMgfNeg,
    cumulativeLogMgfNeg: (theta: number, slots: number) => (slots === 0 ? 0 : -theta * Math.floor(c * slots)),
    deficit: 1,
    sampler: () => flooredSampler(c),
  });
}

/**
 * The floored constant service as a per-slot generator: slot u (counted from the first
 * call) serves `⌊c(u+1)⌋ − ⌊cu⌋` whole requests, so the first τ slots serve `⌊cτ⌋` (the
 * paper's (7)). Kernel (no checks); the simulator's slotted kernel draws with it too.
 */
export function flooredSampler(c: number): () => number {
  let u = 0;
  return () => {
    const out = Math.floor(c * (u + 1)) - Math.floor(c * u);
    u++;
    return out;
  };
}

/** What {@link rayleighService} needs from a link (`rayleighLink` in the channel module). */
export interface SlottedLink {
  /** The link family, e.g. "rayleigh". */
  readonly kind: string;
  /** Effective mean rate in bit/s (after control overhead). */
  readonly effectiveRate: number;
  /** ln E[e^{−θs}] of the per-slot service s in requests (≤ 0). */
  slotLogMgfNeg(theta: number, opts: LinkSlotOptions): number;
  /** One slot's service in requests, drawn with the injected `rng`. */
  sampleSlotService(rng: Rng, opts: LinkSlotOptions): number;
  /** Optional E[s] per slot; used for `meanPerSlot` when present. */
  meanSlotService?(opts: LinkSlotOptions): number;
  /** Optional P(R_eff ≤ r) of the effective rate in bit/s; gives the stage its per-slot law (`slotCdf`). */
  rateCdf?(r: number): number;
}

/** Options of {@link rayleighService}. */
export interface RayleighServiceOptions {
  /** A link with per-slot kernels, e.g. `rayleighLink(...)`. */
  readonly link: SlottedLink;
  /** Slot length Δ in seconds. */
  readonly slotSeconds: number;
  /** Payload J per request in bits. */
  readonly bitsPerRequest: number;
  /** Serve `⌊R(u)Δ/J⌋` whole requests per slot (the paper's (8)) instead of `R(u)Δ/J` (default false). */
  readonly floor?: boolean;
  /** A label (default "rayleigh"). */
  readonly name?: string;
}

/**
 * A Rayleigh-fading transfer stage: per-slot service `R(u)Δ/J` requests (fluid) or
 * `⌊R(u)Δ/J⌋` (the paper's (8)), i.i.d. over slots, so `M_S(−θ, τ) = m(θ)^τ` with
 * `ln m(θ) = link.slotLogMgfNeg(θ, …)` (closed forms in docs/model.md §4).
 *
 * Caveat (floor form): when `BΔ·log2(1 + γ̄) ≲ J` most slots serve nothing; use the
 * fluid form or slots long enough to carry many requests.
 *
 * `meanPerSlot` is the link's `meanSlotService` when it has one, else `−d/dθ ln m(θ)` at 0
 * by a Richardson-extrapolated difference.
 *
 * @param opts - {@link RayleighServiceOptions}
 * @throws TypeError if the link lacks `slotLogMgfNeg`/`sampleSlotService`; RangeError if
 *   slotSeconds or bitsPerRequest is not a finite positive number
 * @example
 * ```ts
 * const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120, controlOverhead: 0 });
 * rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6 }).meanPerSlot; // 3.02906… = R_eff·Δ/J
 * ```
 */
export function rayleighService(opts: RayleighServiceOptions): StageService {
  const fn = "rayleighService";
  const o = options<RayleighServiceOptions>(fn, "opts", opts);
  const link = o.link;
  if (!link || typeof link.slotLogMgfNeg !== "function" || typeof link.sampleSlotService !== "function") {
    throw new TypeError(`${fn}: opts.link must have slotLogMgfNeg and sampleSlotService (a rayleighLink), got ${show(link)}`);
  }
  const slotSeconds = positive(fn, "opts.slotSeconds", o.slotSeconds);
  const bitsPerRequest = positive(fn, "opts.bitsPerRequest", o.bitsPerRequest);
  const floor = booleanOption(fn, "opts.floor", o.floor, false);
  const kernel: LinkSlotOptions = Object.freeze({ slotSeconds, bitsPerRequest, floor });
  const logMgfNeg = (theta: number) => (theta === 0 ? 0 : link.slotLogMgfNeg(theta, kernel));
  let mean: number;
  try {
    // Probe the link once so a slot setting it rejects is reported here, by this name.
    link.slotLogMgfNeg(1e-3, kernel);
    mean =
      typeof link.meanSlotService === "function"
        ? link.meanSlotService(kernel)
        : meanFromLogMgfNeg(logMgfNeg, (link.effectiveRate * slotSeconds) / bitsPerRequest);
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) {
      throw new RangeError(`${fn}: opts.link rejects slotSeconds = ${show(slotSeconds)}, bitsPerRequest = ${show(bitsPerRequest)} (${e.message})`, { cause: e });
    }
    throw e;
  }
  if (!(mean >= 0 && Number.isFinite(mean))) {
    invalid(fn, "opts.slotSeconds·R_eff/opts.bitsPerRequest (mean requests per slot)", "a finite number ≥ 0", mean);
  }
  // Per-slot law from the rate CDF: s = R_eff·Δ/J (fluid), ⌊R_eff·Δ/J⌋ (floor, on the integers).
  const rateCdf = typeof link.rateCdf === "function" ? link.rateCdf.bind(link) : null;
  const perRequest = bitsPerRequest / slotSeconds;
  const law = rateCdf
    ? {
        slotCdf: (x: number) => (x < 0 ? 0 : rateCdf((floor ? Math.floor(x) + 1 : x) * perRequest)),
        ...(floor ? { slotLattice: 1 } : {}),
      }
    : {};
  return Object.freeze({
    kind: "rayleigh",
    name: o.name ?? "rayleigh",
    params: Object.freeze({ slotSeconds, bitsPerRequest, floor, linkKind: link.kind, ...rayleighFields(link) }),
    meanPerSlot: mean,
    logMgfNeg,
    sampler: (rng: Rng) => () => link.sampleSlotService(rng, kernel),
    ...law,
  });
}

/**
 * The parameters of a `rayleighLink` (kind "rayleigh" with a finite mean SNR > 0, bandwidth
 * > 0 and overhead in [0, 1)), copied into a Rayleigh stage's `params` so a simulator can
 * redraw its slots from plain data (in a worker thread); `{}` for any other link.
 */
function rayleighFields(link: SlottedLink): { meanSnr?: number; bandwidthHz?: number; controlOverhead?: number } {
  const l = link as SlottedLink & { meanSnr?: unknown; bandwidthHz?: unknown; controlOverhead?: unknown };
  const { meanSnr, bandwidthHz, controlOverhead } = l;
  if (
    l.kind !== "rayleigh" ||
    typeof meanSnr !== "number" || !(meanSnr > 0 && meanSnr < Infinity) ||
    typeof bandwidthHz !== "number" || !(bandwidthHz > 0 && bandwidthHz < Infinity) ||
    typeof controlOverhead !== "number" || !(controlOverhead >= 0 && controlOverhead < 1)
  ) {
    return {};
  }
  return { meanSnr, bandwidthHz, controlOverhead };
}

/**
 * −ℓ′(0) for ℓ(θ) = ln E[e^{−θs}], ℓ(0) = 0: `ℓ(h) = −μh + σ²h²/2 + O(h³)`, so
 * `−(4ℓ(h) − ℓ(2h))/(2h) = μ + O(h²)` uses only θ > 0 (where ℓ is defined for any s ≥ 0).
 */
function meanFromLogMgfNeg(ell: (theta: number) => number, scaleGuess: number): number {
  const h = Math.min(1e-5 / (scaleGuess > 1e-300 && Number.isFinite(scaleGuess) ? scaleGuess : 1), 1e300);
  const m = -(4 * ell(h) - ell(2 * h)) / (2 * h);
  return Number.isFinite(m) ? Math.max(m, 0) : NaN;
}

/** Options of {@link iidService}. */
export interface IidServiceOptions {
  /** Per-slot generator factory for simulation; without it `sampler` throws a TypeError. */
  readonly sampler?: (rng: Rng) => () => number;
  /** A label (default "iid"). */
  readonly name?: string;
  /** Mean service per slot; default −ℓ′(0) by a Richardson difference. */
  readonly mean?: number;
  /** The per-slot law P(s ≤ x), right-continuous; lets the tandem martingale form use this stage. */
  readonly cdf?: (x: number) => number;
  /** Lattice step L > 0 when s takes values in {0, L, 2L, …} only (with `cdf`). */
  readonly lattice?: number;
}

/**
 * Any stage with i.i.d. per-slot service given by `logMgfNeg(θ) = ln E[e^{−θ s}]` (θ > 0).
 *
 * @param logMgfNeg - θ ↦ ln E[e^{−θ s}] (≤ 0, non-increasing, convex)
 * @param opts - {@link IidServiceOptions}
 * @throws TypeError if logMgfNeg or opts.cdf is not a function; RangeError if the mean is
 *   negative or not finite, or opts.lattice is not a finite number > 0
 * @example
 * ```ts
 * // Exp(1/2) service per slot: ln E[e^{−θs}] = −ln(1 + 2θ)
 * iidService((t) => -Math.log1p(2 * t), { name: "exp" }).meanPerSlot; // 1.9999999995 (Richardson difference)
 * ```
 */
export function iidService(logMgfNeg: (theta: number) => number, opts: IidServiceOptions = {}): StageService {
  if (typeof logMgfNeg !== "function") throw new TypeError(`iidService: logMgfNeg must be a function, got ${show(logMgfNeg)}`);
  const o = options<IidServiceOptions>("iidService", "opts", opts);
  const name = o.name ?? "iid";
  const mean = o.mean === undefined ? meanFromLogMgfNeg(logMgfNeg, 1) : o.mean;
  nonNegative("iidService", o.mean === undefined ? "the mean estimated from logMgfNeg" : "opts.mean", mean);
  const sampler =
    o.sampler ??
    (() => {
      throw new TypeError(`iidService: no sampler was given for "${name}" (opts.sampler)`);
    });
  if (o.cdf !== undefined && typeof o.cdf !== "function") throw new TypeError(`iidService: opts.cdf must be a function, got ${show(o.cdf)}`);
  const lattice = o.lattice === undefined ? undefined : positive("iidService", "opts.lattice", o.lattice);
  const cdf = o.cdf;
  return Object.freeze({
    kind: "iid",
    name,
    params: Object.freeze({ mean }),
    meanPerSlot: mean,
    logMgfNeg: (theta: number) => (theta === 0 ? 0 : logMgfNeg(theta)),
    sampler,
    ...(cdf ? { slotCdf: (x: number) => cdf(x) } : {}),
    ...(lattice !== undefined ? { slotLattice: lattice } : {}),
  });
}

function isTandem(s: unknown): s is TandemService {
  return typeof s === "object" && s !== null && (s as { kind?: unknown }).kind === "tandem";
}

/** A stage: a log-MGF function and a mean ≥ 0 (NaN and inconsistent objects are rejected). */
function isStage(s: unknown): s is StageService {
  return (
    typeof s === "object" &&
    s !== null &&
    (s as { kind?: unknown }).kind !== "tandem" &&
    typeof (s as StageService).logMgfNeg === "function" &&
    typeof (s as StageService).meanPerSlot === "number" &&
    (s as StageService).meanPerSlot >= 0
  );
}

/** A tandem as {@link tandem} builds it: a non-empty array of stages and their bottleneck mean. */
function isWellFormedTandem(s: unknown): s is TandemService {
  if (!isTandem(s) || !Array.isArray(s.stages) || s.stages.length === 0 || !s.stages.every(isStage)) return false;
  return s.meanPerSlot === Math.min(...s.stages.map((x) => x.meanPerSlot));
}

/**
 * The concatenation of n stages (paper (9), generalised): requests leave stage i and enter
 * stage i+1 in the same slot (cut-through). Nested tandems are flattened.
 *
 * The bounds evaluate `Σ_{u1+…+un=τ} Π M_Si(−θ, u_i)` exactly, in scaled linear space
 * (every stage divided by the slowest stage's `e^{τ·ℓ_max}`), which handles equal rates
 * — the case where the peers' closed form divides by zero.
 *
 * @param services - one or more stages or tandems
 * @throws TypeError if an argument is not a stage or tandem; RangeError if none is given
 * @example
 * ```ts
 * tandem(constantService(2), constantService(3)).meanPerSlot; // 2
 * ```
 */
export function tandem(...services: NetworkService[]): TandemService {
  if (services.length === 0) invalid("tandem", "services", "at least one stage", services);
  const stages: StageService[] = [];
  services.forEach((s, i) => {
    if (isWellFormedTandem(s)) stages.push(...s.stages);
    else if (isStage(s)) stages.push(s);
    else throw new TypeError(`tandem: services[${i}] must be a stage service or a tandem, got ${show(s)}`);
  });
  return Object.freeze({
    kind: "tandem" as const,
    name: stages.map((s) => s.name).join(" → "),
    stages: Object.freeze(stages),
    meanPerSlot: Math.min(...stages.map((s) => s.meanPerSlot)),
  });
}

/** Options of {@link pipelineService}. */
export interface PipelineServiceOptions {
  /** Slot length Δ in seconds. */
  readonly slotSeconds: number;
  /** Use the paper's floored forms (7)–(8) instead of the fluid forms (default false). */
  readonly floor?: boolean;
}

function hasSlotKernels(link: unknown): link is SlottedLink {
  return (
    typeof link === "object" &&
    link !== null &&
    typeof (link as SlottedLink).slotLogMgfNeg === "function" &&
    typeof (link as SlottedLink).sampleSlotService === "function"
  );
}

function stageService(stage: Stage, slotSeconds: number, floor: boolean, i: number): StageService {
  const fn = "pipelineService";
  if (typeof stage !== "object" || stage === null) {
    throw new TypeError(`${fn}: pipeline.stages[${i}] must be a compute or transfer stage object, got ${show(stage)}`);
  }
  const kind = (stage as { kind?: unknown }).kind;
  if (kind === "parallel" || kind === "batch") {
    // docs/model.md §11: the fluid model has no fork–join or batching server.
    return invalid(fn, `pipeline.stages[${i}].kind`, `"compute" or "transfer" (the slotted fluid model does not support fork–join or batching stages; use simulateRequests or responseTimeAnalysis)`, kind);
  }
  if (stage.kind !== "compute" && stage.kind !== "transfer") {
    return invalid(fn, `pipeline.stages[${i}].kind`, `"compute" or "transfer"`, (stage as { kind?: unknown }).kind);
  }
  if (stage.distribution !== undefined) {
    // The stage's own service law sets its time: served at its mean rate.
    positive(fn, `pipeline.stages[${i}].distribution.mean`, stage.distribution?.mean);
  } else if (stage.kind === "compute") {
    positive(fn, `pipeline.stages[${i}].flops`, stage.flops);
    positive(fn, `pipeline.stages[${i}].flopsPerSecond`, stage.flopsPerSecond);
  } else {
    const bits = positive(fn, `pipeline.stages[${i}].bits`, stage.bits);
    if (hasSlotKernels(stage.link)) {
      return rayleighService({ link: stage.link, slotSeconds, bitsPerRequest: bits, floor, name: stage.name });
    }
    positive(fn, `pipeline.stages[${i}].link.effectiveRate`, stage.link?.effectiveRate);
  }
  return constantService(slotSeconds / stageSeconds(stage), { floor, name: stage.name });
}

/**
 * A pipeline's network service: one stage service per pipeline stage, concatenated.
 *
 * Compute stage: constant rate `c = Δ/(O/f)` requests per slot (fluid, or floored as in
 * (7)). Transfer stage: a link with per-slot kernels (kind "rayleigh") becomes a
 * {@link rayleighService}; any other link serves `c = Δ/(J/R_eff)` requests per slot. A stage
 * with an attached `distribution` is served at its mean rate, `c = Δ/E[S]`: the stage time
 * is the one every analysis uses (`stageLatency`, M/G/1, `sncStability`).
 *
 * @param pipeline - a {@link Pipeline} (e.g. one of the paper's paradigms)
 * @param opts - {@link PipelineServiceOptions}
 * @throws RangeError if slotSeconds is not positive, the pipeline has no stage, or a stage
 *   has a non-positive work, speed, payload or rate
 * @example
 * ```ts
 * const p = { name: "one", stages: [{ kind: "compute", name: "edge", node: "es", flops: 1e12, flopsPerSecond: 5e12 }] };
 * pipelineService(p, { slotSeconds: 0.1 }).stages[0].meanPerSlot; // 0.5
 * ```
 */
export function pipelineService(pipeline: Pipeline, opts: PipelineServiceOptions): TandemService {
  const fn = "pipelineService";
  if (typeof pipeline !== "object" || pipeline === null || !Array.isArray(pipeline.stages)) {
    throw new TypeError(`${fn}: pipeline must be a pipeline object with stages, got ${show(pipeline)}`);
  }
  const o = options<PipelineServiceOptions>(fn, "opts", opts);
  const slotSeconds = positive(fn, "opts.slotSeconds", o.slotSeconds);
  const floor = booleanOption(fn, "opts.floor", o.floor, false);
  if (pipeline.stages.length === 0) invalid(fn, "pipeline.stages", "a non-empty list", pipeline.stages);
  const stages = pipeline.stages.map((s, i) => {
    try {
      return stageService(s, slotSeconds, floor, i);
    } catch (e) {
      // Errors of the stage factories name the factory; report them under this entry point.
      if ((e instanceof RangeError || e instanceof TypeError) && !e.message.startsWith(`${fn}:`)) {
        const Ctor = e instanceof RangeError ? RangeError : TypeError;
        throw new Ctor(`${fn}: pipeline.stages[${i}] gives an invalid stage (${e.message})`, { cause: e });
      }
      throw e;
    }
  });
  return tandem(...stages);
}

/** Internal: the stages of a single stage or tandem (no validation). */
export function stagesOf(service: NetworkService): readonly StageService[] {
  return isTandem(service) ? service.stages : [service];
}

/** Internal: true when `service` is a stage or a tandem. */
export function isNetworkService(service: unknown): service is NetworkService {
  return isWellFormedTandem(service) || isStage(service);
}

