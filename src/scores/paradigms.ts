/**
 * Scoring the paper's paradigms (and step splits) end to end from one scenario:
 * scenario → pipelines → metrics → decision matrix → weights → scores → robustness.
 *
 * @module
 */

import { dbmToWattsKernel } from "../channel/units.js";
import { paradigms, type ParadigmKey, type ParadigmParams } from "../pipeline/index.js";
import type { DelayModel } from "../scenario/index.js";
import type { Pipeline } from "../pipeline/index.js";
import { invalid, nonNegative, options, show } from "../util/validate.js";
import { topsis, weightedSum } from "./aggregate.js";
import { sncDelayEngine } from "./delay.js";
import { or } from "./matrix.js";
import { designMetrics, type DelayEngine, type DesignMetrics } from "./metrics.js";
import { illustrativeQuality, type QualityModel, type StepSplit } from "./quality.js";
import { rankRobustness, type Robustness, type RobustnessOptions, type ScoreMethod } from "./robustness.js";
import type { Criterion, DecisionMatrix, Normalization, ScoreResult } from "./types.js";
import { presetWeights, WEIGHT_PRESETS, type StandardCriterion, type WeightPreset } from "./weights.js";

/** The part of a scenario (e.g. the pipeline module's `paperScenario`) that scoring reads. */
export interface ScoringScenario {
  /** Optional label of the scenario, e.g. "paper" (not used in the scoring). */
  readonly name?: string;
  /** Parameters for `paradigms`. */
  readonly params: ParadigmParams;
  /** Poisson arrival rate λ (requests/s). */
  readonly lambda: number;
  /** Slot length Δ (s) for the SNC engine built from `deadline`/`epsilon`. */
  readonly slotSeconds?: number;
  /** The downlink's spec; its `txPowerDbm` is the default transmit power. */
  readonly linkSpec?: {
    /** Downlink transmit power P_dl in dBm; converted to W as 10^{(P − 30)/10}. */
    readonly txPowerDbm?: number;
  };
}

/** Model sizes in bytes of the diffusion model's four parts (docs/model.md §1 names). */
export interface ModelBytes {
  /** Text encoder (runs with O_E). */
  readonly encoder: number;
  /** Prior U-Net (O_prior per step). */
  readonly prior: number;
  /** Decoding U-Net (O_dec per step). */
  readonly decodingUnet: number;
  /** Decoder / feature extractor (O_D). */
  readonly decoder: number;
}

/**
 * ASSUMED model sizes (bytes, fp16) — the paper gives none. Orders of magnitude of an
 * unCLIP-style text-to-image model: a ~120 M-parameter text encoder (0.25 GB), a ~1 B
 * prior (2 GB), a ~3.5 B decoding U-Net (7 GB), ~1 B of decoder/upsamplers (2 GB).
 */
export const ASSUMED_MODEL_BYTES: ModelBytes = Object.freeze({ encoder: 0.25e9, prior: 2e9, decodingUnet: 7e9, decoder: 2e9 });

/**
 * ASSUMED energy figures — the paper gives none: an edge accelerator at ~400 W delivering
 * the scenario's 150 TFLOP/s (2.7e-12 J/FLOP) and a terminal NPU at ~15 W delivering
 * 60 TFLOP/s (2.5e-13 J/FLOP). Transmit power defaults to the scenario's P_dl (Table 3:
 * 31 dBm = 1.2589 W).
 */
export const ASSUMED_ENERGY = Object.freeze({
  /** Edge server energy per operation (J/FLOP): ~400 W at 150 TFLOP/s. */
  edgeJoulesPerFlop: 2.7e-12,
  /** Terminal energy per operation (J/FLOP): ~15 W at 60 TFLOP/s. */
  terminalJoulesPerFlop: 2.5e-13,
});

