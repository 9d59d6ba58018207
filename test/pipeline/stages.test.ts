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
  stageResource,
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

describe("resources (docs/model.md §9.1)", () => {
  const base = { node: "edge", flops: 1e12, flopsPerSecond: 1e14 };
  const link = constantRateLink(1e7);
  it("the default (one shared server) is left off the frozen stage and filled in by stageResource", () => {
    for (const resource of [undefined, "shared", { servers: 1 }, { kind: "shared", servers: 1 }] as const) {
      const s = computeStage({ ...base, resource: resource as never });
      expect("resource" in s).toBe(false);
      expect(stageResource(s)).toEqual({ kind: "shared", servers: 1 });
    }
    expect(Object.isFrozen(stageResource(cs))).toBe(true);
  });
  it("c servers and dedicated are carried as frozen Resource objects, on compute and transfer stages", () => {
    const c = computeStage({ ...base, resource: { servers: 3 } });
    expect(c.resource).toEqual({ kind: "shared", servers: 3 });
    expect(Object.isFrozen(c.resource)).toBe(true);
    expect(stageResource(c)).toEqual({ kind: "shared", servers: 3 });
    const d = transferStage({ linkName: "up", bits: 1e6, link, resource: "dedicated" });
    expect(d.resource).toEqual({ kind: "dedicated" });
    expect(stageResource(d)).toEqual({ kind: "dedicated" });
    // A stage spread back into its factory keeps its resource.
    expect(computeStage({ ...c, flops: 2e12 }).resource).toEqual({ kind: "shared", servers: 3 });
    expect(pipeline("p", [c, d]).stages.map(stageResource)).toEqual([{ kind: "shared", servers: 3 }, { kind: "dedicated" }]);
  });
  it("unknown kinds and bad server counts are errors naming resource", () => {
    expect(() => computeStage({ ...base, resource: "gpu" as never })).toThrow(
      /^computeStage: resource must be "shared", "dedicated" or \{ servers: c \} with c a positive integer, got "gpu"$/,
    );
    expect(() => transferStage({ linkName: "up", bits: 1, link, resource: 2 as never })).toThrow(
      /^transferStage: resource must be "shared", "dedicated" or \{ servers: c \} with c a positive integer, got 2$/,
    );
    expect(() => computeStage({ ...base, resource: { servers: 2.5 } })).toThrow(/^computeStage: resource\.servers must be a positive integer, got 2\.5$/);
    expect(() => computeStage({ ...base, resource: { servers: 0 } })).toThrow(/^computeStage: resource\.servers must be a positive integer, got 0$/);
    expect(() => computeStage({ ...base, resource: { servers: "2" } as never })).toThrow(TypeError);
    expect(() => computeStage({ ...base, resource: { kind: "pool", servers: 2 } as never })).toThrow(/^computeStage: resource\.kind must be "shared" or "dedicated", got "pool"$/);
    expect(() => computeStage({ ...base, resource: { kind: "dedicated", servers: 2 } as never })).toThrow(/^computeStage: resource\.servers must be absent for a dedicated resource, got 2$/);
    expect(() => computeStage({ ...base, resource: null as never })).toThrow(/^computeStage: resource must be/);
  });
  it("hand-built stages with a malformed resource are rejected by every entry point, naming the field", () => {
    expect(() => stageResource({ ...cs, resource: { kind: "gpu" } } as never)).toThrow(
      /^stageResource: stage\.resource must be \{ kind: "shared", servers: c \} or \{ kind: "dedicated" \}, got \{"kind":"gpu"\}$/,
    );
    expect(() => pipeline("p", [{ ...cs, resource: { kind: "shared", servers: -1 } } as never])).toThrow(/^pipeline: stages\[0\]\.resource\.servers must be a positive integer, got -1$/);
    expect(() => pipelineLatency({ name: "p", stages: [{ ...cs, resource: { kind: "shared" } } as never] })).toThrow(/^pipelineLatency: p\.stages\[0\]\.resource\.servers must be a number, got undefined$/);
  });
  it("the mean latencies ignore the resource (Table 2 is per request, queueing aside)", () => {
    const d = computeStage({ ...base, resource: "dedicated" });
    expect(stageLatency(d)).toBe(stageLatency(computeStage(base)));
  });
});
