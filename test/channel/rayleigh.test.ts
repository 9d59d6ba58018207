import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { rayleighLink, rayleighMeanRate, rayleighSlotLogMgfNeg } from "../../src/channel/index.js";
import { rng } from "../../src/random/rng.js";
import { rayleighDraw, slotScaleKernel } from "../../src/channel/rayleigh.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/channel/rayleigh.json", import.meta.url), "utf8")) as {
  versions: { python: string; mpmath: string };
  meanRate: { bandwidthHz: number; meanSnr: number; meanRate: number }[];
  fluid: {
    theta: number;
    bandwidthHz: number;
    meanSnr: number;
    slotSeconds: number;
    bitsPerRequest: number;
    controlOverhead: number;
    order: number;
    logMgfNeg: number;
  }[];
  peers: { order: number; meanSnr: number; value: number; mpmath: number }[];
  floor: { theta: number; meanSnr: number; q: number; logMgfNeg: number; mean: number }[];
};

const rel = (got: number, exp: number) => Math.abs(got - exp) / Math.abs(exp);
const msg = (what: string, input: object, exp: number, got: number, tol: number) =>
  `${what} ${JSON.stringify(input)}: expected ${exp}, got ${got}, err ${rel(got, exp).toExponential(2)} > tol ${tol} (mpmath ${fx.versions.mpmath})`;

/** The paper's Table 3 downlink with the docs/model.md §8 path loss. */
const TABLE3 = { bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 } as const;
const SLOT = { slotSeconds: 0.1, bitsPerRequest: 1.0486e6 } as const;

describe("rayleighLink fields", () => {
  it("converts the paper's parameters (docs/model.md §2)", () => {
    const l = rayleighLink({ ...TABLE3, controlOverhead: 0.1 });
    expect(l.kind).toBe("rayleigh");
    expect(Object.isFrozen(l)).toBe(true);
    expect(rel(l.txPowerW, 10 ** 0.1)).toBeLessThanOrEqual(1e-15);
    expect(rel(l.noiseW, 1e-13)).toBeLessThanOrEqual(1e-15);
    // γ̄ = P·10^{−PL/10}/σ² = 10^{(31 − 120 + 100)/10} = 10^{1.1}
    expect(rel(l.meanSnr, (l.txPowerW * 10 ** (-120 / 10)) / l.noiseW)).toBeLessThanOrEqual(1e-14);
    expect(l.meanSnrDb).toBe(11);
    expect(rel(l.meanRate, rayleighMeanRate(10e6, l.meanSnr))).toBeLessThanOrEqual(1e-15);
    expect(rel(l.effectiveRate, 0.9 * l.meanRate)).toBeLessThanOrEqual(1e-15);
    expect(rayleighLink(TABLE3).controlOverhead).toBe(0);
  });
});

describe("ergodic rate E[R] = B e^{1/γ̄} E1(1/γ̄)/ln 2 against mpmath quadrature", () => {
  it(`matches ${fx.meanRate.length} points, γ̄ ∈ [1e-3, 1e8], to 1e-12`, () => {
    const TOL = 1e-12;
    const bad: string[] = [];
    for (const e of fx.meanRate) {
      const got = rayleighMeanRate(e.bandwidthHz, e.meanSnr);
      if (!(rel(got, e.meanRate) <= TOL)) bad.push(msg("rayleighMeanRate", e, e.meanRate, got, TOL));
    }
    expect(bad, bad.join("\n")).toEqual([]);
  });
});

