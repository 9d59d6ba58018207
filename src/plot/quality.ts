/**
 * Quality figures. Fig. 7 analog: quality over the step split (L_prior, L_dec) — from the
 * scores module's ILLUSTRATIVE quality function, since the data behind the paper's Fig. 7
 * are not available. Fig. 10 analog: the smallest violation-probability bound a paradigm
 * reaches while meeting a required quality.
 *
 * @module
 */

import { PARADIGM_KEYS, PARADIGM_LABELS } from "../compare/index.js";
import type { ParadigmScenario } from "../pipeline/index.js";
import { paradigmViolations, quantileDeadline, slotsToSeconds } from "../scenario/index.js";
import { slotsOfDeadline } from "../scenario/slots.js";
import { illustrativeQuality, type QualityModel } from "../scores/index.js";
import { atMost, nonNegative, nonNegativeInteger, positiveInteger, show } from "../util/validate.js";
import { FLUID } from "./delays.js";
import { baseLayout, finiteOrNull, legendNames, logValue, PARADIGM_COLORS } from "./style.js";
import type { Figure, Trace } from "./types.js";
import { asCaller, checkScenario, given, optionsOf } from "./check.js";

/** Options of the quality figures. */
export interface QualityOptions {
  /** Largest L_prior on the grid (default 40 for the map, 30 for the bound figure). */
  readonly maxPriorSteps?: number;
  /** Largest L_dec on the grid (default 10 for the map, 8 for the bound figure). */
  readonly maxDecoderSteps?: number;
  /** Quality model (default the scores module's `illustrativeQuality`, which is NOT data). */
  readonly quality?: QualityModel;
}

const ILLUSTRATIVE = "ILLUSTRATIVE quality model, not data";

function qualityModel(fn: string, q: unknown): QualityModel {
  if (q === undefined) return illustrativeQuality;
  if (typeof q !== "function") throw new TypeError(`${fn}: quality must be a quality model function, got ${show(q)}`);
  return q as QualityModel;
}

/**
 * Figure (paper Fig. 7 analog): quality q(L_prior, L_dec) as a heatmap with the scenario's
 * split marked. With the default model the title says it is illustrative.
 *
 * @param scenario - a paradigm scenario
 * @param opts - {@link QualityOptions}
 * @returns the figure
 * @throws RangeError for a negative or non-integer grid bound, or a grid of more than 1e6
 *   cells ((maxPriorSteps + 1)·(maxDecoderSteps + 1), the work limit)
 * @example
 * ```ts
 * qualityMapFigure(paperScenario, { maxPriorSteps: 4, maxDecoderSteps: 2 }).table.rows.length; // 15
 * ```
 */
export function qualityMapFigure(scenario: ParadigmScenario, opts: QualityOptions = {}): Figure {
  return asCaller("qualityMapFigure", () => {
    const fn = "qualityMapFigure";
    const o = optionsOf<QualityOptions>(fn, "opts", opts);
    checkScenario(fn, scenario);
    const lp = nonNegativeInteger(fn, "maxPriorSteps", given(o.maxPriorSteps, 40));
    const ld = nonNegativeInteger(fn, "maxDecoderSteps", given(o.maxDecoderSteps, 10));
    atMost(fn, "maxPriorSteps", lp, 1e6 - 1, "(maxPriorSteps + 1)·(maxDecoderSteps + 1) ≤ 1e6 cells");
    atMost(fn, "maxDecoderSteps", ld, Math.floor(1e6 / (lp + 1)) - 1, `(maxPriorSteps + 1)·(maxDecoderSteps + 1) ≤ 1e6 cells, with maxPriorSteps = ${lp}`);
    const model = qualityModel(fn, o.quality);
    const xs = Array.from({ length: lp + 1 }, (_, i) => i);
    const ys = Array.from({ length: ld + 1 }, (_, i) => i);
    const z = ys.map((d) => xs.map((p) => finiteOrNull(model({ priorSteps: p, decoderSteps: d }))));
    const rows = ys.flatMap((d, i) => xs.map((p, j) => [p, d, z[i][j]] as (number | null)[]));
    const note = opts.quality ? "user quality model" : ILLUSTRATIVE;
    const title = `Quality over the step split (Fig. 7 analog) — ${note}`;
    const data: Trace[] = [
      { type: "heatmap", x: xs, y: ys, z, colorscale: "Viridis", colorbar: { title: { text: "quality" } }, zmin: 0, zmax: 1, name: "quality" },
      {
        type: "contour", x: xs, y: ys, z, showscale: false, contours: { coloring: "none", showlabels: true, start: 0.1, end: 0.9, size: 0.1 },
        line: { color: "#ffffff", width: 1 }, name: "iso-quality", hoverinfo: "skip", showlegend: false,
      },
      // The contours are white to show on the colour map; a white legend line would vanish on the
      // white page, so the legend carries a grey stand-in that says what the lines look like.
      {
        type: "scatter", mode: "lines", x: [null], y: [null], name: "iso-quality lines (white on the map, labelled with q)",
        line: { color: "#7f7f7f", width: 1.5 }, hoverinfo: "skip",
      },
      {
        type: "scatter", mode: "markers", x: [scenario.params.priorSteps], y: [scenario.params.decoderSteps], name: "the scenario's split (L_prior, L_dec)",
        marker: { symbol: "x", size: 14, color: "#ff0000", line: { width: 2 } },
      },
    ];
    return Object.freeze({
      id: "fig07-quality-map",
      title,
      data: Object.freeze(data),
      layout: baseLayout(title, { title: "prior steps L_prior (edge)" }, { title: "decoding steps L_dec (terminal)" }, { legend: legendNames(data) }),
      table: Object.freeze({ columns: ["prior_steps", "decoder_steps", "quality"], rows }),
    });
  });
}

