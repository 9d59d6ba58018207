/**
 * The Rayleigh transfer-time law (docs/model.md §9.1) against an independent mpmath
 * Laplace inversion (test/fixtures/channel/generate_transfer.py), its rigorous bracket,
 * its exact sampler, and its laws.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rayleighLink, rayleighTransferTime, TRANSFER_MAX_MEAN_INTERVALS } from "../../src/channel/index.js";
import { rng } from "../../src/random/index.js";
import { expectRel, fixture } from "../helpers.js";

interface Case {
  name: string;
  bandwidthHz: number;
  meanSnr: number;
  coherenceSeconds: number;
  bits: number;
  ccdf: { x: number; value: number; cohen: number; methodRelDiff: number }[];
  mean?: number;
  variance?: number;
  logMgf?: { theta: number; value: number }[];
}
const fx = fixture<{ tools: object; cases: Case[] }>("channel/transfer.json");
const law = (c: Case) => rayleighTransferTime({ bandwidthHz: c.bandwidthHz, meanSnr: c.meanSnr, coherenceSeconds: c.coherenceSeconds }, c.bits);

describe("rayleighTransferTime against mpmath (de Hoog inversion, Cohen cross-check)", () => {
  for (const c of fx.cases) {
    it(`${c.name} (${law(c).meanIntervals.toFixed(2)} mean intervals)`, () => {
      const d = law(c);
      for (const p of c.ccdf) {
        const ctx = { case: c.name, x: p.x, tools: fx.tools };
        // The rigorous bracket (floor/ceiling lattices) contains the reference, up to the
        // reference's own error (the two inversions' difference) and 1e-15 absolute.
        const { lower, upper } = d.ccdfBounds(p.x);
        const slack = 2 * p.methodRelDiff * p.value + 1e-15;
        expect(lower, JSON.stringify(ctx)).toBeLessThanOrEqual(p.value + slack);
        expect(upper, JSON.stringify(ctx)).toBeGreaterThanOrEqual(p.value - slack);
        // The midpoint law: relative 2e-3 where the probability is ≥ 1e-4, 1e-2 further out,
        // up to 20 mean intervals (a fine lattice); at hundreds of intervals the lattice
        // has ≈ 6 points per interval and the tolerances are 1e-2 and 5e-2 (measured: see
        // the module notes of src/channel/transfer.ts).
        const [tb, tt] = d.meanIntervals > 100 ? [1e-2, 5e-2] : [2e-3, 1e-2];
        expectRel(d.ccdf!(p.x), p.value, p.value >= 1e-4 ? tb : tt, ctx);
        expectRel(d.cdf!(p.x), 1 - p.value, 1 - p.value >= 1e-4 ? tb : tt, { ...ctx, cdf: true });
      }
      if (c.mean !== undefined) {
        expectRel(d.mean, c.mean, 2e-4, { case: c.name, what: "mean" });
        expectRel(d.variance, c.variance!, 2e-3, { case: c.name, what: "variance" });
        expectRel(d.moment(1), c.mean, 2e-4, { case: c.name, what: "moment(1)" });
        for (const { theta, value } of c.logMgf!) {
          expectRel(d.logMgf(theta), value, 2e-3, { case: c.name, theta });
          // The conservative MGF is above the true one.
          expect(d.logMgfUpper(theta)).toBeGreaterThanOrEqual(value);
        }
      }
    });
  }
});

describe("the sampler draws the law (seeded, binomial 99.9 % intervals)", () => {
  for (const c of fx.cases.filter((k) => k.name !== "PL135-10Mbit")) {
    it(c.name, () => {
      const d = law(c);
      const u = rng(2026, 3);
      const n = 100_000;
      const xs = new Float64Array(n);
      for (let i = 0; i < n; i++) xs[i] = d.sample(u);
      for (const p of c.ccdf) {
        let hits = 0;
        for (let i = 0; i < n; i++) if (xs[i] > p.x) hits++;
        const sd = Math.sqrt((p.value * (1 - p.value)) / n);
        expect(Math.abs(hits / n - p.value), `${c.name} x=${p.x}: frequency ${hits / n} vs ${p.value}`).toBeLessThanOrEqual(3.3 * sd + 1 / n);
      }
    });
  }
});

describe("laws and edge cases", () => {
  const link = rayleighLink({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 });

  it("the @example values", () => {
    const t = rayleighTransferTime(link, 1.0486e6);
    expect(t.meanIntervals.toFixed(2)).toBe("3.30");
    expect((t.mean / (1.0486e6 / link.effectiveRate)).toFixed(3)).toBe("1.028");
    expect(t.kind).toBe("rayleighTransfer");
    expect(Object.isFrozen(t)).toBe(true);
    expect(t.params).toEqual({ bits: 1.0486e6, bandwidthHz: 10e6, meanSnr: link.meanSnr, controlOverhead: 0, coherenceSeconds: 0.01 });
  });

  it("log-MGF laws, transforms agree, tails are complementary and monotone (fast-check)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 40, noNaN: true }), fc.double({ min: -10, max: 40, noNaN: true }), (K, snrDb) => {
        const g = 10 ** (snrDb / 10);
        const probe = rayleighTransferTime({ bandwidthHz: 1e6, meanSnr: g }, 1e4);
        const d = rayleighTransferTime({ bandwidthHz: 1e6, meanSnr: g }, (1e4 * K) / probe.meanIntervals);
        expect(d.logMgf(0)).toBe(0);
        const h = 1e-4 / d.mean;
        // logMgf′(0) = E[T], by a central difference (the quadrature is smooth in θ).
        expectRel((d.logMgf(h) - d.logMgf(-h)) / (2 * h), d.mean, 1e-5, { K, snrDb });
        expect(d.logMgfUpper(1 / d.mean)).toBeGreaterThanOrEqual(d.logMgf(1 / d.mean));
        const s = 2 / d.mean;
        expectRel(d.lstComplex({ re: s, im: 0 }).re, d.lst(s), 1e-9, { K, snrDb, s });
        let prev = 1;
        for (const f of [0.2, 0.5, 0.8, 1, 1.3, 2, 4]) {
          const x = f * d.mean;
          const v = d.ccdf!(x);
          expect(Math.abs(v + d.cdf!(x) - 1)).toBeLessThanOrEqual(1e-12);
          expect(v).toBeLessThanOrEqual(prev + 1e-13);
          const b = d.ccdfBounds(x);
          // Near 1 the tails are sums of up to a few thousand masses: 1e-13 of rounding.
          expect(b.lower <= v + 1e-13 && v <= b.upper + 1e-13, `x=${x}: ${b.lower} ≤ ${v} ≤ ${b.upper}`).toBe(true);
          prev = v;
        }
      }),
      { numRuns: 20 },
    );
  });

  it("extreme SNRs stay finite (γ̄ near the double range: no endless panel loop)", () => {
    const d = rayleighTransferTime({ bandwidthHz: 1e6, meanSnr: 1e308 }, 1e6);
    expect(Number.isFinite(d.mean) && d.mean > 0).toBe(true);
    expect(d.ccdf!(d.mean)).toBeGreaterThanOrEqual(0);
    const low = rayleighTransferTime({ bandwidthHz: 1e6, meanSnr: 1e-6 }, 1);
    expect(Number.isFinite(low.mean)).toBe(true);
  });

  it("zero bits take no time; the coherence time scales the law", () => {
    const z = rayleighTransferTime(link, 0);
    expect([z.mean, z.variance, z.sample(rng(1, 0)), z.ccdf!(0), z.cdf!(0), z.logMgf(3)]).toEqual([0, 0, 0, 0, 1, 0]);
    const a = rayleighTransferTime(link, 2e6, { coherenceSeconds: 0.01 });
    const b = rayleighTransferTime({ ...link, bandwidthHz: 5e6 }, 2e6, { coherenceSeconds: 0.02 });
    // Half the bandwidth and twice the interval serve the same bits per interval: T doubles.
    expectRel(b.mean, 2 * a.mean, 1e-12, "scaling");
    expectRel(b.ccdf!(2 * a.mean), a.ccdf!(a.mean), 1e-12, "scaling");
  });

  it("errors name rayleighTransferTime, the field and the value", () => {
    expect(() => rayleighTransferTime(link, -1)).toThrow(/^rayleighTransferTime: bits must be a finite number ≥ 0, got -1$/);
    expect(() => rayleighTransferTime({ ...link, meanSnr: 0 }, 1e6)).toThrow(/^rayleighTransferTime: link\.meanSnr must be a finite number > 0, got 0$/);
    expect(() => rayleighTransferTime(link, 1e6, { coherenceSeconds: 0 })).toThrow(/^rayleighTransferTime: opts\.coherenceSeconds must be a finite number > 0, got 0$/);
    expect(() => rayleighTransferTime({ ...link, coherenceSeconds: -1 }, 1e6)).toThrow(/^rayleighTransferTime: link\.coherenceSeconds must be a finite number > 0, got -1$/);
    expect(() => rayleighTransferTime({ ...link, controlOverhead: 1 }, 1e6)).toThrow(/^rayleighTransferTime: link\.controlOverhead must be in \[0, 1\), got 1$/);
    expect(() => rayleighTransferTime(undefined as never, 1e6)).toThrow(/^rayleighTransferTime: link must be a link object/);
    expect(() => rayleighTransferTime(link, 1e12)).toThrow(
      new RegExp(`^rayleighTransferTime: bits/\\(E\\[R_eff\\]·coherenceSeconds\\) must be at most ${TRANSFER_MAX_MEAN_INTERVALS} mean coherence intervals per transfer`),
    );
    expect(() => rayleighLink({ bandwidthHz: 1e6, txPowerDbm: 0, noiseDbm: -90, pathLossDb: 80, coherenceSeconds: 0 })).toThrow(
      /^rayleighLink: coherenceSeconds must be a finite number > 0, got 0$/,
    );
    expect(rayleighLink({ bandwidthHz: 1e6, txPowerDbm: 0, noiseDbm: -90, pathLossDb: 80 }).coherenceSeconds).toBe(0.01);
  });
});
