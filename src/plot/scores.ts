/**
 * Score breakdown: each paradigm's weighted-sum score split into its criteria's
 * contributions w_j·r_ij, one panel per scoring preset (docs/model.md §6).
 *
 * @module
 */

import type { ParadigmScenario } from "../pipeline/index.js";
import { scoreParadigms, WEIGHT_PRESETS, type WeightPreset } from "../scores/index.js";
import { axis, frameLayout, legendNames } from "./style.js";
import type { Figure, Trace } from "./types.js";
import { asCaller, checkScenario } from "./check.js";

const CRITERION_COLORS: Readonly<Record<string, string>> = Object.freeze({
  latency: "#0072B2", reliability: "#56B4E9", bandwidth: "#E69F00", compute: "#D55E00",
  storage: "#CC79A7", energy: "#009E73", quality: "#F0E442",
});

/**
 * Figure: stacked bars of the criteria's contributions to each design's weighted-sum score
 * (min–max normalization), under every preset of `WEIGHT_PRESETS` (real-time, offline,
 * balanced). The designs are the three paradigms and two more collaborative step splits,
 * L_prior halved and 1.5× (L_dec kept) — the latency–quality trade-off of the paper's
 * Fig. 7/10; with only two stable paradigms min–max would score every criterion 0 or 1.
 * An unstable design scores 0 and has no bar. A note under the title says that the scores
 * are normalised across these designs, so they differ from `edgecalc score`'s (normalised
 * across the three paradigms).
 *
 * @param scenario - a paradigm scenario
 * @returns the figure
 * @throws RangeError for invalid scenario parameters
 * @example
 * ```ts
 * scoreBreakdownFigure(paperScenario).id; // "fig-score-breakdown"
 * ```
 */
export function scoreBreakdownFigure(scenario: ParadigmScenario): Figure {
  return asCaller("scoreBreakdownFigure", () => {
    checkScenario("scoreBreakdownFigure", scenario);
    const presets = Object.keys(WEIGHT_PRESETS) as WeightPreset[];
    const data: Trace[] = [];
    const rows: (number | string | null)[][] = [];
    const layout: Record<string, unknown> = {};
    const seen = new Set<string>();
    const L = scenario.params.priorSteps;
    const splits = [...new Set([Math.max(1, Math.round(L / 2)), Math.max(1, Math.round(1.5 * L))])]
      .filter((k) => k !== L)
      .map((priorSteps) => ({ priorSteps, decoderSteps: scenario.params.decoderSteps }));
    let designs = 0;
    presets.forEach((preset, m) => {
      const s = scoreParadigms(scenario, { preset, robustness: false, splits });
      designs = s.rows.length;
      const suffix = m === 0 ? "" : String(m + 1);
      // Short tick labels: "collaborative (L_prior=10, L_dec=2)" → "split 10/2".
      const names = s.rows.map((a) => s.alternatives[a].name.replace(/^collaborative \(L_prior=(\d+), L_dec=(\d+)\)$/, "split $1/$2"));
      s.criteria.forEach((c, j) => {
        const ys = s.rows.map((_, r) => s.result?.contributions[r][j] ?? 0);
        names.forEach((n, r) => rows.push([preset, n, c.name, c.weight ?? null, ys[r]]));
        data.push({
          type: "bar", name: c.name, x: names, y: ys, xaxis: `x${suffix}`, yaxis: `y${suffix}`,
          marker: { color: CRITERION_COLORS[c.name] ?? "#999999" }, legendgroup: c.name, showlegend: !seen.has(c.name),
        });
        seen.add(c.name);
      });
      layout[`xaxis${suffix}`] = { ...axis({ title: "" }), domain: [m / presets.length + 0.03, (m + 1) / presets.length - 0.03], anchor: `y${suffix}` };
      layout[`yaxis${suffix}`] = { ...axis({ title: m === 0 ? "score = Σ w·r (weighted sum)" : "", range: [0, 1] }), anchor: `x${suffix}` };
    });
    const title = `Score breakdown under the scoring presets (scenario "${scenario.name}", λ = ${scenario.lambda}/s; unstable designs score 0 and are not drawn)`;
    // Min–max scores depend on which designs are compared: say why `edgecalc score` differs.
    const splitNames = splits.length === 0 ? "" : ` and the step split${splits.length > 1 ? "s" : ""} ${splits.map((x) => `${x.priorSteps}/${x.decoderSteps}`).join(" and ")}`;
    const note =
      `Criteria are min–max normalised across the ${designs} stable designs drawn (the stable paradigms${splitNames}); ` +
      "`edgecalc score` normalises across the three paradigms only, so its scores differ from these.";
    return Object.freeze({
      id: "fig-score-breakdown",
      title,
      data: Object.freeze(data),
      layout: {
        ...layout,
        ...frameLayout({ title, note, legend: legendNames(data), width: 1300, plotHeight: 380, left: 70, right: 20, panelTitles: true }),
        barmode: "stack",
        annotations: presets.map((p, m) => ({ text: `preset: ${p}`, showarrow: false, xref: "paper", yref: "paper", x: (m + 0.5) / presets.length, y: 1.02, xanchor: "center", yanchor: "bottom" })),
      },
      table: Object.freeze({ columns: ["preset", "alternative", "criterion", "weight", "contribution"], rows }),
    });
  });
}
