import { describe, expect, it } from "vitest";
import {
  collaborativeBeatsEdgeOnly,
  computeSeconds,
  computeStage,
  constantRateLink,
  fastestParadigm,
  paperScenario,
  paradigmLatencies,
  paradigms,
  pipeline,
  pipelineLatency,
  savings,
  serviceDistribution,
  stageDistribution,
  stageLatency,
  transferSeconds,
  transferStage,
} from "../../src/pipeline/index.js";
import { exponential } from "../../src/distributions/index.js";

const cs = computeStage({ node: "edge", flops: 2e12, flopsPerSecond: 1e13 });
const ts = transferStage({ linkName: "down", bits: 8e6, link: constantRateLink(4e7) });

describe("latency functions (robustness fuzz regressions)", () => {
  it("computeSeconds and transferSeconds are O/f and J/R and reject NaN, negative work and non-positive rates", () => {
    expect(computeSeconds(2e12, 1e13)).toBe(0.2);
    expect(transferSeconds(8e6, 4e7)).toBe(0.2);
    expect(() => computeSeconds(NaN, 1)).toThrow(/^computeSeconds: flops must be a finite number ≥ 0, got NaN$/);
    expect(() => computeSeconds(1, 0)).toThrow(/^computeSeconds: flopsPerSecond must be a finite number > 0, got 0$/);
    expect(() => transferSeconds(NaN, 1)).toThrow(/^transferSeconds: bits must be/);
    expect(() => transferSeconds(1, "1" as never)).toThrow(TypeError);
  });
  it("stage functions check the stage they are given and name themselves and the field", () => {
    expect(stageLatency(cs)).toBeCloseTo(0.2, 15);
    expect(stageDistribution(ts).mean).toBeCloseTo(0.2, 15);
    expect(() => stageLatency(NaN as never)).toThrow(/^stageLatency: stage must be a computeStage\(\.\.\.\) or transferStage\(\.\.\.\), got NaN$/);
    expect(() => stageLatency({ ...cs, flops: NaN })).toThrow(/^stageLatency: stage\.flops must be a finite number ≥ 0, got NaN$/);
    expect(() => stageDistribution({ ...ts, link: { kind: "constant", effectiveRate: NaN } })).toThrow(/^stageDistribution: stage\.link\.effectiveRate must be/);
    expect(() => stageLatency({ ...cs, distribution: {} as never })).toThrow(/^stageLatency: stage\.distribution must be an edgecalc distribution/);
    expect(() => stageDistribution({ ...cs, flops: 1e308, flopsPerSecond: 1e-300 })).toThrow(/^stageDistribution: stage\.flops\/stage\.flopsPerSecond overflows, got 1e\+308\/1e-300$/);
  });
  it("pipeline functions check every stage under their own name", () => {
    const p = pipeline("p", [cs, ts]);
    expect(pipelineLatency(p).total).toBeCloseTo(0.4, 15);
    expect(serviceDistribution(pipeline("q", [{ ...cs, distribution: exponential(0.2) }])).mean).toBeCloseTo(0.2, 15);
    expect(() => pipeline("p", [{ ...cs, name: NaN as never }])).toThrow(/^pipeline: stages\[0\]\.name must be a string, got NaN$/);
    expect(() => pipelineLatency(NaN as never)).toThrow(/^pipelineLatency: p must be a pipeline/);
    expect(() => pipelineLatency({ name: "p", stages: [cs, null as never] })).toThrow(/^pipelineLatency: p\.stages\[1\] must be/);
    expect(() => serviceDistribution({ name: "p", stages: [{ ...ts, bits: -1 }] })).toThrow(/^serviceDistribution: p\.stages\[0\]\.bits must be/);
  });
});

describe("paradigm functions (robustness fuzz regressions)", () => {
  const base = paperScenario.params;
  it("an scv so small that 1/scv overflows is the deterministic limit, not a gammaDistribution error", () => {
    const p = paradigms({ ...base, edgeScv: 5e-324 });
    expect(p.edgeOnly.stages[0].distribution).toBeUndefined();
  });
  it("overflowing totals and latencies are RangeErrors naming the called function, never NaN", () => {
    expect(() => collaborativeBeatsEdgeOnly({ ...base, decoderStepFlops: 1e308 })).toThrow(/^collaborativeBeatsEdgeOnly: params\.decoderFlops \+ params\.decoderStepFlops·params\.decoderSteps must be finite \(it overflows\), got/);
    expect(() => savings({ ...base, edgeFlops: 5e-324 })).toThrow(/^savings: the edge-only compute time \(total FLOPs\)\/params\.edgeFlops must be finite \(it overflows\)/);
    expect(() => paradigmLatencies({ ...base, edgeFlops: NaN })).toThrow(/^paradigmLatencies: params\.edgeFlops/);
    expect(() => fastestParadigm({ ...base, imageBits: NaN })).toThrow(/^fastestParadigm: params\.imageBits/);
    expect(() => paradigms({ ...base, meanRate: 5e-324, link: undefined })).toThrow(/^paradigms: the transfer time/);
  });
});
