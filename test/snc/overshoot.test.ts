/**
 * The overshoot-aware envelope (docs/model.md §10.7): the kernel's u against the exact
 * supermartingale condition `sup_z E[e^{θX}u(E′); X ≤ z] + e^{θz}P(X > z) ≤ u(e)` computed
 * independently on small random chains, and the option through `delayBound` against the
 * committed simulation of the close-rate tandem (test/fixtures/snc/tightness.json).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rayleighLink } from "../../src/channel/index.js";
import { type BandedKernel, overshootEnvelope } from "../../src/snc/overshoot.js";
import { bernoulliArrivals, constantService, delayBound, delayBoundCurve, delayQuantile, markovOnOff, poissonArrivals, rayleighService, tandem, type ArrivalProcess, type StageService } from "../../src/snc/index.js";
import { martingaleLog, planMartingale } from "../../src/snc/martingale-tandem.js";

const SEED = 20261202;
const K = 5;

interface Entry {
  to: number;
  f: number;
  p: number;
}

/** Poisson pmf 0 … top and its tail (P(A ≥ k) ≤ p_k/(1 − λ/(k + 1)), not 1 − Σ: rounding). */
function poissonPmf(lam: number, top: number): { prob: number[]; tail: number } {
  const prob: number[] = [];
  let p = Math.exp(-lam);
  for (let k = 0; k <= top; k++) {
    prob.push(p);
    p *= lam / (k + 1);
  }
  return { prob, tail: p / (1 - lam / (top + 2)) };
}

/**
 * sup over z ≥ 0 of the exact condition's left side, in state e: between two consecutive
 * values of X the first term is constant and the second grows, so the supremum is the limit
 * at each next value (and G u as z → ∞).
 */
function exactSup(rows: Entry[][], e: number, u: Float64Array, values: readonly number[], prob: readonly number[], theta: number): number {
  const xs: { x: number; w: number; p: number }[] = [];
  for (let i = 0; i < prob.length; i++) for (const r of rows[e]) xs.push({ x: values[i] - r.f, w: prob[i] * r.p * Math.exp(theta * (values[i] - r.f)) * u[r.to], p: prob[i] * r.p });
  xs.sort((s, t) => s.x - t.x);
  // P(X ≥ x_i) as suffix sums (1 − a prefix sum would be rounding noise times e^{θx}).
  const atOrAbove = new Float64Array(xs.length + 1);
  for (let i = xs.length - 1; i >= 0; i--) atOrAbove[i] = atOrAbove[i + 1] + xs[i].p;
  let below = 0; // E[e^{θX}u; X < x_i]
  let sup = 0;
  for (let i = 0; i < xs.length; i++) {
    // z just below xs[i].x (and ≥ 0): X ≤ z holds for the values before i.
    if (xs[i].x > 0) sup = Math.max(sup, below + Math.exp(theta * xs[i].x) * atOrAbove[i]);
    below += xs[i].w;
  }
  return Math.max(sup, below);
}

/** Rows of total probability 1, next states inside the chain, no output on a band edge. */
function chainRows(raw: readonly (readonly Entry[])[]): Entry[][] {
  const n = raw.length;
  return raw.map((r) => {
    const tot = r.reduce((s, x) => s + x.p, 0);
    return r.map((x) => ({ to: x.to % n, f: Number.isInteger(x.f * K) ? x.f + 1e-3 : x.f, p: x.p / tot }));
  });
}

/**
 * The envelope exists and meets the exact condition in every state (to 1e-9); returns the
 * number of states where it is below 1.
 */
function meetsCondition(rows: Entry[][], u: Float64Array | null, values: readonly number[], prob: readonly number[], theta: number): number {
  expect(u).not.toBeNull();
  let below = 0;
  for (let e = 0; e < rows.length; e++) {
    const sup = exactSup(rows, e, u!, values, prob, theta);
    expect(sup, `state ${e}: sup ${sup} u ${u![e]}`).toBeLessThanOrEqual(u![e] * (1 + 1e-9));
    if (u![e] < 0.999) below++;
  }
  return below;
}

