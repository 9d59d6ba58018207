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
import { cramerLundberg, mg1, mm1, paperMeanWait, pollaczekKhinchine } from "../../src/queueing/index.js";
import { type FixtureSpec, buildDistribution, expectRel, fixture } from "../helpers.js";

type Spec = FixtureSpec;
const build = buildDistribution;

type Md1 = { rho: number; d: number; lambda: number; t: number[]; waitTail: number[]; p: number[]; waitQuantile: number[] };
type Rational = Md1 & { service: Spec; meanWait: number; waitSecondMoment: number; sojournTail: number[]; sojournQuantile: number[] };
type Gamma = { lambda: number; service: Spec; t: number[]; waitTail: number[]; sojournTail: number[] };
const fx = fixture<{ md1: Md1[]; rational: Rational[]; gamma: Gamma[] }>("queueing/queueing.json");

// Tolerances per regime. The exact series is used where its rounding-error estimate is
// below the Cramér–Lundberg error, so the worst case is at the switch point, where both
// are limited in doubles: 4e-8 at ρ = 0.5 (t ≈ 10d), 1.3e-6 at ρ = 0.3 (t ≈ 10d, tail
// 5.5e-10), 1e-3 at ρ = 0.1 (t ≈ 7.5d, tail 2e-13), where the complex roots' remainder
// decays slowly. ρ ≥ 0.5 (the PEERS table) meets 1e-6 everywhere.
const md1Tol = (rho: number, tail: number): number => (rho >= 0.5 ? 1e-6 : rho >= 0.3 ? 2e-6 : tail > 1e-9 ? 1e-6 : 1e-3);

describe("M/D/1 against docs/peers.md (exact series at 120 digits, d = 1)", () => {
  const ts = [0.5, 1, 2, 5, 10, 20, 50, 100];
  const table: Record<string, number[]> = {
    "0.5": [0.3579872916561293, 0.1756393646499359, 0.05303940344550942, 0.00123572973078169, 2.309878709285986e-6, 8.071936743388013e-12, 3.444637505605438e-28, 1.79509106837387e-55],
    "0.8": [0.7016350604717459, 0.5548918143015065, 0.3654800636797719, 0.1004972382463981, 0.01165710826501344, 1.56843630701371e-4, 3.820278801658038e-10, 1.684516792108617e-19],
    "0.95": [0.9195992901257109, 0.8707145170342077, 0.7885264867035392, 0.5812775507845404, 0.3495359207174911, 0.1263888043011716, 0.00597528989973637, 3.693541128936648e-5],
  };
  const moments: Record<string, [number, number]> = { "0.5": [0.5, 5 / 6], "0.8": [2, 28 / 3], "0.95": [9.5, 186 + 5 / 6] };
  for (const [r, values] of Object.entries(table)) {
    it(`ρ = ${r}: every tail value to 1e-6, E[W] and E[W²]`, () => {
      const q = mg1(Number(r), deterministic(1));
      ts.forEach((t, i) => expectRel(q.waitTail(t), values[i], 1e-6, { rho: r, t }));
      expectRel(q.meanWait, moments[r][0], 1e-14, { rho: r, field: "E[W]" });
      expectRel(q.waitSecondMoment, moments[r][1], 1e-14, { rho: r, field: "E[W²]" });
    });
  }
});

describe("M/D/1 against the mpmath series (generate.py)", () => {
  for (const c of fx.md1) {
    it(`ρ = ${c.rho}, d = ${c.d}`, () => {
      const q = mg1(c.lambda, deterministic(c.d));
      c.t.forEach((t, i) => {
        expectRel(q.waitTail(t), c.waitTail[i], md1Tol(c.rho, c.waitTail[i]), { rho: c.rho, d: c.d, t, field: "P(W>t)" });
        // P(T > t + d) = P(W > t) for constant service (up to the rounding of (t + d) − d)
        expectRel(q.sojournTail(t + c.d), q.waitTail(t), 1e-13, { rho: c.rho, d: c.d, t, field: "P(T>t+d)" });
      });
      c.p.forEach((p, i) => expectRel(q.waitQuantile(p), c.waitQuantile[i], 1e-8, { rho: c.rho, d: c.d, p, field: "waitQuantile" }));
    });
  }
  it("treats shifts and sums of point masses as the same M/D/1", () => {
    const ref = mg1(0.8, deterministic(1));
    for (const s of [shifted(0.5, deterministic(0.5)), sumOf(deterministic(0.25), deterministic(0.75)), sumOf(shifted(0.25, deterministic(0.25)), deterministic(0.5))]) {
      const q = mg1(0.8, s);
      for (const t of [0.3, 1, 7, 40]) expectRel(q.waitTail(t), ref.waitTail(t), 1e-12, { kind: s.kind, t });
    }
  });
});

