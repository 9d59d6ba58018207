// `null` for an optional numeric option is rejected, not read as "absent" (docs/robustness.md).
import { describe, expect, it } from "vitest";
import { rankRobustness } from "../../src/scores/index.js";

const M = [[1, 2], [3, 4]];
const C = [{ name: "latency", benefit: false, weight: 0.5 }, { name: "quality", benefit: true, weight: 0.5 }];

describe("rankRobustness null options", () => {
  for (const key of ["samples", "seed", "concentration"]) {
    it(`rejects ${key}: null naming the option and the value`, () => {
      expect(() => rankRobustness(M, C, { samples: 50, [key]: null } as never)).toThrow(new RegExp(`^rankRobustness: ${key} must be .*got null$`));
    });
  }
  it("an absent option still takes its default", () => {
    expect(rankRobustness(M, C, { samples: 50 }).seed).toBe(1);
  });
});