describe("fluid slot log-MGF against mpmath quadrature of E[(1+γ̄X)^{−a}]", () => {
  it("reproduces the four docs/peers.md Rayleigh cases to their 12 digits (and mpmath to 1e-12)", () => {
    for (const p of fx.peers) {
      // a = θBΔ/(J ln 2) with B = Δ = J = 1 → θ = a ln 2.
      const got = Math.exp(rayleighSlotLogMgfNeg(p.order * Math.LN2, { bandwidthHz: 1, meanSnr: p.meanSnr, slotSeconds: 1, bitsPerRequest: 1 }));
      expect(rel(got, p.value), msg("peer", p, p.value, got, 1e-11)).toBeLessThanOrEqual(1e-11);
      expect(rel(got, p.mpmath), msg("peer/mpmath", p, p.mpmath, got, 1e-12)).toBeLessThanOrEqual(1e-12);
    }
  });

  it(`matches ${fx.fluid.length} points (formula tier and link object) to 1e-13 in the log-MGF`, () => {
    // ln m is compared absolutely, scaled by max(1, |ln m|): an absolute error δ in ln m
    // is a relative error δ in m. The contract is 1e-10 relative on m; the scaled E_a
    // kernel reaches 4e-15 (forming 1/γ̄ + ln E_a(1/γ̄) instead cost 9e-12 at γ̄ = 1e-5).
    const TOL = 1e-13;
    const bad: string[] = [];
    for (const e of fx.fluid) {
      const got = rayleighSlotLogMgfNeg(e.theta, e);
      const tol = TOL * Math.max(1, Math.abs(e.logMgfNeg));
      if (!(Math.abs(got - e.logMgfNeg) <= tol)) bad.push(`${JSON.stringify(e)}: got ${got}, diff ${Math.abs(got - e.logMgfNeg)} > ${tol}`);
    }
    // The link object computes the same thing from dBm: pick a link with γ̄ = 10^{1.1}.
    const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 });
    for (const e of fx.fluid.filter((f) => f.meanSnr === 12.589254117941675 && f.bandwidthHz === 1e7 && f.controlOverhead === 0)) {
      const got = link.slotLogMgfNeg(e.theta, { slotSeconds: e.slotSeconds, bitsPerRequest: e.bitsPerRequest });
      const tol = TOL * Math.max(1, Math.abs(e.logMgfNeg));
      if (!(Math.abs(got - e.logMgfNeg) <= tol)) bad.push(`link ${JSON.stringify(e)}: got ${got}, expected ${e.logMgfNeg}`);
    }
    expect(bad, bad.join("\n")).toEqual([]);
  });
});

describe("floor form (paper (8)) against a 40-digit mpmath direct sum", () => {
  it(`matches ${fx.floor.length} points in the log-MGF and the mean to 1e-12`, () => {
    const TOL = 1e-12;
    const bad: string[] = [];
    for (const e of fx.floor) {
      // q = (1 − ξ)BΔ/J: realise it with B = q, Δ = J = 1.
      const opts = { bandwidthHz: e.q, meanSnr: e.meanSnr, slotSeconds: 1, bitsPerRequest: 1, floor: true };
      const got = rayleighSlotLogMgfNeg(e.theta, opts);
      const tol = TOL * Math.max(1, Math.abs(e.logMgfNeg));
      if (!(Math.abs(got - e.logMgfNeg) <= tol)) bad.push(`logMgfNeg ${JSON.stringify(e)}: got ${got}, expected ${e.logMgfNeg}`);
    }
    const link = rayleighLink(TABLE3);
    for (const e of fx.floor.filter((f) => f.meanSnr === 12.589254117941675)) {
      // Mean via the link: q = BΔ/J with Δ = 1 s → J = B/q.
      const got = link.meanSlotService({ slotSeconds: 1, bitsPerRequest: TABLE3.bandwidthHz / e.q, floor: true });
      if (!(rel(got, e.mean) <= TOL)) bad.push(msg("meanSlotService(floor)", e, e.mean, got, TOL));
    }
    expect(bad, bad.join("\n")).toEqual([]);
  });

  it("serves nothing in most slots when BΔ log2(1+γ̄) ≲ J (docs/model.md §4 caveat)", () => {
    const link = rayleighLink(TABLE3);
    const short = { slotSeconds: 0.01, bitsPerRequest: 1.0486e6, floor: true };
    // E⌊s⌋ = Σ p_k ≈ p_1 = exp(−(2^{J/(BΔ)} − 1)/γ̄) = exp(−(2^{10.486} − 1)/12.59) ≈ 4e-50.
    const p1 = Math.exp(-Math.expm1((1.0486e6 * Math.LN2) / (TABLE3.bandwidthHz * 0.01)) / link.meanSnr);
    expect(p1).toBeLessThan(1e-40);
    expect(rel(link.meanSlotService(short), p1)).toBeLessThanOrEqual(1e-12);
    expect(link.meanSlotService({ ...short, floor: false })).toBeGreaterThan(0.2);
  });

  it("rejects a floor form that would need more than 1e7 terms", () => {
    expect(() => rayleighSlotLogMgfNeg(1e-9, { bandwidthHz: 1e9, meanSnr: 10, slotSeconds: 1, bitsPerRequest: 1, floor: true })).toThrow(
      /rayleighSlotLogMgfNeg: opts.floor must be false here: the floor form would need more than 10000000 terms/,
    );
  });
});

