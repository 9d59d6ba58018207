/**
 * The text report of the main job on a paradigm scenario: the three paradigms' latencies,
 * who wins and why ((13)/(14) with both sides), η_T and η_J, and M/G/1 at the scenario's
 * arrival rate — including a case where queueing changes the winner.
 *
 * @module
 */

import { compareParadigms, PARADIGM_KEYS, PARADIGM_LABELS } from "../compare/index.js";
import { paradigmLatencies, type ParadigmScenario } from "../pipeline/index.js";
import { DEFAULT_DELAY_MODEL, type DelayModel } from "../scenario/index.js";
import { num, table } from "./format.js";

/** The report's delay-tail section: what each model measures, in the report's words. */
const TAIL_HEADINGS: Readonly<Record<DelayModel, string>> = Object.freeze({
  request: "Delay tail — request-level response time T (model \"request\": atomic requests, store-and-forward, FIFO at each resource; docs/model.md §9)",
  fluid: "Delay tail — fluid virtual delay D (model \"fluid\": the paper's slotted model (6)–(12), cut-through stages; docs/model.md §4)",
});

/**
 * Builds the report for a scenario.
 *
 * @param scenario - the scenario
 * @param opts - `{ model }`: the delay model of the delay-tail section (default `"request"`)
 * @returns the report's text
 * @example
 * ```ts
 * paradigmReport(paperScenario).split("\n")[0]; // 'edgecalc report — scenario "paper"'
 * ```
 */
export function paradigmReport(scenario: ParadigmScenario, opts: { readonly model?: DelayModel } = {}): string {
  const model = opts.model ?? DEFAULT_DELAY_MODEL;
  const out: string[] = [];
  const p = scenario.params;
  const link = p.link as unknown as { meanSnr?: number; meanRate?: number; effectiveRate: number };
  out.push(`edgecalc report — scenario "${scenario.name}"`, scenario.description, "");
  out.push("Values (Table 3 of the paper, and every value the paper does not give, marked assumed):");
  out.push(table(["quantity", "value", "unit", "source"], scenario.values.map((v) => [v.name, num(v.value), v.unit, v.source])));
  out.push("The equations, the paper's errata and the assumed values: docs/model.md (in the edgecalc package).", "");
  if (link.meanSnr !== undefined && link.meanRate !== undefined) {
    out.push(
      `Downlink: mean SNR γ̄ = ${num(10 * Math.log10(link.meanSnr))} dB, E[R] = B·e^{1/γ̄}·E1(1/γ̄)/ln 2 = ${num(link.meanRate / 1e6)} Mbit/s, R_eff = ${num(link.effectiveRate / 1e6)} Mbit/s.`,
      "",
    );
  }

  const t = paradigmLatencies(p);
  out.push("Mean latency per paradigm (Table 2; transfer time J/E[R], the ergodic approximation):");
  out.push(
    table(
      ["paradigm", "inference (s)", "downlink (s)", "total (s)"],
      PARADIGM_KEYS.map((k) => [PARADIGM_LABELS[k], num(t[k].inference), num(t[k].downlink), num(t[k].total)]),
    ),
  );
  const c = compareParadigms(p, scenario.lambda, { model, ...(model === "fluid" ? { slotSeconds: scenario.slotSeconds } : {}) });
  out.push("");
  out.push(`Fastest by mean latency: ${PARADIGM_LABELS[c.winnerByLatency]}.`);
  const e = c.beatsEdgeOnly;
  const m = c.beatsTerminalOnly;
  out.push(
    `  (13) collaborative beats edge-only iff (J_img − J_dl)/E[R] > (O_D + O_dec·L_dec)(1/f_UE − 1/f_ES):`,
    `       ${num(e.lhs)} s ${e.holds ? ">" : "≤"} ${num(e.rhs)} s → ${e.holds ? "holds" : "fails"}: the split ${e.holds ? "saves more downlink time than the terminal loses decoding" : "loses more decoding time on the terminal than it saves on the downlink"}.`,
    `  (14) collaborative beats terminal-only iff J_dl/E[R] < (O_E + O_prior·L_prior)(1/f_UE − 1/f_ES):`,
    `       ${num(m.lhs)} s ${m.holds ? "<" : "≥"} ${num(m.rhs)} s → ${m.holds ? "holds" : "fails"}: sending the latent ${m.holds ? "costs less than" : "costs more than"} running the prior steps on the terminal.`,
    `  Savings against edge-only: η_T = ${num(100 * c.savings.etaT)} % latency, η_J = ${num(100 * c.savings.etaJ)} % downlink bits.`,
    "",
  );

  out.push(`M/G/1 at λ = ${num(scenario.lambda)} request/s (Poisson arrivals, one FIFO server per paradigm, service = the pipeline end to end):`);
  out.push(
    table(
      ["paradigm", "ρ", "E[W] (s)", "E[T] (s)", "max stable λ (1/s)"],
      PARADIGM_KEYS.map((k) => {
        const r = c.paradigms[k];
        return [PARADIGM_LABELS[k], num(r.rho), num(r.meanWait), num(r.meanSojourn), num(r.maxStableRate)];
      }),
    ),
  );
  out.push(`Smallest mean sojourn: ${c.winnerBySojourn === null ? "none (every paradigm is unstable)" : PARADIGM_LABELS[c.winnerBySojourn]}.`, "");

  const d = c.delay;
  if (d !== null) {
    const sym = model === "request" ? "T" : "D";
    out.push(`${TAIL_HEADINGS[model]}, at λ = ${num(scenario.lambda)} request/s:`);
    out.push(
      table(
        ["paradigm", `${sym}(${d.epsilon}) (s)`, "value is", "stable"],
        PARADIGM_KEYS.map((k) => {
          const q = d.quantiles[k];
          const kind = !q.stable ? "unstable" : q.model === "request" ? (q.exact ? "exact" : `upper bound (${q.method})`) : "SNC upper bound (10)";
          return [PARADIGM_LABELS[k], num(q.seconds), kind, q.stable ? "yes" : "no"];
        }),
      ),
    );
    out.push(`Smallest ${d.epsilon} delay quantile (${model} model): ${d.winnerByQuantile === null ? "none" : PARADIGM_LABELS[d.winnerByQuantile]}.`, "");
  }

  // Queueing can change the winner: Table 2 sees means only, M/G/1 sees variance too.
  const scv = 16;
  const variable = { ...p, terminalScv: scv };
  const v = compareParadigms(variable, scenario.lambda, { tail: false });
  out.push(
    `When queueing changes the answer: let the terminal's compute time vary (gamma, squared coefficient of variation ${scv}, same mean —`,
    `a shared, sometimes throttled terminal). Means, and so (13)/(14), are unchanged; at λ = ${num(scenario.lambda)}:`,
  );
  out.push(
    table(
      ["paradigm", "E[S] (s)", "E[T] (s)"],
      PARADIGM_KEYS.map((k) => [PARADIGM_LABELS[k], num(v.paradigms[k].latency), num(v.paradigms[k].meanSojourn)]),
    ),
  );
  out.push(
    `Fastest by mean latency: ${PARADIGM_LABELS[v.winnerByLatency]}; smallest mean sojourn: ${v.winnerBySojourn === null ? "none" : PARADIGM_LABELS[v.winnerBySojourn]}.`,
  );
  return out.join("\n");
}
