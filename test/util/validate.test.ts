import { describe, expect, it } from "vitest";
import { atMost, show } from "../../src/util/validate.js";

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
