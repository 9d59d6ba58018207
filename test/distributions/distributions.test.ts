import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Distribution,
  deterministic,
  erlang,
  exponential,
  gammaDistribution,
  hyperexponential,

  shifted,
  sumOf,
} from "../../src/distributions/index.js";
import { rng } from "../../src/random/index.js";
import { type FixtureSpec, buildDistribution, expectRel, fixture } from "../helpers.js";

type Spec = FixtureSpec;
const build = buildDistribution;

const fx = fixture<{ cases: (Spec & { moments: number[]; thetas: number[]; logMgf: number[] })[] }>("distributions/distributions.json");

describe("distributions against mpmath quadrature of the densities", () => {
  for (const c of fx.cases) {
    it(`${c.kind}(${JSON.stringify(c.args)})`, () => {
      const d = build(c);
      c.moments.forEach((m, i) => expectRel(d.moment(i + 1), m, 1e-12, { case: c.kind, k: i + 1 }));
      expectRel(d.mean, c.moments[0], 1e-12, { case: c.kind, field: "mean" });
      expectRel(d.variance, c.moments[1] - c.moments[0] ** 2, 1e-10, { case: c.kind, field: "variance" });
      c.thetas.forEach((t, i) => expectRel(d.logMgf(t), c.logMgf[i], 1e-11, { case: c.kind, theta: t }));
      c.thetas.forEach((t, i) => expectRel(d.lst(-t), Math.exp(c.logMgf[i]), 1e-11, { case: c.kind, s: -t }));
    });
  }
});

/** Arbitrary distributions with their parameters. */
const distArb: fc.Arbitrary<Distribution> = fc.oneof(
  fc.double({ min: 0.01, max: 10, noNaN: true }).map(deterministic),
  fc.double({ min: 0.01, max: 10, noNaN: true }).map(exponential),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.01, max: 10, noNaN: true })).map(([k, m]) => erlang(k, m)),
  fc.tuple(fc.double({ min: 0.2, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true })).map(([k, m]) => gammaDistribution(k, m)),
  fc
    .tuple(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }))
    .map(([p, a, b]) => hyperexponential([p, 1 - p], [a, b])),
);
const compositeArb = fc.oneof(
  distArb,
  fc.tuple(fc.double({ min: 0, max: 5, noNaN: true }), distArb).map(([a, d]) => shifted(a, d)),
  fc.array(distArb, { minLength: 1, maxLength: 4 }).map((ds) => sumOf(...ds)),
);

describe("log-MGF laws (fast-check)", () => {
  it("logMgf(0) = 0, logMgf'(0) = mean, logMgf''(0) = variance", () => {
    fc.assert(
      fc.property(compositeArb, (d) => {
        expect(d.logMgf(0)).toBe(0);
        // Central differences. Tolerances from Taylor's theorem: the truncation error of
        // f1 is h²κ₃/6 and of f2 is h²κ₄/12 (κ cumulants), plus rounding ~ ε|L|/h and ε|L|/h²;
        // a factor 4 covers the higher-order terms at this step size.
        const m2 = d.moment(2), m3 = d.moment(3), m4 = d.moment(4), mu = d.mean;
        const k3 = Math.abs(m3 - 3 * mu * m2 + 2 * mu ** 3);
        const k4 = Math.abs(m4 - 4 * mu * m3 + 6 * mu * mu * m2 - 3 * mu ** 4 - 3 * d.variance ** 2);
        const h = 1e-3 / Math.sqrt(m2);
        const lp = d.logMgf(h), lm = d.logMgf(-h);
        // Rounding: relative to |L| plus an absolute ε per log-sum-exp (ln Σwᵢ is only ≈ 0).
        const eps = Number.EPSILON * (Math.abs(lp) + Math.abs(lm) + 4);
        const f1 = (lp - lm) / (2 * h);
        const f2 = (lp + lm) / (h * h);
        expect(Math.abs(f1 - mu)).toBeLessThanOrEqual(4 * ((h * h * k3) / 6 + eps / h));
        expect(Math.abs(f2 - d.variance)).toBeLessThanOrEqual(4 * ((h * h * k4) / 12 + (4 * eps) / (h * h)));
      }),
      { numRuns: 300 },
    );
  });
  it("logMgf is convex and +Infinity beyond thetaSup", () => {
    fc.assert(
      fc.property(compositeArb, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (d, u) => {
        const top = Number.isFinite(d.thetaSup) ? d.thetaSup : 10 / d.mean;
        const a = -top, b = u * top;
        const m = (a + b) / 2;
        expect(d.logMgf(m)).toBeLessThanOrEqual((d.logMgf(a) + d.logMgf(b)) / 2 + 1e-12 * (1 + Math.abs(d.logMgf(a)) + Math.abs(d.logMgf(b))));
        if (Number.isFinite(d.thetaSup)) expect(d.logMgf(d.thetaSup)).toBe(Infinity);
      }),
      { numRuns: 300 },
    );
  });
  it("the complex LST agrees with the real LST on the real axis", () => {
    fc.assert(
      fc.property(compositeArb, fc.double({ min: 0, max: 20, noNaN: true }), (d, s) => {
        const z = d.lstComplex({ re: s, im: 0 });
        expect(Math.abs(z.im)).toBeLessThan(1e-14);
        expect(Math.abs(z.re - d.lst(s))).toBeLessThanOrEqual(1e-13 * Math.max(1, d.lst(s)));
      }),
      { numRuns: 200 },
    );
  });
});

