/**
 * The graph bounds (docs/model.md §11) above simulation: for fork–join and batching
 * pipelines on 7 configurations, the bound on P(T > t) must lie above the upper
 * confidence limit of simulateRequests AND of an independent per-request recursion
 * written for the tests (graph-reference.ts), at several delays t.
 */
import { describe, expect, test } from "vitest";
import { deterministic, exponential } from "../../src/distributions/index.js";
import { batchStage, computeStage, type GraphStage, parallelStage, pipeline } from "../../src/pipeline/index.js";
import { responseTimeAnalysis, responseTimeBound, responseTimeQuantile } from "../../src/requests/index.js";
import { simulateRequests } from "../../src/sim/index.js";
import { batch, par, reference, stage, type Plain } from "./graph-reference.js";

const E = exponential;
const D = deterministic;
/**
 * Delays t at which the bound is checked: where the bound gives 1e-1, 1e-2, 1e-3. For a pure
 * fork–join of exponential queues the union bound is nearly exact in the tail (the overlap
 * P(A ∩ B) of the branches' exceedances vanishes faster than either: measured within 1–4 %
 * of P(T > t) at 1e-2, inside what 2e6 simulated requests resolve), so those are checked
 * where the overlap is measurable, at 0.2 and 0.05.
 */
const ALL = [1e-1, 1e-2, 1e-3];
const FORK = [0.2, 0.05];
const CONFIGS: { name: string; steps: { g: GraphStage; p: Plain }[]; lambda: number; levels?: readonly number[] }[] = [
  { name: "two exponential branches", steps: [par([[stage("a", E(0.5))], [stage("b", E(0.5))]])], lambda: 1, levels: FORK },
  { name: "pre, fork (2 + 1 stages), post", steps: [stage("pre", D(0.3)), par([[stage("a", E(0.4)), stage("a2", D(0.2))], [stage("b", E(0.7))]]), stage("post", E(0.3))], lambda: 1, levels: FORK },
  { name: "three branches, nested fork", steps: [par([[stage("a", E(0.4))], [par([[stage("c", E(0.4))], [stage("d", D(0.5))]])], [stage("b", E(0.4))]])], lambda: 1.2, levels: FORK },
  { name: "batching alone, b = 4", steps: [batch("llm", 4, (n) => 0.5 + 0.15 * n)], lambda: 3 },
  { name: "exponential stage then batching b = 8", steps: [stage("tx", E(0.1)), batch("llm", 8, (n) => 0.4 + 0.05 * n)], lambda: 6 },
  { name: "fork with a batching branch", steps: [par([[batch("llm", 4, (n) => 0.3 + 0.1 * n)], [stage("kv", E(0.25))]]), stage("post", D(0.1))], lambda: 3 },
  { name: "6-stage DAG with batching", steps: [stage("in", E(0.1)), par([[stage("a", E(0.2)), batch("llm", 4, (n) => 0.2 + 0.1 * n)], [stage("b", E(0.3))]]), stage("c", D(0.1)), stage("out", E(0.15))], lambda: 2.5 },
];

describe("graph bounds above simulation (engine and independent recursion)", () => {
  for (const c of CONFIGS) {
    test(c.name, async () => {
      const p = pipeline(c.name, c.steps.map((s) => s.g));
      const a = responseTimeAnalysis(p, { lambda: c.lambda });
      expect(a.stable).toBe(true);
      expect(a.exact).toBe(false);
      const ts = (c.levels ?? ALL).map((e) => a.quantile(e).seconds);
      expect(ts.every((t) => Number.isFinite(t))).toBe(true);
      const sim = await simulateRequests({ pipeline: p, lambda: c.lambda, requests: 2_000_000, seed: 3, times: ts, quantiles: [] });
      const ref = reference(c.steps.map((s) => s.p), c.lambda, 2_000_000, 50_000, ts, 9);
      ts.forEach((t, k) => {
        const b = a.tail(t).probability;
        expect(b, `t = ${t}: bound ${b} vs engine ${sim.endToEnd.tails[k].upper}`).toBeGreaterThanOrEqual(sim.endToEnd.tails[k].upper);
        expect(b, `t = ${t}: bound ${b} vs recursion ${ref.tails[k].value + ref.tails[k].halfWidth}`).toBeGreaterThanOrEqual(ref.tails[k].value + ref.tails[k].halfWidth);
      });
      // Not vacuous: the bound reaches its smallest level at a finite delay.
      expect(a.tail(ts[ts.length - 1]).probability).toBeLessThanOrEqual((c.levels ?? ALL).at(-1)!);
    });
  }

  test("the union bound over branch selections: responseTimeBound and responseTimeQuantile agree with the analysis", () => {
    const p = pipeline("fj", [parallelStage({ branches: [[computeStage({ node: "a", flops: 1, flopsPerSecond: 2, distribution: E(0.5) })], [computeStage({ node: "b", flops: 1, flopsPerSecond: 2 })]] })]);
    const a = responseTimeAnalysis(p, { lambda: 1 });
    const q = responseTimeQuantile(p, { lambda: 1 }, 1e-3);
    expect(q.seconds).toBe(a.quantile(1e-3).seconds);
    expect(responseTimeBound(p, { lambda: 1 }, q.seconds).probability).toBeLessThanOrEqual(1e-3);
    // One branch is M/M/1 (exact tail e^{-(μ−λ)t}), the other M/D/1: the sum bounds from above, each term from below.
    expect(a.tail(5).probability).toBeGreaterThanOrEqual(Math.exp(-(2 - 1) * 5) * (1 - 1e-9));
  });

  test("shapes outside the reduction are method none with the reason; overload is unstable", () => {
    const two = computeStage({ node: "x", flops: 1, flopsPerSecond: 1, resource: { servers: 2 } });
    const p = pipeline("multi", [parallelStage({ branches: [[two], [computeStage({ node: "y", flops: 1, flopsPerSecond: 2 })]] })]);
    const a = responseTimeAnalysis(p, { lambda: 0.5 });
    expect(a.methods).toEqual(["none"]);
    expect(a.reason).toContain("stages[0].branches[0][0] has 2 servers");
    expect(a.tail(100).probability).toBe(1);
    const over = pipeline("over", [batchStage({ node: "llm", maxBatch: 4, time: [1, 1, 1, 1] })]);
    expect(responseTimeAnalysis(over, { lambda: 5 }).stable).toBe(false);
    expect(responseTimeQuantile(over, { lambda: 5 }, 1e-3).seconds).toBe(Infinity);
  });
});