describe("M/H2/1 and M/E2/1 against docs/peers.md closed forms", () => {
  const grid: number[] = [];
  for (let t = 0.01; t <= 200; t *= 1.05) grid.push(t);
  grid.push(200);
  const h2 = hyperexponential([0.8, 0.2], [0.5, 3]);
  it("M/H2/1, λ = 0.8: P(W > t) on a grid from 0.01 to 200, E[W] = 8, E[W²] = 172", () => {
    const q = mg1(0.8, h2);
    const exact = (t: number) => 0.063761640024778842 * Math.exp(-1.44079161387188948 * t) + 0.73623835997522116 * Math.exp(-0.092541719461443854 * t);
    for (const t of grid) expectRel(q.waitTail(t), exact(t), 1e-6, { t });
    expectRel(q.waitTail(1), 0.686258067164788, 1e-6, { t: 1 });
    expectRel(q.waitTail(10), 0.291819905840569, 1e-6, { t: 10 });
    expectRel(q.waitTail(50), 0.00720278640526486, 1e-6, { t: 50 });
    expectRel(q.meanWait, 8, 1e-14, "E[W]");
    expectRel(q.waitSecondMoment, 172, 1e-14, "E[W²]");
  });
  it("M/H2/1, λ = 0.5: P(W > 10), E[W] = 2, E[W²] = 19", () => {
    const q = mg1(0.5, h2);
    expectRel(q.waitTail(10), 0.0511883385923334, 1e-6, { t: 10 });
    expectRel(q.meanWait, 2, 1e-14, "E[W]");
    expectRel(q.waitSecondMoment, 19, 1e-14, "E[W²]");
  });
  it("M/E2/1, λ = 0.8: P(W > t) on a grid, E[W] = 3, E[W²] = 22", () => {
    const q = mg1(0.8, erlang(2, 1));
    const exact = (t: number) => -0.022115882408869072 * Math.exp(-2.92664991614216 * t) + 0.82211588240886907 * Math.exp(-0.27335008385784006 * t);
    for (const t of grid) expectRel(q.waitTail(t), exact(t), 1e-6, { t });
    expectRel(q.waitTail(5), 0.209585316560841, 1e-6, { t: 5 });
    expectRel(q.meanWait, 3, 1e-14, "E[W]");
    expectRel(q.waitSecondMoment, 22, 1e-14, "E[W²]");
  });
});

describe("rational-LST service against mpmath partial fractions", () => {
  for (const c of fx.rational) {
    it(`${c.service.kind}(${JSON.stringify(c.service.args)}), λ = ${c.lambda}`, () => {
      const q = mg1(c.lambda, build(c.service));
      expectRel(q.meanWait, c.meanWait, 1e-12, { field: "E[W]" });
      expectRel(q.waitSecondMoment, c.waitSecondMoment, 1e-12, { field: "E[W²]" });
      c.t.forEach((t, i) => {
        expectRel(q.waitTail(t), c.waitTail[i], 1e-7, { t, field: "P(W>t)", expected: c.waitTail[i] });
        expectRel(q.sojournTail(t), c.sojournTail[i], 1e-7, { t, field: "P(T>t)" });
      });
      c.p.forEach((p, i) => {
        expectRel(q.waitQuantile(p), c.waitQuantile[i], 1e-7, { p, field: "waitQuantile" });
        expectRel(q.sojournQuantile(p), c.sojournQuantile[i], 1e-7, { p, field: "sojournQuantile" });
      });
    });
  }
});

describe("gamma service against mpmath Talbot inversion (cross-checked with de Hoog)", () => {
  for (const c of fx.gamma) {
    it(`gamma(${c.service.args}), λ = ${c.lambda}`, () => {
      const q = mg1(c.lambda, build(c.service));
      c.t.forEach((t, i) => {
        expectRel(q.waitTail(t), c.waitTail[i], 1e-7, { t, field: "P(W>t)" });
        expectRel(q.sojournTail(t), c.sojournTail[i], 1e-7, { t, field: "P(T>t)" });
      });
    });
  }
});