/** Options of {@link qualityBoundFigure}. */
export interface QualityBoundOptions extends QualityOptions {
  /** Deadline, seconds (default `quantileDeadline(scenario, 1e-3)`). */
  readonly deadlineSeconds?: number;
  /** Step of the L_prior grid (default 3). */
  readonly priorStep?: number;
}

/**
 * Figure (paper Fig. 10 analog): for each paradigm, the smallest SNC bound
 * P(D > deadline) (exact sum) over the step splits whose quality meets the requirement,
 * against the required quality. Fewer steps are faster but worse; the curve shows the
 * price of quality in reliability. Required qualities no split reaches are left out.
 *
 * @param scenario - a paradigm scenario (its λ and Δ)
 * @param opts - {@link QualityBoundOptions}
 * @returns the figure
 * @throws RangeError for invalid options, or more than 1e4 designs
 *   ((⌊maxPriorSteps/priorStep⌋ + 1)·(maxDecoderSteps + 1), three SNC bounds each: the work limit)
 * @example
 * ```ts
 * qualityBoundFigure(paperScenario, { maxPriorSteps: 10, maxDecoderSteps: 2, priorStep: 5 }).data.length; // 3
 * ```
 */
export function qualityBoundFigure(scenario: ParadigmScenario, opts: QualityBoundOptions = {}): Figure {
  return asCaller("qualityBoundFigure", () => {
    const fn = "qualityBoundFigure";
    const o = optionsOf<QualityBoundOptions>(fn, "opts", opts);
    checkScenario(fn, scenario);
    const lp = nonNegativeInteger(fn, "maxPriorSteps", given(o.maxPriorSteps, 30));
    const ld = nonNegativeInteger(fn, "maxDecoderSteps", given(o.maxDecoderSteps, 8));
    // An integer step: a tiny real step would never advance p (p + 1e-300 = p).
    const stepP = positiveInteger(fn, "priorStep", given(o.priorStep, 3));
    atMost(fn, "maxPriorSteps", Math.floor(lp / stepP), 1e4 - 1, `(⌊maxPriorSteps/priorStep⌋ + 1)·(maxDecoderSteps + 1) ≤ 1e4 designs, with priorStep = ${stepP}`);
    atMost(fn, "maxDecoderSteps", ld, Math.floor(1e4 / (Math.floor(lp / stepP) + 1)) - 1, `(⌊maxPriorSteps/priorStep⌋ + 1)·(maxDecoderSteps + 1) ≤ 1e4 designs, three SNC bounds each, with maxPriorSteps = ${lp}, priorStep = ${stepP}`);
    const deadline = nonNegative(fn, "deadlineSeconds", o.deadlineSeconds === undefined ? quantileDeadline(scenario, 1e-3, FLUID) : o.deadlineSeconds);
    const model = qualityModel(fn, o.quality);
    const evaluated = slotsToSeconds(slotsOfDeadline(fn, "deadlineSeconds", deadline, scenario.slotSeconds), scenario.slotSeconds);
    const points: { q: number; bound: Record<string, number> }[] = [];
    for (let p = 0; p <= lp; p += stepP) {
      for (let d = 0; d <= ld; d++) {
        const split = { ...scenario, params: { ...scenario.params, priorSteps: p, decoderSteps: d } };
        const v = paradigmViolations(split, deadline, FLUID);
        const bound: Record<string, number> = {};
        for (const k of PARADIGM_KEYS) bound[k] = v[k].probability;
        points.push({ q: model({ priorSteps: p, decoderSteps: d }), bound });
      }
    }
    const qMax = Math.max(0, ...points.map((x) => x.q).filter(Number.isFinite));
    const qs = Array.from({ length: 101 }, (_, i) => (i / 100) * qMax);
    const rows: (number | string | null)[][] = [];
    const data: Trace[] = PARADIGM_KEYS.map((k) => {
      const ys = qs.map((qr) => Math.min(...points.filter((x) => x.q >= qr).map((x) => x.bound[k])));
      qs.forEach((qr, i) => rows.push([k, qr, ys[i]]));
      return { type: "scatter", mode: "lines", name: PARADIGM_LABELS[k], x: qs, y: ys.map(logValue), line: { color: PARADIGM_COLORS[k], width: 2.5, shape: "hv" } };
    });
    const note = opts.quality ? "user quality model" : ILLUSTRATIVE;
    const title = `Reliability vs required quality: min P(D > ${evaluated.toPrecision(3)} s) over step splits (Fig. 10 analog) — ${note}`;
    return Object.freeze({
      id: "fig10-quality-bound",
      title,
      data: Object.freeze(data),
      layout: baseLayout(title, { title: "required quality" }, { title: "smallest bound P(D > deadline)", log: true, range: [-10, 0.1] }, { legend: legendNames(data) }),
      table: Object.freeze({ columns: ["paradigm", "required_quality", "min_bound"], rows }),
    });
  });
}
