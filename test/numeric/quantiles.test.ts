import { describe, expect, test } from "vitest";
import { normalQuantile, studentTQuantile } from "../../src/numeric/quantiles.js";
import { loadFixtures } from "../sim/helpers.js";

function expectRel(label: string, got: number, expected: number, tol: number): void {
  const err = Math.abs(got - expected) / Math.abs(expected);
  if (!(err <= tol)) {
    throw new Error(`${label}: expected ${expected}, got ${got}, relative error ${err.toExponential(2)} > tolerance ${tol}`);
  }
}

const fixtures = loadFixtures();

describe("quantiles against scipy (test/fixtures/sim/generate.py)", () => {
  test("Student t: exact CDF bisection for integer ν ≤ 400, Cornish–Fisher beyond", () => {
    for (const { df, p, value } of fixtures.tQuantiles) {
      // Far tails: P(|T| ≤ t) is close to 1 there, so the bisection target carries ~1e-16/(1−p) error.
      const tol = df > 400 ? 1e-6 : p > 0.99 ? 1e-8 : 1e-9;
      expectRel(`t quantile df=${df} p=${p}`, studentTQuantile(p, df), value, tol);
      expectRel(`t quantile df=${df} p=${1 - p}`, studentTQuantile(1 - p, df), -value, tol);
    }
    // non-integer ν takes the expansion: still close for large ν
    expectRel("t quantile df=1000.5", studentTQuantile(0.975, 1000.5), 1.962326, 1e-5);
  });
  test("normal: Acklam's approximation", () => {
    for (const { p, value } of fixtures.normalQuantiles) {
      if (value === 0) expect(Math.abs(normalQuantile(p))).toBeLessThan(1e-15);
      else expectRel(`normal quantile p=${p}`, normalQuantile(p), value, 2e-9);
    }
  });
  test("kernels return NaN outside the domain", () => {
    expect(studentTQuantile(0, 5)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
  });
});
