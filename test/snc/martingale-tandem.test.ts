/**
 * The tandem martingale form (docs/model.md §10): validity against exact lattice Markov
 * chains (test/fixtures/snc/generate_lattice.py) where simulation cannot resolve a
 * probability, its laws as fast-check properties, and the states where it does not apply.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { planMartingale, reversedChainStep } from "../../src/snc/martingale-tandem.js";
import { expectSameAsFullSearch } from "./helpers.js";
import { describe, expect, it } from "vitest";
import { rayleighLink } from "../../src/channel/index.js";
import {
  backlogBound,
  bernoulliArrivals,
  constantService,
  delayBound,
  delayQuantile,
  iidService,
  markovOnOff,
  poissonArrivals,
  rayleighService,
  tandem,
  type ArrivalProcess,
  type StageService,
} from "../../src/snc/index.js";

const SEED = 20261201;

interface LatticeCase {
  name: string;
  arrivals: { kind: string; [k: string]: unknown };
  stages: { kind: string; perSlot?: number; pmf?: Record<string, number> }[];
  violation: Record<string, number>;
  truncatedEdgeMass: number;
}

const lattice = JSON.parse(readFileSync(new URL("../fixtures/snc/lattice.json", import.meta.url), "utf8")) as { cases: LatticeCase[] };

function latticeArrivals(a: LatticeCase["arrivals"]): ArrivalProcess {
  if (a.kind === "poisson") return poissonArrivals(a.perSlot as number);
  if (a.kind === "bernoulli") return bernoulliArrivals(a.p as number, a.size as number);
  return markovOnOff({ pOnOff: a.pOnOff as number, pOffOn: a.pOffOn as number, peak: a.peak as number });
}

/** A stage serving k requests per slot with probability pmf[k], i.i.d. (its law on the integers). */
function pmfStage(pmf: Record<string, number>): StageService {
  const atoms = Object.entries(pmf).map(([k, p]) => [Number(k), p] as const);
  return iidService((t) => Math.log(atoms.reduce((s, [k, p]) => s + p * Math.exp(-t * k), 0)), {
    mean: atoms.reduce((s, [k, p]) => s + k * p, 0),
    cdf: (x) => atoms.reduce((s, [k, p]) => s + (k <= x ? p : 0), 0),
    lattice: 1,
    name: "pmf",
  });
}

function latticeService(c: LatticeCase) {
  const st = c.stages.map((s) => (s.kind === "constant" ? constantService(s.perSlot!) : pmfStage(s.pmf!)));
  return st.length === 1 ? st[0] : tandem(...st);
}

// Ceilings on bound / exact measured on these cases (a regression check of tightness; the
// README table gives the measured ratios: at most 1.04, 1.0000001, 1.12, 2.97, 1.13, 4.63,
// 1.26 and 2.81).
const ceilings: Record<string, number> = {
  "Poisson(0.95) → c=1 (load 0.95)": 1.1,
  "Markov on-off (peak 2) → c=1": 1.01,
  "Bernoulli(0.35, 2) → c=1 → iid{0,1,2}": 1.2,
  "Bernoulli(0.3, 2) → iid{0,1,2} → c=1": 3.3,
  "Markov on-off (peak 2) → c=1 → iid{0,1,2}": 1.2,
  "Poisson(0.7) → iid{0,1,2} → c=1": 5.2,
  "Markov on-off (peak 2) → c=1 → iid{0,1,2} → c=1": 1.4,
  "Bernoulli(0.25, 2) → c=1 → iid{0,1,2} → c=1": 3.1,
};

describe("martingale form ≥ the exact lattice Markov chain (generate_lattice.py)", () => {
  for (const c of lattice.cases) {
    it(c.name, () => {
      const a = latticeArrivals(c.arrivals);
      const svc = latticeService(c);
      for (const [T, exact] of Object.entries(c.violation)) {
        const b = delayBound(a, svc, Number(T), { form: "martingale" });
        const msg = `${c.name} T0=${T}: bound=${b.probability} exact=${exact} (${b.method})`;
        expect(b.formUsed, msg).toBe("martingale");
        // The reference is exact up to the stationary mass at the truncation edge.
        expect(b.probability, msg).toBeGreaterThanOrEqual(exact - c.truncatedEdgeMass);
        expect(b.probability / exact, msg).toBeLessThanOrEqual(ceilings[c.name]);
      }
    });
  }
});

