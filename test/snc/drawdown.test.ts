/**
 * The drawdown envelope of a constant → random → constant tandem (docs/model.md §10.8):
 * its values against an independent implementation (test/fixtures/snc/generate_drawdown.py),
 * its lemma at real backlogs between the lattice points (an independent quadrature of the
 * Rayleigh density), its laws (non-increasing in the delay, non-decreasing in the load),
 * where it applies, and that the martingale form reports it where it wins. Validity against
 * simulation: test/snc/simulation.test.ts (heavy-load configurations where it wins).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantService, delayBound, markovOnOff, poissonArrivals, rayleighService, tandem } from "../../src/snc/index.js";
import { type DrawdownPlan, drawdownEnvelope, drawdownGridLog, drawdownLattice, drawdownLog } from "../../src/snc/drawdown.js";
import { martingaleLog, planMartingale } from "../../src/snc/martingale-tandem.js";
import { cdf, density, GL, link, plan, ray, upper } from "./drawdown-law.js";
import { expectSameAsFullSearch } from "./helpers.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/snc/drawdown.json", import.meta.url), "utf8"));

describe("drawdown envelope: values of the independent implementation", () => {
  it("matches generate_drawdown.py at fixed θ (to 1e-8 in ln, above it by at most the solve's 1e-11 inflation)", () => {
    expect(upper).toBeCloseTo(fixture.upper, 12);
    expect(fixture.fixed.filter((r: { feed?: number }) => r.feed !== undefined).length, "rows with a faster constant after the link kept").toBeGreaterThanOrEqual(4);
    for (const r of fixture.fixed) {
      const v = drawdownLog(plan(r.c, r.lambda, r.feed), r.T, 0, r.theta).logValue;
      expect(Math.abs(v - r.logValue), `c=${r.c} feed=${r.feed} λ=${r.lambda} θ=${r.theta} T=${r.T}: ${v} vs ${r.logValue}`).toBeLessThan(1e-8);
    }
  });
  it("its θ search reaches the optimum of a fine grid", () => {
    for (const r of fixture.grid) {
      const v = drawdownLog(plan(r.c, r.lambda, r.feed), r.T, 0);
      expect(v.logValue, `c=${r.c} feed=${r.feed} λ=${r.lambda} T=${r.T}`).toBeLessThanOrEqual(r.logValue + 1e-6);
    }
  });
});

describe("drawdown envelope: the lemma at real backlogs", () => {
  /** φ̃ at real y: the lattice values interpolated, the extension φ(D̄)e^{θ(y − D̄)} above. */
  const interp = (phi: Float64Array, g: number, theta: number) => (y: number) => {
    const n = phi.length;
    const top = (n - 1) * g;
    if (y >= top) return phi[n - 1] * Math.exp(theta * (y - top));
    const i = Math.min(n - 2, Math.floor(y / g));
    const t = y / g - i;
    return phi[i] * (1 - t) + phi[i + 1] * t;
  };
  /**
   * βe^{θD} + k_f·E[φ̃(max(0, D + c_f − σ))] (c_f the feeding constant, k_f = e^{ρ_A − θc_f}; c
   * and k when merged), the expectation over the density, split where φ̃ bends.
   */
  const rhs = (env: NonNullable<ReturnType<typeof drawdownEnvelope>>, theta: number, D: number) => {
    const f = interp(env.phi, env.g, theta);
    const y0 = D + env.cf;
    const cuts = new Set<number>([0, y0, Math.max(upper, y0) + 1]);
    for (let j = 0; j < env.phi.length; j++) if (y0 - j * env.g > 0) cuts.add(y0 - j * env.g);
    const xs = [...cuts].sort((p, q) => p - q);
    let e = 0;
    for (let i = 0; i + 1 < xs.length; i++) e += GL((x) => f(Math.max(0, y0 - x)) * density(x), xs[i], xs[i + 1]);
    e += f(0) * (1 - cdf(xs[xs.length - 1]));
    return env.beta * Math.exp(theta * D) + env.kf * e;
  };
  const cases = fc.record({
    c: fc.double({ min: 2.2, max: 3, noNaN: true }),
    load: fc.double({ min: 0.5, max: 0.97, noNaN: true }),
    frac: fc.double({ min: 0.2, max: 1, noNaN: true }),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
    // The constant after the link: merged (the same c), or faster by 10–30 % and kept.
    excess: fc.constantFrom(0, 0, 0.1, 0.3),
  });
  it("φ̃(D) ≥ βe^{θD} + k_f·E[φ̃(D′)] at random real D, θ up to the search's limit, with the constants merged or a faster one after the link kept", () => {
    let checked = 0;
    let kept = 0;
    fc.assert(
      fc.property(cases, ({ c, load, frac, u, excess }) => {
        const p = plan(c, load * Math.min(c, ray.meanPerSlot), excess > 0 ? c * (1 + excess) : undefined);
        const theta = frac * p.limit();
        const env = drawdownEnvelope(p, theta);
        if (env === null || !(env.beta > 0)) return;
        const D = u * (env.phi.length - 1) * env.g;
        const lhs = interp(env.phi, env.g, theta)(D);
        const r = rhs(env, theta, D);
        expect(lhs, `c=${c} excess=${excess} λ-load=${load} θ=${theta} D=${D}`).toBeGreaterThanOrEqual(r * (1 - 1e-12));
        checked++;
        if (env.cf > env.c * 1.05) kept++;
      }),
      { numRuns: 120, seed: 8 },
    );
    expect(checked, "cases with β > 0 (a non-trivial envelope)").toBeGreaterThan(30);
    expect(kept, "of them with a faster constant kept").toBeGreaterThan(10);
  });
  it("and fails for a vector 1e-6 lower (the check bites)", () => {
    const p = plan(2.7, 2.43);
    const theta = 0.14;
    const env = drawdownEnvelope(p, theta)!;
    const low = { ...env, phi: env.phi.map((v) => v * (1 - 1e-6)) };
    const failing = [0, 0.3, 1, 2.2, 5.5, 12].filter((D) => interp(low.phi, env.g, theta)(D) < rhs(low, theta, D));
    expect(failing.length).toBeGreaterThan(0);
    // And with the constant 3.0 after the link kept.
    const kept = drawdownEnvelope(plan(2.7, 2.511, 3), 0.105)!;
    expect(kept.cf).toBeGreaterThan(2.99);
    const keptLow = { ...kept, phi: kept.phi.map((v) => v * (1 - 1e-6)) };
    expect([0, 0.3, 1, 2.2, 5.5, 12].filter((D) => interp(keptLow.phi, kept.g, 0.105)(D) < rhs(keptLow, 0.105, D)).length).toBeGreaterThan(0);
  });
});