function banded(rows: Entry[][], theta: number): BandedKernel {
  const n = rows.length;
  let nb = 1;
  for (const r of rows) for (const x of r) nb = Math.max(nb, Math.floor(x.f * K) + 1);
  const rowStart = new Int32Array(n + 1);
  const to: number[] = [];
  const band: number[] = [];
  const weight: number[] = [];
  const mass = new Float64Array(n * nb);
  rows.forEach((r, e) => {
    for (const x of r) {
      const b = Math.floor(x.f * K);
      to.push(x.to);
      band.push(b);
      weight.push(x.p * Math.exp(-theta * x.f));
      mass[e * nb + b] += x.p;
    }
    rowStart[e + 1] = to.length;
  });
  return { n, nb, K, rowStart, to: Int32Array.from(to), band: Int32Array.from(band), weight: Float64Array.from(weight), mass };
}

const entry = fc.record({ to: fc.nat(3), f: fc.double({ min: 0.5, max: 3, noNaN: true }), p: fc.double({ min: 0.05, max: 1, noNaN: true }) });
// Outputs of at least 0.5 against arrivals of at most 0.3 per slot and θ ≤ 0.5: G1 < 1, so
// u ≡ 1 (the standard envelope) is a supersolution to start from.

describe("overshootEnvelope: its u meets the exact supermartingale condition", () => {
  it("on random chains of up to 4 states with Poisson arrivals", () => {
    let engaged = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(entry, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        (raw, lam, theta) => {
          const n = raw.length;
          const rows = chainRows(raw);
          const rho = lam * Math.expm1(theta);
          const G = (u: Float64Array, e: number) => Math.exp(rho) * rows[e].reduce((s, x) => s + x.p * Math.exp(-theta * x.f) * u[x.to], 0);
          // The standard envelope max(1, G u) from above (a supersolution when G1 < 1).
          const ones = new Float64Array(n).fill(1);
          fc.pre(rows.every((_, e) => G(ones, e) < 0.999));
          const top = 200;
          const { prob, tail } = poissonPmf(lam, top);
          const Z = 30;
          let beyond = 0;
          let geq = tail;
          for (let k = top; k >= Z + 1; k--) {
            geq += prob[k];
            beyond = Math.max(beyond, Math.exp(theta * k) * geq);
          }
          const arr = { m: Int32Array.from(prob.map((_, a) => a * K)), prob: Float64Array.from(prob), tail, beyond, logMgf: rho };
          const u = overshootEnvelope(banded(rows, theta), arr, theta, Z * K, ones, 1e-11);
          const pmf = poissonPmf(lam, 60).prob;
          engaged += meetsCondition(rows, u, pmf.map((_, a) => a), pmf, theta);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
    // The envelope does fall below 1 (the case it exists for) on many of them.
    expect(engaged).toBeGreaterThan(20);
  });

  it("on random chains with Bernoulli batches of a size on the 1/5 grid", () => {
    let engaged = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(entry, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0.02, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 15 }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        (raw, p, k, theta) => {
          const n = raw.length;
          const size = k / K;
          const rows = chainRows(raw);
          const rho = Math.log1p(p * Math.expm1(theta * size));
          const ones = new Float64Array(n).fill(1);
          fc.pre(rows.every((r) => Math.exp(rho) * r.reduce((s, x) => s + x.p * Math.exp(-theta * x.f), 0) < 0.999));
          // Nothing above the batch: cells up to ⌈size⌉, nothing beyond.
          const arr = { m: Int32Array.of(0, k), prob: Float64Array.of(1 - p, p), tail: 0, beyond: 0, logMgf: rho };
          const u = overshootEnvelope(banded(rows, theta), arr, theta, Math.max(1, Math.ceil(size)) * K, ones, 1e-11);
          engaged += meetsCondition(rows, u, [0, size], [1 - p, p], theta);
        },
      ),
      { seed: SEED + 1, numRuns: 150 },
    );
    expect(engaged).toBeGreaterThan(20);
  });

  it("returns null where no envelope exists (G_θ1 > 1: θ beyond the critical θ)", () => {
    const rows: Entry[][] = [[{ to: 0, f: 0.3, p: 1 }]];
    const { prob, tail } = poissonPmf(0.5, 100);
    const arr = { m: Int32Array.from(prob.map((_, a) => a * K)), prob: Float64Array.from(prob), tail, beyond: 0, logMgf: 0.5 * Math.expm1(0.2) };
    // e^{ρ}·e^{−0.2·0.3} > 1: u ≡ 1 fails G u ≤ u.
    expect(overshootEnvelope(banded(rows, 0.2), arr, 0.2, 50, Float64Array.of(1), 1e-11)).toBeNull();
  });
});

