/**
 * The complex helpers by algebraic identities (fast-check): field laws for cadd/cmul/cdiv
 * (Smith's division also where the naive formula overflows), e^{ln z} = z, and ln of a
 * product adding arguments on the principal branch.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cadd, cdiv, cexp, clog, cmul, cscale, cx, type Complex } from "../../src/util/complex.js";

const part = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const z = fc.tuple(part, part).map(([re, im]) => cx(re, im));
const nonZero = z.filter((w) => Math.hypot(w.re, w.im) > 1e-3);
const close = (a: Complex, b: Complex, tol: number) => Math.hypot(a.re - b.re, a.im - b.im) <= tol * Math.max(1, Math.hypot(b.re, b.im));

describe("complex arithmetic", () => {
  it("cx defaults the imaginary part to 0; cscale scales both parts", () => {
    expect(cx(2)).toEqual({ re: 2, im: 0 });
    expect(cscale(cx(1, -2), 3)).toEqual({ re: 3, im: -6 });
  });

  it("i·i = −1 and (1 + 2i)(3 − i) = 5 + 5i exactly", () => {
    expect(cmul(cx(0, 1), cx(0, 1))).toEqual({ re: -1, im: 0 });
    expect(cmul(cx(1, 2), cx(3, -1))).toEqual({ re: 5, im: 5 });
    expect(cadd(cx(1, 2), cx(3, -1))).toEqual({ re: 4, im: 1 });
  });

  it("division inverts multiplication: (a·b)/b = a", () => {
    fc.assert(fc.property(z, nonZero, (a, b) => close(cdiv(cmul(a, b), b), a, 1e-12)));
  });

  it("Smith's division stays finite where |b|² overflows", () => {
    const q = cdiv(cx(1e300, 1e300), cx(1e300, 1e300));
    expect(close(q, cx(1), 1e-15)).toBe(true);
    const r = cdiv(cx(1, 0), cx(1e-200, 1e200));
    expect(close(r, cx(0, -1e-200), 1e-15)).toBe(true);
  });

  it("e^{ln z} = z, and ln(e^w) = w for Im w in (−π, π]", () => {
    fc.assert(fc.property(nonZero, (a) => close(cexp(clog(a)), a, 1e-13)));
    const w = fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -3.1, max: 3.1, noNaN: true })).map(([re, im]) => cx(re, im));
    fc.assert(fc.property(w, (b) => close(clog(cexp(b)), b, 1e-13)));
  });

  it("clog is the principal branch: arg in [−π, π] (−π from just below the negative axis, as atan2 rounds), ln(−1) = iπ", () => {
    expect(clog(cx(-1))).toEqual({ re: 0, im: Math.PI });
    fc.assert(fc.property(nonZero, (a) => {
      const l = clog(a);
      const negative = (x: number) => x < 0 || Object.is(x, -0);
      return l.im >= -Math.PI && l.im <= Math.PI && negative(a.im) === negative(l.im);
    }));
  });
});