describe("drawdown envelope: laws", () => {
  // Up to the 64 slots computed exactly: beyond, each slot costs e^{−ρ_A(θ)} (as for the
  // chains, docs/model.md §10.5), which falls with a heavier load.
  it("non-increasing in the delay and non-decreasing in the arrival rate up to 64 slots, at fixed θ and optimised", () => {
    fc.assert(
      fc.property(fc.double({ min: 2.3, max: 2.9, noNaN: true }), fc.double({ min: 0.6, max: 0.95, noNaN: true }), fc.integer({ min: 0, max: 63 }), (c, load, T) => {
        const lam = load * Math.min(c, ray.meanPerSlot);
        const p = plan(c, lam);
        const q = plan(c, lam * 1.02);
        const theta = 0.5 * p.limit();
        const at = (pp: DrawdownPlan, t: number) => drawdownLog(pp, t, 0, theta).logValue;
        expect(at(p, T + 1)).toBeLessThanOrEqual(at(p, T) + 1e-12);
        expect(at(q, T)).toBeGreaterThanOrEqual(at(p, T) - 1e-12);
        // Optimised: the heavier load's optimum is a θ the lighter load could have taken.
        const best = drawdownLog(q, T, 0);
        if (Number.isFinite(best.logValue) && best.theta <= p.limit()) expect(drawdownLog(p, T, 0, best.theta).logValue).toBeLessThanOrEqual(best.logValue + 1e-12);
      }),
      { numRuns: 25, seed: 3 },
    );
  });
  // The grid's floor (docs/model.md §10.8): every window value is at least α_t = e^{−θct}, so
  // the bound at θ is at least −θ(ct + threshold) − (T − t)·max(0, ρ_A(θ)), t = min(T, 64).
  it("the bound at θ lies above the floor its grid search skips points by", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2.3, max: 2.9, noNaN: true }),
        fc.double({ min: 0.6, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 2, noNaN: true }),
        fc.boolean(),
        (c, load, T, frac, threshold, kept) => {
          const lam = load * Math.min(c, ray.meanPerSlot);
          const p = plan(c, lam, kept ? c + 0.3 : undefined);
          const theta = frac * p.limit();
          const v = drawdownLog(p, T, threshold, theta).logValue;
          const t = Math.min(64, T);
          const floor = -theta * (drawdownLattice(p).c * t + threshold) - (T - t) * Math.max(0, p.arrivals.rho(theta));
          if (Number.isFinite(v)) expect(v, `c=${c} λ=${lam} T=${T} θ=${theta}`).toBeGreaterThanOrEqual(floor - 1e-9 * Math.max(1, Math.abs(floor)));
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });
  it("the grid's best, with the points its floor skips, is the least of its points walked one by one", () => {
    // The grid's fractions of the limit (src/snc/drawdown.ts).
    const fractions = [0.125, 0.25, 0.5, 0.75, 0.875, 0.9375, 0.96875, 0.984375, 1];
    for (const [c, lam, feed] of [
      [2.7, 2.43],
      [2.7, 2.511, 3],
      [2.7, 2],
      [2.5, 2.2, 2.9],
    ] as const) {
      for (const T of [0, 1, 3, 20, 64, 200]) {
        const best = drawdownGridLog(plan(c, lam, feed), T, 0);
        const p = plan(c, lam, feed);
        const each = Math.min(...fractions.map((f) => drawdownLog(p, T, 0, f * p.limit()).logValue));
        expect(best, `c=${c} λ=${lam} feed=${feed} T=${T}`).toBe(each);
      }
    }
  });
  it("a pure function of its plan: the same bits fresh and after other delays", () => {
    const fresh = drawdownLog(plan(2.7, 2.43), 20, 0);
    const p = plan(2.7, 2.43);
    for (const T of [3, 70, 11]) drawdownLog(p, T, 0);
    const again = drawdownLog(p, 20, 0);
    expect(again.logValue).toBe(fresh.logValue);
    expect(again.theta).toBe(fresh.theta);
  });
});

