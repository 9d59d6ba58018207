/**
 * simulateRequests on graph pipelines (fork–join, batching) against an independent
 * simulation written here: a plain per-request recursion in arrival order (every shared
 * stage has one server, so no request overtakes another: d = max(a, d_prev) + s per
 * stage, a join takes the max of its branches' departures, a batching server starts its
 * next batch at max(free, first waiting arrival) and takes every request already there,
 * up to b). Independent draws; the two estimates of E[T] and P(T > t) must agree within
 * their combined confidence half-widths (95 % each, 1.7× the root-sum-square: ≈ 3.3σ).
 */
import { describe, expect, test } from "vitest";
import { deterministic, exponential } from "../../src/distributions/index.js";
import { batchStage, type GraphStage, pipeline } from "../../src/pipeline/index.js";
import { simulateRequests } from "../../src/sim/index.js";
import { batch, par, type Plain, reference, stage } from "../requests/graph-reference.js";

const close = (a: { value: number; halfWidth: number }, b: { value: number; halfWidth: number }) =>
  Math.abs(a.value - b.value) <= 1.7 * Math.hypot(a.halfWidth, b.halfWidth) + 1e-12;

const E = exponential;
const D = deterministic;
const CONFIGS: { name: string; steps: { g: GraphStage; p: Plain }[]; lambda: number; x: number }[] = [
  { name: "two exponential branches", steps: [par([[stage("a", E(0.5))], [stage("b", E(0.6))]])], lambda: 1, x: 3 },
  { name: "pre, fork (2 + 1 stages), post", steps: [stage("pre", D(0.3)), par([[stage("a", E(0.4)), stage("a2", D(0.2))], [stage("b", E(0.7))]]), stage("post", E(0.3))], lambda: 1, x: 4 },
  { name: "three branches, nested fork", steps: [par([[stage("a", E(0.3))], [par([[stage("c", E(0.4))], [stage("d", D(0.5))]])], [stage("b", E(0.5))]])], lambda: 1.2, x: 3 },
  { name: "batching alone, b = 4", steps: [batch("llm", 4, (n) => 0.5 + 0.15 * n)], lambda: 3, x: 2 },
  { name: "exponential stage then batching b = 8", steps: [stage("tx", E(0.1)), batch("llm", 8, (n) => 0.4 + 0.05 * n)], lambda: 6, x: 2 },
  { name: "fork with a batching branch", steps: [par([[batch("llm", 4, (n) => 0.3 + 0.1 * n)], [stage("kv", E(0.25))]]), stage("post", D(0.1))], lambda: 3, x: 1.5 },
  { name: "6-stage DAG with batching", steps: [stage("in", E(0.1)), par([[stage("a", E(0.2)), batch("llm", 4, (n) => 0.2 + 0.1 * n)], [stage("b", E(0.3))]]), stage("c", D(0.1)), stage("out", E(0.15))], lambda: 2.5, x: 2 },
];

describe("simulateRequests on graph pipelines against a per-request recursion written here", () => {
  for (const c of CONFIGS) {
    test(c.name, async () => {
      const p = pipeline(c.name, c.steps.map((s) => s.g));
      const sim = await simulateRequests({ pipeline: p, lambda: c.lambda, requests: 400_000, seed: 11, times: [c.x], quantiles: [] });
      expect(sim.stable).toBe(true);
      const ref = reference(c.steps.map((s) => s.p), c.lambda, 400_000, 20_000, [c.x], 5);
      expect(close(sim.endToEnd.mean, ref.mean), `mean ${sim.endToEnd.mean.value} vs ${ref.mean.value}`).toBe(true);
      expect(close(sim.endToEnd.tails[0], ref.tails[0]), `tail ${sim.endToEnd.tails[0].value} vs ${ref.tails[0].value}`).toBe(true);
      // The stages are reported leaf by leaf with their paths.
      expect(sim.stages.every((s) => typeof s.path === "string")).toBe(true);
    });
  }

  test("a batching server at full batches above capacity is reported unstable, no run", async () => {
    const p = pipeline("over", [batchStage({ node: "llm", maxBatch: 4, time: (n) => 0.5 + 0.125 * n })]);
    const r = await simulateRequests({ pipeline: p, lambda: 4, requests: 1000 });
    expect(r.stable).toBe(false);
    expect(r.utilisation).toBe(1);
  });
});
