/**
 * Who wins where: the paradigm with the smallest mean latency ((13)/(14)), the smallest
 * M/G/1 mean sojourn, and the smallest probability of missing a deadline — in the request
 * model (default) the response time's exact value or valid bound (docs/model.md §9), in the
 * fluid model the paper's SNC bound (docs/model.md §4) — over a grid of terminal speeds f_UE
 * and downlink path losses PL (docs/model.md §5, "map the regions").
 *
 * @module
 */

import { rayleighLink } from "../channel/index.js";
import { PARADIGM_KEYS, PARADIGM_LABELS, type ParadigmKey } from "../compare/index.js";
import { paradigms, type ParadigmParams, type ParadigmScenario } from "../pipeline/index.js";
import { meanLatency, pipelineMg1, quantileDeadline, slotsToSeconds, violationBound, type DelayModel } from "../scenario/index.js";
import { checkLoad, delayModelOption } from "../scenario/delay.js";
import { slotsOfDeadline } from "../scenario/slots.js";
import { atMost, finite, nonNegative, nonNegativeInteger, positive, positiveInteger } from "../util/validate.js";
import { axis, frameLayout, legendNames, PARADIGM_COLORS, plotlyText } from "./style.js";
import type { Figure, Trace } from "./types.js";
import { asCaller, checkScenario, given, optionsOf, pair } from "./check.js";

/** Options of {@link regionMapFigure}. */
export interface RegionMapOptions {
  /** Grid points per axis (default 21). */
  readonly points?: number;
  /** Terminal speed range f_UE (FLOP/s), log-spaced (default [f_UE/10, 2·f_ES] of the scenario). */
  readonly terminalFlopsRange?: readonly [number, number];
  /** Path-loss range PL (dB) (default [PL − 40, PL + 20] of the scenario). */
  readonly pathLossRange?: readonly [number, number];
  /** Deadline for the violation criterion, seconds (default `quantileDeadline(scenario, 1e-3, { model })`: the best paradigm's 10⁻³ quantile at the scenario's point). */
  readonly deadlineSeconds?: number;
  /** The delay model of the violation panel (default the scenario layer's `DEFAULT_DELAY_MODEL`, `"request"`). */
  readonly model?: DelayModel;
  /** Grid points per axis of the violation panel (default `points`): one delay analysis per paradigm and cell. */
  readonly delayPoints?: number;
}

/** What the violation panel's title calls the probability in each model. */
const VIOLATION_TITLES: Readonly<Record<DelayModel, (deadline: string) => string>> = Object.freeze({
  request: (d: string) => `request model: response time P(T > ${d} s)`,
  fluid: (d: string) => `fluid model: SNC bound P(D > ${d} s)`,
});

/** The three criteria of the map. */
export const REGION_CRITERIA = Object.freeze(["latency", "sojourn", "violation"] as const);

/**
 * The winner at one point of the map under each criterion; `null` when no paradigm qualifies
 * (every one unstable, or every value 1 at the deadline). The violation criterion is in
 * `opts.model` (default `"request"`: the response time at the deadline `deadlineSlots·Δ`
 * seconds; `"fluid"`: the slotted SNC bound at `deadlineSlots`).
 *
 * @param params - paradigm parameters
 * @param lambda - arrival rate λ (request/s)
 * @param slotSeconds - slot length Δ (s)
 * @param deadlineSlots - deadline T0 in slots (integer)
 * @param opts - `{ model, violation }`: the delay model; `violation: false` skips that criterion (null)
 * @returns the winner per criterion
 * @example
 * ```ts
 * regionWinners(paperScenario.params, 0.5, 0.1, 20).latency; // "collaborative"
 * ```
 */
export function regionWinners(
  params: ParadigmParams,
  lambda: number,
  slotSeconds: number,
  deadlineSlots: number,
  opts: { readonly model?: DelayModel; readonly violation?: boolean } = {},
): Readonly<Record<(typeof REGION_CRITERIA)[number], ParadigmKey | null>> {
  return asCaller("regionWinners", () => {
    const fn = "regionWinners";
    const ps = asCaller(fn, () => paradigms(params));
    const o = optionsOf<{ model?: DelayModel; violation?: boolean }>(fn, "opts", opts);
    const model = delayModelOption(fn, o.model);
    const withViolation = o.violation !== false;
    // The slot is the deadline's unit here in both models; λ > 0 is required by the request model only when its criterion runs.
    positive(fn, "slotSeconds", slotSeconds);
    const load = checkLoad(fn, { lambda, slotSeconds }, "", withViolation ? model : "fluid");
    nonNegativeInteger(fn, "deadlineSlots", deadlineSlots);
    const latency: Record<string, number> = {};
    const sojourn: Record<string, number> = {};
    const violation: Record<string, number> = {};
    const deadline = slotsToSeconds(deadlineSlots, slotSeconds);
    for (const k of PARADIGM_KEYS) {
      latency[k] = meanLatency(ps[k]);
      sojourn[k] = pipelineMg1(ps[k], lambda).meanSojourn;
      if (!withViolation) continue;
      const b = violationBound(ps[k], load, deadline, { model });
      // A vacuous bound (1) says nothing: it cannot make a paradigm win.
      violation[k] = b.probability < 1 ? b.probability : Infinity;
    }
    const argmin = (v: Record<string, number>): ParadigmKey | null => {
      let best: ParadigmKey | null = null;
      for (const k of PARADIGM_KEYS) if (Number.isFinite(v[k]) && (best === null || v[k] < v[best])) best = k;
      return best;
    };
    return Object.freeze({ latency: argmin(latency), sojourn: argmin(sojourn), violation: withViolation ? argmin(violation) : null });
  });
}