describe("with the overshoot-aware envelope (docs/model.md §10.7): still ≥ the exact lattice chain, never above the standard envelope", () => {
  for (const c of lattice.cases) {
    it(c.name, () => {
      const a = latticeArrivals(c.arrivals);
      const svc = latticeService(c);
      for (const [T, exact] of Object.entries(c.violation)) {
        const std = delayBound(a, svc, Number(T), { form: "martingale" });
        const b = delayBound(a, svc, Number(T), { form: "martingale", overshoot: true });
        const msg = `${c.name} T0=${T}: overshoot=${b.probability} standard=${std.probability} exact=${exact} (${b.method})`;
        expect(b.probability, msg).toBeGreaterThanOrEqual(exact - c.truncatedEdgeMass);
        expect(b.probability, msg).toBeLessThanOrEqual(std.probability);
      }
    });
  }
  it("tightens a random stage in front of a constant one (Poisson(0.7) → iid{0,1,2} → c=1: 1.75× → 1.36× the exact value at T0 = 4)", () => {
    const c = lattice.cases.find((x) => x.name === "Poisson(0.7) → iid{0,1,2} → c=1")!;
    const a = latticeArrivals(c.arrivals);
    const svc = latticeService(c);
    const b = delayBound(a, svc, 4, { form: "martingale", overshoot: true });
    expect(b.method).toMatch(/, overshoot-aware envelope$/);
    expect(b.probability / c.violation["4"]).toBeLessThan(1.45);
    expect(delayBound(a, svc, 4, { form: "martingale" }).probability / c.violation["4"]).toBeGreaterThan(1.7);
  });
});

describe("martingale delay quantiles never below the exact ones, and within 1.15× of them (lattice chains)", () => {
  for (const c of lattice.cases as (LatticeCase & { curve: number[] })[]) {
    it(c.name, () => {
      const a = latticeArrivals(c.arrivals);
      const svc = latticeService(c);
      for (const eps of [1e-3, 1e-6]) {
        const k = c.curve.findIndex((p) => p <= eps);
        if (k < 0) continue;
        const q = delayQuantile(a, svc, eps, { form: "martingale" }).delaySlots;
        // P(W > T) ≤ ε first holds at the integer k, so a valid quantile is above k − 1 (a real
        // one, for one fluid constant stage) or at least k (an integer one).
        expect(Number.isInteger(q) ? q >= k : q > k - 1, `${c.name} ε=${eps}: bound quantile ${q}, exact ${k}`).toBe(true);
        // The tightness target for quantiles (measured here: at most 1.11×).
        expect(q / k, `${c.name} ε=${eps}: bound quantile ${q}, exact ${k}`).toBeLessThanOrEqual(1.15);
      }
    });
  }
});

const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 121, controlOverhead: 0 });
const ray = (floor = false) => rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6, floor });
const expStage = (mean: number) =>
  iidService((t) => -Math.log1p(t * mean), { mean, cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)), name: "exp" });

/** Tandems of one to three stages: constants, a Rayleigh link, exponential service; bottleneck load in [0.3, 0.9]. */
const systemArb = fc
  .record({
    load: fc.double({ min: 0.3, max: 0.9, noNaN: true }),
    kinds: fc.array(fc.constantFrom("const", "ray", "exp"), { minLength: 1, maxLength: 3 }),
    spread: fc.array(fc.double({ min: 1, max: 1.6, noNaN: true }), { minLength: 3, maxLength: 3 }),
    T: fc.integer({ min: 0, max: 25 }),
  })
  .map(({ load, kinds, spread, T }) => {
    const rMean = ray().meanPerSlot;
    // Rates relative to the Rayleigh link's mean, so every stage is comparable.
    const stages = kinds.map((k, i) => (k === "ray" ? ray() : k === "exp" ? expStage(rMean * spread[i]) : constantService(rMean * spread[i])));
    const bottleneck = Math.min(...stages.map((s) => s.meanPerSlot));
    return { a: poissonArrivals(load * bottleneck), svc: stages.length === 1 ? stages[0] : tandem(...stages), T, label: kinds.join("→") };
  });

