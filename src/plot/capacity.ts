/**
 * Response-time quantile against the arrival rate for the designs of a graph preset family
 * (docs/model.md §11), each design's guaranteed capacity at (deadline, ε) marked.
 *
 * @module
 */

import { checkGraphPipeline } from "../pipeline/graph.js";
import type { GraphPreset } from "../pipeline/index.js";
import { responseTimeQuantile } from "../requests/index.js";
import { maxThroughput } from "../sim/index.js";
import { atMost, inOpen, invalid, positive, positiveInteger, show } from "../util/validate.js";
import { given, optionsOf } from "./check.js";
import { STAGE_COLORS, baseLayout, finiteOrNull, legendNames } from "./style.js";
import type { Figure, Trace } from "./types.js";

/** Options of {@link capacityFigure}. */
export interface CapacityFigureOptions {
  /** The exceedance probability ε of the quantile and the capacity, in (0, 1). Default 1e-4. */
  readonly epsilon?: number;
  /** Rates per curve, 2 … 200 (default 16): each is one bound evaluation per design. */
  readonly points?: number;
}

/**
 * Figure: for each design, the bound on the response time's ε-quantile (the delay exceeded
 * by at most a fraction ε of requests, `responseTimeQuantile`) against λ, from 0 to the
 * design's stability limit; a vertical line at each design's guaranteed capacity at
 * (deadline, ε) (`maxThroughput`, the bound alone) and a horizontal line at the deadline of
 * the first design. The curve crosses the deadline where the capacity line stands. When the
 * designs' rate ranges differ by more than a factor 20 (a shared cloud server against
 * dedicated edge nodes), the λ axis is logarithmic.
 *
 * @param designs - one to five graph presets (e.g. the LLM family), each with its deadline
 * @param opts - epsilon, points
 * @returns a promise of the figure
 * @throws RangeError / TypeError for no design or more than five, a malformed design (named
 *   `designs[i].pipeline.stages[k]…`, `designs[i].lambda`, `designs[i].deadline`), ε outside
 *   (0, 1), points outside 2 … 200
 * @example
 * ```ts
 * const f = await capacityFigure([microservicePreset], { points: 4 });
 * f.data.length; // 3 (the curve, the capacity line, the deadline)
 * ```
 */
export async function capacityFigure(designs: readonly GraphPreset[], opts: CapacityFigureOptions = {}): Promise<Figure> {
  const fn = "capacityFigure";
  if (!Array.isArray(designs) || designs.length === 0 || designs.length > STAGE_COLORS.length) invalid(fn, "designs", `an array of 1 to ${STAGE_COLORS.length} graph presets`, designs);
  designs.forEach((d, i) => {
    const x = optionsOf<GraphPreset>(fn, `designs[${i}]`, d);
    if (typeof x.name !== "string") throw new TypeError(`${fn}: designs[${i}].name must be a string, got ${show(x.name)}`);
    checkGraphPipeline(fn, `designs[${i}].pipeline`, x.pipeline);
    positive(fn, `designs[${i}].lambda`, x.lambda);
    positive(fn, `designs[${i}].deadline`, x.deadline);
  });
  const o = optionsOf<CapacityFigureOptions>(fn, "opts", opts);
  const epsilon = inOpen(fn, "opts.epsilon", given(o.epsilon, 1e-4), 0, 1);
  const n = atMost(fn, "opts.points", positiveInteger(fn, "opts.points", given(o.points, 16)), 200, "one bound evaluation per point and design");
  if (n < 2) invalid(fn, "opts.points", "at least 2", n);
  const data: Trace[] = [];
  const rows: (number | string | null)[][] = [];
  let yMax = 0;
  const tops: number[] = [];
  for (const [j, d] of designs.entries()) {
    const cap = await maxThroughput(d.pipeline, { deadline: d.deadline, epsilon, tolerance: 1e-2 });
    const top = Math.min(cap.stabilityLimit, Math.max(2 * cap.lambda, d.lambda * 2));
    const xs = Array.from({ length: n }, (_, i) => (top * (i + 1)) / (n + 1));
    const ys = xs.map((lambda) => finiteOrNull(responseTimeQuantile(d.pipeline, { lambda }, epsilon).seconds));
    xs.forEach((x, i) => rows.push([d.name, x, ys[i], cap.lambda]));
    tops.push(top);
    yMax = Math.max(yMax, ...ys.filter((y): y is number => y !== null && y < 10 * d.deadline));
    const color = STAGE_COLORS[j];
    data.push({ type: "scatter", mode: "lines+markers", name: `${d.name}: ${epsilon}-quantile bound`, x: xs, y: ys, line: { color, width: 2.5 } });
    data.push({
      type: "scatter", mode: "lines", name: `${d.name}: capacity ${cap.lambda.toPrecision(3)}/s at (${d.deadline} s, ${epsilon})`,
      x: [cap.lambda, cap.lambda], y: [0, 1e6], line: { color, dash: "dot", width: 1.5 }, showlegend: true,
    });
  }
  // Designs whose λ ranges differ by more than a factor 20 (a shared cloud against dedicated
  // edge nodes) share a logarithmic λ axis, from the smallest rate drawn.
  const xMax = Math.max(...tops);
  const xMin = Math.min(...tops) / (n + 1);
  const log = xMax > 20 * Math.min(...tops);
  const deadline = designs[0].deadline;
  data.push({ type: "scatter", mode: "lines", name: `deadline ${deadline} s`, x: [log ? xMin / 2 : 0, 1e9], y: [deadline, deadline], line: { color: "#555555", dash: "dash", width: 1 } });
  const title = `Response-time ${epsilon}-quantile (bound) vs arrival rate, capacity marked`;
  const xAxis = log ? { title: "arrival rate λ (requests/s, log scale)", log: true, range: [Math.log10(xMin / 2), Math.log10(xMax) + 0.05] as [number, number] } : { title: "arrival rate λ (requests/s)", range: [0, xMax] as [number, number] };
  return Object.freeze({
    id: "fig-capacity",
    title,
    data: Object.freeze(data),
    layout: baseLayout(title, xAxis, { title: `delay exceeded by ≤ ${epsilon} of requests (s)`, range: [0, Math.max(yMax, 1.2 * deadline)] }, { legend: legendNames(data) }),
    table: Object.freeze({ columns: ["design", "lambda_per_s", "quantile_bound_s", "capacity_per_s"], rows }),
  });
}
