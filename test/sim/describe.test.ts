/**
 * Distributions as plain data for worker threads: describe → structured clone → build gives
 * the same description and a distribution that draws the same numbers from the same stream
 * (so a run with workers equals one without); a user-made law has no description.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exponential } from "../../src/distributions/index.js";
import { rng } from "../../src/random/index.js";
import { buildDistribution, describeDistribution, serviceCode } from "../../src/sim/describe.js";
import { arbDistribution } from "../../src/testing/index.js";

describe("describeDistribution / buildDistribution", () => {
  it("round-trips every factory-built law through a structured clone: same description, same draws", () => {
    fc.assert(
      fc.property(arbDistribution(), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (d, seed) => {
        const spec = describeDistribution(d);
        expect(spec).not.toBeNull();
        const rebuilt = buildDistribution(structuredClone(spec!));
        expect(describeDistribution(rebuilt)).toEqual(spec);
        expect([rebuilt.mean, rebuilt.variance]).toEqual([d.mean, d.variance]);
        const u = rng(seed, 3);
        const v = rng(seed, 3);
        for (let i = 0; i < 20; i++) expect(rebuilt.sample(v)).toBe(d.sample(u));
      }),
      { numRuns: 200 },
    );
  });

  it("a user-made law (or one whose part is user-made) has no description and runs the generic loop", () => {
    const own = { ...exponential(1), kind: "mine" };
    expect(describeDistribution(own)).toBeNull();
    expect(serviceCode(null).code).toBe(0);
    expect(serviceCode(describeDistribution(exponential(2)))).toMatchObject({ code: 2, a: 2 });
  });
});
