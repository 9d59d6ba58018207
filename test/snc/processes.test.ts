/** The arrival and service processes: log-MGF laws, samplers against their means, pipelines. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rayleighLink } from "../../src/channel/index.js";
import { rng } from "../../src/random/rng.js";
import {
  bernoulliArrivals,
  constantService,
  exponentialArrivals,
  iidArrivals,
  markovModulated,
  markovOnOff,
  pipelineService,
  poissonArrivals,
  rayleighService,
  sncStability,
  type ArrivalProcess,
} from "../../src/snc/index.js";

const SEED = 424242;

const arrivalArb = fc.oneof(
  fc.double({ min: 0.01, max: 5, noNaN: true }).map((l) => poissonArrivals(l)),
  fc.double({ min: 0.2, max: 5, noNaN: true }).map((r) => exponentialArrivals(r)),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 4, noNaN: true })).map(([p, b]) => bernoulliArrivals(p, b)),
  fc
    .tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 4, noNaN: true }))
    .map(([off, on, peak]) => markovOnOff({ pOnOff: off, pOffOn: on, peak })),
);

describe("arrival log-MGF laws (paper convention rho(θ) = ln E[e^{θa}] per slot)", () => {
  it("rho(0) = 0, rho′(0) = mean, rho convex, σ(θ) ≥ 0", () => {
    fc.assert(
      fc.property(arrivalArb, (a: ArrivalProcess) => {
        const h = 1e-5;
        const d = (a.rho(h) - a.rho(-h)) / (2 * h);
        const th = Math.min(0.5, a.thetaSup / 2);
        const convex = a.rho(th) <= 0.5 * (a.rho(th / 2) + a.rho((3 * th) / 2 < a.thetaSup ? (3 * th) / 2 : th)) + 1e-9 || (3 * th) / 2 >= a.thetaSup;
        const sig = a.sigma ? a.sigma(th) : 0;
        return Math.abs(a.rho(0)) < 1e-12 && Math.abs(d - a.meanPerSlot) <= 1e-6 * Math.max(1, a.meanPerSlot) && convex && sig >= -1e-12;
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("exponentialArrivals is +∞ from its rate on (the MGF's domain)", () => {
    expect(exponentialArrivals(2).rho(2)).toBe(Infinity);
    expect(exponentialArrivals(2).thetaSup).toBe(2);
  });

  it("bernoulli rho does not overflow for large θ·size", () => {
    expect(bernoulliArrivals(0.3, 100).rho(50)).toBeCloseTo(5000 + Math.log(0.3), 9);
  });

  it("a two-state chain: ml-matrix's spectral radius equals the 2×2 closed form", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (off, on, peak, th) => {
          const a = markovOnOff({ pOnOff: off, pOffOn: on, peak });
          // P·diag(1, e^{θ·peak}) scaled by e^{−θ·peak}: trace and determinant.
          const d = Math.exp(-th * peak);
          const m00 = (1 - on) * d, m11 = 1 - off;
          const tr = m00 + m11;
          const det = m00 * m11 - on * off * d;
          const closed = th * peak + Math.log((tr + Math.sqrt(Math.max(tr * tr - 4 * det, 0))) / 2);
          return Math.abs(a.rho(th) - closed) <= 1e-10 * Math.max(1, Math.abs(closed));
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("a three-state chain has the stationary mean and ρ′(0) = mean", () => {
    const P = [
      [0.8, 0.15, 0.05],
      [0.2, 0.7, 0.1],
      [0.1, 0.3, 0.6],
    ];
    const a = markovModulated({ transition: P, rates: [0, 1, 3] });
    // π solves πP = π: check the balance directly.
    const pi = (a.params.stationary as number[]);
    for (let j = 0; j < 3; j++) expect(Math.abs(pi.reduce((s, x, i) => s + x * P[i][j], 0) - pi[j])).toBeLessThan(1e-12);
    const h = 1e-5;
    expect(Math.abs((a.rho(h) - a.rho(-h)) / (2 * h) - a.meanPerSlot)).toBeLessThan(1e-8);
  });

  it("iidArrivals estimates the mean from its log-MGF, also when ρ is undefined for θ < 0", () => {
    expect(Math.abs(iidArrivals((t) => 0.3 * Math.expm1(t)).meanPerSlot - 0.3)).toBeLessThan(1e-9);
    const positiveOnly = (t: number) => (t < 0 ? NaN : 0.3 * Math.expm1(t));
    expect(Math.abs(iidArrivals(positiveOnly).meanPerSlot - 0.3)).toBeLessThan(1e-8);
  });
});

describe("samplers agree with the processes (seeded, 99.9% normal intervals)", () => {
  const n = 200_000;
  const cases: [string, ArrivalProcess, number][] = [
    ["poisson(1.3)", poissonArrivals(1.3), 1.3],
    ["exponential(2)", exponentialArrivals(2), 0.25],
    ["bernoulli(0.3, 2)", bernoulliArrivals(0.3, 2), 0.84],
  ];
  for (const [name, a, variance] of cases) {
    it(name, () => {
      const draw = a.sampler(rng(SEED));
      let s = 0;
      for (let i = 0; i < n; i++) s += draw();
      const half = 3.29 * Math.sqrt(variance / n);
      expect(Math.abs(s / n - a.meanPerSlot), `${name}: mean ${s / n} vs ${a.meanPerSlot} ± ${half}`).toBeLessThan(half);
    });
  }
  it("markov on-off: the long-run mean (batch means over 20 batches)", () => {
    const a = markovOnOff({ pOnOff: 0.3, pOffOn: 0.1, peak: 2 });
    const draw = a.sampler(rng(SEED + 1));
    const B = 20, per = 50_000;
    const means: number[] = [];
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let i = 0; i < per; i++) s += draw();
      means.push(s / per);
    }
    const m = means.reduce((x, y) => x + y, 0) / B;
    const sd = Math.sqrt(means.reduce((x, y) => x + (y - m) ** 2, 0) / (B - 1));
    expect(Math.abs(m - a.meanPerSlot)).toBeLessThan(3.88 * sd / Math.sqrt(B)); // t_{0.9995, 19}
  });
  it("a floored constant stage serves ⌊ct⌋ − ⌊cs⌋ ≥ ⌊c(t − s)⌋ over every window", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 7, noNaN: true }), fc.nat(200), fc.nat(200), (c, s, len) => {
        const draw = constantService(c, { floor: true }).sampler(rng(1));
        const xs = Array.from({ length: s + len + 1 }, () => draw());
        const window = xs.slice(s, s + len).reduce((x, y) => x + y, 0);
        return window >= Math.floor(c * len) && Number.isInteger(window);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe("services", () => {
  const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 121, controlOverhead: 0.1 });
  const slot = { slotSeconds: 0.1, bitsPerRequest: 1.0486e6 };
  it("rayleighService's mean (from its log-MGF) equals the link's mean slot service, fluid and floor", () => {
    for (const floor of [false, true]) {
      const s = rayleighService({ link, ...slot, floor });
      const ref = link.meanSlotService({ ...slot, floor });
      expect(Math.abs(s.meanPerSlot / ref - 1), `floor=${floor}: ${s.meanPerSlot} vs ${ref}`).toBeLessThan(1e-6);
    }
  });
  it("logMgfNeg′(0) = −mean for constant and Rayleigh stages; logMgfNeg ≤ 0", () => {
    for (const s of [constantService(2.5), rayleighService({ link, ...slot })]) {
      const h = 1e-6;
      expect(Math.abs(-s.logMgfNeg(h) / h - s.meanPerSlot)).toBeLessThan(1e-4 * s.meanPerSlot);
      for (const th of [0.1, 1, 10]) expect(s.logMgfNeg(th)).toBeLessThanOrEqual(0);
    }
  });
  it("pipelineService: c = fΔ/O per compute stage, a Rayleigh link becomes a Rayleigh stage, any other link R_effΔ/J", () => {
    const p = {
      name: "split",
      stages: [
        { kind: "compute" as const, name: "edge", node: "es", flops: 2e12, flopsPerSecond: 1.5e14 },
        { kind: "transfer" as const, name: "dl", linkName: "dl", bits: 1.0486e6, link },
        { kind: "transfer" as const, name: "wired", linkName: "w", bits: 1e6, link: { kind: "wired", effectiveRate: 1e8 } },
      ],
    };
    const t = pipelineService(p, { slotSeconds: 0.1 });
    expect(t.stages.map((s) => s.kind)).toEqual(["constant", "rayleigh", "constant"]);
    expect(t.stages[0].meanPerSlot).toBeCloseTo((1.5e14 * 0.1) / 2e12, 12);
    expect(t.stages[2].meanPerSlot).toBeCloseTo(10, 12);
    expect(t.meanPerSlot).toBe(Math.min(...t.stages.map((s) => s.meanPerSlot)));
    const f = pipelineService(p, { slotSeconds: 0.1, floor: true });
    expect(f.stages[0].cumulativeLogMgfNeg?.(1, 1)).toBe(-7);
  });
  it("sncStability: ρ_tot = λ Σ E[T_i] (the paper), bottleneck load for the tandem", () => {
    const p = {
      name: "two",
      stages: [
        { kind: "compute" as const, name: "edge", node: "es", flops: 1e12, flopsPerSecond: 2e12 },
        { kind: "transfer" as const, name: "dl", linkName: "dl", bits: 1e6, link: { kind: "x", effectiveRate: 4e6 } },
      ],
    };
    const r = sncStability(1.5, p);
    expect(r.rhoTot).toBeCloseTo(1.5 * 0.75, 14);
    expect(r.stable).toBe(false);
    expect(r.bottleneckLoad).toBeCloseTo(0.75, 14);
    expect(r.tandemStable).toBe(true);
    expect(r.bottleneck).toBe("edge");
  });
});
