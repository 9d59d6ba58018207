import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mm1 } from "../../src/queueing/index.js";
import { expectRel, fixture } from "../helpers.js";

type Rational = { lambda: number; service: { kind: string; args: any[] }; meanWait: number; waitSecondMoment: number; t: number[]; waitTail: number[]; sojournTail: number[]; p: number[]; waitQuantile: number[]; sojournQuantile: number[] };
const fx = fixture<{ rational: Rational[] }>("queueing/queueing.json");
const cases = fx.rational.filter((c) => c.service.kind === "exponential");

describe("mm1 against mpmath partial fractions", () => {
  it("has exponential cases to check", () => expect(cases.length).toBeGreaterThanOrEqual(3));
  for (const c of cases) {
    it(`λ=${c.lambda}, mean ${c.service.args[0]}`, () => {
      const q = mm1(c.lambda, 1 / c.service.args[0]);
      expectRel(q.meanWait, c.meanWait, 1e-13, { lambda: c.lambda, field: "meanWait" });
      expectRel(q.waitSecondMoment, c.waitSecondMoment, 1e-13, { lambda: c.lambda, field: "E[W²]" });
      c.t.forEach((t, i) => {
        expectRel(q.waitTail(t), c.waitTail[i], 1e-12, { lambda: c.lambda, t, field: "P(W>t)" });
        expectRel(q.sojournTail(t), c.sojournTail[i], 1e-12, { lambda: c.lambda, t, field: "P(T>t)" });
      });
      c.p.forEach((p, i) => {
        expectRel(q.waitQuantile(p), c.waitQuantile[i], 1e-12, { lambda: c.lambda, p, field: "waitQuantile" });
        expectRel(q.sojournQuantile(p), c.sojournQuantile[i], 1e-12, { lambda: c.lambda, p, field: "sojournQuantile" });
      });
    });
  }
});

describe("mm1 laws and states", () => {
  it("Little's law and Var[W] = E[W²] − E[W]²", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (r, mu) => {
        const q = mm1(r * mu, mu);
        expectRel(q.meanQueueLength, q.lambda * q.meanWait, 1e-15, { r, mu });
        expectRel(q.meanInSystem, q.lambda * q.meanSojourn, 1e-15, { r, mu });
        expectRel(q.waitVariance, q.waitSecondMoment - q.meanWait ** 2, 1e-12, { r, mu });
      }),
    );
  });
  it("Var[W] = ρ(2 − ρ)/(μ − λ)² on every scale: +∞ where it overflows, never ∞ − ∞ = NaN", () => {
    // μ = 1e-300, ρ = 0.5: Var[W] = 0.75/(5e-301)² = 3e600 overflows; E[W] = 1e300 does not.
    const q = mm1(5e-301, 1e-300);
    expectRel(q.meanWait, 1e300, 1e-15, "μ = 1e-300");
    expect(q.waitVariance).toBe(Infinity);
    expectRel(mm1(0.5e-150, 1e-150).waitVariance, 0.75 / (0.5e-150) ** 2, 1e-14, "μ = 1e-150");
  });
  it("is unstable for ρ ≥ 1 without throwing", () => {
    const q = mm1(2, 1);
    expect([q.stable, q.meanWait, q.meanSojourn, q.waitTail(5), q.sojournTail(5), q.waitQuantile(0.5)]).toEqual([false, Infinity, Infinity, 1, 1, Infinity]);
    expect(mm1(1, 1).stable).toBe(false);
  });
  it("rejects bad arguments with named messages", () => {
    expect(() => mm1(-1, 1)).toThrow(new RangeError("mm1: lambda must be a finite number ≥ 0, got -1"));
    expect(() => mm1(1, 0)).toThrow(new RangeError("mm1: mu must be a finite number > 0, got 0"));
    expect(() => mm1(0.5, 1).waitTail(-1)).toThrow(new RangeError("mm1.waitTail: t must be a number ≥ 0, got -1"));
    expect(() => mm1(0.5, 1).waitQuantile(1)).toThrow(new RangeError("mm1.waitQuantile: p must be in [0, 1), got 1"));
  });
});
