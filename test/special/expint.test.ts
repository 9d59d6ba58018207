import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { expint1, expintE, logExpintE } from "../../src/special/index.js";

interface EntryE {
  a: number;
  x: number;
  value: number;
  logValue: number;
  expintDisagrees?: boolean;
}
interface Entry1 {
  x: number;
  value: number;
  logValue: number;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/special/expint.json", import.meta.url), "utf8")) as {
  versions: { python: string; mpmath: string };
  expintE: EntryE[];
  expint1: Entry1[];
};

/** Values below this are subnormal or zero in doubles: compare logs there instead. */
const NORMAL = 1e-300;

function relErr(got: number, expected: number): number {
  return Math.abs(got - expected) / Math.abs(expected);
}

function report(fn: string, input: object, expected: number, got: number, tol: number): string {
  return `${fn}(${JSON.stringify(input)}): expected ${expected}, got ${got}, rel err ${relErr(got, expected).toExponential(2)} > tol ${tol} (mpmath ${fixture.versions.mpmath})`;
}

describe("expint1 against mpmath fixtures", () => {
  const TOL = 1e-12;
  it(`matches ${fixture.expint1.length} points on x ∈ [1e-8, 1e3] to ${TOL} relative`, () => {
    const failures: string[] = [];
    for (const e of fixture.expint1) {
      if (e.value >= NORMAL) {
        const got = expint1(e.x);
        if (!(relErr(got, e.value) <= TOL)) failures.push(report("expint1", { x: e.x }, e.value, got, TOL));
      }
      const gotLog = logExpintE(1, e.x);
      const tolLog = TOL * Math.max(1, Math.abs(e.logValue));
      if (!(Math.abs(gotLog - e.logValue) <= tolLog)) failures.push(`logExpintE(1, ${e.x}): expected ${e.logValue}, got ${gotLog}, tol ${tolLog}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});

describe("expintE / logExpintE against mpmath fixtures", () => {
  // The contract is 1e-10; the regimes below document what the method actually reaches.
  const TOL_SERIES = 1e-12; // x < 1, a < 12: series + ≤ 11 recurrence steps
  const TOL_CF = 1e-12; // continued fraction
  const tolFor = (a: number, x: number) => (x < 1 && a < 12 ? TOL_SERIES : TOL_CF);

  it(`matches ${fixture.expintE.length} points on a ∈ [0, 200], x ∈ [1e-8, 1e3]`, () => {
    const failures: string[] = [];
    let checked = 0;
    for (const e of fixture.expintE) {
      const tol = tolFor(e.a, e.x);
      if (e.value >= NORMAL) {
        const got = expintE(e.a, e.x);
        checked++;
        if (!(relErr(got, e.value) <= tol)) failures.push(report("expintE", { a: e.a, x: e.x }, e.value, got, tol));
      }
      // ln E: an absolute error δ in the log is a relative error δ in E.
      const gotLog = logExpintE(e.a, e.x);
      const tolLog = tol * Math.max(1, Math.abs(e.logValue));
      if (!(Math.abs(gotLog - e.logValue) <= tolLog)) {
        failures.push(`logExpintE(${e.a}, ${e.x}): expected ${e.logValue}, got ${gotLog}, diff ${Math.abs(gotLog - e.logValue).toExponential(2)} > tol ${tolLog}`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("covers the points where mpmath.expint itself is wrong (large a and x)", () => {
    const hard = fixture.expintE.filter((e) => e.expintDisagrees);
    expect(hard.length).toBeGreaterThan(0);
    for (const e of hard) {
      const got = logExpintE(e.a, e.x);
      expect(Math.abs(got - e.logValue), `a=${e.a} x=${e.x} expected ${e.logValue} got ${got}`).toBeLessThanOrEqual(1e-12 * Math.abs(e.logValue));
    }
  });

  it("logExpintE stays finite where E_a(x) underflows", () => {
    expect(expintE(3, 1000)).toBe(0);
    const l = logExpintE(3, 1000);
    expect(Number.isFinite(l)).toBe(true);
    expect(l).toBeLessThan(-1000);
  });
});

describe("expintE special cases and laws", () => {
  it("E_0(x) = e^{-x}/x and E_1 = expint1", () => {
    for (const x of [1e-8, 0.3, 0.999, 1, 7, 300]) {
      expect(relErr(expintE(0, x), Math.exp(-x) / x)).toBeLessThanOrEqual(1e-14);
      expect(expintE(1, x)).toBe(expint1(x));
    }
  });

  it("is continuous across integer orders (removable poles of the series)", () => {
    for (const n of [1, 2, 3, 7]) {
      for (const x of [1e-6, 0.2, 0.9]) {
        const mid = expintE(n, x);
        for (const d of [1e-13, 1e-10, 1e-7]) {
          // |dE_a/da| ≤ E_a·|ln x| + E_a: a shift of d moves E by at most that much.
          const slope = mid * (1 + Math.abs(Math.log(x))) * d;
          expect(Math.abs(expintE(n + d, x) - mid)).toBeLessThanOrEqual(slope + 1e-14 * mid);
          expect(Math.abs(expintE(n - d, x) - mid)).toBeLessThanOrEqual(slope + 1e-14 * mid);
        }
      }
    }
  });

  it("satisfies the recurrence a·E_{a+1}(x) + x·E_a(x) = e^{-x} across the method switch (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 40, noNaN: true }),
        fc.double({ min: -6, max: 2, noNaN: true }),
        (a, lx) => {
          const x = 10 ** lx;
          // Compare in scaled form e^x E: both terms are positive, so no cancellation in the check.
          const lhs = a * Math.exp(logExpintE(a + 1, x) + x) + x * Math.exp(logExpintE(a, x) + x);
          return relErr(lhs, 1) <= 1e-12;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is decreasing in a and in x (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.double({ min: -7, max: 2.5, noNaN: true }),
        fc.double({ min: 1e-3, max: 5, noNaN: true }),
        (a, lx, d) => {
          const x = 10 ** lx;
          const l = logExpintE(a, x);
          return logExpintE(a + d, x) < l && logExpintE(a, x * (1 + d)) < l;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects invalid arguments with messages naming function, parameter and value", () => {
    expect(() => expint1(0)).toThrow(new RangeError("expint1: x must be a finite number > 0, got 0"));
    expect(() => expint1(-1)).toThrow(/expint1: x must be a finite number > 0, got -1/);
    expect(() => expint1(NaN)).toThrow(/expint1: x .* got NaN/);
    expect(() => expint1(Infinity)).toThrow(/expint1: x .* got Infinity/);
    expect(() => expintE(-0.5, 1)).toThrow(new RangeError("expintE: a must be a finite number ≥ 0, got -0.5"));
    expect(() => expintE(NaN, 1)).toThrow(/expintE: a .* got NaN/);
    expect(() => expintE(1, 0)).toThrow(/expintE: x must be a finite number > 0, got 0/);
    expect(() => logExpintE(Infinity, 1)).toThrow(/logExpintE: a .* got Infinity/);
    expect(() => logExpintE(1, -2)).toThrow(/logExpintE: x .* got -2/);
    expect(() => expintE("1" as unknown as number, 1)).toThrow(TypeError);
  });
});
