import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { parseGraphScenario } from "../../src/pipeline/index.js";

const file = readFileSync(new URL("../../examples/scenarios/fork-batch.jsonc", import.meta.url), "utf8");

describe("parseGraphScenario", () => {
  test("the example file: a fork with a batching branch", () => {
    const s = parseGraphScenario(file);
    expect(s.lambda).toBe(3);
    expect(s.pipeline.stages.map((x) => x.kind)).toEqual(["compute", "parallel", "compute"]);
    const fork = s.pipeline.stages[1] as any;
    expect(fork.branches[0][0].batchSeconds).toEqual([0.4, 0.5, 0.6, 0.7]);
    expect(fork.branches[1][0].link.effectiveRate).toBe(1e9);
  });

  test("errors name the path of the offending field", () => {
    const bad = (stages: string) => `{ "lambda": 1, "deadline": 2, "pipeline": { "stages": ${stages} } }`;
    const c = `{ "kind": "compute", "node": "a", "flops": 1, "flopsPerSecond": 1 }`;
    expect(() => parseGraphScenario(bad(`[${c}, ${c}, { "kind": "parallel", "branches": [[${c}], [{ "kind": "compute", "node": "b", "flops": -1, "flopsPerSecond": 1 }]] }]`))).toThrow(
      "parseGraphScenario: pipeline.stages[2].branches[1][0].flops must be a finite number ≥ 0, got -1",
    );
    expect(() => parseGraphScenario(bad(`[{ "kind": "parallel", "branches": [[${c}], [{ "kind": "transfer", "linkName": "l", "bits": 1, "rate": 0 }]] }]`))).toThrow("pipeline.stages[0].branches[1][0].rate");
    expect(() => parseGraphScenario(bad(`[{ "kind": "batch", "node": "x", "maxBatch": 2, "time": [1] }]`))).toThrow("parseGraphScenario: pipeline.stages[0].time");
    expect(() => parseGraphScenario(bad(`[{ "kind": "loop" }]`))).toThrow('pipeline.stages[0].kind must be "compute", "transfer", "parallel" or "batch"');
    expect(() => parseGraphScenario(`{ "lambda": 0, "deadline": 2, "pipeline": { "stages": [${c}] } }`)).toThrow("parseGraphScenario: lambda");
    expect(() => parseGraphScenario("{")).toThrow(SyntaxError);
  });
});
