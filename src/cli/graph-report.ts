/**
 * `edgecalc report --scenario <graph preset or graph scenario file>` (docs/model.md §11): for each design of a
 * graph preset family — the cloud-LLM/edge-SLM designs side by side, or the microservice
 * DAG alone — the paper-style mean latency, the simulated mean response time at the
 * preset's λ, the probability of meeting the deadline (guaranteed by the bound, and
 * simulated), the capacity at (deadline, 1e-4) from the bound, and the latency reduction
 * against the alternatives.
 *
 * @module
 */

import { type GraphPreset, graphPresets } from "../pipeline/index.js";
import { pipelineLatency } from "../pipeline/stages.js";
import { responseTimeBound } from "../requests/index.js";
import { maxThroughput, simulateRequests } from "../sim/index.js";
import { num, table } from "./format.js";

/** The designs reported together for a preset name (the LLM family side by side). */
export function graphPresetFamily(name: string): GraphPreset[] | null {
  if (!Object.hasOwn(graphPresets, name)) return null;
  if (name.startsWith("llm-")) return [graphPresets["llm-collaborative"], graphPresets["llm-cloud"], graphPresets["llm-edge"]];
  return [graphPresets[name]];
}

/** Options of {@link graphReport}. */
export interface GraphReportOptions {
  /** Simulated requests per design (default 2e5). */
  readonly requests?: number;
  /** Seed of the simulations (default 1). */
  readonly seed?: number;
  /** Exceedance probability of the capacity (default 1e-4). */
  readonly epsilon?: number;
}

/** The report's text for a family of designs. */
export async function graphReport(designs: readonly GraphPreset[], opts: GraphReportOptions = {}): Promise<string> {
  const requests = opts.requests ?? 2e5;
  const seed = opts.seed ?? 1;
  const epsilon = opts.epsilon ?? 1e-4;
  const rows = [];
  for (const d of designs) {
    const mean = pipelineLatency(d.pipeline);
    const sim = await simulateRequests({ pipeline: d.pipeline, lambda: d.lambda, requests, seed, times: [d.deadline], quantiles: [] });
    const b = responseTimeBound(d.pipeline, { lambda: d.lambda }, d.deadline);
    const cap = await maxThroughput(d.pipeline, { deadline: d.deadline, epsilon, tolerance: 1e-2 });
    rows.push({ d, mean, sim, b, cap });
  }
  const lines: string[] = [];
  const first = designs[0];
  lines.push(`Graph preset report: λ = ${num(first.lambda)} request/s, deadline ${num(first.deadline)} s (docs/model.md §11)`);
  lines.push(
    table(
      ["design", "mean (paper-style)", "E[T] simulated", "P(T ≤ d) guaranteed", "P(T ≤ d) simulated", `capacity at (d, ${epsilon})`],
      rows.map(({ d, mean, sim, b, cap }) => [
        d.name,
        `${num(mean.total)} s${mean.approximate ? " (max of branch means)" : ""}`,
        sim.stable ? `${num(sim.endToEnd.mean.value)} ± ${num(sim.endToEnd.mean.halfWidth, 2)} s` : "unstable",
        b.stable ? `≥ ${num(1 - b.probability)} (${b.method})` : "unstable",
        sim.stable ? `${num(1 - sim.endToEnd.tails[0].value)} [${num(1 - sim.endToEnd.tails[0].upper)}, ${num(1 - sim.endToEnd.tails[0].lower)}]` : "0",
        `${num(cap.lambda)} /s (stable below ${num(cap.stabilityLimit)})`,
      ]),
    ),
  );
  if (rows.length > 1) {
    const head = rows[0];
    for (const other of rows.slice(1)) {
      const sim = head.sim.stable && other.sim.stable ? 1 - head.sim.endToEnd.mean.value / other.sim.endToEnd.mean.value : NaN;
      const paper = 1 - head.mean.total / other.mean.total;
      const capRatio = head.cap.lambda / other.cap.lambda;
      lines.push(
        `${head.d.name} vs ${other.d.name}: mean latency ${pct(sim)} lower simulated at λ (${pct(paper)} paper-style); guaranteed capacity ${num(capRatio, 3)}×`,
      );
    }
  }
  const assumed = first.values.filter((v) => v.source.startsWith("assumed")).map((v) => v.name);
  lines.push(
    first.values.length === 0
      ? "Values as given in the scenario file."
      : `Assumptions and sources: ${assumed.join("; ")} are assumed; the rest from the sources listed in src/pipeline/presets.ts.`,
  );
  return lines.join("\n") + "\n";
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "n/a");