/** Service distributions of every family, means in [0.05, 5]. */
const serviceArb: fc.Arbitrary<Distribution> = fc.oneof(
  fc.double({ min: 0.05, max: 5, noNaN: true }).map(deterministic),
  fc.double({ min: 0.05, max: 5, noNaN: true }).map(exponential),
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.double({ min: 0.05, max: 5, noNaN: true })).map(([k, m]) => erlang(k, m)),
  fc.tuple(fc.double({ min: 0.3, max: 4, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true })).map(([a, m]) => gammaDistribution(a, m)),
  fc.tuple(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }), fc.double({ min: 0.5, max: 5, noNaN: true }))
    .map(([w, m1, m2]) => hyperexponential([w, 1 - w], [m1, m2])),
  fc.tuple(fc.double({ min: 0.05, max: 2, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true })).map(([a, m]) => shifted(a, exponential(m))),
);

describe("laws (fast-check)", () => {
  it("P(W > t) and P(T > t) lie in [0, 1], are non-increasing in t, and P(T > t) ≥ P(W > t)", () => {
    fc.assert(
      fc.property(serviceArb, fc.double({ min: 0.01, max: 0.97, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true }), (s, r, x, y) => {
        const q = mg1(r / s.mean, s);
        const [t1, t2] = x <= y ? [x * s.mean, y * s.mean] : [y * s.mean, x * s.mean];
        const w1 = q.waitTail(t1), w2 = q.waitTail(t2), s1 = q.sojournTail(t1), s2 = q.sojournTail(t2);
        for (const v of [w1, w2, s1, s2]) expect(v >= 0 && v <= 1, `${s.kind} ρ=${r} t=${t1},${t2}: ${v}`).toBe(true);
        // Exact for the M/D/1 series; the tilted Euler inversion carries noise of about
        // e^{−A}·|g − C| ≲ 1e-9 relative, so pairs closer than that may tie either way.
        const noise = s.kind === "deterministic" ? 0 : 1e-9;
        expect(w1 >= w2 * (1 - noise), `${s.kind} ρ=${r}: P(W>${t1}) = ${w1} < P(W>${t2}) = ${w2}`).toBe(true);
        expect(s1 >= s2 * (1 - noise), `${s.kind} ρ=${r}: P(T>${t1}) = ${s1} < P(T>${t2}) = ${s2}`).toBe(true);
        expect(s1 >= w1 * (1 - 1e-9), `${s.kind} ρ=${r} t=${t1}: P(T>t) = ${s1} < P(W>t) = ${w1}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("exponential service reduces to M/M/1 (moments, tails, quantiles)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.97, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0, max: 80, noNaN: true }), (r, m, x) => {
        const g = mg1(r / m, exponential(m));
        const e = mm1(r / m, 1 / m);
        const t = x * m;
        const ctx = { rho: r, mean: m, t };
        expectRel(g.meanWait, e.meanWait, 1e-12, ctx);
        expectRel(g.waitSecondMoment, e.waitSecondMoment, 1e-12, ctx);
        expectRel(g.meanSojourn, e.meanSojourn, 1e-12, ctx);
        expectRel(g.waitTail(t), e.waitTail(t), 1e-8, { ...ctx, field: "P(W>t)" });
        expectRel(g.sojournTail(t), e.sojournTail(t), 1e-8, { ...ctx, field: "P(T>t)" });
        expectRel(g.waitQuantile(0.999), e.waitQuantile(0.999), 1e-8, { ...ctx, field: "w_0.999" });
      }),
      { numRuns: 100 },
    );
  });

  it("the paper's (4) equals Pollaczek–Khintchine", () => {
    fc.assert(
      fc.property(serviceArb, fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 0.999, noNaN: true })), (s, r) => {
        const lam = r / s.mean;
        const pk = pollaczekKhinchine(lam, s);
        expectRel(paperMeanWait(lam, s), pk, 1e-12, { kind: s.kind, rho: r });
        expectRel(mg1(lam, s).meanWait, pk, 0, { kind: s.kind, rho: r });
      }),
    );
  });

  it("E[W] and P(W > t) are increasing in λ", () => {
    fc.assert(
      fc.property(serviceArb, fc.double({ min: 0.001, max: 0.98, noNaN: true }), fc.double({ min: 0.001, max: 0.98, noNaN: true }), (s, a, b) => {
        // distinct in doubles after division by the mean; tails only when the gap exceeds their ≈1e-9 error
        const [lo, hi] = a < b ? [a, b] : [b, a];
        fc.pre(hi > lo * (1 + 1e-9));
        const q1 = mg1(lo / s.mean, s), q2 = mg1(hi / s.mean, s);
        expect(q1.meanWait < q2.meanWait, `${s.kind}: E[W] at ρ=${lo} is ${q1.meanWait}, at ρ=${hi} is ${q2.meanWait}`).toBe(true);
        expect(q1.waitSecondMoment < q2.waitSecondMoment, `${s.kind}: E[W²] at ρ=${lo}, ${hi}`).toBe(true);
        const t = 2 * s.mean;
        if (hi - lo > 1e-3) expect(q1.waitTail(t) < q2.waitTail(t), `${s.kind}: P(W>${t}) at ρ=${lo}: ${q1.waitTail(t)}, at ρ=${hi}: ${q2.waitTail(t)}`).toBe(true);
      }),
    );
  });

  // The tails carry up to ≈1e-9 absolute inversion noise (near t = 0, where |g − C| is
  // largest), so "just below the quantile the tail exceeds 1 − p" is checked to that resolution.
  it("quantiles invert the tails: P(W > w_p) ≤ 1 − p < P(W > w_p·(1 − 1e-9)) + 1e-9", () => {
    fc.assert(
      fc.property(serviceArb, fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (s, r, p) => {
        const q = mg1(r / s.mean, s);
        const w = q.waitQuantile(p);
        const ctx = `${s.kind} ρ=${r} p=${p} w=${w}`;
        if (p <= 1 - r) {
          expect(w, ctx).toBe(0);
        } else {
          expect(q.waitTail(w) <= 1 - p, ctx).toBe(true);
          expect(q.waitTail(w * (1 - 1e-9)) + 1e-9 > 1 - p, ctx).toBe(true);
        }
        const tq = q.sojournQuantile(p);
        expect(q.sojournTail(tq) <= 1 - p, `${ctx} t=${tq}`).toBe(true);
        if (tq > 0) expect(q.sojournTail(tq * (1 - 1e-9)) + 1e-9 > 1 - p, `${ctx} t=${tq}`).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("Little's law and Var[W] = E[W²] − E[W]²", () => {
    fc.assert(
      fc.property(serviceArb, fc.double({ min: 0, max: 0.99, noNaN: true }), (s, r) => {
        const q = mg1(r / s.mean, s);
        expectRel(q.meanQueueLength, q.lambda * q.meanWait, 1e-15, { kind: s.kind, r });
        expectRel(q.meanInSystem, q.lambda * q.meanSojourn, 1e-15, { kind: s.kind, r });
        expectRel(q.meanSojourn, q.meanWait + s.mean, 1e-15, { kind: s.kind, r });
        expectRel(q.waitVariance, q.waitSecondMoment - q.meanWait ** 2, 1e-9, { kind: s.kind, r });
      }),
    );
  });
});

describe("a seeded Lindley simulation agrees where no closed form exists (S = 0.5 + Exp(0.5))", () => {
  it("P(W > t) and E[W] within 4 batch-means standard errors", () => {
    const s = shifted(0.5, exponential(0.5));
    const lam = 0.8;
    const q = mg1(lam, s);
    const u = rng(20240611, 7);
    const ts = [0.5, 1, 3, 6];
    const batches = 40, perBatch = 50_000;
    const freq = ts.map(() => [] as number[]);
    const means: number[] = [];
    let w = 0;
    for (let i = 0; i < 20_000; i++) w = Math.max(0, w + s.sample(u) + Math.log(u()) / lam);
    for (let b = 0; b < batches; b++) {
      const hits = ts.map(() => 0);
      let sum = 0;
      for (let i = 0; i < perBatch; i++) {
        sum += w;
        for (let j = 0; j < ts.length; j++) if (w > ts[j]) hits[j]++;
        w = Math.max(0, w + s.sample(u) + Math.log(u()) / lam);
      }
      hits.forEach((h, j) => freq[j].push(h / perBatch));
      means.push(sum / perBatch);
    }
    const check = (xs: number[], exact: number, label: string) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const se = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
      expect(Math.abs(m - exact) <= 4 * se, `${label}: simulated ${m} ± ${se}, analytic ${exact}`).toBe(true);
    };
    ts.forEach((t, j) => check(freq[j], q.waitTail(t), `P(W>${t})`));
    check(means, q.meanWait, "E[W]");
  });
});

describe("special states", () => {
  it("ρ ≥ 1 is a result, not an exception", () => {
    for (const s of [deterministic(1), exponential(1), hyperexponential([0.8, 0.2], [0.5, 3])]) {
      for (const lam of [1, 1.5]) {
        const q = mg1(lam, s);
        expect([q.stable, q.meanWait, q.meanSojourn, q.waitSecondMoment, q.meanQueueLength, q.meanInSystem]).toEqual([false, Infinity, Infinity, Infinity, Infinity, Infinity]);
        expect([q.waitTail(0), q.waitTail(100), q.sojournTail(3), q.waitQuantile(0.5), q.sojournQuantile(0.9)]).toEqual([1, 1, 1, Infinity, Infinity]);
      }
    }
  });
  it("λ = 0 is an empty queue: W = 0 and T = S", () => {
    const e = mg1(0, exponential(2));
    expect([e.stable, e.rho, e.meanWait, e.waitSecondMoment, e.meanSojourn, e.waitTail(0), e.waitTail(3), e.waitQuantile(0.9)]).toEqual([true, 0, 0, 0, 2, 0, 0, 0]);
    for (const t of [0.1, 1, 5, 20]) expect(Math.abs(e.sojournTail(t) - Math.exp(-t / 2)), `t=${t}`).toBeLessThan(1e-9);
    const d = mg1(0, deterministic(2));
    expect([d.sojournTail(1.999), d.sojournTail(2), d.sojournQuantile(0.5)]).toEqual([1, 0, 2]);
  });
  it("P(W > 0) = ρ, P(W = 0) = 1 − ρ gives quantile 0 for p ≤ 1 − ρ", () => {
    const q = mg1(0.6, gammaDistribution(0.5, 1));
    expect(q.waitTail(0)).toBe(0.6);
    expect(q.waitQuantile(0.4)).toBe(0);
    expect(q.waitQuantile(0.41)).toBeGreaterThan(0);
    expect(q.sojournTail(0)).toBe(1);
  });
  it("a service whose moments overflow gives infinite wait moments, never NaN (fuzz: edgeScv = 1e308)", () => {
    // Gamma with shape 1e-308: Var[S] ≈ 1e308, E[S³] = ∞, so E[W] ≈ 5e307 and E[W²] = ∞.
    const q = mg1(0.5, gammaDistribution(1e-308, 1));
    expect(q.stable).toBe(true);
    expect(q.waitSecondMoment).toBe(Infinity);
    expect(q.waitVariance).toBe(Infinity);
  });
  it("tails at huge t are tiny, positive or zero, never NaN", () => {
    for (const s of [deterministic(1), exponential(1), erlang(3, 1), gammaDistribution(0.5, 1), hyperexponential([0.8, 0.2], [0.5, 3]), shifted(0.5, exponential(0.5))]) {
      const q = mg1(0.7, s);
      for (const t of [1e3, 1e5, 1e300, Infinity]) {
        const v = q.waitTail(t);
        expect(v >= 0 && v < 1e-12, `${s.kind} t=${t}: ${v}`).toBe(true);
      }
    }
  });
});

describe("errors name the function, parameter and value", () => {
  const q = mg1(0.5, exponential(1));
  it.each([
    [() => mg1(-1, exponential(1)), RangeError, "mg1: lambda must be a finite number ≥ 0, got -1"],
    [() => mg1(NaN, exponential(1)), RangeError, "mg1: lambda must be a finite number ≥ 0, got NaN"],
    [() => mg1("1" as any, exponential(1)), TypeError, 'mg1: lambda must be a number, got "1"'],
    [() => mg1(0.5, { mean: 1 } as any), TypeError, "mg1: service must be a distribution (an object from edgecalc's factories), got {\"mean\":1}"],
    [() => q.waitTail(-0.5), RangeError, "mg1.waitTail: t must be a number ≥ 0, got -0.5"],
    [() => q.sojournTail(NaN), RangeError, "mg1.sojournTail: t must be a number ≥ 0, got NaN"],
    [() => q.waitQuantile(1), RangeError, "mg1.waitQuantile: p must be in [0, 1), got 1"],
    [() => q.sojournQuantile(-0.1), RangeError, "mg1.sojournQuantile: p must be in [0, 1), got -0.1"],
    [() => pollaczekKhinchine(-2, exponential(1)), RangeError, "pollaczekKhinchine: lambda must be a finite number ≥ 0, got -2"],
    [() => paperMeanWait(1, null as any), TypeError, "paperMeanWait: service must be a distribution (an object from edgecalc's factories), got null"],
  ])("%#", (f, type, message) => {
    expect(f).toThrow(type as any);
    expect(f).toThrow(message as string);
  });
});

describe("extreme loads (robustness fuzz regressions; references are closed forms)", () => {
  it("M/M/1 at ρ = 1 − 1e-12: P(W > t) = ρe^{−(1−ρ)t} and P(T > t) = e^{−(1−ρ)t} out to t = 3/(1 − ρ)", () => {
    const rho = 1 - 1e-12; // 1 − ρ is exact in doubles (Sterbenz), so the closed form is the reference
    const q = mg1(rho, exponential(1));
    for (const t of [1, 1e6, 1e9, 1e12, 3e12]) {
      expectRel(q.waitTail(t), rho * Math.exp(-(1 - rho) * t), 1e-9, { rho, t, field: "P(W>t)" });
      expectRel(q.sojournTail(t), Math.exp(-(1 - rho) * t), 1e-9, { rho, t, field: "P(T>t)" });
    }
  });
  it("cramerLundberg for M/M/1 at ρ = 1 − 1e-12: κ = μ − λ and C = ρ (series root, no cancellation)", () => {
    const rho = 1 - 1e-12;
    const cl = cramerLundberg(rho, exponential(1))!;
    expectRel(cl.kappa, 1 - rho, 1e-12, { rho, field: "κ" });
    expectRel(cl.C, rho, 1e-12, { rho, field: "C" });
  });
  it("M/M/1 with λ down to 1e-300 and t down to 1e-300: P(W > t) = λe^{−(1−λ)t}, not 0 or NaN", () => {
    for (const lam of [1e-10, 1e-100, 1e-200, 1e-300]) {
      const q = mg1(lam, exponential(1));
      for (const t of [1e-300, 1e-100, 1e-10, 1]) {
        expectRel(q.waitTail(t), lam * Math.exp(-(1 - lam) * t), 1e-9, { lam, t, field: "P(W>t)" });
        expectRel(q.sojournTail(t), Math.exp(-(1 - lam) * t), 1e-9, { lam, t, field: "P(T>t)" });
      }
    }
  });
  // The reference is the closed form of M/D/1 in log space: E[W] = ρd/(2(1 − ρ)),
  // Var[W] = E[W]² + λd³/(3(1 − ρ)) = d²(ρ²/(4(1 − ρ)²) + ρ/(3(1 − ρ))); +∞ only where the
  // true value exceeds the largest double.
  it("M/D/1 on every time scale (d from 1e-300 to 1e300, λ = ρ/d): E[W] and Var[W] exact, never NaN", () => {
    const logUni = fc.double({ min: -300, max: 300, noNaN: true }).map((e) => 10 ** e);
    fc.assert(
      fc.property(logUni, fc.double({ min: 1e-9, max: 0.999, noNaN: true }), (d, r) => {
        const lam = r / d;
        fc.pre(lam > 1e-307 && Number.isFinite(lam));
        const q = mg1(lam, deterministic(d));
        const rho = lam * d;
        const ctx = { d, lam, rho };
        for (const [k, v] of Object.entries(q)) if (typeof v === "number") expect(Number.isNaN(v), `${k} is NaN: ${JSON.stringify(ctx)}`).toBe(false);
        const logW = Math.log(d) + Math.log(rho / (2 * (1 - rho)));
        const logVar = 2 * Math.log(d) + Math.log((rho * rho) / (4 * (1 - rho) ** 2) + rho / (3 * (1 - rho)));
        const check = (got: number, logExpected: number, field: string) => {
          if (logExpected > Math.log(Number.MAX_VALUE) + 1e-9) expect(got, `${field} ${JSON.stringify(ctx)}`).toBe(Infinity);
          else if (logExpected < Math.log(Number.MAX_VALUE) - 1e-9) expectRel(got, Math.exp(logExpected), 1e-11, { ...ctx, field });
        };
        check(q.meanWait, logW, "E[W]");
        check(pollaczekKhinchine(lam, deterministic(d)), logW, "pollaczekKhinchine");
        check(q.waitVariance, logVar, "Var[W]");
      }),
      { numRuns: 400 },
    );
    // The reported case: λ = 1e-301, d = 1e300 (ρ = 0.1): E[W] = 5.6e298, Var[W] overflows.
    const q = mg1(1e-301, deterministic(1e300));
    expectRel(q.meanWait, (0.1 * 1e300) / 1.8, 1e-14, "λ = 1e-301");
    expect(q.waitVariance).toBe(Infinity);
  });
  it("M/M/1 through mg1 on every time scale (E[S] from 1e-300 to 1e300): tails = closed form, never NaN", () => {
    // On a scale near 1e300 the inversion's intermediate v/σ/d reached 1e598 = ∞ before the
    // division by E[S]: NaN tails. Reference ρe^{−(1−ρ)t/m}; the error is measured on the
    // tail's own scale (ρ for W, 1 for T; the plain inversion's ≈1e-11 there, see the limit
    // in docs/robustness.md), so 1e-9 of it.
    for (const m of [1e-300, 1e-150, 1, 1e150, 1e300]) {
      for (const r of [1e-6, 0.5, 0.9]) {
        const q = mg1(r / m, exponential(m));
        const rho = q.rho;
        for (const x of [0.5, 1, 5]) {
          const ctx = `m = ${m}, ρ = ${r}, t = ${x}m`;
          expect(Math.abs(q.waitTail(x * m) - rho * Math.exp(-(1 - rho) * x)), ctx).toBeLessThanOrEqual(1e-9 * rho);
          expect(Math.abs(q.sojournTail(x * m) - Math.exp(-(1 - rho) * x)), ctx).toBeLessThanOrEqual(1e-9);
        }
      }
    }
  });
  it("below ρ = 1e-11 (first Pollaczek–Khintchine term) the error stays ≤ ρ(1 + t/E[S]) out to P(W > t) ≈ 1e-272", () => {
    for (const lam of [1e-11, 3e-12, 1e-15]) {
      const q = mg1(lam, exponential(1));
      for (const t of [0, 1e-5, 3, 30, 300, 600]) {
        const exact = lam * Math.exp(-(1 - lam) * t);
        expectRel(q.waitTail(t), exact, 1.01 * lam * (1 + t) + 1e-15, { lam, t, field: "P(W>t)" });
      }
    }
    // S = 0.5 + Exp(0.5) at λ = 1e-12: ρ(1 − ρ)E[(S − t)⁺]/E[S] with E[(S − t)⁺] = 1 − t (t < 0.5), 0.5e^{−(t−0.5)/0.5}.
    const q = mg1(1e-12, shifted(0.5, exponential(0.5)));
    expectRel(q.waitTail(0.25), 1e-12 * 0.75, 1e-11);
    expectRel(q.waitTail(3), 1e-12 * 0.5 * Math.exp(-5), 1e-11);
    expectRel(q.sojournTail(3), Math.exp(-5), 1e-11);
  });
  it("M/H2/1 at λ = 1e-10 and 1e-20: tails match the λ → 0 limits ρ·P(Sₑ > t) and P(S > t) (errors O(ρ))", () => {
    const d = hyperexponential([0.8, 0.2], [0.5, 3]);
    const PS = (t: number) => 0.8 * Math.exp(-t / 0.5) + 0.2 * Math.exp(-t / 3);
    // Equilibrium residual: density P(S > x)/E[S], E[S] = 1, so P(Sₑ > t) = Σ wᵢmᵢe^{−t/mᵢ}.
    const PSe = (t: number) => 0.8 * 0.5 * Math.exp(-t / 0.5) + 0.2 * 3 * Math.exp(-t / 3);
    for (const lam of [1e-10, 1e-20]) {
      const q = mg1(lam, d);
      for (const t of [1e-300, 1e-10, 1, 10]) {
        expectRel(q.waitTail(t), lam * PSe(t), 1e-8, { lam, t, field: "P(W>t)" });
        expectRel(q.sojournTail(t), PS(t), 1e-8, { lam, t, field: "P(T>t)" });
      }
    }
  });
});
