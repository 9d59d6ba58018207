import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantRateLink } from "../../src/pipeline/stages.js";
import { deterministic, exponential } from "../../src/distributions/index.js";
import { computeStage, pipeline, serviceDistribution, stageLatency, transferStage } from "../../src/pipeline/index.js";
import { computeTime, stageSeconds, transferTime } from "../../src/pipeline/stage-time.js";
import { mg1 } from "../../src/queueing/index.js";
import { pipelineService, sncStability } from "../../src/snc/index.js";

describe("stageSeconds: the one stage time", () => {
  it("is O/f, J/R_eff, or the attached law's mean", () => {
    expect(stageSeconds(computeStage({ node: "e", flops: 6, flopsPerSecond: 3 }))).toBe(computeTime(6, 3));
    expect(computeTime(6, 3)).toBe(2);
    expect(stageSeconds(transferStage({ linkName: "dl", bits: 8e6, link: constantRateLink(4e6) }))).toBe(transferTime(8e6, 4e6));
    expect(transferTime(8e6, 4e6)).toBe(2);
    expect(stageSeconds(computeStage({ node: "e", flops: 6, flopsPerSecond: 3, distribution: exponential(0.5) }))).toBe(0.5);
  });

  // The case where the analyses used to disagree: O/f = 1 s, but the stage's law says 5 s.
  // mg1 saw ρ = λ·5 = 0.5 while sncStability saw λ·1 = 0.1 and the slotted service ran at 1/s.
  describe("a compute stage carrying deterministic(5), at λ = 0.1", () => {
    const stage = computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e12, distribution: deterministic(5) });
    const p = pipeline("p", [stage]);
    it("every analysis sees 5 s: latency, M/G/1, the paper's stability check, the slotted rate", () => {
      expect(stageLatency(stage)).toBe(5);
      expect(mg1(0.1, serviceDistribution(p)).rho).toBe(0.5);
      const st = sncStability(0.1, p);
      expect(st.rhoTot).toBe(0.5);
      expect(st.bottleneckLoad).toBe(0.5);
      expect(pipelineService(p, { slotSeconds: 0.1 }).stages[0].meanPerSlot).toBe(0.1 / 5);
    });
    it("unstable alike at λ = 0.2 (ρ = 1)", () => {
      expect(mg1(0.2, serviceDistribution(p)).stable).toBe(false);
      expect(sncStability(0.2, p).stable).toBe(false);
      expect(sncStability(0.2, p).tandemStable).toBe(false);
    });
  });

  it("law: sncStability's utilisation equals M/G/1's ρ for one stage, with or without a law", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.option(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (flops, speed, mean, lambda) => {
          const stage = computeStage({ node: "n", flops, flopsPerSecond: speed, ...(mean === undefined ? {} : { distribution: exponential(mean) }) });
          const p = pipeline("p", [stage]);
          expect(sncStability(lambda, p).rhoTot).toBe(mg1(lambda, serviceDistribution(p)).rho);
        },
      ),
    );
  });
});
