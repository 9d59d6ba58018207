import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deterministic,
  erlang,
  exponential,
  gammaDistribution,
  hyperexponential,
  shifted,
  sumOf,
} from "../../src/distributions/index.js";
import { type FixtureSpec, buildDistribution, expectRel, fixture } from "../helpers.js";

type Spec = FixtureSpec;
const build = buildDistribution;

const fx = fixture<{ cases: { spec: Spec; x: number[]; cdf: number[]; ccdf: number[] }[] }>("distributions/cdf.json");

describe("cdf and ccdf against mpmath's regularized incomplete gamma", () => {
  for (const c of fx.cases) {
    it(`${c.spec.kind}(${JSON.stringify(c.spec.args)})`, () => {
      const d = build(c.spec);
      c.x.forEach((x, i) => {
        // Lanczos log-gamma and the prefactor x^a e^{−x} (|a ln x − x| up to ≈150 here)
        // carry ≈1e-13 relative; each of cdf and ccdf is accurate in its own right.
        const ctx = { x, spec: c.spec };
        if (c.cdf[i] > 1e-300) expectRel(d.cdf!(x), c.cdf[i], 1e-12, { ...ctx, field: "cdf" });
        expectRel(d.ccdf!(x), c.ccdf[i], 1e-12, { ...ctx, field: "ccdf" });
      });
    });
  }
});

describe("cdf laws", () => {
  it("deterministic is a right-continuous step; a sum of point masses is one", () => {
    const d = deterministic(2);
    expect([d.cdf!(1.999), d.cdf!(2), d.ccdf!(2), d.ccdf!(1.999)]).toEqual([0, 1, 0, 1]);
    const s = sumOf(deterministic(0.5), deterministic(1.5));
    expect([s.cdf!(1.999), s.cdf!(2)]).toEqual([0, 1]);
  });
  it("a sum with two random parts has no cdf (it would need a convolution)", () => {
    const s = sumOf(exponential(1), exponential(2));
    expect([s.cdf, s.ccdf]).toEqual([undefined, undefined]);
    expect(shifted(1, s).cdf).toBeUndefined();
  });
  it("cdf + ccdf = 1, cdf non-decreasing, both in [0, 1], 0 below the support", () => {
    const arb = fc.oneof(
      fc.double({ min: 0.05, max: 5, noNaN: true }).map(exponential),
      fc.tuple(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.05, max: 5, noNaN: true })).map(([k, m]) => erlang(k, m)),
      fc.tuple(fc.double({ min: 0.1, max: 50, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true })).map(([k, m]) => gammaDistribution(k, m)),
      fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true }))
        .map(([w, m1, m2]) => hyperexponential([w, 1 - w], [m1, m2])),
      fc.tuple(fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true })).map(([a, m]) => shifted(a, gammaDistribution(1.7, m))),
    );
    fc.assert(
      fc.property(arb, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (d, x, y) => {
        const [lo, hi] = x <= y ? [x * d.mean, y * d.mean] : [y * d.mean, x * d.mean];
        const p1 = d.cdf!(lo), p2 = d.cdf!(hi), q1 = d.ccdf!(lo);
        const ctx = `${d.kind} ${JSON.stringify(d.params)} x=${lo},${hi}: ${p1} ${p2} ${q1}`;
        expect(p1 >= 0 && p1 <= 1 && q1 >= 0 && q1 <= 1, ctx).toBe(true);
        expect(Math.abs(p1 + q1 - 1) <= 1e-13, ctx).toBe(true);
        expect(p2 >= p1 - 1e-14, ctx).toBe(true);
        expect(d.cdf!(-1), ctx).toBe(0);
      }),
    );
  });
});