describe("slot log-MGF laws (fast-check)", () => {
  const snrArb = fc.double({ min: -2, max: 6, noNaN: true }).map((l) => 10 ** l);
  const qArb = fc.double({ min: -0.5, max: 2, noNaN: true }).map((l) => 10 ** l);
  const thetaArb = fc.double({ min: 1e-3, max: 5, noNaN: true });
  const opts = (snr: number, q: number, floor: boolean) => ({ bandwidthHz: q, meanSnr: snr, slotSeconds: 1, bitsPerRequest: 1, floor });

  it("logMgfNeg(0) = 0 and logMgfNeg(θ) ≤ 0", () => {
    fc.assert(
      fc.property(snrArb, qArb, thetaArb, fc.boolean(), (snr, q, t, floor) => {
        const o = opts(snr, q, floor);
        return rayleighSlotLogMgfNeg(0, o) === 0 && rayleighSlotLogMgfNeg(t, o) <= 0;
      }),
      { numRuns: 150 },
    );
  });

  it("d/dθ logMgfNeg at 0 = −E[s] (fluid: E[R_eff]Δ/J; floor: Σ p_k)", () => {
    fc.assert(
      fc.property(snrArb, qArb, fc.boolean(), (snr, q, floor) => {
        const link = rayleighLink({ bandwidthHz: q, txPowerDbm: 30 + 10 * Math.log10(snr), noiseDbm: 30, pathLossDb: 0 });
        const slot = { slotSeconds: 1, bitsPerRequest: 1, floor };
        const mean = link.meanSlotService(slot);
        if (!floor) expect(rel(mean, link.effectiveRate)).toBeLessThanOrEqual(1e-14);
        // One-sided second-order difference (the MGF is only defined for θ ≥ 0 here):
        // f′(0) ≈ (−3f(0) + 4f(h) − f(2h))/(2h), error ≈ h²·|f‴|/3 with |f‴| ≲ E|s − Es|³.
        const h = 1e-4 / Math.max(1, mean);
        const d = (4 * link.slotLogMgfNeg(h, slot) - link.slotLogMgfNeg(2 * h, slot)) / (2 * h);
        const tol = 1e-5 * Math.max(mean, 1e-3);
        if (!(Math.abs(d + mean) <= tol)) throw new Error(`snr=${snr} q=${q} floor=${floor}: derivative ${d}, −mean ${-mean}, tol ${tol}`);
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it("is convex in θ", () => {
    fc.assert(
      fc.property(snrArb, qArb, thetaArb, thetaArb, fc.boolean(), (snr, q, t1, t2, floor) => {
        const o = opts(snr, q, floor);
        const f1 = rayleighSlotLogMgfNeg(t1, o);
        const f2 = rayleighSlotLogMgfNeg(t2, o);
        const fm = rayleighSlotLogMgfNeg((t1 + t2) / 2, o);
        return fm <= (f1 + f2) / 2 + 1e-12 * Math.max(1, Math.abs(fm));
      }),
      { numRuns: 150 },
    );
  });

  it("is non-increasing in the mean SNR (more SNR, more service)", () => {
    fc.assert(
      fc.property(snrArb, fc.double({ min: 1.01, max: 100, noNaN: true }), qArb, thetaArb, fc.boolean(), (snr, k, q, t, floor) => {
        const lo = rayleighSlotLogMgfNeg(t, opts(snr, q, floor));
        const hi = rayleighSlotLogMgfNeg(t, opts(snr * k, q, floor));
        return hi <= lo + 1e-13 * Math.max(1, Math.abs(lo));
      }),
      { numRuns: 150 },
    );
  });
});

describe("slot log-MGF consistency", () => {
  const snrArb = fc.double({ min: -3, max: 8, noNaN: true }).map((l) => 10 ** l);
  const qArb = fc.double({ min: -2, max: 3, noNaN: true }).map((l) => 10 ** l);

  it("floor service ≤ fluid service, so the floor log-MGF at −θ is ≥ the fluid one", () => {
    fc.assert(
      fc.property(snrArb, qArb, fc.double({ min: 1e-3, max: 20, noNaN: true }), (snr, q, t) => {
        const o = { bandwidthHz: q, meanSnr: snr, slotSeconds: 1, bitsPerRequest: 1 };
        const fluid = rayleighSlotLogMgfNeg(t, o);
        const floor = rayleighSlotLogMgfNeg(t, { ...o, floor: true });
        return floor >= fluid - 1e-13 * Math.max(1, Math.abs(fluid));
      }),
      { numRuns: 150 },
    );
  });

  it("the link object equals the formula tier (with control overhead)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 60, max: 160, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        fc.boolean(),
        (pl, xi, t, floor) => {
          const link = rayleighLink({ ...TABLE3, pathLossDb: pl, controlOverhead: xi });
          const slot = { ...SLOT, floor };
          const a = link.slotLogMgfNeg(t, slot);
          const b = rayleighSlotLogMgfNeg(t, { ...slot, bandwidthHz: TABLE3.bandwidthHz, meanSnr: link.meanSnr, controlOverhead: xi });
          return a === b && Math.abs(link.effectiveRate / ((1 - xi) * rayleighMeanRate(TABLE3.bandwidthHz, link.meanSnr)) - 1) <= 1e-15;
        },
      ),
      { numRuns: 100 },
    );
  });

  it("stays finite and ≤ 0 for extreme θ and mean SNR (no underflow to −Infinity, no NaN)", () => {
    for (const snr of [1e-6, 1e-2, 1, 1e4, 1e8, 1e12]) {
      for (const t of [1e-12, 1e-3, 1, 1e3, 1e6]) {
        for (const floor of [false, true]) {
          const v = rayleighSlotLogMgfNeg(t, { bandwidthHz: 1e7, meanSnr: snr, slotSeconds: 0.1, bitsPerRequest: 1e6, floor });
          expect(Number.isFinite(v) && v <= 0, `snr=${snr} θ=${t} floor=${floor}: ${v}`).toBe(true);
        }
      }
    }
    for (const snr of [1e-6, 1e12]) expect(Number.isFinite(rayleighMeanRate(1e7, snr))).toBe(true);
  });
});

describe("rate distribution and samplers", () => {
  const link = rayleighLink({ ...TABLE3, controlOverhead: 0.2 });

  it("rateQuantile inverts rateCdf (effective rate) and the CDF has the right limits", () => {
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999]) {
      expect(rel(link.rateCdf(link.rateQuantile(p)), p)).toBeLessThanOrEqual(1e-11);
    }
    expect(link.rateCdf(0)).toBe(0);
    expect(link.rateCdf(-5)).toBe(0);
    expect(link.rateCdf(Infinity)).toBe(1);
    expect(link.rateQuantile(0)).toBe(0);
    expect(link.rateQuantile(1)).toBe(Infinity);
    // Effective, not raw: the median of R_eff is (1 − ξ) times the raw median.
    expect(rel(link.rateQuantile(0.5), 0.8 * rayleighLink(TABLE3).rateQuantile(0.5))).toBeLessThanOrEqual(1e-14);
  });

  it("sampleRate: mean within a 99.99% CI of effectiveRate, empirical CDF within binomial CIs", () => {
    const u = rng(20240607);
    const n = 200_000;
    let s = 0, s2 = 0;
    const probes = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => ({ p, r: link.rateQuantile(p), count: 0 }));
    for (let i = 0; i < n; i++) {
      const r = link.sampleRate(u);
      s += r;
      s2 += r * r;
      for (const pr of probes) if (r <= pr.r) pr.count++;
    }
    const mean = s / n;
    const sd = Math.sqrt((s2 - n * mean * mean) / (n - 1));
    const z = 3.89; // two-sided 99.99%
    expect(Math.abs(mean - link.effectiveRate), `mean ${mean} vs ${link.effectiveRate}, half-width ${(z * sd) / Math.sqrt(n)}`).toBeLessThanOrEqual((z * sd) / Math.sqrt(n));
    for (const pr of probes) {
      const hw = z * Math.sqrt((pr.p * (1 - pr.p)) / n);
      expect(Math.abs(pr.count / n - pr.p), `P(R ≤ q_${pr.p})`).toBeLessThanOrEqual(hw);
    }
  });

  it("sampleSlotService: fluid and floor sample means within 99.99% CIs of meanSlotService", () => {
    for (const floor of [false, true]) {
      const u = rng(7, floor ? 1 : 0);
      const slot = { slotSeconds: 1, bitsPerRequest: 1e6, floor };
      const n = 100_000;
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) {
        const v = link.sampleSlotService(u, slot);
        if (floor && !Number.isInteger(v)) throw new Error(`floor sample ${v} is not an integer`);
        s += v;
        s2 += v * v;
      }
      const mean = s / n;
      const sd = Math.sqrt((s2 - n * mean * mean) / (n - 1));
      const expected = link.meanSlotService(slot);
      expect(Math.abs(mean - expected), `floor=${floor}: ${mean} vs ${expected}`).toBeLessThanOrEqual((3.89 * sd) / Math.sqrt(n));
    }
  });

  it("samplers are reproducible for a seed and draw one uniform per call", () => {
    const a = rng(3), b = rng(3);
    const xs = [link.sampleRate(a), link.sampleSlotService(a, SLOT)];
    const ys = [link.sampleRate(b), link.sampleSlotService(b, SLOT)];
    expect(xs).toEqual(ys);
    const c = rng(3);
    const u1 = c();
    expect(xs[0]).toBe((0.8 * 10e6 * Math.log1p(-link.meanSnr * Math.log(u1))) / Math.LN2);
  });
});

