import { describe, expect, test } from "vitest";
import { cloudEdgeLlmPreset, llmCloudPreset, llmEdgePreset, microservicePreset } from "../../src/pipeline/index.js";
import { capacityFigure } from "../../src/plot/index.js";
import { responseTimeQuantile } from "../../src/requests/index.js";
import { maxThroughput } from "../../src/sim/index.js";

describe("capacityFigure", () => {
  test("the quantile curve crosses the deadline at the marked capacity", async () => {
    const f = await capacityFigure([microservicePreset], { points: 4, epsilon: 1e-3 });
    expect(f.data.length).toBe(3);
    const cap = await maxThroughput(microservicePreset.pipeline, { deadline: microservicePreset.deadline, epsilon: 1e-3, tolerance: 1e-2 });
    expect((f.data[1] as any).x[0]).toBe(cap.lambda);
    // Below the capacity the bound's quantile is within the deadline, above it not.
    const q = (l: number) => responseTimeQuantile(microservicePreset.pipeline, { lambda: l }, 1e-3).seconds;
    expect(q(cap.lambda)).toBeLessThanOrEqual(microservicePreset.deadline);
    expect(q(cap.lambda * 1.05)).toBeGreaterThan(microservicePreset.deadline);
    expect(f.table.rows.length).toBe(4);
  }, 300_000);

  test("designs whose λ ranges differ by more than 20× share a log λ axis on which every curve and capacity line is drawn", async () => {
    const f = await capacityFigure([cloudEdgeLlmPreset, llmCloudPreset, llmEdgePreset], { points: 4 });
    const x = f.layout.xaxis as { type?: string; range: [number, number] };
    expect(x.type).toBe("log");
    const [lo, hi] = x.range.map((v) => 10 ** v);
    // A log axis drops x ≤ 0: every drawn x (curves, capacity lines, the deadline's start) is positive and inside the range.
    for (const t of f.data) {
      const xs = (t as { x: number[] }).x.filter((v) => v < 1e9);
      expect(xs.every((v) => v > 0 && v >= lo && v <= hi), `${(t as { name: string }).name}: ${xs}`).toBe(true);
    }
    // The edge-only design (dedicated edge nodes, a shared downlink) reaches thousands of requests/s, the cloud a few.
    const caps = f.table.rows.filter((_, i) => i % 4 === 0).map((r) => r[3] as number);
    expect(Math.max(...caps) / Math.min(...caps)).toBeGreaterThan(20);
    // One design alone keeps the linear axis from 0.
    const one = await capacityFigure([microservicePreset], { points: 2 });
    expect((one.layout.xaxis as { type?: string; range: number[] }).type).toBe(undefined);
    expect((one.layout.xaxis as { range: number[] }).range[0]).toBe(0);
  }, 300_000);

  test("errors name the parameter", async () => {
    await expect(capacityFigure([])).rejects.toThrow("capacityFigure: designs");
    await expect(capacityFigure([microservicePreset], { points: 1 })).rejects.toThrow("capacityFigure: opts.points");
  });
});