/** `f()`, or null when it is refused for a stated work limit (the project's "(work limit: …)" RangeErrors). */
function beyondWorkLimit<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError && e.message.includes("(work limit:")) return null;
    throw e;
  }
}

const logGrid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo * Math.pow(hi / lo, i / (n - 1 || 1)));
const linGrid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1 || 1));

/**
 * Figure: three maps over (f_UE, PL) coloured by the winning paradigm — by mean latency
 * (the paper's (13)/(14)), by M/G/1 mean sojourn at the scenario's λ, and by the probability
 * of missing a deadline in the delay model: by default the request-level response time
 * P(T > deadline) (exact or a valid bound, docs/model.md §9), with `model: "fluid"` the SNC
 * bound P(D > deadline) (exact-sum form) — with the scenario marked; the panel's title names
 * the model. White cells: no paradigm is stable (sojourn), every value is 1 (violation), or
 * the cell's delay analysis is beyond its stated work limit (violation; the table says
 * "beyond work limit"); the legend says so. The violation panel may use a coarser grid
 * (`delayPoints`).
 *
 * @param scenario - a paradigm scenario
 * @param opts - {@link RegionMapOptions}
 * @returns the figure (three heatmap panels)
 * @throws RangeError for invalid options or scenario parameters, an unknown model, or
 *   `points`/`delayPoints` above 200 (points² cells, three queues and bounds each: the work limit)
 * @example
 * ```ts
 * regionMapFigure(paperScenario, { points: 5 }).table.rows.length; // 75 (25 cells × 3 criteria)
 * ```
 */
