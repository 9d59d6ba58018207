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
import type { Distribution } from "../../src/distributions/types.js";
import { batchStage, computeStage, type GraphStage, parallelStage, pipeline } from "../../src/pipeline/index.js";
import { rng, type Rng } from "../../src/random/index.js";
import { simulateRequests } from "../../src/sim/index.js";

/** A plain description the test's recursion reads (never the engine's model). */
type Plain = { s: Distribution } | { batch: readonly number[] } | { par: Plain[][] };

const stage = (name: string, d: Distribution): { g: GraphStage; p: Plain } => ({
  g: computeStage({ name, node: name, flops: d.mean, flopsPerSecond: 1, distribution: d }),
  p: { s: d },
});
const par = (branches: { g: GraphStage; p: Plain }[][]): { g: GraphStage; p: Plain } => ({
  g: parallelStage({ branches: branches.map((b) => b.map((x) => x.g)) }),
  p: { par: branches.map((b) => b.map((x) => x.p)) },
});
const batch = (name: string, b: number, time: (n: number) => number): { g: GraphStage; p: Plain } => {
  const table = Array.from({ length: b }, (_, i) => time(i + 1));
  return { g: batchStage({ name, node: name, maxBatch: b, time: table }), p: { batch: table } };
};

/** Departure times of a chain of plain steps for arrivals `a` (sorted), one server each. */
function chainDepartures(steps: readonly Plain[], a: Float64Array, u: Rng): Float64Array {
  let t = a;
  for (const s of steps) {
    const out = new Float64Array(t.length);
    if ("s" in s) {
      let last = -Infinity;
      for (let i = 0; i < t.length; i++) {
        last = Math.max(t[i], last) + s.s.sample(u);
        out[i] = last;
      }
    } else if ("batch" in s) {
      let free = -Infinity;
      let i = 0;
      while (i < t.length) {
        const begin = Math.max(free, t[i]);
        let j = i + 1;
        while (j < t.length && j - i < s.batch.length && t[j] <= begin) j++;
        free = begin + s.batch[j - i - 1];
        for (let k = i; k < j; k++) out[k] = free;
        i = j;
      }
    } else {
      out.fill(-Infinity);
      for (const b of s.par) {
        const d = chainDepartures(b, t, u);
        for (let i = 0; i < t.length; i++) out[i] = Math.max(out[i], d[i]);
      }
    }
    t = out;
  }
  return t;
}

/** Mean and P(T > x) with 95 % batch-means half-widths, from the test's own recursion. */
function reference(steps: Plain[], lambda: number, n: number, warm: number, x: number, seed: number) {
  const u = rng(seed, 7);
  const a = new Float64Array(n + warm);
  let clock = 0;
  for (let i = 0; i < a.length; i++) a[i] = clock += -Math.log(u()) / lambda;
  const d = chainDepartures(steps, a, u);
  const B = 40;
  const per = Math.floor(n / B);
  const means: number[] = [];
  const tails: number[] = [];
  for (let b = 0; b < B; b++) {
    let sum = 0;
    let hit = 0;
    for (let i = warm + b * per; i < warm + (b + 1) * per; i++) {
      const T = d[i] - a[i];
      sum += T;
      hit += +(T > x);
    }
    means.push(sum / per);
    tails.push(hit / per);
  }
  const ci = (xs: number[]) => {
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const v = xs.reduce((s, y) => s + (y - m) ** 2, 0) / (xs.length - 1);
    return { value: m, halfWidth: 2.02 * Math.sqrt(v / xs.length) };
  };
  return { mean: ci(means), tail: ci(tails) };
}

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
      const ref = reference(c.steps.map((s) => s.p), c.lambda, 400_000, 20_000, c.x, 5);
      expect(close(sim.endToEnd.mean, ref.mean), `mean ${sim.endToEnd.mean.value} vs ${ref.mean.value}`).toBe(true);
      expect(close(sim.endToEnd.tails[0], ref.tail), `tail ${sim.endToEnd.tails[0].value} vs ${ref.tail.value}`).toBe(true);
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
