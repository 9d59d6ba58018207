// The questions a reader asks of a scenario, answered as plain data (the worker sends them
// to the page): per paradigm the mean latency (Table 2), the M/G/1 mean response at λ, the
// violation bound at the delay target and the delay quantile at ε in the chosen delay
// model — and which design wins, by how much, with what delay guarantee.
import {
  PARADIGM_KEYS,
  PARADIGM_LABELS,
  compareParadigms,
  paradigmQuantiles,
  paradigmViolations,
  perParadigm,
  quantileDeadline,
  scoreParadigms,
  violationBoundCurve,
} from "../dist/index.js";
import { PARADIGM_COLORS, baseLayout, boundTrace } from "../dist/plot/index.js";

/** Every paradigm's answers at the delay target d (s) and ε, in `model`. */
export function designAnswers(scenario, { deadline, epsilon, model }) {
  // Means only here: the delay tail is computed below in the chosen model.
  const c = compareParadigms(scenario.params, scenario.lambda, { tail: false });
  const violation = paradigmViolations(scenario, deadline, { model });
  const quantile = paradigmQuantiles(scenario, epsilon, { model });
  const rows = PARADIGM_KEYS.map((k) => ({
    key: k,
    label: PARADIGM_LABELS[k],
    latency: c.paradigms[k].latency,
    rho: c.paradigms[k].rho,
    meanSojourn: c.paradigms[k].meanSojourn,
    violation: violation[k].probability,
    stable: violation[k].stable,
    quantile: quantile[k].seconds,
  }));
  return {
    scenario: scenario.name,
    lambda: scenario.lambda,
    deadline,
    epsilon,
    model,
    rows,
    winnerByLatency: c.winnerByLatency,
    winnerBySojourn: c.winnerBySojourn,
    winnerByQuantile: best(rows, (r) => r.quantile),
    beatsEdgeOnly: { holds: c.beatsEdgeOnly.holds, lhs: c.beatsEdgeOnly.lhs, rhs: c.beatsEdgeOnly.rhs },
    beatsTerminalOnly: { holds: c.beatsTerminalOnly.holds, lhs: c.beatsTerminalOnly.lhs, rhs: c.beatsTerminalOnly.rhs },
    savings: { ...c.savings },
  };
}

/** The key of the smallest finite value, or null. */
function best(rows, f) {
  let out = null;
  for (const r of rows) if (Number.isFinite(f(r)) && (out === null || f(r) < f(out))) out = r;
  return out === null ? null : out.key;
}

