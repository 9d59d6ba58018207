import { describe, expect, it } from "vitest";
import { log1mExp, logAddExp, logSubExp, logSumExp } from "../../src/util/logspace.js";

describe("log-space helpers", () => {
  it("agree with the direct formulas where those do not overflow", () => {
    const cases: [number, number][] = [[0, 0], [1, -2], [-5, 3], [20, 19.5]];
    for (const [a, b] of cases) {
      const want = Math.log(Math.exp(a) + Math.exp(b));
      expect(Math.abs(logAddExp(a, b) - want), `logAddExp(${a}, ${b})`).toBeLessThan(1e-15 * Math.max(1, Math.abs(want)));
      expect(Math.abs(logSumExp([a, b, a]) - Math.log(2 * Math.exp(a) + Math.exp(b)))).toBeLessThan(1e-14);
    }
    expect(Math.abs(logSubExp(1, 0) - Math.log(Math.E - 1))).toBeLessThan(1e-15);
    expect(Math.abs(log1mExp(-2) - Math.log(1 - Math.exp(-2)))).toBeLessThan(1e-15);
  });
  it("keep their ±Infinity conventions", () => {
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(Infinity, 3)).toBe(Infinity);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([1, Infinity])).toBe(Infinity);
    expect(logSubExp(2, -Infinity)).toBe(2);
    expect(logSubExp(2, 2)).toBe(-Infinity);
    expect(log1mExp(0)).toBe(-Infinity);
    expect(log1mExp(-Infinity) === 0).toBe(true);
  });
  // Root exports (robustness fuzz finding): NaN in must not give a silent NaN out.
  it("reject NaN, non-numbers and out-of-domain arguments with errors naming the function", () => {
    expect(() => logAddExp(NaN, 1)).toThrow(/^logAddExp: a must be a number \(±Infinity allowed\), not NaN, got NaN$/);
    expect(() => logAddExp(1, "2" as never)).toThrow(TypeError);
    expect(() => logSumExp([0, NaN])).toThrow(/^logSumExp: xs\[1\] must be/);
    expect(() => logSumExp(null as never)).toThrow(/^logSumExp: xs must be an array of numbers, got null$/);
    expect(() => log1mExp(NaN)).toThrow(/^log1mExp: x must be a number ≤ 0, got NaN$/);
    expect(() => log1mExp(1e-300)).toThrow(/^log1mExp: x must be a number ≤ 0, got 1e-300$/);
    expect(() => logSubExp(0, 1)).toThrow(/^logSubExp: b must be ≤ a = 0, got 1$/);
    expect(() => logSubExp(NaN, -1)).toThrow(/^logSubExp: a/);
  });
});
