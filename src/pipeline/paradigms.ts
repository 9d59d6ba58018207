/**
 * The paper's three paradigms (Table 2) as pipelines, their latencies, and the two
 * conditions under which collaboration pays off, (13) and (14).
 *
 * (13), (14), {@link paradigmLatencies} and the generic {@link pipelineLatency} all use the
 * one latency function ({@link computeSeconds}, {@link transferSeconds}); a fast-check
 * property in the tests shows the inequalities agree with the direct latency comparison.
 *
 * @module
 */

import { invalid, nonNegative, nonNegativeInteger, options, positive, show } from "../util/validate.js";
import { gammaDistribution } from "../distributions/distributions.js";
import { computeSeconds, computeStage, constantRateLink, pipeline, pipelineLatency, transferSeconds, transferStage } from "./stages.js";
import { TEX_13, TEX_14 } from "./tex.js";
import type { LinkLike, Pipeline } from "./types.js";

/**
 * Parameters of the paper's system (Table 3 names in brackets). Units: FLOP/s for speeds,
 * FLOPs for work, bits for payloads, bit/s for rates.
 */
export interface ParadigmParams {
  /** Edge server speed f_ES (FLOP/s). */
  readonly edgeFlops: number;
  /** Terminal speed f_UE (FLOP/s). */
  readonly terminalFlops: number;
  /** Encoder work O_E (FLOPs). */
  readonly encoderFlops: number;
  /** Decoder / feature-extractor work O_D (FLOPs). */
  readonly decoderFlops: number;
  /** Prior U-Net work per step O_prior (FLOPs). */
  readonly priorStepFlops: number;
  /** Decoding U-Net work per step O_dec (FLOPs). */
  readonly decoderStepFlops: number;
  /** Prior steps L_prior (integer ≥ 0). */
  readonly priorSteps: number;
  /** Decoding steps L_dec (integer ≥ 0). */
  readonly decoderSteps: number;
  /** Full image payload J_img (bits). */
  readonly imageBits: number;
  /** Latent payload J_dl (bits). */
  readonly latentBits: number;
  /** E[R] (or R_eff) in bit/s; give this or `link`. */
  readonly meanRate?: number;
  /** The downlink (e.g. `rayleighLink(...)`); its `effectiveRate` is used. */
  readonly link?: LinkLike;
  /** Optional energy per FLOP on the edge server (J/FLOP). */
  readonly edgeJoulesPerFlop?: number;
  /** Optional energy per FLOP on the terminal (J/FLOP). */
  readonly terminalJoulesPerFlop?: number;
  /**
   * Squared coefficient of variation of the edge compute time (default 0: deterministic, the
   * paper's assumption). A positive value makes the edge stage gamma-distributed with the
   * same mean and shape 1/scv (a shared, sometimes throttled accelerator) — Table 2 and
   * (13)/(14) see only the mean; M/G/1 sees the variance.
   */
  readonly edgeScv?: number;
  /** Squared coefficient of variation of the terminal compute time (default 0). */
  readonly terminalScv?: number;
  /**
   * What the terminal compute stages run on in request-level models (docs/model.md §9.1):
   * `"shared"` (default, as the paper: one terminal serves the whole request stream FIFO)
   * or `"dedicated"` (each request runs on its own user's device: no queue). Table 2,
   * (13), (14), M/G/1 and the slotted model do not see it.
   */
  readonly terminalResource?: "shared" | "dedicated";
}

interface Checked {
  fES: number;
  fUE: number;
  OE: number;
  OD: number;
  Oprior: number;
  Odec: number;
  Lprior: number;
  Ldec: number;
  Jimg: number;
  Jdl: number;
  link: LinkLike;
  eJ?: number;
  tJ?: number;
  eScv: number;
  tScv: number;
  tDedicated: boolean;
}

