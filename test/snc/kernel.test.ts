/**
 * The exact-sum kernel on long tandems (hundreds of stages), where the scaled sequences grow
 * like binomial coefficients and overflowed doubles before they were rescaled: references
 * from mpmath (test/fixtures/snc/generate_long_tandem.py), and monotonicity in T0 as a law.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantService, delayBound, delayBoundCurve, poissonArrivals, tandem } from "../../src/snc/index.js";
import { expectRel, fixture } from "../helpers.js";

type Case = { kind: "identical" | "distinct"; n?: number; rate?: number; rates?: number[]; lambda: number; theta: number; T: number; logBound: number };
const fx = fixture<{ cases: Case[] }>("snc/long-tandem.json");

describe("long tandems against mpmath (60 digits, no overflow)", () => {
  for (const c of fx.cases) {
    const n = c.kind === "identical" ? c.n! : c.rates!.length;
    it(`${n} ${c.kind} stages, θ = ${c.theta}, T0 = ${c.T}: ln B = ${c.logBound.toPrecision(8)}`, () => {
      const rates = c.kind === "identical" ? Array.from({ length: n }, () => c.rate!) : c.rates!;
      const service = tandem(...rates.map((r) => constantService(r)));
      const got = delayBound(poissonArrivals(c.lambda), service, c.T, { theta: c.theta }).logProbability;
      // ln B is a sum of n·(T0 + τ) positive double terms: relative rounding ≲ 1e-12 of B,
      // i.e. 1e-12 absolute on ln B, small against |ln B| ≥ 100 here.
      expect(Number.isFinite(got), `ln B = ${got}`).toBe(true);
      expectRel(got, c.logBound, 1e-11, { n, kind: c.kind, T: c.T });
    });
  }
});

describe("laws at large T0 and many stages", () => {
  it("delayBoundCurve (one pass over every T0 per θ) agrees with delayBound on 300 stages up to T0 = 3000", () => {
    const service = tandem(...Array.from({ length: 300 }, (_, i) => constantService(1.5 + 0.001 * i)));
    const Ts = [0, 100, 400, 600, 1000, 1500, 2000, 2500, 3000];
    const curve = delayBoundCurve(poissonArrivals(1), service, Ts);
    Ts.forEach((T, i) => {
      const one = delayBound(poissonArrivals(1), service, T).logProbability;
      expect(Number.isFinite(curve[i].logProbability), `T0 = ${T}: ${curve[i].logProbability}`).toBe(true);
      // Both minimise over θ (the curve to a 1e-6 relative θ-width): equal to 1e-6 of ln B.
      expect(Math.abs(curve[i].logProbability - one), `T0 = ${T}: curve ${curve[i].logProbability}, single ${one}`).toBeLessThan(1e-6 * Math.abs(one) + 1e-9);
    });
  });

  it("the optimised bound is finite and non-increasing in T0 for 50–300 nearly equal stages up to T0 = 4000", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 300 }),
        fc.double({ min: 1.2, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1e-3, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 1000 }),
        (n, c, spread, T, dT) => {
          const service = tandem(...Array.from({ length: n }, (_, i) => constantService(c + spread * i)));
          const a = delayBound(poissonArrivals(1), service, T);
          const b = delayBound(poissonArrivals(1), service, T + dT);
          const ctx = `n = ${n}, c = ${c}, spread = ${spread}: ln B(${T}) = ${a.logProbability}, ln B(${T + dT}) = ${b.logProbability}`;
          expect(Number.isFinite(a.logProbability) && Number.isFinite(b.logProbability), ctx).toBe(true);
          // Each is a minimum over θ found to a relative θ-tolerance of 1e-10: allow that slack.
          expect(b.logProbability <= a.logProbability + 1e-9 * Math.abs(a.logProbability), ctx).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
  });
});