export function regionMapFigure(scenario: ParadigmScenario, opts: RegionMapOptions = {}): Figure {
  return asCaller("regionMapFigure", () => {
    const fn = "regionMapFigure";
    const o = optionsOf<RegionMapOptions>(fn, "opts", opts);
    const n = atMost(fn, "points", positiveInteger(fn, "points", given(o.points, 21)), 200, "points² ≤ 40 000 cells, three M/G/1 queues and SNC bounds each");
    checkScenario(fn, scenario, { link: true });
    const p = scenario.params;
    const [fLo, fHi] = pair(fn, "terminalFlopsRange", o.terminalFlopsRange) ?? [p.terminalFlops / 10, 2 * p.edgeFlops];
    const [plLo, plHi] = pair(fn, "pathLossRange", o.pathLossRange) ?? [scenario.linkSpec.pathLossDb - 40, scenario.linkSpec.pathLossDb + 20];
    positive(fn, "terminalFlopsRange[0]", fLo);
    positive(fn, "terminalFlopsRange[1]", fHi);
    finite(fn, "pathLossRange[0]", plLo);
    finite(fn, "pathLossRange[1]", plHi);
    const model = delayModelOption(fn, o.model, "model");
    const nd = atMost(fn, "delayPoints", positiveInteger(fn, "delayPoints", given(o.delayPoints, n)), 200, "delayPoints² cells, one delay analysis per paradigm each");
    const deadline = nonNegative(fn, "deadlineSeconds", o.deadlineSeconds === undefined ? quantileDeadline(scenario, 1e-3, { model }) : o.deadlineSeconds);
    const slots = slotsOfDeadline(fn, "deadlineSeconds", deadline, scenario.slotSeconds);
    // Per panel its grid: the violation panel's may be coarser (one delay analysis per paradigm and cell).
    const grids = REGION_CRITERIA.map((c) => {
      const k = c === "violation" ? nd : n;
      return { fs: logGrid(fLo, fHi, k), pls: linGrid(plLo, plHi, k) };
    });
    const z = grids.map((g) => g.pls.map(() => g.fs.map((): number | null => null)));
    const rows: (number | string | null)[][] = [];
    REGION_CRITERIA.forEach((c, m) => {
      const { fs, pls } = grids[m];
      pls.forEach((pl, i) => {
        const link = rayleighLink({ ...scenario.linkSpec, pathLossDb: pl });
        fs.forEach((f, j) => {
          const cell = { ...p, terminalFlops: f, link };
          const args = [cell, scenario.lambda, scenario.slotSeconds, slots, { model, violation: c === "violation" }] as const;
          // A cell whose delay analysis is beyond its stated work limit (e.g. a transfer of more
          // than the request law's coherence intervals on a very poor link) is a state of that
          // cell: left white and named in the table, not an error for the whole map.
          const w = c === "violation" ? beyondWorkLimit(() => regionWinners(...args)) : regionWinners(...args);
          const winner = w === null ? null : w[c];
          z[m][i][j] = winner === null ? null : PARADIGM_KEYS.indexOf(winner);
          rows.push([c, f, pl, w === null ? "beyond work limit" : winner === null ? "none" : winner, c === "violation" ? model : ""]);
        });
      });
    });
    const c = PARADIGM_KEYS.map((k) => PARADIGM_COLORS[k]);
    const colorscale = [[0, c[0]], [1 / 3, c[0]], [1 / 3, c[1]], [2 / 3, c[1]], [2 / 3, c[2]], [1, c[2]]];
    const panelTitles = [
      "mean latency (paper (13)/(14))",
      `M/G/1 mean sojourn at λ = ${scenario.lambda}/s`,
      VIOLATION_TITLES[model](slotsToSeconds(slots, scenario.slotSeconds).toPrecision(3)),
    ];
    const data: Trace[] = [];
    REGION_CRITERIA.forEach((_, m) => {
      const suffix = m === 0 ? "" : String(m + 1);
      data.push({
        type: "heatmap", x: grids[m].fs.map((f) => f / 1e12), y: grids[m].pls, z: z[m], zmin: 0, zmax: 2, colorscale, showscale: false,
        xaxis: `x${suffix}`, yaxis: `y${suffix}`, name: panelTitles[m],
        hovertemplate: "f_UE %{x:.3g} TFLOP/s<br>PL %{y:.1f} dB<extra>%{z}</extra>",
      });
      data.push({
        type: "scatter", mode: "markers", x: [p.terminalFlops / 1e12], y: [scenario.linkSpec.pathLossDb], xaxis: `x${suffix}`, yaxis: `y${suffix}`,
        marker: { symbol: "x", size: 12, color: "#000000", line: { width: 2 } }, name: "the scenario (f_UE, PL)", showlegend: m === 0,
      });
    });
    PARADIGM_KEYS.forEach((k) => {
      data.push({ type: "scatter", mode: "markers", x: [null], y: [null], marker: { symbol: "square", size: 14, color: PARADIGM_COLORS[k] }, name: `${PARADIGM_LABELS[k]} wins` });
    });
    // Cells with no winner are left white (null): say what white means.
    data.push({
      type: "scatter", mode: "markers", x: [null], y: [null],
      name: `no winner: every paradigm unstable (sojourn), or every P(miss) = 1 or beyond the analysis' work limit (${model} model)`,
      marker: { symbol: "square", size: 14, color: "#ffffff", line: { color: "#444444", width: 1 } },
    });
    const title = `Which paradigm wins — terminal speed × path loss (scenario "${scenario.name}")`;
    const layout: Record<string, unknown> = {
      ...frameLayout({ title, legend: legendNames(data), width: 1300, plotHeight: 320, left: 70, right: 20, panelTitles: true }),
      annotations: panelTitles.map((t, m) => ({
        text: plotlyText(t), showarrow: false, xref: "paper", yref: "paper", x: (m + 0.5) / 3, y: 1.02, xanchor: "center", yanchor: "bottom", font: { size: 13 },
      })),
    };
    REGION_CRITERIA.forEach((_, m) => {
      const suffix = m === 0 ? "" : String(m + 1);
      layout[`xaxis${suffix}`] = { ...axis({ title: "terminal speed f_UE (TFLOP/s)", log: true }), domain: [m / 3 + 0.02, (m + 1) / 3 - 0.03], anchor: `y${suffix}` };
      layout[`yaxis${suffix}`] = { ...axis({ title: m === 0 ? "path loss PL (dB)" : "" }), anchor: `x${suffix}` };
    });
    return Object.freeze({
      id: "fig-region-map",
      title,
      data: Object.freeze(data),
      layout,
      table: Object.freeze({ columns: ["criterion", "terminal_flops_per_s", "path_loss_db", "winner", "delay_model"], rows }),
    });
  });
}
