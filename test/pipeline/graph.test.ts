import { describe, expect, test } from "vitest";
import { exponential } from "../../src/distributions/index.js";
import { batchStage, computeStage, constantRateLink, parallelStage, pipeline, pipelineLatency, serviceDistribution, transferStage } from "../../src/pipeline/index.js";
import { pipelineService } from "../../src/snc/index.js";

const edge = (flops: number) => computeStage({ node: "edge", flops, flopsPerSecond: 1e12 });
const kv = transferStage({ linkName: "backhaul", bits: 2e9, link: constantRateLink(1e9) });

describe("graph pipelines: fork–join and batching steps", () => {
  test("errors name the path of the offending field, through branches", () => {
    const bad = { ...edge(1e12), flops: -1 };
    expect(() => pipeline("g", [edge(1e12), edge(1e12), { kind: "parallel", name: "p", branches: [[edge(1e12)], [bad]] } as never])).toThrow(
      "pipeline: stages[2].branches[1][0].flops must be a finite number ≥ 0, got -1",
    );
    expect(() => parallelStage({ branches: [[edge(1e12)], [bad]] })).toThrow("parallelStage: branches[1][0].flops");
    expect(() => parallelStage({ branches: [[edge(1e12)]] })).toThrow(RangeError);
    expect(() => parallelStage({ branches: [[edge(1e12)], []] })).toThrow("branches[1] must be a non-empty array of stages");
  });

  test("batchStage takes a function or a table, refuses a dedicated server", () => {
    expect(batchStage({ node: "llm", maxBatch: 3, time: (n) => n / 2 }).batchSeconds).toEqual([0.5, 1, 1.5]);
    expect(batchStage({ node: "llm", maxBatch: 2, time: [1, 1.5] }).batchSeconds).toEqual([1, 1.5]);
    expect(() => batchStage({ node: "llm", maxBatch: 2, time: [1] })).toThrow("batchStage: time must be");
    expect(() => batchStage({ node: "llm", maxBatch: 2, time: (n) => (n === 2 ? NaN : 1) })).toThrow("batchStage: time(2)");
    expect(() => batchStage({ node: "llm", maxBatch: 2, time: [1, 2], resource: "dedicated" as never })).toThrow("batchStage: resource");
  });

  test("pipelineLatency: the slowest branch (labelled approximate), a batch of one", () => {
    const p = pipeline("kv-overlap", [edge(5e11), parallelStage({ branches: [[kv], [edge(1e12), edge(5e11)]] }), batchStage({ node: "c", maxBatch: 2, time: [0.25, 0.4] })]);
    const l = pipelineLatency(p);
    // 0.5 + max(2, 1.5) + 0.25; the slowest branch is the transfer.
    expect(l.total).toBeCloseTo(2.75, 12);
    expect(l.transfer).toBeCloseTo(2, 12);
    expect(l.inference).toBeCloseTo(0.75, 12);
    expect(l.approximate).toBe(true);
    expect(l.stages.map((s) => s.kind)).toEqual(["compute", "parallel", "batch"]);
    expect(pipelineLatency(pipeline("chain", [edge(1e12)])).approximate).toBe(false);
  });

  test("chain-only analyses say they do not support graph steps", () => {
    const p = pipeline("g", [parallelStage({ branches: [[edge(1e12)], [kv]] })]);
    expect(() => serviceDistribution(p as never)).toThrow("serviceDistribution: p.stages[0] is a fork–join (parallel) stage, which serviceDistribution does not support");
    expect(() => pipelineService(p as never, { slotSeconds: 0.1 })).toThrow("the slotted fluid model does not support fork–join or batching stages");
    const q = pipeline("b", [batchStage({ node: "c", maxBatch: 2, time: [1, 1] }), edge(1e12)]);
    expect(() => serviceDistribution(q as never)).toThrow("is a batching stage");
  });

  test("a stage limit bounds the work", () => {
    const many = Array.from({ length: 300 }, () => edge(1));
    expect(() => parallelStage({ branches: [many, [edge(1)]] })).toThrow("within 256 stages");
    expect(() => pipeline("e", [parallelStage({ branches: [[computeStage({ node: "x", flops: 1, flopsPerSecond: 1, distribution: exponential(1) })], [edge(1)]] })])).not.toThrow();
  });
});