describe("argument errors name function, parameter and value", () => {
  const link = rayleighLink(TABLE3);
  it("rayleighLink", () => {
    expect(() => rayleighLink({ ...TABLE3, controlOverhead: 1 })).toThrow(new RangeError("rayleighLink: controlOverhead must be in [0, 1), got 1"));
    expect(() => rayleighLink({ ...TABLE3, controlOverhead: -0.1 })).toThrow(/rayleighLink: controlOverhead must be in \[0, 1\), got -0.1/);
    expect(() => rayleighLink({ ...TABLE3, controlOverhead: NaN })).toThrow(/controlOverhead .* got NaN/);
    expect(() => rayleighLink({ ...TABLE3, bandwidthHz: NaN })).toThrow(new RangeError("rayleighLink: bandwidthHz must be a finite number > 0, got NaN"));
    expect(() => rayleighLink({ ...TABLE3, bandwidthHz: -1 })).toThrow(/rayleighLink: bandwidthHz .* got -1/);
    expect(() => rayleighLink({ ...TABLE3, bandwidthHz: 0 })).toThrow(/rayleighLink: bandwidthHz .* got 0/);
    expect(() => rayleighLink({ ...TABLE3, txPowerDbm: Infinity })).toThrow(new RangeError("rayleighLink: txPowerDbm must be a finite number, got Infinity"));
    expect(() => rayleighLink({ ...TABLE3, noiseDbm: NaN })).toThrow(/rayleighLink: noiseDbm .* got NaN/);
    expect(() => rayleighLink({ ...TABLE3, pathLossDb: -Infinity })).toThrow(/rayleighLink: pathLossDb .* got -Infinity/);
    expect(() => rayleighLink({ ...TABLE3, pathLossDb: 5000 })).toThrow(/rayleighLink: txPowerDbm − pathLossDb − noiseDbm must be .*, got -4869/);
    expect(() => rayleighLink({ ...TABLE3, bandwidthHz: "1e7" as unknown as number })).toThrow(TypeError);
    expect(() => rayleighLink(null as unknown as typeof TABLE3)).toThrow(TypeError);
  });
  it("link methods", () => {
    expect(() => link.rateCdf(NaN)).toThrow(/rayleighLink.rateCdf: r must be a number \(not NaN\), got NaN/);
    expect(() => link.rateQuantile(1.5)).toThrow(/rayleighLink.rateQuantile: p must be a probability in \[0, 1\], got 1.5/);
    expect(() => link.sampleRate(undefined as unknown as () => number)).toThrow(/rayleighLink.sampleRate: rng must be a function/);
    expect(() => link.slotLogMgfNeg(-1, SLOT)).toThrow(/rayleighLink.slotLogMgfNeg: theta must be a finite number ≥ 0, got -1/);
    expect(() => link.slotLogMgfNeg(NaN, SLOT)).toThrow(/theta .* got NaN/);
    expect(() => link.slotLogMgfNeg(1, { ...SLOT, slotSeconds: 0 })).toThrow(/rayleighLink.slotLogMgfNeg: opts.slotSeconds must be a finite number > 0, got 0/);
    expect(() => link.slotLogMgfNeg(1, { ...SLOT, bitsPerRequest: -5 })).toThrow(/bitsPerRequest .* got -5/);
    expect(() => link.slotLogMgfNeg(1, { ...SLOT, floor: "yes" as unknown as boolean })).toThrow(new TypeError('rayleighLink.slotLogMgfNeg: opts.floor must be a boolean, got "yes"'));
    expect(() => link.meanSlotService({ ...SLOT, slotSeconds: NaN })).toThrow(/rayleighLink.meanSlotService: opts.slotSeconds .* got NaN/);
    expect(() => link.sampleSlotService(rng(1), { ...SLOT, bitsPerRequest: 0 })).toThrow(/rayleighLink.sampleSlotService: opts.bitsPerRequest .* got 0/);
    expect(() => link.sampleSlotService(42 as unknown as () => number, SLOT)).toThrow(TypeError);
  });
  it("formula tier", () => {
    expect(() => rayleighMeanRate(0, 10)).toThrow(/rayleighMeanRate: bandwidthHz must be a finite number > 0, got 0/);
    expect(() => rayleighMeanRate(1e6, -1)).toThrow(/rayleighMeanRate: meanSnr .* got -1/);
    const o = { bandwidthHz: 1e6, meanSnr: 10, slotSeconds: 1, bitsPerRequest: 1e6 };
    expect(() => rayleighSlotLogMgfNeg(Infinity, o)).toThrow(/rayleighSlotLogMgfNeg: theta .* got Infinity/);
    expect(() => rayleighSlotLogMgfNeg(1, { ...o, meanSnr: 0 })).toThrow(/rayleighSlotLogMgfNeg: opts.meanSnr .* got 0/);
    expect(() => rayleighSlotLogMgfNeg(1, { ...o, bandwidthHz: NaN })).toThrow(/rayleighSlotLogMgfNeg: opts.bandwidthHz .* got NaN/);
    expect(() => rayleighSlotLogMgfNeg(1, { ...o, controlOverhead: 1 })).toThrow(/rayleighSlotLogMgfNeg: opts.controlOverhead must be in \[0, 1\), got 1/);
    expect(() => rayleighSlotLogMgfNeg(1, { ...o, slotSeconds: -1 })).toThrow(/rayleighSlotLogMgfNeg: opts.slotSeconds .* got -1/);
  });
});

