// `null` for an optional numeric option is rejected, not read as "absent" (docs/robustness.md).
import { describe, expect, it } from "vitest";
import { exponential } from "../../src/distributions/index.js";
import { importanceSampleWaitTail, simulateMG1, simulateSlotted } from "../../src/sim/index.js";
import { constantService, poissonArrivals } from "../../src/snc/index.js";

const mg1Base = { lambda: 0.5, service: exponential(1), customers: 1000 };
const slottedBase = { arrivals: poissonArrivals(0.5), stages: [constantService(1)], slots: 1000 };
const isBase = { lambda: 0.5, service: exponential(1), t: 2, samples: 100 };

describe("null optional options", () => {
  for (const key of ["seed", "warmup", "workers", "tails", "quantiles", "confidence"]) {
    it(`simulateMG1 rejects ${key}: null naming the option and the value`, async () => {
      await expect(simulateMG1({ ...mg1Base, [key]: null } as never)).rejects.toThrow(new RegExp(`^simulateMG1: ${key} must be .*got null$`));
    });
  }
  for (const key of ["seed", "warmup", "workers", "delays", "confidence"]) {
    it(`simulateSlotted rejects ${key}: null`, async () => {
      await expect(simulateSlotted({ ...slottedBase, [key]: null } as never)).rejects.toThrow(new RegExp(`^simulateSlotted: ${key} must be .*got null$`));
    });
  }
  it("simulateSlotted rejects floor: null with a pipeline", async () => {
    const { paradigms, paperScenario } = await import("../../src/pipeline/index.js");
    const pipeline = paradigms(paperScenario.params).collaborative;
    await expect(simulateSlotted({ arrivals: poissonArrivals(0.05), pipeline, slotSeconds: 0.1, slots: 1000, floor: null } as never)).rejects.toThrow(/^simulateSlotted: floor must be a boolean, got null$/);
  });
  for (const key of ["samples", "seed", "confidence"]) {
    it(`importanceSampleWaitTail rejects ${key}: null`, () => {
      expect(() => importanceSampleWaitTail({ ...isBase, [key]: null } as never)).toThrow(new RegExp(`^importanceSampleWaitTail: ${key} must be .*got null$`));
    });
  }
  it("an absent option still takes its default", async () => {
    expect((await simulateMG1({ ...mg1Base, seed: undefined })).seed).toBe(1);
  });
});