describe("laws of the martingale and tightest forms", () => {
  const runs = { seed: SEED, numRuns: 12 };
  it("non-increasing in T0", () => {
    fc.assert(
      fc.property(systemArb, ({ a, svc, T }) => {
        const b0 = delayBound(a, svc, T, { form: "martingale" }).logProbability;
        const b1 = delayBound(a, svc, T + 1, { form: "martingale" }).logProbability;
        return b1 <= b0 + 1e-9 * Math.max(1, Math.abs(b0));
      }),
      runs,
    );
  });

  it("tightest is the minimum of exact, paper and martingale, and names the winner", () => {
    fc.assert(
      fc.property(systemArb, ({ a, svc, T }) => {
        const forms = (["exact", "paper", "martingale"] as const).map((form) => delayBound(a, svc, T, { form }));
        const t = delayBound(a, svc, T, { form: "tightest" });
        const min = Math.min(...forms.map((r) => r.logProbability));
        const winner = forms.find((r) => r.logProbability === t.logProbability);
        return t.logProbability === min && winner !== undefined && winner.formUsed === t.formUsed;
      }),
      runs,
    );
  });

  it("a fixed θ never beats the optimised bound", () => {
    fc.assert(
      fc.property(systemArb, fc.double({ min: 0.05, max: 0.95, noNaN: true }), ({ a, svc, T }, f) => {
        const best = delayBound(a, svc, T, { form: "martingale" });
        const fixed = delayBound(a, svc, T, { form: "martingale", theta: f * best.thetaMax });
        return fixed.logProbability >= best.logProbability - 1e-9 * Math.max(1, Math.abs(best.logProbability));
      }),
      runs,
    );
  });

  it("one stage: martingale ≤ exact sum", () => {
    fc.assert(
      fc.property(systemArb.filter((s) => !s.label.includes("→")), ({ a, svc, T }) => {
        const m = delayBound(a, svc, T, { form: "martingale" }).logProbability;
        const e = delayBound(a, svc, T, { form: "exact" }).logProbability;
        return m <= e + 1e-9 * Math.max(1, Math.abs(e));
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it("consecutive constant stages merge exactly into the slowest", () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 3, noNaN: true }), fc.double({ min: 1, max: 3, noNaN: true }), fc.double({ min: 0.3, max: 0.9, noNaN: true }), fc.integer({ min: 0, max: 30 }), (c1, c2, load, T) => {
        const a = poissonArrivals(load * Math.min(c1, c2));
        const two = delayBound(a, tandem(constantService(c1), constantService(c2)), T, { form: "martingale" }).logProbability;
        const one = delayBound(a, constantService(Math.min(c1, c2)), T, { form: "martingale" }).logProbability;
        return Math.abs(two - one) <= 1e-9 * Math.max(1, Math.abs(one));
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("the backlog bound is non-increasing in b", () => {
    fc.assert(
      fc.property(systemArb, fc.double({ min: 0, max: 20, noNaN: true }), ({ a, svc }, b) => {
        const b0 = backlogBound(a, svc, b, { form: "martingale" }).logProbability;
        const b1 = backlogBound(a, svc, b + 0.5, { form: "martingale" }).logProbability;
        return b1 <= b0 + 1e-9 * Math.max(1, Math.abs(b0));
      }),
      runs,
    );
  });

  it("searches stopped where a chain cannot win (e^{−θ(y + cT)} below it) give the same bits as searches run to their end", () => {
    fc.assert(
      fc.property(systemArb, ({ a, svc, T }) => {
        expectSameAsFullSearch(a, "stages" in svc ? svc.stages : [svc], T);
      }),
      runs,
    );
    // Close rates at light load and small delays: the per-slot minimum wins, near the chains.
    const link = ray();
    const wins = [
      [2.7, 0.3, 1],
      [2.9, 0.3, 2],
      [3.2, 0.3, 10],
      [3.2, 0.5, 1],
      [3.2, 0.5, 3],
    ].map(([c, load, T]) => expectSameAsFullSearch(poissonArrivals(load * Math.min(c, link.meanPerSlot)), [constantService(c), link, constantService(c)], T));
    expect(wins.filter((m) => /per-slot minimum/.test(m)).length).toBeGreaterThanOrEqual(3);
  });

  it("delay quantile: the bound is ≤ ε at the quantile and > ε one slot before", () => {
    const a = poissonArrivals(1);
    const svc = tandem(constantService(1.6), ray(), constantService(2));
    for (const eps of [1e-3, 1e-6]) {
      const q = delayQuantile(a, svc, eps, { form: "martingale" });
      expect(q.formUsed).toBe("martingale");
      expect(delayBound(a, svc, q.delaySlots, { form: "martingale" }).probability).toBeLessThanOrEqual(eps);
      expect(delayBound(a, svc, q.delaySlots - 1, { form: "martingale" }).probability).toBeGreaterThan(eps);
    }
  });
});

describe("a bound is a pure function of its inputs", () => {
  // Systems whose martingale search runs every kind of chain: queue chains on a rounded
  // lattice (Rayleigh), the two-queue chain, an exact lattice, a Markov source's product chain.
  const systems: Record<string, () => { a: ArrivalProcess; svc: ReturnType<typeof tandem> | StageService }> = {
    "compute → Rayleigh → compute": () => ({ a: poissonArrivals(1.2), svc: tandem(constantService(1.6), ray(), constantService(2)) }),
    "close rates": () => ({ a: poissonArrivals(2), svc: tandem(constantService(2.7), ray(), constantService(2.7)) }),
    "Markov on-off → 3 stages": () => ({ a: markovOnOff({ pOnOff: 0.3, pOffOn: 0.1, peak: 2 }), svc: tandem(constantService(1.2), ray(), constantService(1.5)) }),
    "exact lattice": () => ({ a: bernoulliArrivals(0.25, 2), svc: tandem(constantService(1), pmfStage({ "0": 0.2, "1": 0.3, "2": 0.5 }), constantService(1)) }),
    "Markov on-off → 1 stage": () => ({ a: markovOnOff({ pOnOff: 0.3, pOffOn: 0.1, peak: 2 }), svc: constantService(1) }),
  };
  const delays = [3, 12, 60];
  for (const [name, make] of Object.entries(systems)) {
    it(`${name}: identical bits fresh and after other calls on the same objects`, () => {
      // Fresh: new objects for every bound (nothing cached can be reused).
      const fresh = delays.map((T) => {
        const { a, svc } = make();
        return [delayBound(a, svc, T, { form: "martingale" }), delayBound(a, svc, T, { form: "tightest" })];
      });
      const q = (() => {
        const { a, svc } = make();
        return delayQuantile(a, svc, 1e-4, { form: "martingale" });
      })();
      // Shared: one pair of objects, a history of other calls, then the same bounds again.
      const { a, svc } = make();
      delayBound(a, svc, 40, { form: "martingale" });
      delayBound(a, svc, 7, { form: "martingale", theta: 0.05 });
      backlogBound(a, svc, 5, { form: "martingale" });
      delayQuantile(a, svc, 1e-6, { form: "martingale" });
      delayBound(a, svc, 200, { form: "tightest" });
      for (const [k, T] of [...delays].reverse().entries()) {
        const j = delays.length - 1 - k;
        for (const [i, form] of (["martingale", "tightest"] as const).entries()) {
          const again = delayBound(a, svc, T, { form });
          expect(Object.is(again.logProbability, fresh[j][i].logProbability), `${name} T0=${T} ${form}: ${again.logProbability} vs ${fresh[j][i].logProbability}`).toBe(true);
          expect(Object.is(again.theta, fresh[j][i].theta), `${name} T0=${T} ${form}: θ ${again.theta} vs ${fresh[j][i].theta}`).toBe(true);
          expect(again.method).toBe(fresh[j][i].method);
        }
      }
      const q2 = delayQuantile(a, svc, 1e-4, { form: "martingale" });
      expect(Object.is(q2.delaySlots, q.delaySlots) && Object.is(q2.probability, q.probability), `${name} quantile ${q2.delaySlots} vs ${q.delaySlots}`).toBe(true);
    });
  }

  it("a chain shared through its link stage: new tandems and arrivals around a used stage give the fresh bits", () => {
    // Chains are kept per random stage object and shared by every plan with that stage; a
    // bound must not see what other plans did with the shared chain.
    const cases = [
      { rate: 2, c: [2.7, 2.7], T: 10 },
      { rate: 1.2, c: [1.6, 2], T: 25 },
      { rate: 1.2, c: [1.6, 2], T: 3 },
    ];
    const fresh = cases.map(({ rate, c, T }) => delayBound(poissonArrivals(rate), tandem(constantService(c[0]), ray(), constantService(c[1])), T, { form: "martingale" }));
    const link = ray();
    // History on the shared stage: other rates (another θmax), other constants, other delays.
    delayBound(poissonArrivals(1.5), tandem(constantService(2.7), link, constantService(2.7)), 30, { form: "martingale" });
    delayBound(poissonArrivals(2), tandem(constantService(2.7), link, constantService(2.7)), 4, { form: "martingale", theta: 0.1 });
    delayBound(poissonArrivals(1.2), tandem(constantService(1.6), link, constantService(2)), 200, { form: "tightest" });
    delayQuantile(poissonArrivals(2), tandem(constantService(2.7), link, constantService(2.7)), 1e-6, { form: "martingale" });
    for (const [i, { rate, c, T }] of [...cases.entries()].reverse()) {
      const again = delayBound(poissonArrivals(rate), tandem(constantService(c[0]), link, constantService(c[1])), T, { form: "martingale" });
      expect(Object.is(again.logProbability, fresh[i].logProbability), `case ${i}: ${again.logProbability} vs ${fresh[i].logProbability}`).toBe(true);
      expect(Object.is(again.theta, fresh[i].theta)).toBe(true);
      expect(again.method).toBe(fresh[i].method);
    }
  });
});

describe("where the method does not apply: a result field, never a silent fallback", () => {
  const noLaw = iidService((t) => -Math.log1p(t), { mean: 1, name: "opaque" });
  it("a random stage without a per-slot law in a tandem: the exact sum, with the reason", () => {
    const r = delayBound(poissonArrivals(0.5), tandem(constantService(1.5), noLaw), 6, { form: "martingale" });
    expect(r.form).toBe("martingale");
    expect(r.formUsed).toBe("exact");
    expect(r.reason).toContain('stage "opaque"');
    expect(r.reason).toContain("slotCdf");
    expect(r.probability).toBe(delayBound(poissonArrivals(0.5), tandem(constantService(1.5), noLaw), 6).probability);
  });
  it("tightest says the martingale form was left out and why", () => {
    const r = delayBound(poissonArrivals(0.5), tandem(constantService(1.5), noLaw), 6, { form: "tightest" });
    expect(r.formUsed === "exact" || r.formUsed === "paper").toBe(true);
    expect(r.reason).toContain("martingale form not applicable");
  });
  it("one such stage alone needs no law (Kingman uses its log-MGF)", () => {
    const r = delayBound(poissonArrivals(0.5), noLaw, 6, { form: "martingale" });
    expect(r.formUsed).toBe("martingale");
    expect(r.reason).toBeNull();
  });
  it("an unstable system: probability 1 with the reason", () => {
    const r = delayBound(poissonArrivals(3), tandem(constantService(2), ray()), 5, { form: "martingale" });
    expect(r).toMatchObject({ stable: false, probability: 1 });
    expect(r.reason).toContain("unstable");
  });
  it("the method is named", () => {
    const r = delayBound(poissonArrivals(1), tandem(constantService(1.6), ray(), constantService(2)), 8, { form: "martingale" });
    expect(r.method.startsWith("martingale: ")).toBe(true);
    expect(r.reason).toBeNull();
  });
});

describe("the rounded chain serves no more than the tandem it stands for (docs/model.md §10.3)", () => {
  // The reversed tandem run exactly (doubles, no caps, no lattice) beside the chain's rounded
  // step on the same per-slot values of the random part: the chain's cumulative output never
  // exceeds the exact one. Values of the random part are drawn to hit the lattice and the
  // constants exactly as often as not, where rounding by prefix sums decides by exact
  // arithmetic.
  const exactStepOf = (values: readonly number[], random: number, x: number, E: number[]): number => {
    const m = values.length;
    let f = random === m - 1 ? x : values[m - 1];
    for (let j = m - 2; j >= 0; j--) {
      const total = E[j] + f;
      const sigma = random === j ? x : values[j];
      const out = Math.min(total, sigma);
      E[j] = total - out;
      f = out;
    }
    return f;
  };
  it("cumulative output of the chain ≤ the exact reversed tandem, on paths built to hit lattice points", () => {
    fc.assert(
      fc.property(
        fc.record({
          c0: fc.integer({ min: 3, max: 40 }),
          dc: fc.integer({ min: -6, max: 6 }),
          unit: fc.constantFrom(0.1, 0.18, 0.2, 0.135, 1 / 3, 0.37),
          shape: fc.constantFrom("around", "around-1D-first", "around-1D-second", "first", "last"),
          states: fc.integer({ min: 2, max: 18 }),
          aligned: fc.boolean(),
          draws: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -20, max: 40 }), fc.double({ min: 0, max: 6, noNaN: true })), { minLength: 30, maxLength: 120 }),
        }),
        ({ c0, dc, unit, shape, states, aligned, draws }) => {
          const a = c0 * unit;
          const b = Math.max(unit, (c0 + dc) * unit);
          const delta = b - a;
          // The step: aligned with δ as the planner does (nudged to the safe side), or not.
          const g = aligned && delta !== 0 ? (Math.abs(delta) / Math.max(1, Math.round(Math.abs(delta) / unit))) * (delta > 0 ? 1 - 1e-15 : 1 + 1e-15) : unit;
          const q = { states, cap: (states - 1) * g, exact: false };
          const none = { states: 1, cap: 0, exact: true };
          const cfg =
            shape === "first" ? { values: [Infinity, b], random: 0, qs: [q] }
            : shape === "last" ? { values: [a, Infinity], random: 1, qs: [q] }
            : { values: [a, Infinity, b], random: 1, qs: shape === "around" ? [q, q] : shape === "around-1D-first" ? [q, none] : [none, q] };
          const m = cfg.values.length;
          const E = new Array(m - 1).fill(0);
          const digits = new Int32Array(m - 1);
          const next = new Int32Array(m - 1);
          let exactF = 0;
          let chainF = 0;
          for (const [kind, k, u] of draws) {
            // Lattice points of either constant, the constants, and free values.
            const x = Math.max(0, kind === 0 ? b + k * g : kind === 1 ? a + k * g : kind === 2 ? (k % 2 === 0 ? a : b) : u);
            exactF += exactStepOf(cfg.values, cfg.random, x, E);
            chainF += reversedChainStep(cfg.values, cfg.random, x, digits, cfg.qs, next);
            digits.set(next);
            if (!(chainF <= exactF + 1e-9 * (1 + exactF))) return false;
          }
          return true;
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });
});

describe("the banded kernel of the overshoot-aware envelope splits the chain's kernel (docs/model.md §10.7)", () => {
  const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 121, controlOverhead: 0 });
  const ray = rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6, name: "downlink" });
  // Close rates (no output on a band edge) and compute 1.6 / 2.0 (rates on edges of 1/5).
  for (const [name, a, stages] of [
    ["2.7 / R / 2.7", poissonArrivals(2), [constantService(2.7), ray, constantService(2.7)]],
    ["1.6 / R / 2.0", poissonArrivals(1.2), [constantService(1.6), ray, constantService(2)]],
  ] as const) {
    it(name, () => {
      const plan = planMartingale(a, stages, 3);
      const chain = plan.candidates.find((k) => k.wide)!.chain() as unknown as {
        n: number;
        rowStart: Int32Array;
        weight: Float64Array;
        fill(theta: number): void;
        banded(K: number, theta: number): { n: number; nb: number; rowStart: Int32Array; band: Int32Array; weight: Float64Array; mass: Float64Array };
      };
      for (const theta of [0.1, 0.35]) {
        chain.fill(theta);
        const k = chain.banded(5, theta);
        expect(k.n).toBe(chain.n);
        let edges = 0;
        for (let e = 0; e < k.n; e++) {
          let whole = 0;
          for (let q = chain.rowStart[e]; q < chain.rowStart[e + 1]; q++) whole += chain.weight[q];
          let split = 0;
          for (let p = k.rowStart[e]; p < k.rowStart[e + 1]; p++) {
            split += k.weight[p];
            if (k.band[p] === k.nb) edges++;
          }
          // The same integral, cut at the band edges (a table with more points): equal to rounding.
          // (well inside the 1e-11 factor every term of the envelope carries, so G_θu ≤ u holds for
          // the chain's own weights, which the window uses)
          expect(Math.abs(split - whole), `${name} θ=${theta} state ${e}`).toBeLessThanOrEqual(1e-13 * whole);
          let mass = 0;
          for (let b = 0; b < k.nb; b++) mass += k.mass[e * k.nb + b];
          expect(mass).toBeLessThanOrEqual(1 + 1e-12);
        }
        // Outputs of exactly 1.6 or 2.0 lie on edges of the 1/5 grid, but a stage's rate is
        // placed in exact arithmetic: no output of these chains needs the edge charge.
        expect(edges).toBe(0);
      }
    });
  }
});