/** Options of {@link scoreParadigms}; every field has a documented default. */
export interface ScoreParadigmsOptions {
  /** Weights by criterion name (unnamed criteria get 0); give these or `preset`. */
  readonly weights?: Readonly<Partial<Record<StandardCriterion, number>>>;
  /** A scenario preset (default `"balanced"` when no `weights` are given). */
  readonly preset?: WeightPreset;
  /** Divide user weights by their sum instead of requiring Σ w = 1 (default false). */
  readonly normalizeWeights?: boolean;
  /** Extra collaborative step splits to score alongside the three paradigms (default none). */
  readonly splits?: readonly StepSplit[];
  /** Aggregation (default `"weightedSum"`). */
  readonly method?: ScoreMethod;
  /** Normalization (default: `"minMax"` for the weighted sum, `"vector"` for TOPSIS). */
  readonly normalization?: Normalization;
  /** Quality model of a split (default {@link illustrativeQuality}, which is NOT data). */
  readonly quality?: QualityModel;
  /** Delay engine for the reliability criterion 1 − P(delay > deadline) (default: {@link sncDelayEngine} in `model` when `deadline` or `epsilon` is given, else none and no reliability criterion). */
  readonly delayEngine?: DelayEngine;
  /** Deadline (s): builds {@link sncDelayEngine} in `model` (the fluid model with the scenario's `slotSeconds`) (default none). */
  readonly deadline?: number;
  /** ε for the delay quantile reported in each alternative's metrics (default none). */
  readonly epsilon?: number;
  /** The delay model of the engine `deadline`/`epsilon` build (default the scenario layer's `DEFAULT_DELAY_MODEL`). */
  readonly model?: DelayModel;
  /** What the latency criterion measures: `"sojourn"` (M/G/1 E[T], default), `"service"` (E[S]), `"quantile"` (d(ε)). */
  readonly latency?: "sojourn" | "service" | "quantile";
  /** Model sizes (default {@link ASSUMED_MODEL_BYTES}). */
  readonly modelBytes?: ModelBytes;
  /** Energy per FLOP on the edge server (default: the scenario's, else {@link ASSUMED_ENERGY}). */
  readonly edgeJoulesPerFlop?: number;
  /** Energy per FLOP on the terminal (default: the scenario's, else {@link ASSUMED_ENERGY}). */
  readonly terminalJoulesPerFlop?: number;
  /** Downlink transmit power in W (default: from `scenario.linkSpec.txPowerDbm`). */
  readonly txPowerW?: number;
  /** Model-update energy per request, J (default 0). */
  readonly modelUpdateJoules?: number;
  /** The node whose compute and storage are the scarce resource (default `"terminal"`). */
  readonly resourceNode?: string;
  /** Robustness analysis options, or `false` to skip it (default `{ samples: 2000 }`). */
  readonly robustness?: Omit<RobustnessOptions, "method" | "normalization" | "normalizeWeights"> | false;
}

/** One scored alternative. */
export interface ScoredAlternative {
  /** The pipeline's name; an extra split appends "(L_prior=…, L_dec=…)". */
  readonly name: string;
  /** Which of the three paradigms this alternative is (extra splits are `"collaborative"`). */
  readonly paradigm: ParadigmKey;
  /** The step split (L_prior, L_dec) it was built with; the scenario's own for the three paradigms. */
  readonly split: StepSplit;
  /** The pipeline that was scored. */
  readonly pipeline: Pipeline;
  /** Its per-request metrics (latency, bandwidth, compute, storage, energy, quality). */
  readonly metrics: DesignMetrics;
  /** Stable and every criterion finite. */
  readonly feasible: boolean;
  /** Why not ("" when feasible), e.g. "unstable (ρ ≥ 1)". */
  readonly infeasibleReason: string;
  /** Its score (0 when infeasible). */
  readonly score: number;
}

/** What {@link scoreParadigms} returns. */
export interface ParadigmScores {
  /** Every alternative, feasible or not: the three paradigms, then each extra split in `splits` order. */
  readonly alternatives: readonly ScoredAlternative[];
  /** Criteria with the weights used. */
  readonly criteria: readonly Criterion[];
  /** The raw decision matrix of the feasible alternatives (rows in `rows` order). */
  readonly matrix: DecisionMatrix;
  /** `rows[k]` is the alternative index of matrix row k. */
  readonly rows: readonly number[];
  /** The aggregation over the feasible alternatives (indices are matrix rows); null if none is feasible. */
  readonly result: ScoreResult | null;
  /** Alternative indices best first: feasible ones by score, then infeasible ones by index. */
  readonly ranking: readonly number[];
  /** Ranking robustness over the feasible alternatives (alternative indices), when computed. */
  readonly robustness:
    | (Omit<Robustness, "top"> & {
        /** The top alternative under the central weights (an index into `alternatives`). */
        readonly top: number;
      })
    | null;
}

