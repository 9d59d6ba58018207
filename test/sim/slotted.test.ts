import { describe, expect, test } from "vitest";
import fc from "fast-check";
import type { Pipeline } from "../../src/pipeline/types.js";
import { poisson, type Rng } from "../../src/random/rng.js";
import { simulateSlotted } from "../../src/sim/index.js";
import { constantService, poissonArrivals as sncPoisson } from "../../src/snc/index.js";
import { rayleighLink } from "../../src/channel/index.js";
import { expectWithin } from "./helpers.js";

const constant = (c: number, name?: string) => ({ name, sampler: () => () => c });
/** Recognised by the simulator as Poisson(mean) per slot (kind + meanPerSlot). */
const poissonArrivals = (mean: number) => ({ kind: "poisson", meanPerSlot: mean, sampler: (u: Rng) => () => poisson(u, mean) });

/**
 * Independent reference: cumulative processes by min-plus algebra, exact because every
 * value is a dyadic rational with few bits (integer arrivals, services like 1.5 or 2.25).
 * A constant-rate cut-through server c fed by F: D(0,u) = min_{0≤s≤u} F(0,s) + c(u−s).
 * Violation of slot t at T0 for a server with input F and output D: F(0,t) > D(0,t+T0).
 */
function referenceViolations(arrivals: number[], rates: number[], delays: number[], observed: [number, number]) {
  const n = arrivals.length;
  const cumA = [0];
  for (let t = 0; t < n; t++) cumA.push(cumA[t] + arrivals[t]);
  const flows = [cumA];
  for (const c of rates) {
    const F = flows[flows.length - 1];
    const D = [0];
    let best = Infinity; // min_s F(s) − c·s
    for (let u = 1; u <= n; u++) {
      best = Math.min(best, F[u - 1] - c * (u - 1), F[u] - c * u);
      D.push(Math.min(F[u], best + c * u));
    }
    flows.push(D);
  }
  const count = (F: number[], D: number[]) =>
    delays.map((T0) => {
      let k = 0;
      for (let t = observed[0]; t < observed[1]; t++) if (F[t] > D[t + T0]) k++;
      return k / (observed[1] - observed[0]);
    });
  return {
    endToEnd: count(flows[0], flows[flows.length - 1]),
    stages: rates.map((_, i) => count(flows[i], flows[i + 1])),
  };
}

