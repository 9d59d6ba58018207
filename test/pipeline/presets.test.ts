import { describe, expect, it } from "vitest";
import { cloudEdgeLlmPreset, cnnSplitPreset, graphPresets, llmCloudPreset, multiUserScenario, paperScenario, paradigmLatencies, paradigms, pipelineLatency, stageResource } from "../../src/pipeline/index.js";

describe("presets state every value with a source", () => {
  it("paper scenario: Table 3 values and assumptions are all listed", () => {
    const names = paperScenario.values.map((v) => v.name);
    expect(names.length).toBe(17);
    expect(paperScenario.values.filter((v) => v.source.includes("Table 3")).length).toBe(9);
    expect(paperScenario.values.every((v) => v.source.length > 0 && Number.isFinite(v.value))).toBe(true);
  });
  it("multi-user: the paper scenario with dedicated terminals; users and rates stated, λ = users × rate", () => {
    const users = multiUserScenario.values.find((v) => v.name === "users")!;
    const perUser = multiUserScenario.values.find((v) => v.name === "request rate per user")!;
    expect(users.source).toContain("assumed");
    expect(users.value * perUser.value).toBeCloseTo(multiUserScenario.lambda, 15);
    expect(multiUserScenario.values.every((v) => v.source.length > 0 && Number.isFinite(v.value))).toBe(true);
    const p = paradigms(multiUserScenario.params);
    expect(p.collaborative.stages.map(stageResource)).toEqual([{ kind: "shared", servers: 1 }, { kind: "shared", servers: 1 }, { kind: "dedicated" }]);
    expect(p.terminalOnly.stages.map(stageResource)).toEqual([{ kind: "dedicated" }]);
    expect(p.edgeOnly.stages.map(stageResource)).toEqual([{ kind: "shared", servers: 1 }, { kind: "shared", servers: 1 }]);
    // The paper scenario keeps its terminal shared, and the mean latencies do not change.
    expect(paradigms(paperScenario.params).collaborative.stages.map(stageResource)[2]).toEqual({ kind: "shared", servers: 1 });
    expect(paradigmLatencies(multiUserScenario.params)).toEqual(paradigmLatencies(paperScenario.params));
  });
  it("LLM designs: KV bytes per token and FLOPs follow the stated counting rules; the KV transfer overlaps edge decoding", () => {
    const p = cloudEdgeLlmPreset.pipeline;
    const [prefill, fork] = p.stages as any[];
    expect(prefill.kind).toBe("batch");
    // Batched prefill: n × 2N × prompt at half the A100's 312 TFLOP/s.
    expect(prefill.batchSeconds[0]).toBeCloseTo((2 * 6.74e9 * 512) / (0.5 * 312e12), 12);
    expect(prefill.batchSeconds[7]).toBeCloseTo(8 * prefill.batchSeconds[0], 12);
    const [[kv], [decode]] = fork.branches;
    expect(kv.bits).toBe(8 * 2 * 22 * 4 * 64 * 2 * 512);
    expect(decode.flops).toBe(2 * 1.1e9 * 128);
    // Decoding reads the 2.2 GB of fp16 weights once per token at 204.8 GB/s.
    expect(decode.flops / decode.flopsPerSecond).toBeCloseTo((128 * 2 * 1.1e9) / 204.8e9, 12);
    const l = pipelineLatency(p);
    expect(l.approximate).toBe(true);
    expect(l.stages[1].seconds).toBe(Math.max(kv.bits / kv.link.effectiveRate, decode.flops / decode.flopsPerSecond));
    // Centralized cloud: decoding memory-bound up to the batch of 8 (13.48 GB read per token at 2.039 TB/s).
    const cloud = llmCloudPreset.pipeline.stages[0] as any;
    expect(cloud.batchSeconds[7] - cloud.batchSeconds[0]).toBeCloseTo(7 * prefill.batchSeconds[0], 12);
    for (const pr of Object.values(graphPresets)) {
      expect(pr.values.every((v) => v.source.length > 0)).toBe(true);
      expect(pipelineLatency(pr.pipeline).total).toBeGreaterThan(0);
    }
    expect(Object.keys(graphPresets)).toEqual(["llm-collaborative", "llm-cloud", "llm-edge", "microservice"]);
  });
  it("CNN split: total work is the same at every split point; payload is the cut activation", () => {
    const totals = [0, 1, 2, 3, 4, 5, 6].map((k) => {
      const s = cnnSplitPreset(k).pipeline.stages as any[];
      return s[0].flops + s[2].flops;
    });
    for (const t of totals) expect(Math.abs(t - totals[0]) / totals[0]).toBeLessThan(1e-12);
    expect((cnnSplitPreset(0).pipeline.stages[1] as any).bits).toBe(224 * 224 * 3 * 8);
    expect((cnnSplitPreset(3).pipeline.stages[1] as any).bits).toBe(128 * 28 * 28 * 8);
    expect(() => cnnSplitPreset(7)).toThrow(/cnnSplitPreset: splitAfter must be an integer in \[0, 6\], got 7/);
  });
});

describe("cnnSplitPreset argument errors name cnnSplitPreset (robustness fuzz regression)", () => {
  it("a bad speed or rate option is reported as its option, not by computeStage", () => {
    expect(() => cnnSplitPreset(2, { edgeFlopsPerSecond: NaN })).toThrow(/^cnnSplitPreset: opts\.edgeFlopsPerSecond must be a finite number > 0, got NaN$/);
    expect(() => cnnSplitPreset(2, { uplinkBitsPerSecond: 0 })).toThrow(/^cnnSplitPreset: opts\.uplinkBitsPerSecond/);
    expect(() => cnnSplitPreset(2, null as never)).toThrow(/^cnnSplitPreset: opts must be an object, got null$/);
    expect(() => cnnSplitPreset("1" as never)).toThrow(TypeError);
    expect(() => cnnSplitPreset(7)).toThrow(/^cnnSplitPreset: splitAfter must be an integer in \[0, 6\], got 7$/);
    expect(cnnSplitPreset(2, { terminalFlopsPerSecond: undefined }).pipeline.stages.length).toBe(3);
  });
});
