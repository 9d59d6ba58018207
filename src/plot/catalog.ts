/**
 * The list of figures `edgecalc figures` draws, in order, with their builders — one place
 * that says which figure exists, so the command line, the notebooks and the tests agree.
 *
 * @module
 */

import { PARADIGM_KEYS, type ParadigmKey } from "../compare/index.js";
import { cloudEdgeLlmPreset, llmCloudPreset, llmEdgePreset, microservicePreset, paradigms, type ParadigmScenario } from "../pipeline/index.js";
import { simulateDelays, slotsToSeconds, type RequestSimulation } from "../scenario/index.js";
import { capacityFigure } from "./capacity.js";
import { delayGrid } from "./delays.js";
import { paradigmBoundsFigure, stageViolationFigure } from "./bounds.js";
import { qualityBoundFigure, qualityMapFigure } from "./quality.js";
import { regionMapFigure } from "./regions.js";
import { scoreBreakdownFigure } from "./scores.js";
import { meanSojournFigure } from "./sojourn.js";
import { tightnessFigure } from "./tightness.js";
import { delayModelsFigure } from "./models.js";
import type { Figure } from "./types.js";

/** Options passed to every catalog builder. */
export interface CatalogOptions {
  /** Progress of the current figure, fraction in [0, 1] (simulation figures report it). */
  readonly onProgress?: (fraction: number) => void;
  /** Scale the simulation lengths (default 1; the tests use less). */
  readonly simulationScale?: number;
  /** Grid points per axis of the region map (default 17). */
  readonly regionPoints?: number;
  /** Grid points per axis of the region map's delay panel (default 9: one delay analysis per paradigm and cell). */
  readonly regionDelayPoints?: number;
}

/** One entry of {@link FIGURE_CATALOG}. */
export interface CatalogEntry {
  /** The figure's id (its file-name stem). */
  readonly id: string;
  /** What it shows. */
  readonly title: string;
  /** Builds the figure for a scenario. */
  readonly build: (scenario: ParadigmScenario, opts?: CatalogOptions) => Promise<Figure>;
}

const scaled = (n: number, opts?: CatalogOptions) => Math.max(1000, Math.round(n * (opts?.simulationScale ?? 1)));

/**
 * The Fig. 9 analog's request-level truth: every paradigm whose response time is stable,
 * simulated (seeded) at about 12 of the figure's delay thresholds.
 */
async function requestTruth(s: ParadigmScenario, requests: number, onProgress?: (f: number) => void): Promise<Partial<Record<ParadigmKey, RequestSimulation>>> {
  const delays = delayGrid("paradigmBoundsFigure", s);
  const every = Math.max(1, Math.ceil(delays.length / 12));
  const deadlines = delays.filter((_, i) => i % every === 0).map((d) => slotsToSeconds(d, s.slotSeconds));
  const ps = paradigms(s.params);
  const out: Partial<Record<ParadigmKey, RequestSimulation>> = {};
  for (const [i, k] of PARADIGM_KEYS.entries()) {
    const sim = await simulateDelays(ps[k], s, { model: "request", deadlines, requests, seed: 9 + i, progress: false, ...(onProgress ? { onProgress: (f: number) => onProgress((i + f) / PARADIGM_KEYS.length) } : {}) });
    // An unstable pipeline has no truth to draw: the simulator makes no run and says so.
    if (sim.run.stable) out[k] = sim;
  }
  return out;
}

/** The same figure under the catalog's id (its file-name stem). */
const renamed = (id: string, f: Figure): Figure => Object.freeze({ ...f, id });

const ENTRIES: CatalogEntry[] = [
  { id: "fig07-quality-map", title: "Quality over (L_prior, L_dec) — illustrative", build: async (s) => qualityMapFigure(s) },
  {
    id: "fig08-stage-violation", title: "Per-stage and end-to-end violation: simulation vs bounds",
    build: (s, o) => stageViolationFigure(s, { slots: scaled(400_000, o), requests: scaled(1_000_000, o), ...(o?.onProgress ? { onProgress: o.onProgress } : {}) }),
  },
  {
    id: "fig09-paradigm-bounds", title: "The three paradigms' violation bounds, fluid and request-level",
    build: async (s, o) => paradigmBoundsFigure(s, { simulated: await requestTruth(s, scaled(1_000_000, o), o?.onProgress) }),
  },
  { id: "fig10-quality-bound", title: "Bound against required quality", build: async (s) => qualityBoundFigure(s) },
  {
    id: "fig-region-map", title: "Which paradigm wins over (f_UE, PL)",
    build: async (s, o) => regionMapFigure(s, { points: o?.regionPoints ?? 17, delayPoints: Math.min(o?.regionDelayPoints ?? 9, o?.regionPoints ?? 17) }),
  },
  {
    id: "fig-tightness", title: "Bound vs exact M/G/1 tail vs simulation",
    build: (s, o) => tightnessFigure(s, { customers: scaled(400_000, o), slots: scaled(400_000, o), ...(o?.onProgress ? { onProgress: o.onProgress } : {}) }),
  },
  {
    id: "fig-delay-models", title: "Fluid virtual delay vs request-level response time vs M/G/1 sojourn",
    build: (s, o) => delayModelsFigure(s, { requests: scaled(1_000_000, o), slots: scaled(400_000, o), ...(o?.onProgress ? { onProgress: o.onProgress } : {}) }),
  },
  { id: "fig-mean-sojourn", title: "Mean sojourn vs arrival rate", build: async (s) => meanSojournFigure(s) },
  { id: "fig-score-breakdown", title: "Score breakdown under the presets", build: async (s) => scoreBreakdownFigure(s) },
  // The graph presets (docs/model.md §11) are fixed systems: these two ignore the scenario.
  {
    id: "fig-capacity-llm", title: "LLM designs: response-time quantile bound vs λ, capacity at (3 s, 1e-4)",
    build: async () => renamed("fig-capacity-llm", await capacityFigure([cloudEdgeLlmPreset, llmCloudPreset, llmEdgePreset], { points: 16 })),
  },
  {
    id: "fig-capacity-microservice", title: "Microservice DAG: response-time quantile bound vs λ, capacity at (1 s, 1e-4)",
    build: async () => renamed("fig-capacity-microservice", await capacityFigure([microservicePreset], { points: 12 })),
  },
];

/**
 * Every figure of issue #6 in the order of the paper: Fig. 7, 8, 9, 10 analogs, then the
 * region map, the tightness check, the two delay models against the M/G/1 queue, the mean
 * sojourn against λ and the score breakdown; then the capacity figures of the graph presets
 * (docs/model.md §11: the LLM designs side by side, the microservice DAG), which do not
 * depend on the scenario.
 *
 * @example
 * ```ts
 * FIGURE_CATALOG.map((f) => f.id)[0]; // "fig07-quality-map"
 * ```
 */
export const FIGURE_CATALOG: readonly CatalogEntry[] = Object.freeze(ENTRIES.map((e) => Object.freeze(e)));