describe("simulateSlotted: virtual-delay violations against an independent min-plus computation", () => {
  test("two constant stages (1.5, 2.25), integer arrivals: identical frequencies, end to end and per stage", async () => {
    const recorded: number[] = [];
    // Not recognised (no kind): simulated through its own sampler, which records the path.
    const arrivals = { sampler: (u: Rng) => () => { const a = poisson(u, 1.3); recorded.push(a); return a; } };
    const delays = [0, 1, 2, 3, 5, 8, 13];
    const slots = 50_000;
    const warmup = 1000;
    const r = await simulateSlotted({ arrivals, stages: [constant(1.5), constant(2.25)], slots, warmup, delays, seed: 17 });
    expect(r.chunks).toBe(1);
    expect(recorded.length).toBe(warmup + slots + 13);
    const ref = referenceViolations(recorded, [1.5, 2.25], delays, [warmup, warmup + slots]);
    r.endToEnd.forEach((v, k) => expect(v.value, `end to end T0=${delays[k]}`).toBe(ref.endToEnd[k]));
    r.stages.forEach((s, i) => s.violations.forEach((v, k) => expect(v.value, `stage ${i} T0=${delays[k]}`).toBe(ref.stages[i][k])));
    // the check is not vacuous: violations happen at small T0 and get rarer with T0
    expect(r.endToEnd[0].value).toBeGreaterThan(0.1);
    for (let k = 1; k < delays.length; k++) expect(r.endToEnd[k].value).toBeLessThanOrEqual(r.endToEnd[k - 1].value);
  });
  test("property: any tandem of 1–3 dyadic constant rates matches the min-plus reference exactly", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.2, max: 2.5, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        async (mean, quarters, delays, seed) => {
          const rates = quarters.map((k) => k / 4); // dyadic: sums stay exact
          const recorded: number[] = [];
          const arrivals = { sampler: (u: Rng) => () => { const a = poisson(u, mean); recorded.push(a); return a; } };
          const r = await simulateSlotted({ arrivals, stages: rates.map((c) => constant(c)), slots: 3000, warmup: 100, delays, seed });
          const sorted = [...delays].sort((a, b) => a - b);
          const ref = referenceViolations(recorded, rates, sorted, [100, 3100]);
          expect(r.endToEnd.map((v) => v.value)).toEqual(ref.endToEnd);
          r.stages.forEach((st, i) => expect(st.violations.map((v) => v.value)).toEqual(ref.stages[i]));
        },
      ),
      { numRuns: 40, seed: 424242 },
    );
  });
  test("no false violations when the system empties every slot (decimal fluid amounts)", async () => {
    // 0.1 in, 0.1 served: the backlog at every slot start is exactly 0. Comparing the long
    // cumulative sums A(0,t) and D(0,t+T0) in doubles would flag drift here (docs/model.md §7).
    const r = await simulateSlotted({ arrivals: constant(0.1), stages: [constant(0.1), constant(0.3)], slots: 200_000, delays: [0, 1, 10], seed: 1 });
    for (const v of r.endToEnd) expect(v.value).toBe(0);
    let a = 0, d = 0;
    for (let t = 0; t < 200_000; t++) (a += 0.1), (d += 0.1);
    expect(a === d).toBe(true); // the same sums agree here…
    let a2 = 0, d2 = 0;
    for (let t = 0; t < 200_000; t++) (a2 += 0.1), (d2 += t % 2 === 0 ? 0.2 : 0); // …but not in another order
    expect(a2 === d2).toBe(false);
  });
});

describe("simulateSlotted: below the SNC bound of docs/peers.md", () => {
  test("Poisson(1) per slot, constant C = 1.5: upper confidence limit of P(W > 10) below the bound 7.718e-4", async () => {
    const r = await simulateSlotted({ arrivals: poissonArrivals(1), stages: [constant(1.5)], slots: 2e6, delays: [2, 5, 10], seed: 8, confidence: 0.99 });
    const p10 = r.endToEnd[2];
    expect(p10.delay).toBe(10);
    expect(p10.upper).toBeLessThan(7.718e-4);
    expect(r.endToEnd[0].value).toBeGreaterThan(0.01); // not vacuous
    expectWithin("mean arrivals per slot", r.arrivalsPerSlot.value, 1, r.arrivalsPerSlot.halfWidth);
  });
});