describe("fluid slot log-MGF where θq overflows (robustness fuzz regression)", () => {
  it("θ = 1e308 gives the large-order limit ln x − ln(x + a), continuous with the unoverflowed θ = 1e307", () => {
    const opts = { bandwidthHz: 1e6, meanSnr: 10, slotSeconds: 0.1, bitsPerRequest: 1e4, floor: false };
    const hi = rayleighSlotLogMgfNeg(1e308, opts);
    const lo = rayleighSlotLogMgfNeg(1e307, opts); // a = θq/ln 2 ≈ 1.4e308, still finite
    expect(Number.isFinite(hi) && hi < 0, `ln m(1e308) = ${hi}`).toBe(true);
    // ln m ≈ ln x − ln a (x = 1/γ̄ ≪ a; E_a's correction is O(1/a)), so a tenfold θ subtracts ln 10.
    expect(Math.abs(hi - lo + Math.LN10), `ln m(1e308) − ln m(1e307) = ${hi - lo}`).toBeLessThan(1e-12);
    const q = (opts.bandwidthHz * opts.slotSeconds) / opts.bitsPerRequest;
    expect(Math.abs(hi - (Math.log(1 / opts.meanSnr) - (Math.log(1e308) + Math.log(q) - Math.log(Math.LN2))))).toBeLessThan(1e-12);
  });
});

