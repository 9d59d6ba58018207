/**
 * Mean sojourn time against the arrival rate for the three paradigms, each an M/G/1 queue
 * whose service is its pipeline end to end (docs/model.md §3, paper (4)–(5)), with each
 * paradigm's stability limit λ = 1/E[S] drawn as a vertical line.
 *
 * @module
 */

import { PARADIGM_KEYS, PARADIGM_LABELS } from "../compare/index.js";
import { pipelineLatency, serviceDistribution, type ParadigmScenario } from "../pipeline/index.js";
import { mg1 } from "../queueing/index.js";
import { atMost, positiveInteger } from "../util/validate.js";
import { baseLayout, finiteOrNull, legendNames, PARADIGM_COLORS } from "./style.js";
import type { Figure, Trace } from "./types.js";
import { asCaller, checkScenario, given, optionsOf } from "./check.js";

/** Options of {@link meanSojournFigure}. */
export interface MeanSojournOptions {
  /** Points per curve (default 120). */
  readonly points?: number;
}

/**
 * Figure: `E[T](λ) = E[W] + E[S]` (Pollaczek–Khintchine) for each paradigm on a grid of
 * arrival rates up to 1.1 × the largest stability limit; the curves stop where ρ ≥ 1. The
 * scenario's λ is marked.
 *
 * @param scenario - a paradigm scenario (a preset or a parsed scenario file)
 * @param opts - {@link MeanSojournOptions}
 * @returns the figure
 * @throws RangeError for invalid scenario parameters, a non-integer `points` or more than
 *   100 000 (the work limit)
 * @example
 * ```ts
 * meanSojournFigure(paperScenario).data.length; // 7 (3 curves, 3 limits, λ marker)
 * ```
 */
export function meanSojournFigure(scenario: ParadigmScenario, opts: MeanSojournOptions = {}): Figure {
  return asCaller("meanSojournFigure", () => {
    const fn = "meanSojournFigure";
    const o = optionsOf<MeanSojournOptions>(fn, "opts", opts);
    const n = atMost(fn, "points", positiveInteger(fn, "points", given(o.points, 120)), 100_000, "three M/G/1 queues per point");
    const ps = checkScenario(fn, scenario);
    const limits = PARADIGM_KEYS.map((k) => 1 / pipelineLatency(ps[k]).total);
    const lamMax = 1.1 * Math.max(...limits);
    const grid = Array.from({ length: n }, (_, i) => (lamMax * i) / (n - 1 || 1));
    const data: Trace[] = [];
    const rows: (number | string | null)[][] = [];
    let yMax = 0;
    PARADIGM_KEYS.forEach((k, j) => {
      const service = serviceDistribution(ps[k]);
      // Add the limit itself minus a hair so the curve visibly climbs towards its asymptote.
      const xs = [...grid.filter((x) => x < limits[j]), limits[j] * 0.995].sort((a, b) => a - b);
      const ys = xs.map((lam) => finiteOrNull(mg1(lam, service).meanSojourn));
      xs.forEach((x, i) => rows.push([PARADIGM_LABELS[k], x, ys[i]]));
      yMax = Math.max(yMax, ...ys.filter((y): y is number => y !== null && y < 12 * service.mean));
      data.push({ type: "scatter", mode: "lines", name: PARADIGM_LABELS[k], x: xs, y: ys, line: { color: PARADIGM_COLORS[k], width: 2.5 } });
    });
    PARADIGM_KEYS.forEach((k, j) => {
      data.push({
        type: "scatter", mode: "lines", name: `stability limit ${PARADIGM_LABELS[k]} (λ = ${limits[j].toPrecision(3)}/s)`,
        x: [limits[j], limits[j]], y: [0, 1e6], line: { color: PARADIGM_COLORS[k], dash: "dot", width: 1.5 }, showlegend: true,
      });
    });
    data.push({
      type: "scatter", mode: "lines", name: `scenario λ = ${scenario.lambda}/s`,
      x: [scenario.lambda, scenario.lambda], y: [0, 1e6], line: { color: "#555555", dash: "dash", width: 1 },
    });
    const title = `Mean sojourn time vs arrival rate — M/G/1 per paradigm (scenario "${scenario.name}")`;
    return Object.freeze({
      id: "fig-mean-sojourn",
      title,
      data: Object.freeze(data),
      layout: baseLayout(title, { title: "arrival rate λ (requests/s)", range: [0, lamMax] }, { title: "mean sojourn E[T] (s)", range: [0, Math.min(yMax, 12 * Math.max(...limits.map((l) => 1 / l)))] }, { legend: legendNames(data) }),
      table: Object.freeze({ columns: ["paradigm", "lambda_per_s", "mean_sojourn_s"], rows }),
    });
  });
}