describe("simulateSlotted: pipelines", () => {
  const link = { kind: "constant", effectiveRate: 4e6 };
  const pipeline: Pipeline = {
    name: "split",
    stages: [
      { kind: "compute", name: "edge", node: "edge", flops: 2e12, flopsPerSecond: 150e12 },
      { kind: "transfer", name: "downlink", linkName: "dl", bits: 1e6, link },
      { kind: "compute", name: "terminal", node: "ue", flops: 3e12, flopsPerSecond: 60e12 },
    ],
  };
  test("a pipeline is the tandem of its stages' per-slot services (c = Δ/(O/f), Δ/(J/r))", async () => {
    const o = { arrivals: poissonArrivals(0.3), slots: 50_000, delays: [0, 2, 4], seed: 5 };
    const viaPipeline = await simulateSlotted({ ...o, pipeline, slotSeconds: 0.1 });
    const viaStages = await simulateSlotted({ ...o, stages: [constant(0.1 / (2e12 / 150e12), "edge"), constant(0.1 / (1e6 / 4e6), "downlink"), constant(0.1 / (3e12 / 60e12), "terminal")] });
    expect(viaPipeline.endToEnd).toEqual(viaStages.endToEnd);
    expect(viaPipeline.stages.map((s) => s.name)).toEqual(["edge", "downlink", "terminal"]);
    expect(viaPipeline.stages.map((s) => s.violations)).toEqual(viaStages.stages.map((s) => s.violations));
  });
  test("floor: whole requests, ⌊cτ⌋ over τ slots, as the snc module's constantService(c, { floor: true })", async () => {
    const o = { arrivals: sncPoisson(0.3), slots: 20_000, delays: [0, 3, 10], seed: 5 };
    const floored = await simulateSlotted({ ...o, pipeline, slotSeconds: 0.1, floor: true });
    const viaSnc = await simulateSlotted({ ...o, stages: [7.5, 0.4, 2].map((c) => constantService(c, { floor: true })) });
    expect(floored.endToEnd).toEqual(viaSnc.endToEnd);
    const fluid = await simulateSlotted({ ...o, pipeline, slotSeconds: 0.1 });
    expect(floored.endToEnd).not.toEqual(fluid.endToEnd); // the option does something
  });
  test("a rayleighLink is sampled per slot: same law as the link's own sampleSlotService", async () => {
    // γ̄ = 10 dB… here 31 dBm − 120 dB + 100 dBm = 11 dB; B = 1 MHz; ξ = 0.1; J = 1 Mbit; Δ = 0.1 s
    const link = rayleighLink({ bandwidthHz: 1e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120, controlOverhead: 0.1 });
    const p: Pipeline = { name: "dl", stages: [{ kind: "transfer", name: "dl", linkName: "dl", bits: 1e6, link }] };
    const perSlot = (link.effectiveRate * 0.1) / 1e6;
    // A Poisson load at 70% of the mean per-slot service; the zero-delay frequency is P(Q > 0).
    const o = { arrivals: poissonArrivals(0.7 * perSlot), slots: 200_000, delays: [0, 5, 20], seed: 3, confidence: 0.99 };
    const ours = await simulateSlotted({ ...o, pipeline: p, slotSeconds: 0.1 });
    // the link's own sampler through an unrecognised stage (in-thread path)
    const theirs = await simulateSlotted({ ...o, stages: [{ sampler: (u: Rng) => () => link.sampleSlotService(u, { slotSeconds: 0.1, bitsPerRequest: 1e6, floor: false }) }] });
    ours.endToEnd.forEach((v, k) => {
      const w = theirs.endToEnd[k];
      expectWithin(`P(W > ${v.delay}) own vs link sampler`, v.value, w.value, v.halfWidth + w.halfWidth);
    });
    expect(ours.endToEnd[0].value).toBeGreaterThan(ours.endToEnd[2].value);
  });
});