describe("fluid slot log-MGF at a subnormal mean SNR (robustness fuzz regression)", () => {
  it("γ̄ = 5e-324 (1/γ̄ overflows) gives −ln(1 + aγ̄), the γ̄ → 0 limit, not NaN", () => {
    const opts = { bandwidthHz: 1000, meanSnr: 5e-324, slotSeconds: 1, bitsPerRequest: 100, floor: false };
    for (const theta of [1, 1e300, 1e308]) {
      const v = rayleighSlotLogMgfNeg(theta, opts);
      const aSnr = Math.exp(Math.log(theta) + Math.log(10) - Math.log(Math.LN2) + Math.log(5e-324));
      expect(Math.abs(v + Math.log1p(aSnr)) <= 1e-15 * Math.max(1e-300, Math.log1p(aSnr)), `θ = ${theta}: ${v} vs ${-Math.log1p(aSnr)}`).toBe(true);
    }
  });
});

describe("floor form term-count pre-check (robustness fuzz regression)", () => {
  it("a floor mean needing more than 1e7 terms is rejected under the method's name (checked before summing)", () => {
    const link = rayleighLink({ bandwidthHz: 1e9, txPowerDbm: 30, noiseDbm: -90, pathLossDb: 110 });
    expect(() => link.meanSlotService({ slotSeconds: 1, bitsPerRequest: 1, floor: true })).toThrow(
      /^rayleighLink\.meanSlotService: opts.floor must be false here: the floor form would need more than 10000000 terms/,
    );
    // Just inside the bound the sum still runs and agrees with the fluid mean to within one request.
    const o = { slotSeconds: 1e-3, bitsPerRequest: 1e3, floor: true };
    const fluid = link.meanSlotService({ ...o, floor: false });
    const floor = link.meanSlotService(o);
    expect(floor <= fluid && floor > fluid - 1, `floor ${floor}, fluid ${fluid}`).toBe(true);
  });
});