describe("samplers agree with mean and variance (seeded, 99.9% intervals)", () => {
  const cases: [string, Distribution][] = [
    ["exponential(2)", exponential(2)],
    ["erlang(3, 1)", erlang(3, 1)],
    ["erlang(40, 1)", erlang(40, 1)],
    ["gamma(0.4, 1.5)", gammaDistribution(0.4, 1.5)],
    ["gamma(7.3, 2)", gammaDistribution(7.3, 2)],
    ["H2", hyperexponential([0.8, 0.2], [0.5, 3])],
    ["shifted", shifted(1, erlang(2, 1))],
    ["sum", sumOf(deterministic(0.3), exponential(1), gammaDistribution(2.5, 0.7))],
  ];
  for (const [name, d] of cases) {
    it(name, () => {
      const n = 200_000;
      const u = rng(20261123);
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) {
        const x = d.sample(u);
        expect(x).toBeGreaterThanOrEqual(0);
        s += x;
        s2 += x * x;
      }
      const mean = s / n;
      // z = 3.29 for 99.9%; the variance of the sample mean is Var/n.
      expect(Math.abs(mean - d.mean)).toBeLessThanOrEqual(3.29 * Math.sqrt(d.variance / n) + 1e-12);
      const v = s2 / n - mean * mean;
      // Var of the sample variance ≈ (μ4 − σ⁴)/n; bound μ4 by the raw 4th moment about 0 shifted.
      const mu4 = d.moment(4) - 4 * d.mean * d.moment(3) + 6 * d.mean ** 2 * d.moment(2) - 3 * d.mean ** 4;
      expect(Math.abs(v - d.variance)).toBeLessThanOrEqual(3.29 * Math.sqrt(Math.max(mu4 - d.variance ** 2, 0) / n) + 1e-9);
    });
  }
});

describe("bad input names function, parameter and value", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => erlang(2.5, 1), /^erlang: shape must be a positive integer, got 2.5$/],
    [() => exponential(-1), /^exponential: mean must be a finite number > 0, got -1$/],
    [() => exponential(NaN), /exponential: mean .* got NaN/],
    [() => deterministic(-0.5), /deterministic: value .* got -0.5/],
    [() => gammaDistribution(0, 1), /gammaDistribution: shape .* got 0/],
    [() => gammaDistribution(1, Infinity), /gammaDistribution: mean .* got Infinity/],
    [() => hyperexponential([0.5, 0.6], [1, 2]), /hyperexponential: weights must be probabilities summing to 1/],
    [() => hyperexponential([0.5], [1, 2]), /hyperexponential: means must be an array of the same length/],
    [() => hyperexponential([1.5, -0.5], [1, 2]), /hyperexponential: weights\[1\] must be ≥ 0, got -0.5/],
    [() => shifted(-1, exponential(1)), /shifted: offset .* got -1/],
    [() => sumOf(), /sumOf: dists must be at least one distribution/],
    [() => exponential(1).moment(1.5), /exponential.moment: k must be a non-negative integer, got 1.5/],
  ];
  for (const [f, re] of cases) it(String(re), () => expect(f).toThrow(re));
  it("wrong types are TypeErrors", () => {
    expect(() => exponential("1" as never)).toThrow(TypeError);
    expect(() => sumOf({} as never)).toThrow(/sumOf: dists\[0\] must be a distribution/);
  });
  it("objects are frozen", () => {
    const d = exponential(1);
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.params)).toBe(true);
  });
});