const DIRECTION: Readonly<Record<StandardCriterion, boolean>> = Object.freeze({
  latency: false, reliability: true, bandwidth: false, compute: false, storage: false, energy: false, quality: true,
});

/**
 * Scores the paper's three paradigms — and any collaborative step splits `(L_prior, L_dec)` the
 * user lists — end to end from one scenario (seed 000 §3.2 applied to seed 002 §5).
 *
 * Criteria (docs/model.md §6), per request:
 * - `latency` (cost), s: by `latency` option, the M/G/1 mean sojourn at the scenario's λ
 *   (`"sojourn"`, default), the mean service time of Table 2 (`"service"`), or the delay
 *   quantile d(ε) (`"quantile"`, needs `epsilon` or an engine that reports it);
 * - `reliability` (benefit): 1 − P(delay > deadline) at `deadline` in the delay `model` —
 *   by default the request-level response time (exact where the pipeline's shape allows,
 *   else a valid bound; docs/model.md §9), with `model: "fluid"` the paper's slotted SNC
 *   bound (docs/model.md §4) — or any `delayEngine`'s answer; only when a deadline or
 *   engine is given. A bound is an upper limit on the violation probability, so this is a
 *   guaranteed (pessimistic) reliability; each alternative's `metrics.latency.delay.model`
 *   says which model it is in;
 * - `bandwidth` (cost): downlink bits;
 * - `compute` (cost): FLOPs on `resourceNode` (the terminal by default: edge work is shared
 *   and already priced in latency and energy, the device's is the scarce resource);
 * - `storage` (cost): model bytes kept on `resourceNode`;
 * - `energy` (cost): transmit + compute + model-update joules;
 * - `quality` (benefit): `quality(split)`.
 *
 * An unstable alternative (ρ ≥ 1), or one with a criterion that has no finite value, is
 * infeasible: it is left out of the matrix (so it does not stretch the others' scale),
 * scores 0 and ranks after every feasible one (`feasible`, `infeasibleReason`).
 * Weights: user `weights` by name (checked: ≥ 0, Σ = 1, or normalized on request) or a
 * `preset` renormalized over the criteria present.
 *
 * @param scenario - `{ params, lambda, linkSpec? }`, e.g. the pipeline module's `paperScenario`
 * @param opts - {@link ScoreParadigmsOptions}
 * @returns alternatives with metrics and scores, the matrix, criteria, ranking and robustness
 * @throws RangeError for an unknown preset, a weight naming an unknown or absent criterion,
 *   negative weights or weights not summing to 1, a bad split, or bad scenario parameters
 * @example
 * ```ts
 * const s = scoreParadigms(paperScenario, { preset: "realTime", deadline: 5, splits: [{ priorSteps: 10, decoderSteps: 2 }] });
 * s.alternatives.map((a) => a.name); // ["collaborative", "edge-only", "terminal-only", "collaborative (L_prior=10, L_dec=2)"]
 * s.ranking;                         // [3, 0, 1, 2] — terminal-only (ρ = 1.2 at λ = 0.5) is infeasible
 * ```
 */
export function scoreParadigms(scenario: ScoringScenario, opts: ScoreParadigmsOptions = {}): ParadigmScores {
  // Errors raised by the layers below (paradigms, designMetrics, the SNC engine) keep their
  // own text but are prefixed with this entry point's name, so every message starts with it.
  try {
    return scoreParadigmsUnchecked(scenario, opts);
  } catch (e) {
    if ((e instanceof RangeError || e instanceof TypeError) && !e.message.startsWith("scoreParadigms:")) {
      throw new (e instanceof RangeError ? RangeError : TypeError)(`scoreParadigms: ${e.message}`);
    }
    throw e;
  }
}