describe("simulateSlotted: reproducibility, states and errors", () => {
  test("same seed, same numbers; frozen results", async () => {
    const o = { arrivals: poissonArrivals(1), stages: [constant(1.4)], slots: 30_000, delays: [1, 4], seed: 4 };
    const a = await simulateSlotted(o);
    expect(await simulateSlotted(o)).toEqual(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.endToEnd) && Object.isFrozen(a.stages[0])).toBe(true);
  });
  test("T0 = 0 alone (no ring buffer) gives the same frequency as within a list; progress ends at 1", async () => {
    const seen: number[] = [];
    const o = { arrivals: poissonArrivals(1), stages: [constant(1.2), constant(1.6)], slots: 40_000, seed: 2 };
    const alone = await simulateSlotted({ ...o, delays: [0], onProgress: (f: number) => seen.push(f) });
    const within = await simulateSlotted({ ...o, delays: [0, 7] });
    expect(alone.endToEnd[0]).toEqual(within.endToEnd[0]);
    expect(alone.stages[1].violations[0]).toEqual(within.stages[1].violations[0]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen[seen.length - 1]).toBe(1);
  });
  test("with workers: 1, a timer's abort stops the run inside the first chunk", async () => {
    const ac = new AbortController();
    let fraction = 0;
    const run = simulateSlotted({ arrivals: poissonArrivals(1), stages: [constant(1.5), constant(2)], slots: 1e8, delays: [0, 5], seed: 1, signal: ac.signal, onProgress: (f: number) => (fraction = f) });
    setTimeout(() => ac.abort(new Error("timer abort")), 0);
    await expect(run).rejects.toThrow("timer abort");
    expect(fraction, `fraction done at the abort: ${fraction}`).toBeLessThan(1 / 64);
  });
  const base = { arrivals: poissonArrivals(1), stages: [constant(2)], slots: 1000, seed: 1 };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["slots 0", { slots: 0 }, /simulateSlotted: slots must be a positive integer, got 0/],
    ["slots −3", { slots: -3 }, /slots must be a positive integer, got -3/],
    ["warmup = slots", { warmup: 1000 }, /warmup must be smaller than slots \(1000\), got 1000/],
    ["seed NaN", { seed: NaN }, /seed must be a safe integer, got NaN/],
    ["workers 0", { workers: 0 }, /simulateSlotted: workers must be a positive integer, got 0/],
    ["delay 1.5", { delays: [1.5] }, /delays\[0\] must be a non-negative integer, got 1.5/],
    // Work and memory limits (docs/robustness.md): refused before anything runs.
    ["slots 1e10", { slots: 1e10 }, /simulateSlotted: slots must be at most 5000000000 with 1 stage\(s\) \(work limit: slots × \(stages \+ 1\) ≤ 1e10, ≈ 20 min on one core\), got 10000000000/],
    ["slots × delays", { slots: 1e8, delays: [1000] }, /slots must be at most 49950049 with 1 stage\(s\) and delays up to 1000 \(work limit: slots × \(stages \+ 1\) × \(1 \+ max delay\) ≤ 1e11/],
    ["delay 2^30", { delays: [5, 2 ** 30] }, /simulateSlotted: delays\[1\] must be at most 8388606 slots with 1 stage\(s\) \(memory limit: \(stages \+ 1\) × \(max delay \+ 2\) ≤ 2\^24 pending slots\), got 1073741824/],
    // poissonArrivals(1e300) gave NaN/±∞ backlog intervals: counts beyond 2^53 are not counts.
    ["arrivals 1e300 per slot", { arrivals: poissonArrivals(1e300) }, /simulateSlotted: arrivals.meanPerSlot must be at most 2\^53\/slots = 9007199254740.992 requests per slot \(the run's arrival count must stay an exact integer in doubles\), got 1e\+300/],
    ["slotSeconds 0", { stages: undefined, pipeline: { name: "p", stages: [{ kind: "compute", name: "c", node: "n", flops: 1, flopsPerSecond: 1 }] }, slotSeconds: 0 }, /slotSeconds must be a finite number > 0, got 0/],
  ];
  for (const [name, patch, message] of cases) {
    test(name, async () => {
      await expect(simulateSlotted({ ...base, ...patch } as never)).rejects.toThrow(RangeError);
      await expect(simulateSlotted({ ...base, ...patch } as never)).rejects.toThrow(message);
    });
  }
  test("a sampler returning a non-finite amount is an error after the run, not a NaN backlog", async () => {
    const bad = { sampler: () => () => Infinity };
    await expect(simulateSlotted({ ...base, arrivals: bad } as never)).rejects.toThrow(/simulateSlotted: the arrivals or service samplers produced a non-finite amount/);
  });
  test("large but exact arrival counts (1e9 per slot) give finite intervals", async () => {
    const r = await simulateSlotted({ ...base, arrivals: poissonArrivals(1e9), stages: [constant(2e9)], slots: 2000 });
    for (const e of [r.backlog, r.arrivalsPerSlot]) for (const x of [e.value, e.lower, e.upper]) expect(Number.isFinite(x), JSON.stringify(e)).toBe(true);
  });
  test("missing stages and pipeline, or a stage without sampler: TypeError", async () => {
    await expect(simulateSlotted({ ...base, stages: undefined } as never)).rejects.toThrow(TypeError);
    await expect(simulateSlotted({ ...base, stages: [{}] } as never)).rejects.toThrow(/stages\[0\] must be an object with a sampler/);
  });
});
