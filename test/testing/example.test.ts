import { describe, expect, it } from "vitest";
import { checkLaws, distributionLaws, formatLawReport } from "../../src/testing/index.js";
import { inverseGaussian, main } from "../../examples/user-service.js";
import { fixture, expectRel } from "../helpers.js";

const f = fixture<{ inverseGaussian: { mean: number; shape: number; moments: number[]; logMgf: { theta: number; value: number }[] }[] }>("testing/inverse-gaussian.json");

describe("examples/user-service.ts (user-defined inverse Gaussian service)", () => {
  it("runs: every distribution law and every M/G/1 tail law holds", async () => {
    const { distribution, queue } = await main();
    expect(distribution.laws.every((l) => l.holds)).toBe(true);
    expect(queue.laws.map((l) => l.name)).toContain("bound ≥ the simulation's lower confidence limit");
  });

  it("matches scipy's invgauss moments and mpmath's log-MGF", () => {
    for (const c of f.inverseGaussian) {
      const d = inverseGaussian(c.mean, c.shape);
      c.moments.forEach((m, k) => expectRel(d.moment(k + 1), m, 1e-12, { ...c, k: k + 1 }));
      for (const { theta, value } of c.logMgf) expectRel(d.logMgf(theta), value, 1e-12, { ...c, theta });
    }
  });

  it("a wrong variance in the user's object is caught and named", async () => {
    const d = inverseGaussian(0.2, 1);
    const r = await checkLaws(distributionLaws({ ...d, variance: d.variance * 1.01 }, { skipSampler: true }), { numRuns: 20 });
    expect(formatLawReport(r)).toMatch(/✗ logMgf′\(0\) = mean and logMgf″\(0\) = variance[\s\S]*inverseGaussian/);
  });
});
