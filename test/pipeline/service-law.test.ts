import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rayleighLink, rayleighTransferTime } from "../../src/channel/index.js";
import { gammaDistribution } from "../../src/distributions/index.js";
import {
  computeStage,
  constantRateLink,
  paperScenario,
  paradigms,
  requestServiceLaw,
  stageDistribution,
  transferStage,
} from "../../src/pipeline/index.js";
import { arbStage } from "../../src/testing/index.js";

const link = rayleighLink({ ...paperScenario.linkSpec, pathLossDb: 120 });

describe("requestServiceLaw (docs/model.md §9.1)", () => {
  it("a compute stage takes O/f exactly, a constant-rate transfer J/R exactly", () => {
    const c = computeStage({ node: "edge", flops: 3e12, flopsPerSecond: 150e12 });
    expect(requestServiceLaw(c).kind).toBe("deterministic");
    expect(requestServiceLaw(c).mean).toBe(3e12 / 150e12);
    const t = transferStage({ linkName: "backhaul", bits: 1e6, link: constantRateLink(1e9) });
    expect(requestServiceLaw(t).mean).toBe(1e-3);
    expect(requestServiceLaw(t).variance).toBe(0);
  });

  it("an attached distribution wins over everything, Rayleigh links included", () => {
    const d = gammaDistribution(2, 0.3);
    expect(requestServiceLaw(computeStage({ node: "edge", flops: 1, flopsPerSecond: 1, distribution: d }))).toBe(d);
    expect(requestServiceLaw(transferStage({ linkName: "dl", bits: 1e6, link, distribution: d }))).toBe(d);
  });

  it("a Rayleigh transfer takes the fade-by-fade law, with the link's τ_c or the option's", () => {
    const s = transferStage({ linkName: "downlink", bits: 1.0486e6, link });
    const d = requestServiceLaw(s);
    expect(d.kind).toBe("rayleighTransfer");
    expect(d.params).toEqual({ bits: 1.0486e6, bandwidthHz: 10e6, meanSnr: link.meanSnr, controlOverhead: 0, coherenceSeconds: 0.01 });
    // The same parameters give the same (memoised) law as the channel factory.
    expect(d).toBe(rayleighTransferTime(link, 1.0486e6));
    expect(requestServiceLaw(s, { coherenceSeconds: 0.002 }).params.coherenceSeconds).toBe(0.002);
    const slow = transferStage({ linkName: "downlink", bits: 1.0486e6, link: rayleighLink({ ...paperScenario.linkSpec, coherenceSeconds: 0.05 }) });
    expect(requestServiceLaw(slow).params.coherenceSeconds).toBe(0.05);
    // Not the paper's J/E[R]: the request sees the fading, E[T] > J/E[R_eff].
    expect(d.mean).toBeGreaterThan(stageDistribution(s).mean);
  });

  it("the paper's collaborative pipeline: edge and terminal constant, downlink Rayleigh", () => {
    const { collaborative } = paradigms(paperScenario.params);
    const laws = collaborative.stages.map((s) => requestServiceLaw(s));
    expect(laws.map((l) => l.kind)).toEqual(["deterministic", "rayleighTransfer", "deterministic"]);
    expect(laws[0].mean).toBe(0.9026); // the @example value: 135.39e12/150e12
  });

  it("errors name requestServiceLaw and the field", () => {
    expect(() => requestServiceLaw({ kind: "compute" } as never)).toThrow(/^requestServiceLaw: stage\.name must be a string/);
    expect(() => requestServiceLaw(computeStage({ node: "e", flops: 1, flopsPerSecond: 1 }), { coherenceSeconds: 0 })).toThrow(
      /^requestServiceLaw: opts\.coherenceSeconds must be a finite number > 0, got 0$/,
    );
    expect(() => requestServiceLaw({ ...computeStage({ node: "e", flops: 1, flopsPerSecond: 1 }), flops: 1e308, flopsPerSecond: 1e-300 } as never)).toThrow(
      /^requestServiceLaw: stage\.flops\/stage\.flopsPerSecond must be finite \(it overflows\), got 1e\+308\/1e-300$/,
    );
    const far = transferStage({ linkName: "dl", bits: 1e12, link });
    expect(() => requestServiceLaw(far)).toThrow(/^rayleighTransferTime: bits\/\(E\[R_eff\]·coherenceSeconds\) must be at most 1000 mean coherence intervals/);
  });

  it("law: the mean equals stageLatency's O/f or J/R for every non-Rayleigh stage", () => {
    fc.assert(
      fc.property(arbStage({ withDistributions: true }), (s) => {
        const d = requestServiceLaw(s);
        expect(d.mean).toBe(stageDistribution(s).mean);
      }),
      { numRuns: 200 },
    );
  });
});
