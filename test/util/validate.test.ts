import { describe, expect, it } from "vitest";
import { abortSignal, asCaller, asCallerAsync, atMost, booleanOption, confidenceLevel, seedValue, show } from "../../src/util/validate.js";

describe("show (the value in error messages)", () => {
  it("keeps -0, NaN, Infinity and quotes strings", () => {
    expect([show(-0), show(NaN), show(-Infinity), show("a")]).toEqual(["-0", "NaN", "-Infinity", '"a"']);
  });
  it("cuts arrays at 8 entries and 3 levels: a 100 000-level array does not overflow the stack", () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(show(deep)).toBe("[[[[…]]]]");
    expect(show([[[[]]]])).toBe("[[[[]]]]");
    expect(show([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe("[1, 2, 3, 4, 5, 6, 7, 8, …]");
  });
  it("cuts long strings at 200 characters", () => {
    expect(show("x".repeat(1000))).toBe(`"${"x".repeat(200)}"…`);
  });
});

describe("atMost (work limits)", () => {
  it("passes values up to the limit and names function, parameter, limit, reason and value beyond it", () => {
    expect(atMost("f", "n", 10, 10, "why")).toBe(10);
    expect(() => atMost("f", "n", 11, 10, "n² steps")).toThrow(new RangeError("f: n must be at most 10 (work limit: n² steps), got 11"));
  });
});

// The shared option checks of the simulators and the scores: exact messages (function,
// parameter, constraint, value), as every entry point reports them.
describe("seedValue", () => {
  it("takes any safe integer", () => {
    for (const s of [0, -5, 2 ** 53 - 1]) expect(seedValue("f", "seed", s)).toBe(s);
  });
  it("rejects non-integers, unsafe integers and non-numbers by name", () => {
    expect(() => seedValue("f", "seed", 1.5)).toThrow(new RangeError("f: seed must be a safe integer, got 1.5"));
    expect(() => seedValue("f", "opts.seed", 2 ** 53)).toThrow(/^f: opts\.seed must be a safe integer, got 9007199254740992$/);
    expect(() => seedValue("f", "seed", "1")).toThrow(TypeError);
    expect(() => seedValue("f", "seed", null)).toThrow(TypeError);
  });
});

describe("confidenceLevel", () => {
  it("takes a level in (0, 1) and rejects the ends", () => {
    expect(confidenceLevel("f", "confidence", 0.95)).toBe(0.95);
    expect(() => confidenceLevel("f", "confidence", 1)).toThrow(new RangeError("f: confidence must be in (0, 1), got 1"));
    expect(() => confidenceLevel("f", "confidence", 0)).toThrow(RangeError);
    expect(() => confidenceLevel("f", "confidence", NaN)).toThrow(RangeError);
  });
});

describe("abortSignal", () => {
  it("passes undefined and signals through", () => {
    const s = new AbortController().signal;
    expect(abortSignal("f", "signal", undefined)).toBe(undefined);
    expect(abortSignal("f", "signal", s)).toBe(s);
  });
  it("rejects anything else", () => {
    expect(() => abortSignal("f", "signal", null)).toThrow(new TypeError("f: signal must be an AbortSignal, got null"));
    expect(() => abortSignal("f", "signal", {})).toThrow(TypeError);
  });
});

describe("booleanOption", () => {
  it("defaults when undefined, passes booleans, rejects the rest (null included)", () => {
    expect(booleanOption("f", "floor", undefined, true)).toBe(true);
    expect(booleanOption("f", "floor", false, true)).toBe(false);
    expect(() => booleanOption("f", "floor", null, false)).toThrow(new TypeError("f: floor must be a boolean, got null"));
    expect(() => booleanOption("f", "floor", 1, false)).toThrow(/^f: floor must be a boolean, got 1$/);
  });
});

describe("asCaller: a lower layer's argument error under the entry point's name", () => {
  const lower = () => {
    throw new RangeError("pipelineService: pipeline.stages[0].flops must be a finite number > 0, got -1");
  };
  it("renames RangeError/TypeError, keeping type, text and the original as cause", () => {
    let caught: unknown;
    try {
      asCaller("violationBound", lower);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as Error).message).toBe("violationBound: pipeline.stages[0].flops must be a finite number > 0, got -1");
    expect((caught as Error).cause).toBeInstanceOf(RangeError);
  });
  it("leaves its own errors, other error types and unlisted callees alone", () => {
    expect(() => asCaller("f", () => { throw new TypeError("f: x must be a number, got null"); })).toThrow(new TypeError("f: x must be a number, got null"));
    expect(() => asCaller("f", () => { throw new Error("g: boom"); })).toThrow(new Error("g: boom"));
    expect(() => asCaller("f", lower, /^(mg1): /)).toThrow(/^pipelineService: /);
    expect(asCaller("f", () => 3)).toBe(3);
  });
  it("async form", async () => {
    await expect(asCallerAsync("simulateDelays", async () => lower())).rejects.toThrow(/^simulateDelays: pipeline\.stages\[0\]/);
  });
  it("puts the callee's argument under its path in the caller's (prefix)", async () => {
    const paradigmsError = () => {
      throw new RangeError("paradigms: params.meanRate must be a finite number > 0, got -1");
    };
    expect(() => asCaller("verifyScenario", paradigmsError, undefined, "scenario.")).toThrow(new RangeError("verifyScenario: scenario.params.meanRate must be a finite number > 0, got -1"));
    await expect(asCallerAsync("f", async () => paradigmsError(), /^paradigms: /, "s.")).rejects.toThrow(new RangeError("f: s.params.meanRate must be a finite number > 0, got -1"));
  });
});