function check(fn: string, params: unknown): Checked {
  const p = options<ParadigmParams>(fn, "params", params);
  if (params === undefined) invalid(fn, "params", "an object of paradigm parameters", params);
  let link: LinkLike;
  if (p.link !== undefined) {
    if (p.link === null || typeof p.link !== "object") throw new TypeError(`${fn}: params.link must be a link object, got ${show(p.link)}`);
    positive(fn, "params.link.effectiveRate", p.link.effectiveRate);
    link = p.link;
  } else if (p.meanRate !== undefined) {
    link = constantRateLink(positive(fn, "params.meanRate", p.meanRate));
  } else {
    invalid(fn, "params.meanRate", "a rate in bit/s > 0 (or give params.link)", p.meanRate);
  }
  const c: Checked = {
    fES: positive(fn, "params.edgeFlops", p.edgeFlops),
    fUE: positive(fn, "params.terminalFlops", p.terminalFlops),
    OE: nonNegative(fn, "params.encoderFlops", p.encoderFlops),
    OD: nonNegative(fn, "params.decoderFlops", p.decoderFlops),
    Oprior: nonNegative(fn, "params.priorStepFlops", p.priorStepFlops),
    Odec: nonNegative(fn, "params.decoderStepFlops", p.decoderStepFlops),
    Lprior: nonNegativeInteger(fn, "params.priorSteps", p.priorSteps),
    Ldec: nonNegativeInteger(fn, "params.decoderSteps", p.decoderSteps),
    Jimg: nonNegative(fn, "params.imageBits", p.imageBits),
    Jdl: nonNegative(fn, "params.latentBits", p.latentBits),
    link,
    eScv: p.edgeScv === undefined ? 0 : nonNegative(fn, "params.edgeScv", p.edgeScv),
    tScv: p.terminalScv === undefined ? 0 : nonNegative(fn, "params.terminalScv", p.terminalScv),
    tDedicated: terminalDedicated(fn, p.terminalResource),
  };
  if (p.edgeJoulesPerFlop !== undefined) c.eJ = nonNegative(fn, "params.edgeJoulesPerFlop", p.edgeJoulesPerFlop);
  if (p.terminalJoulesPerFlop !== undefined) c.tJ = nonNegative(fn, "params.terminalJoulesPerFlop", p.terminalJoulesPerFlop);
  // Finite fields can still overflow in the work totals or the latencies (1e308 FLOPs, a
  // 5e-324 FLOP/s processor); an infinite latency would surface as ∞ − ∞ = NaN in (13),
  // (14) and η_T, so it is reported here under the caller's name.
  const overflow = (what: string, got: string) => invalid(fn, what, "finite (it overflows)", got);
  const ep = edgePart(c), tp = terminalPart(c);
  if (!Number.isFinite(ep)) overflow("params.encoderFlops + params.priorStepFlops·params.priorSteps", `${c.OE} + ${c.Oprior}·${c.Lprior}`);
  if (!Number.isFinite(tp)) overflow("params.decoderFlops + params.decoderStepFlops·params.decoderSteps", `${c.OD} + ${c.Odec}·${c.Ldec}`);
  if (!Number.isFinite(ep + tp)) overflow("the total work (edge part + terminal part, FLOPs)", `${ep} + ${tp}`);
  if (!Number.isFinite((ep + tp) / c.fES)) overflow("the edge-only compute time (total FLOPs)/params.edgeFlops", `${ep + tp}/${c.fES}`);
  if (!Number.isFinite((ep + tp) / c.fUE)) overflow("the terminal-only compute time (total FLOPs)/params.terminalFlops", `${ep + tp}/${c.fUE}`);
  const R = c.link.effectiveRate;
  if (!Number.isFinite(Math.max(c.Jimg, c.Jdl) / R)) overflow("the transfer time (bits)/link rate", `${Math.max(c.Jimg, c.Jdl)}/${R}`);
  return c;
}

function terminalDedicated(fn: string, r: unknown): boolean {
  if (r === undefined || r === "shared") return false;
  if (r === "dedicated") return true;
  return invalid(fn, "params.terminalResource", `"shared" or "dedicated"`, r);
}

/** The edge part of the split: encoder + prior steps, O_E + O_prior·L_prior (FLOPs). */
const edgePart = (c: Checked) => c.OE + c.Oprior * c.Lprior;
/** The terminal part of the split: decoder + decoding steps, O_D + O_dec·L_dec (FLOPs). */
const terminalPart = (c: Checked) => c.OD + c.Odec * c.Ldec;

/** The three paradigm keys, in tie-breaking order (the one list every module iterates). */
export const PARADIGM_KEYS = Object.freeze(["collaborative", "edgeOnly", "terminalOnly"] as const);
/** A paradigm key: `"collaborative"`, `"edgeOnly"` or `"terminalOnly"`. */
export type ParadigmKey = (typeof PARADIGM_KEYS)[number];

/** Display names of the paradigms. */
export const PARADIGM_LABELS: Readonly<Record<ParadigmKey, string>> = Object.freeze({
  collaborative: "collaborative (split)",
  edgeOnly: "edge-only",
  terminalOnly: "terminal-only",
});

/** The three paradigms of Table 2 as pipelines. */
export interface Paradigms {
  /** Split inference: ES computes O_E + O_prior·L_prior → downlink J_dl → UE computes O_D + O_dec·L_dec. */
  readonly collaborative: Pipeline;
  /** ES computes everything, then the image J_img goes down the link. */
  readonly edgeOnly: Pipeline;
  /** UE computes everything; no transfer stage. */
  readonly terminalOnly: Pipeline;
}