const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 121, controlOverhead: 0 });
const ray = rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6, name: "downlink" });
const closeRates = tandem(constantService(2.7), ray, constantService(2.7));
const fixture = JSON.parse(readFileSync(new URL("../fixtures/snc/tightness.json", import.meta.url), "utf8"));
const close = fixture.configs.find((c: { key: string }) => c.key === "close");

describe("delayBound with { overshoot: true } (close rates, 2.7 / 2.77 / 2.7, Poisson(2))", () => {
  it("lies above the simulated violation frequency's upper 95 % limit and below the standard envelope", () => {
    const delays = [6, 7, 8, 9, 10];
    const std = delayBoundCurve(poissonArrivals(2), closeRates, delays, { form: "martingale" });
    const os = delayBoundCurve(poissonArrivals(2), closeRates, delays, { form: "martingale", overshoot: true });
    delays.forEach((T, i) => {
      const sim = close.curve.find((c: { delay: number }) => c.delay === T);
      const msg = `T0=${T}: overshoot ${os[i].probability} standard ${std[i].probability} simulated ≤ ${sim.upper}`;
      expect(os[i].probability, msg).toBeGreaterThan(sim.upper);
      expect(os[i].probability, msg).toBeLessThan(std[i].probability);
      expect(os[i].method, msg).toMatch(/, overshoot-aware envelope$/);
    });
  });

  it("gives the 1e-3 delay quantile 9 (simulated 8; 10 without it), by default in delayQuantile", () => {
    expect(close.quantile1e3.simulated).toBe(8);
    const q = delayQuantile(poissonArrivals(2), closeRates, 1e-3, { form: "martingale" });
    expect(q.delaySlots).toBe(9);
    // Refined with the wider two-queue chain (caps 3.60) and the overshoot-aware envelope.
    expect(q.method).toMatch(/cap 3\.60; cap 3\.60\), overshoot-aware envelope$/);
    expect(q.probability).toBe(refinedBound(poissonArrivals(2), closeRates.stages, 9));
    expect(q.probability).toBeLessThanOrEqual(1e-3);
    // The 17 × 17 chain with the overshoot-aware envelope reaches it too.
    expect(delayBound(poissonArrivals(2), closeRates, 9, { form: "martingale", overshoot: true }).probability).toBeLessThanOrEqual(1e-3);
    expect(delayQuantile(poissonArrivals(2), closeRates, 1e-3, { form: "martingale", overshoot: true }).delaySlots).toBe(9);
    expect(delayQuantile(poissonArrivals(2), closeRates, 1e-3, { form: "martingale", overshoot: false }).delaySlots).toBe(10);
    expect(delayBound(poissonArrivals(2), closeRates, 9, { form: "martingale" }).probability).toBeGreaterThan(1e-3);
  });

  it("is a pure function of its inputs: the same bits fresh and after other calls on a shared link stage", () => {
    const fresh = () => {
      const r = rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6, name: "downlink" });
      return { r, svc: tandem(constantService(2.7), r, constantService(2.7)) };
    };
    const a = fresh();
    const first = delayBound(poissonArrivals(2), a.svc, 9, { form: "martingale", overshoot: true }).logProbability;
    const b = fresh();
    delayBound(poissonArrivals(1.8), tandem(constantService(2.6), b.r, constantService(2.7)), 12, { form: "martingale", overshoot: true });
    delayBound(poissonArrivals(2.1), b.svc, 5, { form: "martingale", overshoot: true });
    expect(delayBound(poissonArrivals(2), b.svc, 9, { form: "martingale", overshoot: true }).logProbability).toBe(first);
  });

  it("says why when it is not used (Markov on–off arrivals; a single random stage; no gain)", () => {
    const onoff = delayBound(markovOnOff({ pOnOff: 0.3, pOffOn: 0.1, peak: 2 }), tandem(constantService(1.2), ray, constantService(1.5)), 20, { form: "martingale", overshoot: true });
    expect(onoff.method).toMatch(/overshoot-aware envelope not applicable: the arrivals are not i\.i\.d\. over slots\)$/);
    const link1 = delayBound(poissonArrivals(2.1), ray, 12, { form: "martingale", overshoot: true });
    expect(link1.method).toMatch(/overshoot-aware envelope not applicable: a single random stage without its per-slot law\)$/);
    const batches = delayBound(bernoulliArrivals(0.6, 2), constantService(1.5), 6, { form: "martingale", overshoot: true });
    expect(batches.method).toMatch(/\(overshoot-aware envelope no tighter\)$/);
    expect(batches.probability).toBe(delayBound(bernoulliArrivals(0.6, 2), constantService(1.5), 6, { form: "martingale" }).probability);
  });

  it("tightens one constant stage and a clear bottleneck too (Poisson(1) → 1.5 at 6 slots; 1.6 / R / 2.0 at 10)", () => {
    const one = delayBound(poissonArrivals(1), constantService(1.5), 6, { form: "martingale", overshoot: true });
    expect(one.method).toBe("martingale: one stage (Kingman), overshoot-aware envelope");
    expect(one.probability / delayBound(poissonArrivals(1), constantService(1.5), 6, { form: "martingale" }).probability).toBeLessThan(0.85);
    const crc = tandem(constantService(1.6), ray, constantService(2));
    const b = delayBound(poissonArrivals(1.2), crc, 10, { form: "martingale", overshoot: true });
    expect(b.method).toMatch(/, overshoot-aware envelope$/);
    expect(b.probability / delayBound(poissonArrivals(1.2), crc, 10, { form: "martingale" }).probability).toBeLessThan(0.95);
  });

  it("returns at a one-state chain's critical θ (a near-singular solve once restarted GMRES without end)", () => {
    // At T0 = 0 the per-slot minimum wins at its critical θ, where the envelope is tried first.
    const b = delayBound(poissonArrivals(2), closeRates, 0, { form: "martingale", overshoot: true });
    expect(b.method).toMatch(/^martingale: per-slot minimum of the stages/);
    expect(b.probability).toBeGreaterThan(0);
    expect(b.probability).toBeLessThanOrEqual(delayBound(poissonArrivals(2), closeRates, 0, { form: "martingale" }).probability);
  });

  it("is refused when not a boolean, naming the option", () => {
    expect(() => delayBound(poissonArrivals(2), closeRates, 9, { form: "martingale", overshoot: 1 as unknown as boolean })).toThrow(/delayBound: opts\.overshoot must be a boolean, got 1/);
  });
});

