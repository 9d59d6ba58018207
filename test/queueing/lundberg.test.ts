import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Distribution, deterministic, erlang, exponential, gammaDistribution, hyperexponential, shifted, sumOf } from "../../src/distributions/index.js";
import { cramerLundberg } from "../../src/queueing/index.js";
import { lundbergExponent } from "../../src/queueing/lundberg.js";
import { expectWithin, fromFixture, loadFixtures } from "../sim/helpers.js";
import { expectRel, fixture } from "../helpers.js";

type Spec = { kind: string; args: any[] };
const build = (s: Spec): Distribution =>
  s.kind === "exponential" ? exponential(s.args[0]) : s.kind === "erlang" ? erlang(s.args[0], s.args[1]) : hyperexponential(s.args[0], s.args[1]);
const fx = fixture<{ md1: { lambda: number; d: number; kappa: number; C: number }[]; rational: { lambda: number; service: Spec; kappa: number; C: number; sojournC: number }[] }>("queueing/queueing.json");

describe("cramerLundberg against mpmath", () => {
  it("M/D/1: κ and C = (1 − ρ)/(λ d e^{κd} − 1)", () => {
    for (const c of fx.md1) {
      const cl = cramerLundberg(c.lambda, deterministic(c.d))!;
      expectRel(cl.kappa, c.kappa, 1e-12, { ...c, field: "kappa" });
      expectRel(cl.C, c.C, 1e-12, { ...c, field: "C" });
    }
  });
  it("rational LSTs: κ is the dominant pole, C and C_T its residues", () => {
    for (const c of fx.rational) {
      const cl = cramerLundberg(c.lambda, build(c.service))!;
      const ctx = { lambda: c.lambda, service: c.service };
      expectRel(cl.kappa, c.kappa, 1e-12, { ...ctx, field: "kappa" });
      expectRel(cl.C, c.C, 1e-11, { ...ctx, field: "C" });
      expectRel(cl.sojournC, c.sojournC, 1e-11, { ...ctx, field: "sojournC" });
    }
  });
  it("docs/peers.md: M/H2/1 λ = 0.8 and M/E2/1 λ = 0.8 dominant terms", () => {
    const h = cramerLundberg(0.8, hyperexponential([0.8, 0.2], [0.5, 3]))!;
    expectRel(h.kappa, 0.092541719461443854, 1e-12, "H2 kappa");
    expectRel(h.C, 0.73623835997522116, 1e-12, "H2 C");
    const e = cramerLundberg(0.8, erlang(2, 1))!;
    expectRel(e.kappa, 0.27335008385784006, 1e-12, "E2 kappa");
    expectRel(e.C, 0.82211588240886907, 1e-12, "E2 C");
  });
});

describe("cramerLundberg laws", () => {
  const serviceArb = fc.oneof(
    fc.double({ min: 0.05, max: 5, noNaN: true }).map(deterministic),
    fc.tuple(fc.double({ min: 0.3, max: 4, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true })).map(([a, m]) => gammaDistribution(a, m)),
    fc.tuple(fc.double({ min: 0.05, max: 2, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true })).map(([a, m]) => sumOf(deterministic(a), exponential(m))),
  );
  it("κ solves λ(E[e^{κS}] − 1) = κ; M/M/1 gives κ = μ − λ, C = ρ, C_T = 1", () => {
    fc.assert(
      fc.property(serviceArb, fc.double({ min: 0.02, max: 0.98, noNaN: true }), (s, r) => {
        const lam = r / s.mean;
        const cl = cramerLundberg(lam, s)!;
        expect(cl.kappa > 0 && cl.C > 0).toBe(true);
        expectRel(Math.expm1(s.logMgf(cl.kappa)), cl.kappa / lam, 1e-10, { kind: s.kind, r });
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 0.98, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (r, m) => {
        const cl = cramerLundberg(r / m, exponential(m))!;
        expectRel(cl.kappa, (1 - r) / m, 1e-12, { r, m });
        expectRel(cl.C, r, 1e-10, { r, m });
        expectRel(cl.sojournC, 1, 1e-10, { r, m });
      }),
    );
  });
  it("a user distribution (no analytic continuation) gets C by finite differences", () => {
    const base = gammaDistribution(2, 1);
    const user: Distribution = Object.freeze({ ...base, kind: "user-gamma" });
    const a = cramerLundberg(0.6, base)!, b = cramerLundberg(0.6, user)!;
    expectRel(b.kappa, a.kappa, 1e-14, "kappa");
    expectRel(b.C, a.C, 1e-9, "C");
    expect(cramerLundberg(0.6, shifted(0.2, user))).not.toBeNull();
  });
  it("returns null when no root exists: λ = 0 or ρ ≥ 1", () => {
    expect(cramerLundberg(0, exponential(1))).toBeNull();
    expect(cramerLundberg(1, exponential(1))).toBeNull();
    expect(cramerLundberg(2, deterministic(1))).toBeNull();
  });
  it("rejects bad arguments", () => {
    expect(() => cramerLundberg(-1, exponential(1))).toThrow("cramerLundberg: lambda must be a finite number ≥ 0, got -1");
    expect(() => cramerLundberg(1, 3 as any)).toThrow(TypeError);
  });
});

describe("lundbergExponent (the kernel importance sampling tilts with)", () => {
  const sim = loadFixtures();
  it("κ solves λ(E[e^{κS}] − 1) = κ (mpmath roots, test/fixtures/sim/generate.py)", () => {
    for (const c of sim.kappas) {
      const k = lundbergExponent(c.lambda, fromFixture(c.service));
      expectWithin(`${c.case} λ=${c.lambda} κ`, k, c.kappa, 1e-12 * c.kappa);
    }
  });
  it("as ρ → 1 κ keeps its relative accuracy (series form): M/M/1 κ = μ − λ", () => {
    for (const gap of [1e-4, 1e-7, 1e-10]) {
      const k = lundbergExponent(1 - gap, exponential(1));
      expectWithin(`M/M/1 ρ = 1 − ${gap}`, k, gap, 1e-6 * gap);
      expect(k).toBe(cramerLundberg(1 - gap, exponential(1))!.kappa);
    }
  });
  it("no root for ρ ≥ 1 or λ = 0: NaN from the kernel", () => {
    expect(lundbergExponent(1, exponential(1))).toBeNaN();
    expect(lundbergExponent(0, exponential(1))).toBeNaN();
  });
});
