/**
 * maxThroughput: the guaranteed capacity from the bound lies at or below the simulated one,
 * and the simulation brackets it; on one M/M/1 stage the exact capacity is known in closed
 * form (P(T > d) = e^{−(μ−λ)d}: λ* = μ + ln ε / d) and the bound's route there is exact.
 */
import { describe, expect, test } from "vitest";
import { exponential } from "../../src/distributions/index.js";
import { batchStage, computeStage, parallelStage, pipeline } from "../../src/pipeline/index.js";
import { responseTimeBound } from "../../src/requests/index.js";
import { maxThroughput } from "../../src/sim/index.js";

/** A constant stage on the request's own server (no queue). */
const D = (name: string, s: number) => computeStage({ node: name, flops: s, flopsPerSecond: 1, resource: "dedicated" });
const E = (name: string, mean: number) => computeStage({ node: name, flops: mean, flopsPerSecond: 1, distribution: exponential(mean) });

describe("maxThroughput", () => {
  test("one M/M/1 stage: the closed-form capacity μ + ln ε / d", async () => {
    const p = pipeline("mm1", [E("a", 0.5)]);
    const r = await maxThroughput(p, { deadline: 4, epsilon: 1e-3, tolerance: 1e-6 });
    const exact = 2 + Math.log(1e-3) / 4;
    expect(r.method).toBe("exact");
    expect(r.lambda).toBeLessThanOrEqual(exact);
    expect(Math.abs(r.lambda - exact) / exact).toBeLessThan(1e-4);
    expect(r.stabilityLimit).toBe(2);
  });

  test("a graph pipeline (fork with a batching branch): bound capacity ≤ simulated, and the simulation brackets its estimate", async () => {
    const p = pipeline("fj-batch", [
      D("pre", 0.05),
      parallelStage({ branches: [[batchStage({ node: "llm", maxBatch: 4, time: (n) => 0.3 + 0.1 * n })], [E("kv", 0.2)]] }),
      D("post", 0.05),
    ]);
    const r = await maxThroughput(p, { deadline: 3, epsilon: 1e-2, tolerance: 1e-3, simulate: { requests: 200_000, seed: 4 } });
    const s = r.simulated!;
    expect(r.lambda).toBeGreaterThan(0);
    expect(responseTimeBound(p, { lambda: r.lambda }, 3).probability).toBeLessThanOrEqual(1e-2);
    expect(s.lower).toBeLessThanOrEqual(s.lambda);
    expect(s.lambda).toBeLessThanOrEqual(s.upper);
    // The guarantee is not above what the simulation says is still possible.
    expect(r.lambda).toBeLessThanOrEqual(s.upper);
    expect(s.upper).toBeLessThan(r.stabilityLimit);
  });

  test("errors name the parameter; a pipeline that never queues", async () => {
    const p = pipeline("x", [E("a", 1)]);
    await expect(maxThroughput(p, { deadline: 0, epsilon: 0.1 })).rejects.toThrow("maxThroughput: opts.deadline");
    await expect(maxThroughput(p, { deadline: 1, epsilon: 1 })).rejects.toThrow("maxThroughput: opts.epsilon");
    // Nothing queues: any rate meets a deadline above the constant time, none meets one below.
    const dedicated = pipeline("d", [computeStage({ node: "a", flops: 1, flopsPerSecond: 1, resource: "dedicated" })]);
    expect((await maxThroughput(dedicated, { deadline: 2, epsilon: 0.1 })).lambda).toBe(Infinity);
    expect((await maxThroughput(dedicated, { deadline: 0.5, epsilon: 0.1 })).lambda).toBe(0);
  });
});