/**
 * The bound of delayQuantile's refinement at T: the martingale form with the overshoot-aware
 * envelope on the plan with the wider close-rate chain (the same plan elsewhere).
 */
function refinedBound(a: ArrivalProcess, stages: readonly StageService[], T: number): number {
  const tMax = delayBound(a, tandem(...stages), 0, { form: "martingale" }).thetaMax;
  return Math.min(1, Math.exp(martingaleLog(planMartingale(a, stages, tMax, true), T, 0, undefined, true).logValue));
}

describe("delayQuantile's default search with the refinement (overshoot-aware envelope, wider close-rate chain)", () => {
  it("returns the smallest delay whose refined bound is ≤ ε, never above the standard quantile, with the bound of the standard search or the refinement (random tandems)", () => {
    // Poisson(λ) → constant c1 → Rayleigh link → constant c2, the rates around the link's 2.77.
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 2.2, noNaN: true }),
        fc.double({ min: 2.5, max: 4, noNaN: true }),
        fc.double({ min: 2.5, max: 4, noNaN: true }),
        fc.constantFrom(1e-2, 1e-3, 1e-6),
        (lam, c1, c2, eps) => {
          const a = poissonArrivals(lam);
          const svc = tandem(constantService(c1), closeRates.stages[1], constantService(c2));
          const q = delayQuantile(a, svc, eps, { form: "martingale" });
          const std = delayQuantile(a, svc, eps, { form: "martingale", overshoot: false });
          expect(q.delaySlots).toBeLessThanOrEqual(std.delaySlots);
          const stages = svc.stages;
          expect(q.probability).toBeLessThanOrEqual(eps);
          // The standard search's bound at that delay, or the refinement's (where it was needed).
          expect([delayBound(a, svc, q.delaySlots, { form: "martingale" }).probability, refinedBound(a, stages, q.delaySlots)]).toContain(q.probability);
          if (q.delaySlots > 0) expect(refinedBound(a, stages, q.delaySlots - 1)).toBeGreaterThan(eps);
        },
      ),
      { numRuns: 12, seed: SEED },
    );
  });
});