describe("hyperexponential numerics (robustness fuzz regressions)", () => {
  it("logMgf is relative-accurate near θ = 0: mean·θ + variance·θ²/2 (Taylor; the θ³ term is below 1e-14 relative here)", () => {
    const d = hyperexponential([0.8, 0.2], [0.5, 3]);
    for (const t of [1e-300, 1e-100, 1e-20, 1e-8, -1e-8]) {
      expectRel(d.logMgf(t), d.mean * t + (d.variance * t * t) / 2, 1e-14, { theta: t });
    }
  });
  it("logMgf far below 0 (excess near −1) keeps relative accuracy: ln Σ wᵢ/(1 − θmᵢ) in closed form", () => {
    const d = hyperexponential([0.8, 0.2], [0.5, 3]);
    for (const t of [-1, -1e3, -1e10]) {
      // Σ wᵢ/(1 + |θ|mᵢ) has no cancellation, so the direct formula is the reference.
      expectRel(d.logMgf(t), Math.log(0.8 / (1 - t * 0.5) + 0.2 / (1 - t * 3)), 1e-14, { theta: t });
    }
    expect(d.logMgf(-Infinity)).toBe(-Infinity);
  });
  it("a zero-weight branch with a larger mean does not poison logMgf beyond its own thetaSup", () => {
    const d = hyperexponential([1, 0], [1, 10]);
    expect(d.thetaSup).toBe(1);
    expectRel(d.logMgf(0.5), Math.log(2), 1e-15, { theta: 0.5 });
  });
  it("variance is a sum of non-negative terms: finite and exact for huge means, Infinity (not NaN) when it overflows", () => {
    // 2Σwᵢmᵢ² − mean² with w = [1/2, 1/2], m = [1e150, 1]: 1e300 − 0.25e300 (+ O(1e150)).
    expectRel(hyperexponential([0.5, 0.5], [1e150, 1]).variance, 0.75e300, 1e-15, { means: [1e150, 1] });
    expect(hyperexponential([0.5, 0.5], [1e308, 2]).variance).toBe(Infinity);
  });
});

describe("overflowing moments stay infinite, never NaN (nightly fuzz finding)", () => {
  it("a sum or shift with an infinite second moment has E[S²] = Infinity", () => {
    // gamma with shape 1e-308: β = m/shape overflows the second moment.
    const g = gammaDistribution(1e-308, 1.7976931348623157);
    expect(g.moment(2)).toBe(Infinity);
    expect(sumOf(deterministic(0), g).moment(2)).toBe(Infinity);
    expect(sumOf(g, deterministic(1)).moment(3)).toBe(Infinity);
    expect(shifted(0, g).moment(2)).toBe(Infinity);
  });
});

describe("moment(k): work limit and memoisation (issue: nested sums cost O(k^(2·depth)))", () => {
  it("orders above 1000 are refused, naming the family and k", () => {
    expect(() => exponential(1).moment(1e9)).toThrow(new RangeError("exponential.moment: k must be at most 1000 (work limit), got 1000000000"));
    expect(() => sumOf(exponential(1), deterministic(1)).moment(1001)).toThrow(/^sum.moment: k must be at most 1000 \(work limit\), got 1001$/);
    expect(exponential(1).moment(1000)).toBe(Infinity);
  });
  it("a nested sum asks each part for each order once, and agrees with the unmemoised binomial convolution", () => {
    // A duck-typed part that counts its moment calls (E[S^j] of exponential(0.5)).
    let calls = 0;
    const base = exponential(0.5);
    const counted: Distribution = { ...base, moment: (j: number) => (calls++, base.moment(j)) };
    const k = 200;
    const d = shifted(0.25, sumOf(counted, sumOf(deterministic(0.1), erlang(2, 0.3))));
    const got = d.moment(k);
    // Before memoisation: shifted asks the sum for every order j ≤ k, and each asks the part
    // for every order ≤ j, Σ (j + 1) = 20 301 calls.
    expect(calls).toBeLessThanOrEqual(2 * (k + 1));
    // Reference: E[(a + X + Y)^k] by the binomial theorem, moments of the parts in closed form.
    const exp = (m: number, j: number) => { let r = 1; for (let i = 1; i <= j; i++) r *= i * m; return r; };
    const erl = (j: number) => { let r = 1; for (let i = 0; i < j; i++) r *= 0.15 * (2 + i); return r; };
    const binom = (n: number, j: number) => { let r = 1; for (let i = 1; i <= j; i++) r = (r * (n - j + i)) / i; return r; };
    const conv = (f: (j: number) => number, g: (j: number) => number, n: number) => { let r = 0; for (let j = 0; j <= n; j++) r += binom(n, j) * f(j) * g(n - j); return r; };
    for (const n of [2, 5, 20]) {
      const inner = (m: number) => conv((j) => 0.1 ** j, erl, m);
      const sum = (m: number) => conv((j) => exp(0.5, j), inner, m);
      expectRel(d.moment(n), conv((j) => 0.25 ** j, sum, n), 1e-12, { n });
    }
    // E[S^200] ≥ E[X^200] = 200!·0.5^200 ≈ 4.9e314: beyond the doubles.
    expect(got).toBe(Infinity);
  });
});