describe("θ near the largest double (nightly fuzz finding)", () => {
  it("the fluid log-MGF follows −ln(1 + a/x) instead of returning NaN once a = θq/ln 2 exceeds 1e150", () => {
    const opts = { bandwidthHz: 1000, meanSnr: 1, slotSeconds: 1, bitsPerRequest: 819.6340287494932, floor: false };
    let prev = 0;
    for (const theta of [1, 1e10, 1e149, 1e150, 1e151, 1e200, 1e308]) {
      const v = rayleighSlotLogMgfNeg(theta, opts);
      expect(Number.isFinite(v), `θ = ${theta}: ${v}`).toBe(true);
      expect(v).toBeLessThan(prev); // strictly decreasing in θ
      prev = v;
    }
    // Asymptote: m(θ) ≈ x/(x + a), x = 1/γ̄ = 1, a = θ·B·Δ/(J ln 2).
    const a = (1e200 * 1000) / (819.6340287494932 * Math.LN2);
    expect(Math.abs(rayleighSlotLogMgfNeg(1e200, opts) + Math.log1p(a)) / Math.log1p(a)).toBeLessThan(1e-14);
  });
});

describe("one Rayleigh draw for rates and slot services", () => {
  it("sampleRate and sampleSlotService are rayleighDraw on the same uniform, with scale (1 − ξ)B and q = (1 − ξ)BΔ/J (over ln 2)", () => {
    const link = rayleighLink({ bandwidthHz: 1e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120, controlOverhead: 0.1 });
    const slot = { slotSeconds: 0.1, bitsPerRequest: 1e6 };
    const q = slotScaleKernel(1e6, 0.1, 0.1, 1e6);
    expect(q).toBe(((1 - 0.1) * 1e6 * 0.1) / 1e6);
    for (let s = 1; s <= 20; s++) {
      const u = rng(s)();
      const same = () => u;
      expect(link.sampleRate(same)).toBe(rayleighDraw(u, (0.9 * 1e6) / Math.LN2, link.meanSnr));
      expect(link.sampleSlotService(same, slot)).toBe(rayleighDraw(u, q / Math.LN2, link.meanSnr));
      expect(link.sampleSlotService(same, { ...slot, floor: true })).toBe(Math.floor(rayleighDraw(u, q / Math.LN2, link.meanSnr)));
    }
  });
  it("the draw is the rate quantile at 1 − u: scale·log2(1 − γ̄ ln u)", () => {
    const link = rayleighLink({ bandwidthHz: 2e6, txPowerDbm: 20, noiseDbm: -100, pathLossDb: 110 });
    // Dyadic u, so 1 − (1 − u) = u exactly and the comparison sees only the formulas.
    for (const u of [2 ** -30, 2 ** -7, 0.5, 1 - 2 ** -7]) {
      expect(Math.abs(rayleighDraw(u, 2e6 / Math.LN2, link.meanSnr) / link.rateQuantile(1 - u) - 1)).toBeLessThan(1e-12);
    }
  });
});
