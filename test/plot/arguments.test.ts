// Regressions from the robustness fuzz of edgecalc/plot: bad arguments are a RangeError/
// TypeError naming the builder, never a hang, a raw crash or another function's name.
import { describe, expect, it } from "vitest";
import { paperScenario } from "../../src/pipeline/index.js";
import {
  axis, baseLayout, boundTrace, delayGrid, figureToCsv, figureToHtml, meanSojournFigure, paradigmBoundsFigure,
  qualityBoundFigure, qualityMapFigure, regionWinners, scenarioArrivals, simulationTrace, tightnessFigure,
} from "../../src/plot/index.js";

const fig = qualityMapFigure(paperScenario, { maxPriorSteps: 1, maxDecoderSteps: 1 });

describe("plot argument checks", () => {
  it("delayGrid: a grid end beyond 2^53 slots is rejected (it looped forever)", () => {
    expect(() => delayGrid("f", paperScenario, { maxDelaySeconds: 1e308 })).toThrow(/^f: maxDelaySeconds must be at most 9007199254740991 slots of 0\.1 s, got 1e\+308$/);
    expect(() => delayGrid(5 as never, paperScenario)).toThrow(TypeError);
  });
  it("qualityBoundFigure: priorStep must be a positive integer (a tiny step never finished)", () => {
    expect(() => qualityBoundFigure(paperScenario, { priorStep: 1e-300, deadlineSeconds: 1 })).toThrow(/^qualityBoundFigure: priorStep must be a positive integer, got 1e-300$/);
  });
  it("lower-layer errors on the caller's scenario are renamed to the builder", () => {
    const bad = { ...paperScenario, params: { ...paperScenario.params, edgeFlops: -1 } };
    expect(() => meanSojournFigure(bad)).toThrow(/^meanSojournFigure: params\.edgeFlops/);
    expect(() => paradigmBoundsFigure({ ...paperScenario, slotSeconds: 1e308 }, { maxDelaySeconds: 1 })).toThrow(/^paradigmBoundsFigure: /);
    expect(() => regionWinners(paperScenario.params, NaN, 0.1, 3)).toThrow(/^regionWinners: lambda must be a finite number ≥ 0, got NaN$/);
    expect(() => scenarioArrivals({ ...paperScenario, lambda: "1" } as never)).toThrow(new TypeError('scenarioArrivals: scenario.lambda must be a number, got "1"'));
  });
  it("null options are rejected, not read as absent", async () => {
    expect(() => meanSojournFigure(paperScenario, { points: null } as never)).toThrow(/^meanSojournFigure: points must be a number, got null$/);
    expect(() => meanSojournFigure(paperScenario, null as never)).toThrow(/^meanSojournFigure: opts must be an object, got null$/);
    await expect(tightnessFigure(paperScenario, { seed: null, customers: 1000, slots: 1000, maxDelaySeconds: 1, points: 3 } as never)).rejects.toThrow(/^tightnessFigure: seed must be a number, got null$/);
  });
  it("a non-function quality model is a TypeError", () => {
    expect(() => qualityMapFigure(paperScenario, { quality: 3 } as never)).toThrow(/^qualityMapFigure: quality must be a quality model function, got 3$/);
  });
  it("traces reject NaN and mismatched lengths", () => {
    expect(() => boundTrace("b", [0, 1], [0.5, NaN], "#000")).toThrow(/^boundTrace: ys\[1\] must be a number \(not NaN\), got NaN$/);
    expect(boundTrace("b", [0], [Infinity], "#000").y).toEqual([null]);
    expect(() => simulationTrace("s", [0], [], "#000")).toThrow(/^simulationTrace: est must be/);
  });
  it("layouts and serializers check their input", () => {
    expect(() => baseLayout("t", null as never, { title: "y" })).toThrow(/^baseLayout: x must be an axis spec/);
    expect(() => axis({ title: "x", range: [NaN, 1] })).toThrow(/^axis: a\.range\[0\] must be a finite number, got NaN$/);
    expect(() => figureToCsv({ ...fig, table: { columns: ["a"], rows: [[1, 2]] } } as never)).toThrow(/^figureToCsv: fig\.table\.rows\[0\] must be a row of 1 cells/);
    expect(() => figureToCsv({ ...fig, table: { columns: ["a"], rows: [[{}]] } } as never)).toThrow(/^figureToCsv: fig\.table\.rows\[0\]\[0\] must be a number, a string or null/);
    expect(() => figureToCsv({ ...fig, table: null } as never)).toThrow(/^figureToCsv: fig\.table must be/);
    expect(() => figureToHtml(fig, null as never)).toThrow(/^figureToHtml: plotlySource must be a string/);
  });
});