describe("drawdown envelope in the martingale form", () => {
  it("is planned for constant → continuous random stage → constant with i.i.d. arrivals, and only there", () => {
    const tMax = 64;
    const stages = [constantService(2.7), ray, constantService(3)];
    expect(planMartingale(poissonArrivals(2.4), stages, tMax).drawdown?.label).toMatch(/constants at 2\.700/);
    expect(planMartingale(markovOnOff({ pOnOff: 0.3, pOffOn: 0.1, peak: 2 }), stages, tMax).drawdown).toBeNull();
    expect(planMartingale(poissonArrivals(2.4), [constantService(2.7), ray], tMax).drawdown).toBeNull();
    const floorRay = rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6, floor: true });
    expect(planMartingale(poissonArrivals(1.5), [constantService(2.7), floorRay, constantService(2.7)], tMax).drawdown).toBeNull();
  });
  it("wins at close rates under heavy load (load 0.9: 1.47e-2 at 20 slots, against 5.1e-2 from the chains)", () => {
    const b = delayBound(poissonArrivals(2.43), tandem(constantService(2.7), ray, constantService(2.7)), 20, { form: "martingale" });
    expect(b.method).toMatch(/^martingale: drawdown envelope/);
    expect(b.probability).toBeGreaterThan(1.4e-2);
    expect(b.probability).toBeLessThan(1.55e-2);
    // At load 0.74 the chains stay tighter, and are reported.
    const m = delayBound(poissonArrivals(2), tandem(constantService(2.7), ray, constantService(2.7)), 10, { form: "martingale" });
    expect(m.method).toMatch(/queues around stage 2/);
  });
  it("keeps a faster constant after the link (2.7 / 2.77 / 3.0, load 0.93: 5.6e-2 at 20 slots against 0.146 with 3.0 merged down)", () => {
    const service = tandem(constantService(2.7), ray, constantService(3));
    const b = delayBound(poissonArrivals(2.511), service, 20, { form: "martingale" });
    expect(b.method).toMatch(/drawdown envelope .*the one after it kept at 3\.000\)$/);
    const merged = drawdownLog(plan(2.7, 2.511), 20, 0).logValue;
    expect(Math.log(b.probability)).toBeLessThan(merged - 0.9);
    // Not where the faster constant comes first (read backwards, it is the output), nor where
    // the excess is below c/12 (2.8 after 2.7).
    expect(delayBound(poissonArrivals(2.511), tandem(constantService(3), ray, constantService(2.7)), 20, { form: "martingale" }).method).not.toMatch(/kept/);
    expect(delayBound(poissonArrivals(2.45), tandem(constantService(2.7), ray, constantService(2.8)), 20, { form: "martingale" }).method).not.toMatch(/kept/);
  });
  it("every candidate's bound is at least e^{−θ(gap + c·T)} (u ≥ 1, F(T) ≤ cT from empty): the two-queue chain's search may stop below θ_need", () => {
    fc.assert(
      fc.property(fc.double({ min: 2.3, max: 3.1, noNaN: true }), fc.double({ min: 0.6, max: 0.97, noNaN: true }), fc.integer({ min: 0, max: 40 }), fc.double({ min: 0.02, max: 0.999, noNaN: true }), (c, load, T, frac) => {
        const a = poissonArrivals(load * Math.min(c, 2.7));
        const stages = [constantService(2.7), ray, constantService(c)];
        const tMax = delayBound(a, tandem(...stages), T).thetaMax;
        const p = planMartingale(a, stages, tMax);
        const theta = frac * tMax;
        const v = martingaleLog(p, T, 0, theta).logValue;
        expect(v, `c=${c} load=${load} T=${T} θ=${theta}`).toBeGreaterThanOrEqual(-theta * (p.lattice + Math.min(c, 2.7) * T));
      }),
      { numRuns: 25, seed: 21 },
    );
  });
  it("the search that stops the two-queue chain early gives the same bits as the one run to its end", () => {
    // Heavy loads (the drawdown grid's best is far below the chain's: it stops) and lighter ones;
    // at 3.0 and load 0.93 the two-queue chain serves slower than the arrivals come (its search
    // stops on the drift at θ < 0, not after forty halvings of θ at small delays); at long
    // delays (30–200 at loads 0.56–0.74) the chain is settled above the grid's best without
    // walking its window.
    const cases: [number, number, number][] = [[2.7, 2.43, 20], [3, 2.511, 25], [3, 2.511, 1], [3, 2.511, 3], [2.5, 2.367, 30], [2.7, 2, 10], [2.7, 2.43, 3], [2.8, 2.6, 40], [2.7, 2, 30], [2.7, 2, 100], [2.7, 1.5, 200]];
    const random = fc.tuple(fc.double({ min: 2.3, max: 3.1, noNaN: true }), fc.double({ min: 0.6, max: 0.97, noNaN: true }), fc.integer({ min: 0, max: 40 }));
    for (const [c, load, T] of fc.sample(random, { numRuns: 10, seed: 22 })) cases.push([c, load * Math.min(c, 2.7), T]);
    let won = 0;
    let lost = 0;
    for (const [c, lambda, T] of cases) {
      const method = expectSameAsFullSearch(poissonArrivals(lambda), [constantService(2.7), ray, constantService(c)], T);
      if (/drawdown/.test(method)) won++;
      else if (/queues around/.test(method)) lost++;
    }
    // Both outcomes occur: where the drawdown envelope wins the chain's search stops early.
    expect(won).toBeGreaterThanOrEqual(3);
    expect(lost).toBeGreaterThanOrEqual(1);
  });
});
