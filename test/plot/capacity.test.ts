import { describe, expect, test } from "vitest";
import { microservicePreset } from "../../src/pipeline/index.js";
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

  test("errors name the parameter", async () => {
    await expect(capacityFigure([])).rejects.toThrow("capacityFigure: designs");
    await expect(capacityFigure([microservicePreset], { points: 1 })).rejects.toThrow("capacityFigure: opts.points");
  });
});