/**
 * Builds Table 2's three pipelines (docs/model.md §1):
 * - collaborative: ES computes O_E + O_prior·L_prior → downlink J_dl → UE computes O_D + O_dec·L_dec;
 * - edge-only: ES computes everything → downlink J_img;
 * - terminal-only: UE computes everything.
 *
 * Erratum (docs/model.md §4): the paper's (7) swaps f_UE and f_ES in its floors and multiplies
 * the two compute stages' MGFs; here each compute stage runs on its own node and stages
 * are concatenated.
 *
 * Every stage runs on one shared FIFO server, as in the paper, except the terminal compute
 * stages when `params.terminalResource` is `"dedicated"` (each user's own device).
 *
 * @throws RangeError naming `params.<field>` for a missing, negative or non-finite value,
 *   or `params.terminalResource` other than "shared"/"dedicated"
 * @example
 * ```ts
 * const { collaborative } = paradigms(paperScenario.params);
 * collaborative.stages.map((s) => s.name); // ["edge compute", "downlink", "terminal compute"]
 * ```
 */
export function paradigms(params: ParadigmParams): Paradigms {
  return build("paradigms", params);
}

function build(fn: string, params: unknown): Paradigms {
  const c = check(fn, params);
  const all = edgePart(c) + terminalPart(c);
  // A variable compute time keeps its mean O/f (Table 2) and adds variance scv·mean². An
  // scv so small that 1/scv overflows is the deterministic limit (shape → ∞).
  const law = (flops: number, f: number, scv: number) =>
    scv > 0 && 1 / scv < Infinity && flops / f > 0 ? { distribution: gammaDistribution(1 / scv, computeSeconds(flops, f)) } : {};
  const edge = (flops: number) =>
    computeStage({
      name: "edge compute", node: "edge", flops, flopsPerSecond: c.fES,
      ...(c.eJ === undefined ? {} : { joulesPerFlop: c.eJ }),
      ...law(flops, c.fES, c.eScv),
    });
  const term = (flops: number) =>
    computeStage({
      name: "terminal compute", node: "terminal", flops, flopsPerSecond: c.fUE,
      ...(c.tJ === undefined ? {} : { joulesPerFlop: c.tJ }),
      ...law(flops, c.fUE, c.tScv),
      ...(c.tDedicated ? { resource: "dedicated" as const } : {}),
    });
  const down = (bits: number) => transferStage({ name: "downlink", linkName: "downlink", bits, link: c.link });
  return Object.freeze({
    collaborative: pipeline("collaborative", [edge(edgePart(c)), down(c.Jdl), term(terminalPart(c))]),
    edgeOnly: pipeline("edge-only", [edge(all), down(c.Jimg)]),
    terminalOnly: pipeline("terminal-only", [term(all)]),
  });
}

/** Latency split of one paradigm (seconds). */
export interface ParadigmLatency {
  /** Compute time (s). */
  readonly inference: number;
  /** Downlink time J/R_eff (s). */
  readonly downlink: number;
  /** End to end (s). */
  readonly total: number;
}

/**
 * Table 2's mean latencies (seconds), using R_eff = `link.effectiveRate` (or `meanRate`):
 * `T_split = (O_E + O_prior L_prior)/f_ES + (O_D + O_dec L_dec)/f_UE + J_dl/R`,
 * `T_edge = (all)/f_ES + J_img/R`, `T_term = (all)/f_UE`.
 *
 * @example
 * ```ts
 * const t = paradigmLatencies(paperScenario.params);
 * t.collaborative.total; // ≈ 1.0725
 * t.edgeOnly.total;      // ≈ 1.1224
 * t.terminalOnly.total;  // ≈ 2.3934
 * ```
 */
export function paradigmLatencies(params: ParadigmParams): {
  /** Split inference latency, T_split (s). */
  readonly collaborative: ParadigmLatency;
  /** Edge-only latency, T_edge (s). */
  readonly edgeOnly: ParadigmLatency;
  /** Terminal-only latency, T_term (s). */
  readonly terminalOnly: ParadigmLatency;
} {
  return latencies(build("paradigmLatencies", params));
}

function latencies(p: Paradigms): ReturnType<typeof paradigmLatencies> {
  const one = (q: Pipeline): ParadigmLatency => {
    const l = pipelineLatency(q);
    return Object.freeze({ inference: l.inference, downlink: l.transfer, total: l.total });
  };
  return Object.freeze({ collaborative: one(p.collaborative), edgeOnly: one(p.edgeOnly), terminalOnly: one(p.terminalOnly) });
}

