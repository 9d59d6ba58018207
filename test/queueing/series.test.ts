/**
 * The LST series near s = 0 against closed forms without cancellation: for S ~ Exp(mean m),
 * z = s·m, `u = 1 − S*(s) = z/(1 + z)` and `v = s·E[S] − u = z²/(1 + z)`; and the
 * Cramér–Lundberg root of M/M/1 near ρ = 1, `κ = (1 − ρ)/m`, `C = ρ`, sojourn constant 1.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exponential, gammaDistribution } from "../../src/distributions/index.js";
import { SERIES_RADIUS, lundbergSeries, momentSeries, uvSeries } from "../../src/queueing/series.js";
import { cadd, cdiv, cmul, cx, type Complex } from "../../src/util/complex.js";

const relErr = (a: Complex, b: Complex) => Math.hypot(a.re - b.re, a.im - b.im) / Math.hypot(b.re, b.im);

describe("momentSeries / uvSeries", () => {
  it("u and v of an exponential law match z/(1 + z) and z²/(1 + z) to 1e-14 inside the radius", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-9, max: 1, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        (m, r, phi) => {
          const ms = momentSeries(exponential(m))!;
          // |s|·L = r·SERIES_RADIUS with L = max(E[S], 1/θsup) = m.
          const s = cx((r * SERIES_RADIUS * Math.cos(phi)) / m, (r * SERIES_RADIUS * Math.sin(phi)) / m);
          const z = cx(s.re * m, s.im * m);
          const onePlusZ = cadd(cx(1), z);
          const { u, v } = uvSeries(ms, s);
          expect(relErr(u, cdiv(z, onePlusZ))).toBeLessThan(1e-14);
          expect(relErr(v, cdiv(cmul(z, z), onePlusZ))).toBeLessThan(1e-13);
        },
      ),
    );
  });

  it("scales by max(E[S], 1/θsup) and starts c = [1, E[S]/L, E[S²]/(2L²), …]", () => {
    const g = gammaDistribution(0.5, 2); // θsup = shape/mean = 0.25, so L = 4
    const ms = momentSeries(g)!;
    expect(ms.L).toBe(4);
    expect(ms.c[0]).toBe(1);
    expect(ms.c[1]).toBeCloseTo(2 / 4, 15);
    expect(ms.c[2]).toBeCloseTo(g.moment(2) / (2 * 16), 15);
  });
});

describe("lundbergSeries", () => {
  it("M/M/1 near ρ = 1: κ = (1 − ρ)/m, C = ρ, sojourn constant 1, to 1e-10", () => {
    for (const [m, rho] of [[1, 0.999], [2.5, 0.9995], [0.01, 0.9999]]) {
      const r = lundbergSeries(momentSeries(exponential(m))!, rho / m, rho)!;
      expect(r).not.toBeNull();
      expect(Math.abs(r.kappa - (1 - rho) / m) / ((1 - rho) / m)).toBeLessThan(1e-10);
      expect(Math.abs(r.C - rho)).toBeLessThan(1e-10);
      expect(Math.abs(r.sojournC - 1)).toBeLessThan(1e-10);
    }
  });

  it("is null when the root lies outside the series' radius (ρ far from 1)", () => {
    expect(lundbergSeries(momentSeries(exponential(1))!, 0.5, 0.5)).toBeNull();
  });
});