const seconds = (x) => (Number.isFinite(x) ? `${x.toPrecision(3)} s` : "∞");
const percent = (x) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)} %`;

/**
 * The answer in words: the winner by mean response time at λ (M/G/1, queueing included),
 * its margin over the runner-up, and its delay guarantee in the chosen model; where the
 * other criteria pick another design, it says so.
 */
export function verdict(a) {
  const row = (k) => a.rows.find((r) => r.key === k);
  const lines = [];
  if (a.winnerBySojourn === null) {
    lines.push(`No design keeps up with λ = ${a.lambda} requests/s: every queue is unstable (ρ ≥ 1). Lower λ or speed up a node.`);
  } else {
    const w = row(a.winnerBySojourn);
    const others = a.rows.filter((r) => r.key !== w.key).sort((x, y) => x.meanSojourn - y.meanSojourn);
    const second = others[0];
    const margin = Number.isFinite(second.meanSojourn)
      ? `${seconds(second.meanSojourn - w.meanSojourn)} (${percent((second.meanSojourn - w.meanSojourn) / second.meanSojourn)}) faster on average than ${second.label} (${seconds(second.meanSojourn)})`
      : `the only other stable choice being none: ${others.map((r) => r.label).join(" and ")} cannot keep up with λ`;
    lines.push(`${w.label} wins: mean response ${seconds(w.meanSojourn)} at λ = ${a.lambda} requests/s, ${margin}.`);
    const q = Number.isFinite(w.quantile) ? `a fraction 1 − ε = ${1 - a.epsilon} of requests finish within ${seconds(w.quantile)}` : `no finite delay holds at ε = ${a.epsilon}`;
    lines.push(`Delay guarantee (${a.model} model): P(delay > ${a.deadline} s) ≤ ${w.violation.toExponential(2)}; ${q}.`);
  }
  const disagree = [];
  if (a.winnerBySojourn !== null && a.winnerByLatency !== a.winnerBySojourn) disagree.push(`by mean latency alone, (13)/(14): ${row(a.winnerByLatency).label}`);
  if (a.winnerByQuantile !== null && a.winnerByQuantile !== a.winnerBySojourn) disagree.push(`by the delay quantile at ε = ${a.epsilon}: ${row(a.winnerByQuantile).label} (${seconds(row(a.winnerByQuantile).quantile)})`);
  if (disagree.length > 0) lines.push(`Other criteria pick another design — ${disagree.join("; ")}.`);
  return lines;
}

/** Scores of the three paradigms and one extra split under the weights, normalized to sum 1 (plain data). */
export function scoreAnswers(scenario, { weights, split, deadline, model }) {
  const s = scoreParadigms(scenario, {
    weights,
    normalizeWeights: true,
    splits: [split],
    deadline,
    model,
    robustness: { samples: 300, seed: 1 },
  });
  const title = `Score of each design under the chosen weights (scenario "${scenario.name}")`;
  const figure = {
    id: "scores-now",
    title,
    data: [{ type: "bar", x: s.alternatives.map((a) => a.name), y: s.alternatives.map((a) => a.score), marker: { color: s.alternatives.map((a) => PARADIGM_COLORS[a.paradigm]) }, name: "score" }],
    layout: baseLayout(title, { title: "design" }, { title: "weighted normalized score", range: [0, 1] }),
  };
  return {
    figure,
    alternatives: s.alternatives.map((a, i) => ({ name: a.name, score: a.score, rank: s.ranking.indexOf(i) + 1, feasible: a.feasible, why: a.infeasibleReason })),
    criteria: s.criteria.map((c) => ({ name: c.name, weight: c.weight })),
    topShare: s.robustness === null ? null : s.robustness.probabilityFirst[s.robustness.top],
    top: s.robustness === null ? null : s.alternatives[s.robustness.top].name,
  };
}

/**
 * Each paradigm's violation bound P(delay > d) over deadlines d from 0 to 1.15 × the best
 * paradigm's delay quantile at ε = 1e-6, in `model` — the paradigm-bounds figure for any
 * delay model (the plot module's Fig. 9 analog draws the fluid model's three bound forms).
 */
export function modelBoundsFigure(scenario, { model, points = 60, deadline }) {
  const max = 1.15 * quantileDeadline(scenario, 1e-6, { model });
  const xs = Array.from({ length: points }, (_, i) => (max * i) / (points - 1));
  const curves = perParadigm(scenario, (pipe) => violationBoundCurve(pipe, scenario, xs, { model }).map((v) => v.probability));
  const data = PARADIGM_KEYS.map((k) => boundTrace(PARADIGM_LABELS[k], xs, curves[k], PARADIGM_COLORS[k]));
  if (deadline !== undefined) data.push({ type: "scatter", mode: "lines", name: `delay target d = ${deadline} s`, x: [deadline, deadline], y: [1e-8, 1], line: { color: "#888", dash: "dot", width: 1 } });
  const title = `P(delay > d) bound per paradigm, ${model} model, λ = ${scenario.lambda}/s (scenario "${scenario.name}")`;
  return {
    id: "model-bounds",
    title,
    data,
    layout: baseLayout(title, { title: "delay d (s)" }, { title: "P(delay > d) bound", log: true, range: [-8, 0.1] }, { legend: data.map((t) => t.name) }),
    table: { columns: ["paradigm", "delay_s", "bound"], rows: PARADIGM_KEYS.flatMap((k) => xs.map((x, i) => [k, x, curves[k][i]])) },
  };
}

/** The exact sum (10) against the paper's closed form (12), fluid model, at deadlines in seconds. */
export function boundForms(scenario, { paradigm, deadlines }) {
  const pipe = perParadigm(scenario, (p) => p)[paradigm];
  const exact = violationBoundCurve(pipe, scenario, deadlines, { model: "fluid" });
  const paper = violationBoundCurve(pipe, scenario, deadlines, { model: "fluid", form: "paper" });
  return exact.map((e, i) => ({ deadline: e.evaluatedSeconds, exact: e.probability, paper: paper[i].probability }));
}