function checkArray(fn: string, param: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${param} must be an array, got ${show(value)}`);
  return value;
}

function scoreParadigmsUnchecked(scenario: ScoringScenario, opts: ScoreParadigmsOptions): ParadigmScores {
  const fn = "scoreParadigms";
  const sc = options<ScoringScenario>(fn, "scenario", scenario);
  if (scenario === undefined) invalid(fn, "scenario", "a scenario with params and lambda", scenario);
  if (sc.params === null || typeof sc.params !== "object") throw new TypeError(`${fn}: scenario.params must be an object of paradigm parameters, got ${show(sc.params)}`);
  const lambda = nonNegative(fn, "scenario.lambda", sc.lambda);
  const o = options<ScoreParadigmsOptions>(fn, "options", opts);
  const method = or(o.method, "weightedSum");
  if (method !== "weightedSum" && method !== "topsis") invalid(fn, "method", '"weightedSum" or "topsis"', method);
  const quality = or(o.quality, illustrativeQuality);
  if (typeof quality !== "function") throw new TypeError(`${fn}: quality must be a function of a step split, got ${show(quality)}`);
  const bytes = checkModelBytes(fn, or(o.modelBytes, ASSUMED_MODEL_BYTES));
  const node = or(o.resourceNode, "terminal");
  if (typeof node !== "string" || node === "") invalid(fn, "resourceNode", "a non-empty node name", node);
  const edgeJ = nonNegative(fn, "edgeJoulesPerFlop", or(o.edgeJoulesPerFlop, or(sc.params.edgeJoulesPerFlop, ASSUMED_ENERGY.edgeJoulesPerFlop)));
  const termJ = nonNegative(fn, "terminalJoulesPerFlop", or(o.terminalJoulesPerFlop, or(sc.params.terminalJoulesPerFlop, ASSUMED_ENERGY.terminalJoulesPerFlop)));
  const dbm = sc.linkSpec?.txPowerDbm;
  const txPowerW = o.txPowerW !== undefined ? nonNegative(fn, "txPowerW", o.txPowerW) : typeof dbm === "number" ? dbmToWattsKernel(dbm) : undefined;
  const splits = checkArray(fn, "splits", or(o.splits, [])).map((s, i) => checkSplit(fn, `splits[${i}]`, s));
  const params: ParadigmParams = { ...sc.params, edgeJoulesPerFlop: edgeJ, terminalJoulesPerFlop: termJ };
  const engine = resolveEngine(fn, sc, o);

  // Alternatives: the three paradigms at the scenario's split, then each extra split's collaborative pipeline.
  const base = paradigms(params);
  const baseSplit = Object.freeze({ priorSteps: params.priorSteps, decoderSteps: params.decoderSteps });
  const all = bytes.encoder + bytes.prior + bytes.decodingUnet + bytes.decoder;
  const splitBytes = { edge: bytes.encoder + bytes.prior, terminal: bytes.decodingUnet + bytes.decoder };
  const specs: { name: string; paradigm: ScoredAlternative["paradigm"]; split: StepSplit; pipeline: Pipeline; storage: Record<string, number> }[] = [
    { name: base.collaborative.name, paradigm: "collaborative", split: baseSplit, pipeline: base.collaborative, storage: splitBytes },
    { name: base.edgeOnly.name, paradigm: "edgeOnly", split: baseSplit, pipeline: base.edgeOnly, storage: { edge: all, terminal: 0 } },
    { name: base.terminalOnly.name, paradigm: "terminalOnly", split: baseSplit, pipeline: base.terminalOnly, storage: { edge: 0, terminal: all } },
    ...splits.map((s) => {
      const p = paradigms({ ...params, ...s }).collaborative;
      const name = `${p.name} (L_prior=${s.priorSteps}, L_dec=${s.decoderSteps})`;
      return { name, paradigm: "collaborative" as const, split: s, pipeline: Object.freeze({ ...p, name }), storage: splitBytes };
    }),
  ];
  const metrics = specs.map((s) =>
    designMetrics(s.pipeline, {
      lambda,
      modelBytes: s.storage,
      ...(txPowerW === undefined ? {} : { txPowerW }),
      modelUpdateJoules: or(o.modelUpdateJoules, 0),
      quality: checkQuality(fn, quality(s.split), s.split),
      ...(engine === undefined ? {} : { delayEngine: engine }),
    }),
  );

  const latencyMeasure = or(o.latency, "sojourn");
  if (!["sojourn", "service", "quantile"].includes(latencyMeasure)) invalid(fn, "latency", '"sojourn", "service" or "quantile"', latencyMeasure);
  if (latencyMeasure === "quantile" && engine === undefined) invalid(fn, "latency", '"sojourn" or "service" unless epsilon or a delayEngine gives a quantile', latencyMeasure);
  const stableRows = metrics.map((m, i) => (m.latency.stable ? i : -1)).filter((i) => i >= 0);
  const hasReliability =
    engine !== undefined && stableRows.length > 0 && stableRows.every((i) => metrics[i].latency.delay?.violationProbability !== undefined);
  const names: StandardCriterion[] = ["latency", ...(hasReliability ? (["reliability"] as const) : []), "bandwidth", "compute", "storage", "energy", "quality"];
  const value = (m: DesignMetrics, c: StandardCriterion): number => {
    switch (c) {
      case "latency":
        return latencyMeasure === "service" ? m.latency.meanService : latencyMeasure === "quantile" ? (m.latency.delay?.delayQuantile ?? Infinity) : m.latency.meanSojourn;
      case "reliability": return 1 - (m.latency.delay?.violationProbability ?? 1);
      case "bandwidth": return m.bandwidthBits;
      case "compute": return m.computeFlops[node] ?? 0;
      case "storage": return m.storageBytes[node] ?? 0;
      case "energy": return m.energy.total;
      case "quality": return m.quality ?? 0;
    }
  };
  const weights = resolveWeights(fn, names, o);
  const criteria: Criterion[] = names.map((n, j) => Object.freeze({ name: n, benefit: DIRECTION[n], weight: weights[j] }));
  const values = metrics.map((m) => names.map((n) => value(m, n)));
  // Infeasible: unstable, or a criterion with no finite value (e.g. a delay quantile beyond the engine's range).
  const infeasible = metrics.map((m, i) => (!m.latency.stable ? "unstable (ρ ≥ 1)" : values[i].every(Number.isFinite) ? "" : `no finite ${names[values[i].findIndex((v) => !Number.isFinite(v))]}`));
  const rows = metrics.map((_, i) => (infeasible[i] === "" ? i : -1)).filter((i) => i >= 0);
  const matrix = Object.freeze(rows.map((i) => Object.freeze(values[i])));
  const aggregate = method === "topsis" ? topsis : weightedSum;
  const agg = rows.length === 0 ? null : aggregate(matrix, criteria, { ...(o.normalization ? { normalization: o.normalization } : {}) });

  const scores = metrics.map(() => 0);
  rows.forEach((i, k) => (scores[i] = agg!.scores[k]));
  const infeasibleRows = metrics.map((_, i) => i).filter((i) => infeasible[i] !== "");
  const ranking = [...(agg ? agg.ranking.map((k) => rows[k]) : []), ...infeasibleRows];

  let robustness: ParadigmScores["robustness"] = null;
  if (o.robustness !== false && rows.length > 0) {
    const r = rankRobustness(matrix, criteria, {
      samples: 2000,
      ...options<RobustnessOptions>(fn, "robustness", o.robustness),
      method,
      ...(o.normalization ? { normalization: o.normalization } : {}),
    });
    const p = metrics.map(() => 0);
    rows.forEach((i, k) => (p[i] = r.probabilityFirst[k]));
    const se = metrics.map(() => 0);
    rows.forEach((i, k) => (se[i] = r.standardError[k]));
    robustness = Object.freeze({
      ...r,
      top: rows[r.top],
      probabilityFirst: Object.freeze(p),
      standardError: Object.freeze(se),
      critical: Object.freeze({
        ...r.critical,
        top: rows[r.critical.top],
        challenger: r.critical.challenger >= 0 ? rows[r.critical.challenger] : -1,
      }),
    });
  }

  return Object.freeze({
    alternatives: Object.freeze(
      specs.map((s, i) =>
        Object.freeze({
          name: s.name, paradigm: s.paradigm, split: s.split, pipeline: s.pipeline, metrics: metrics[i],
          feasible: infeasible[i] === "", infeasibleReason: infeasible[i], score: scores[i],
        }),
      ),
    ),
    criteria: Object.freeze(criteria),
    matrix,
    rows: Object.freeze(rows),
    result: agg,
    ranking: Object.freeze(ranking),
    robustness,
  });
}

function resolveEngine(fn: string, sc: ScoringScenario, o: ScoreParadigmsOptions): DelayEngine | undefined {
  if (o.delayEngine !== undefined) {
    if (typeof o.delayEngine !== "function") throw new TypeError(`${fn}: delayEngine must be a function, got ${show(o.delayEngine)}`);
    if (o.deadline !== undefined || o.epsilon !== undefined) invalid(fn, "deadline", "omitted when a delayEngine is given", o.deadline ?? o.epsilon);
    return o.delayEngine;
  }
  if (o.deadline === undefined && o.epsilon === undefined) return undefined;
  if (o.model === "fluid" && sc.slotSeconds === undefined) invalid(fn, "scenario.slotSeconds", 'a slot length in s > 0 (needed by the "fluid" delay model)', sc.slotSeconds);
  return sncDelayEngine({
    ...(sc.slotSeconds === undefined ? {} : { slotSeconds: sc.slotSeconds }),
    ...(o.deadline === undefined ? {} : { deadline: o.deadline }),
    ...(o.epsilon === undefined ? {} : { epsilon: o.epsilon }),
    ...(o.model === undefined ? {} : { model: o.model }),
  });
}

function resolveWeights(fn: string, names: readonly StandardCriterion[], o: ScoreParadigmsOptions): readonly number[] {
  if (o.weights !== undefined) {
    if (o.preset !== undefined) invalid(fn, "preset", "omitted when weights are given", o.preset);
    const w = options<Record<string, unknown>>(fn, "weights", o.weights);
    for (const k of Object.keys(w)) {
      if (!names.includes(k as StandardCriterion)) {
        invalid(fn, `weights.${k}`, `the weight of a criterion present (${names.join(", ")})`, w[k]);
      }
    }
    const raw = names.map((n) => (w[n] === undefined ? 0 : nonNegative(fn, `weights.${n}`, w[n])));
    const sum = raw.reduce((a, b) => a + b, 0);
    if (o.normalizeWeights) {
      if (!(sum > 0)) invalid(fn, "weights", "not all zero (to be normalized)", raw);
      return raw.map((x) => x / sum);
    }
    if (!(Math.abs(sum - 1) <= 1e-9)) throw new RangeError(`${fn}: weights must sum to 1 (or pass normalizeWeights: true), got sum ${sum} for ${show(w)}`);
    return raw;
  }
  const preset = or(o.preset, "balanced");
  if (!Object.prototype.hasOwnProperty.call(WEIGHT_PRESETS, preset)) {
    invalid(fn, "preset", `one of ${Object.keys(WEIGHT_PRESETS).map((k) => `"${k}"`).join(", ")}`, preset);
  }
  return presetWeights(preset, names);
}

function checkSplit(fn: string, param: string, s: unknown): StepSplit {
  const v = options<StepSplit>(fn, param, s);
  const lp = v.priorSteps;
  const ld = v.decoderSteps;
  if (!(Number.isSafeInteger(lp) && lp >= 0)) invalid(fn, `${param}.priorSteps`, "a non-negative integer", lp);
  if (!(Number.isSafeInteger(ld) && ld >= 0)) invalid(fn, `${param}.decoderSteps`, "a non-negative integer", ld);
  return Object.freeze({ priorSteps: lp, decoderSteps: ld });
}

function checkModelBytes(fn: string, b: unknown): ModelBytes {
  const v = options<ModelBytes>(fn, "modelBytes", b);
  return Object.freeze({
    encoder: nonNegative(fn, "modelBytes.encoder", v.encoder),
    prior: nonNegative(fn, "modelBytes.prior", v.prior),
    decodingUnet: nonNegative(fn, "modelBytes.decodingUnet", v.decodingUnet),
    decoder: nonNegative(fn, "modelBytes.decoder", v.decoder),
  });
}

function checkQuality(fn: string, q: unknown, split: StepSplit): number {
  if (!(typeof q === "number" && q >= 0 && q <= 1)) {
    invalid(fn, `quality(${show(split)})`, "a number in [0, 1]", q);
  }
  return q as number;
}