/** The outcome of one of the paper's conditions. */
export interface Condition {
  /** Whether the inequality holds (collaboration is strictly faster). */
  readonly holds: boolean;
  /** Left-hand side (seconds). */
  readonly lhs: number;
  /** Right-hand side (seconds). */
  readonly rhs: number;
  /** The inequality in LaTeX (symbolic, the paper's notation). */
  readonly tex: string;
  /** The same with the numbers substituted (seconds, 4 significant digits). */
  readonly texNumeric: string;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

/**
 * Paper (13): collaborative beats edge-only iff
 * `(J_img − J_dl)/E[R] > (O_D + O_dec·L_dec)(1/f_UE − 1/f_ES)` — the downlink time the split
 * saves exceeds the extra time the terminal needs for the decoding part. Equivalent to
 * `T_split < T_edge` (up to floating-point ties).
 *
 * @example
 * ```ts
 * const c = collaborativeBeatsEdgeOnly(paperScenario.params);
 * c.holds; // true
 * c.lhs;   // ≈ 0.1321 (s)
 * c.rhs;   // ≈ 0.0822 (s)
 * ```
 */
export function collaborativeBeatsEdgeOnly(params: ParadigmParams): Condition {
  const c = check("collaborativeBeatsEdgeOnly", params);
  const R = c.link.effectiveRate;
  const lhs = transferSeconds(c.Jimg, R) - transferSeconds(c.Jdl, R);
  const rhs = computeSeconds(terminalPart(c), c.fUE) - computeSeconds(terminalPart(c), c.fES);
  return Object.freeze({ holds: lhs > rhs, lhs, rhs, tex: TEX_13.latex, texNumeric: `${fmt(lhs)}\\,\\mathrm{s} ${lhs > rhs ? ">" : "\\le"} ${fmt(rhs)}\\,\\mathrm{s}` });
}

/**
 * Paper (14): collaborative beats terminal-only iff
 * `J_dl/E[R] < (O_E + O_prior·L_prior)(1/f_UE − 1/f_ES)` — sending the latent costs less time
 * than the terminal would lose computing the edge part itself. Equivalent to
 * `T_split < T_term` (up to floating-point ties).
 *
 * @example
 * ```ts
 * collaborativeBeatsTerminalOnly(paperScenario.params).holds; // true
 * ```
 */
export function collaborativeBeatsTerminalOnly(params: ParadigmParams): Condition {
  const c = check("collaborativeBeatsTerminalOnly", params);
  const R = c.link.effectiveRate;
  const lhs = transferSeconds(c.Jdl, R);
  const rhs = computeSeconds(edgePart(c), c.fUE) - computeSeconds(edgePart(c), c.fES);
  return Object.freeze({ holds: lhs < rhs, lhs, rhs, tex: TEX_14.latex, texNumeric: `${fmt(lhs)}\\,\\mathrm{s} ${lhs < rhs ? "<" : "\\ge"} ${fmt(rhs)}\\,\\mathrm{s}` });
}

/**
 * The paper's savings: `η_T = (T_edge − T_split)/T_edge` (latency saved against edge-only,
 * negative when the split is slower) and `η_J = (J_img − J_dl)/J_img` (downlink bits saved).
 * `η_T < 1` always (T_split > 0); `η_J` is 0 when J_img = 0.
 *
 * @example
 * ```ts
 * savings(paperScenario.params); // { etaT: 0.0445, etaJ: 0.8 }
 * ```
 */
export function savings(params: ParadigmParams): {
  /** Latency saving against edge-only, η_T = (T_edge − T_split)/T_edge (dimensionless, < 1; negative when the split is slower). */
  readonly etaT: number;
  /** Downlink bits saved, η_J = (J_img − J_dl)/J_img (dimensionless; 0 when J_img = 0). */
  readonly etaJ: number;
} {
  const c = check("savings", params);
  const t = latencies(build("savings", params));
  const etaT = t.edgeOnly.total > 0 ? (t.edgeOnly.total - t.collaborative.total) / t.edgeOnly.total : 0;
  const etaJ = c.Jimg > 0 ? (c.Jimg - c.Jdl) / c.Jimg : 0;
  return Object.freeze({ etaT, etaJ });
}

/**
 * Which paradigm has the smallest mean latency, with ties resolved in the order
 * collaborative, edge-only, terminal-only.
 */
export function fastestParadigm(params: ParadigmParams): ParadigmKey {
  const t = latencies(build("fastestParadigm", params));
  return PARADIGM_KEYS.reduce<ParadigmKey>((best, k) => (t[k].total < t[best].total ? k : best), PARADIGM_KEYS[0]);
}
