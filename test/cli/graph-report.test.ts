import { describe, expect, test } from "vitest";
import { graphPresetFamily, graphReport } from "../../src/cli/graph-report.js";

describe("edgecalc report --scenario <graph preset>", () => {
  test("the LLM family side by side: latency reduction, capacity at (d, 1e-4), probability of meeting the deadline", async () => {
    const family = graphPresetFamily("llm-edge")!;
    expect(family.map((d) => d.name)).toEqual(["llm-collaborative", "llm-cloud", "llm-edge"]);
    const text = await graphReport(family, { requests: 20_000 });
    expect(text).toContain("llm-collaborative vs llm-cloud: mean latency");
    expect(text).toContain("llm-collaborative vs llm-edge: mean latency");
    expect(text).toMatch(/capacity at \(d, 0\.0001\)/);
    expect(text.split("\n").filter((l) => /^llm-(collaborative|cloud|edge)\s/.test(l) && !l.includes(" vs "))).toHaveLength(3);
  }, 300_000);

  test("the microservice DAG alone; an unknown name is not a graph preset", async () => {
    const text = await graphReport(graphPresetFamily("microservice")!, { requests: 20_000 });
    expect(text).toContain("microservice");
    expect(text).toContain("max of branch means");
    expect(graphPresetFamily("paper.jsonc")).toBe(null);
  }, 300_000);
});
