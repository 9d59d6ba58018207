/** Invalid input: a RangeError/TypeError naming the function, the parameter and the value. */
import { describe, expect, it } from "vitest";
import {
  backlogBound,
  backlogQuantile,
  bernoulliArrivals,
  constantService,
  delayBound,
  delayBoundCurve,
  delayQuantile,
  exponentialArrivals,
  iidArrivals,
  iidService,
  markovModulated,
  markovOnOff,
  pipelineService,
  poissonArrivals,
  rayleighService,
  sncStability,
  tandem,
  type NetworkService,
} from "../../src/snc/index.js";

const a = poissonArrivals(1);
const c = constantService(1.5);
const t2 = tandem(constantService(1.5), constantService(2));

function throwsNamed(f: () => unknown, type: typeof RangeError | typeof TypeError, ...parts: string[]) {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${type.name} mentioning ${parts.join(", ")}`).toBeInstanceOf(type);
  for (const p of parts) expect((err as Error).message).toContain(p);
}

describe("negative rates", () => {
  it("poissonArrivals", () => throwsNamed(() => poissonArrivals(-1), RangeError, "poissonArrivals", "perSlot", "-1"));
  it("exponentialArrivals", () => throwsNamed(() => exponentialArrivals(-2), RangeError, "exponentialArrivals", "rate", "-2"));
  it("constantService", () => throwsNamed(() => constantService(-0.5), RangeError, "constantService", "perSlot", "-0.5"));
  it("markovOnOff peak", () => throwsNamed(() => markovOnOff({ pOnOff: 0.1, pOffOn: 0.1, peak: -3 }), RangeError, "markovOnOff", "peak", "-3"));
  it("sncStability arrivalRate", () =>
    throwsNamed(() => sncStability(-1, { name: "p", stages: [] }), RangeError, "sncStability", "arrivalRate", "-1"));
  it("pipelineService: a stage with negative speed", () =>
    throwsNamed(
      () => pipelineService({ name: "p", stages: [{ kind: "compute", name: "e", node: "es", flops: 1e12, flopsPerSecond: -5 }] }, { slotSeconds: 0.1 }),
      RangeError,
      "pipelineService",
      "flopsPerSecond",
      "-5",
    ));
  it("rayleighService slotSeconds", () =>
    throwsNamed(
      () => rayleighService({ link: { kind: "x", effectiveRate: 1, slotLogMgfNeg: () => 0, sampleSlotService: () => 0 }, slotSeconds: -0.1, bitsPerRequest: 1 }),
      RangeError,
      "rayleighService",
      "slotSeconds",
      "-0.1",
    ));
  it("iidService with a negative mean", () => throwsNamed(() => iidService((t) => -t, { mean: -1 }), RangeError, "iidService", "mean", "-1"));
});

describe("probabilities outside [0, 1]", () => {
  it("bernoulliArrivals p", () => throwsNamed(() => bernoulliArrivals(1.5, 1), RangeError, "bernoulliArrivals", "p", "1.5"));
  it("markovOnOff pOnOff", () => throwsNamed(() => markovOnOff({ pOnOff: -0.1, pOffOn: 0.1, peak: 1 }), RangeError, "markovOnOff", "pOnOff", "-0.1"));
  it("markovOnOff pOffOn = 0 (reducible)", () => throwsNamed(() => markovOnOff({ pOnOff: 0.1, pOffOn: 0, peak: 1 }), RangeError, "markovOnOff", "pOffOn", "0"));
  it("markovModulated entry", () =>
    throwsNamed(() => markovModulated({ transition: [[1.2, -0.2], [0.5, 0.5]], rates: [0, 1] }), RangeError, "markovModulated", "transition[0][0]", "1.2"));
});

describe("a Markov chain whose rows do not sum to 1", () => {
  it("markovModulated", () =>
    throwsNamed(() => markovModulated({ transition: [[0.5, 0.4], [0.3, 0.7]], rates: [0, 2] }), RangeError, "markovModulated", "transition[0]", "summing to 1", "0.5"));
  it("rates of the wrong length", () =>
    throwsNamed(() => markovModulated({ transition: [[0.5, 0.5], [0.3, 0.7]], rates: [0] }), RangeError, "markovModulated", "rates"));
});

describe("non-integer slot counts where integers are required", () => {
  it("a tandem", () => throwsNamed(() => delayBound(a, t2, 2.5), RangeError, "delayBound", "delaySlots", "integer", "2.5"));
  it("a floored stage", () => throwsNamed(() => delayBound(a, constantService(1.5, { floor: true }), 3.2), RangeError, "delayBound", "delaySlots", "3.2"));
  it("a random stage", () => throwsNamed(() => delayBound(a, iidService((t) => -Math.log1p(2 * t)), 1.5), RangeError, "delayBound", "delaySlots", "1.5"));
  it("delayBoundCurve names the index", () => throwsNamed(() => delayBoundCurve(a, t2, [1, 2, 3.5]), RangeError, "delayBoundCurve", "delays[2]", "3.5"));
  it("delayQuantile maxSlots", () => throwsNamed(() => delayQuantile(a, t2, 1e-3, { maxSlots: 10.5 }), RangeError, "delayQuantile", "maxSlots", "10.5"));
  it("a real delay is accepted for one fluid constant stage", () => {
    expect(delayBound(a, c, 2.5).probability).toBeGreaterThan(delayBound(a, c, 3).probability);
  });
  it("negative delay", () => throwsNamed(() => delayBound(a, c, -1), RangeError, "delayBound", "delaySlots", "-1"));
  it("negative backlog", () => throwsNamed(() => backlogBound(a, c, -2), RangeError, "backlogBound", "backlog", "-2"));
});

describe("work limits (docs/robustness.md): refused before any work, naming the parameter", () => {
  const t3 = tandem(constantService(2), constantService(3), constantService(4));
  it("a 3-stage tandem at T0 = 3e7 (was ≈ 30 s, or a raw 'Invalid typed array length' further out)", () =>
    throwsNamed(() => delayBound(a, t3, 3e7), RangeError, "delayBound: delaySlots must be at most 1398100 slots for this 3-stage tandem (work limit: stages·(T0 + 1) ≤ 2^22 per θ; docs/robustness.md), got 30000000"));
  it("two floored stages convolve directly: T0 ≤ 2047", () =>
    throwsNamed(() => delayBound(a, tandem(constantService(2, { floor: true }), constantService(2, { floor: true })), 5000), RangeError, "delayBound: delaySlots must be at most 2047 slots for this tandem with 2 floored stages"));
  it("one i.i.d. stage (closed form) and the martingale form have no limit", () => {
    expect(delayBound(a, c, 1e15).probability).toBe(0);
    expect(delayBound(a, c, 1e15, { form: "martingale" }).probability).toBe(0);
  });
  it("delayBoundCurve: each delay, the number of delays and the total work", () => {
    throwsNamed(() => delayBoundCurve(a, t3, [1, 3e7]), RangeError, "delayBoundCurve", "delays[1]", "at most 1398100 slots");
    throwsNamed(() => delayBoundCurve(a, t3, new Array(5000).fill(1)), RangeError, "delayBoundCurve: delays.length must be at most 4096 (work limit; docs/robustness.md), got 5000");
    throwsNamed(() => delayBoundCurve(a, t3, new Array(100).fill(1e6)), RangeError, "delayBoundCurve: delays must have a total work Σ stages·(T0ᵢ + 1) of at most 2^28 = 268435456 on this 3-stage tandem");
  });
  it("delayQuantile: maxSlots beyond the limit is refused; by default the search stops there", () => {
    throwsNamed(() => delayQuantile(a, t3, 1e-3, { maxSlots: 2 ** 24 }), RangeError, "delayQuantile: opts.maxSlots must be at most 1398100 slots");
    expect(delayQuantile(a, t3, 1e-3).stable).toBe(true);
  });
  it("markovModulated: at most 64 states", () => {
    const k = 65;
    const P = Array.from({ length: k }, () => Array.from({ length: k }, () => 1 / k));
    throwsNamed(() => markovModulated({ transition: P, rates: new Array(k).fill(0.1) }), RangeError, "markovModulated: opts.transition must have at most 64 states", "got 65 states");
  });
});

describe("ε outside (0, 1)", () => {
  for (const eps of [0, 1, -0.1, 1.5, Number.NaN]) {
    it(`delayQuantile ε = ${eps}`, () => throwsNamed(() => delayQuantile(a, c, eps), RangeError, "delayQuantile", "epsilon", String(eps)));
    it(`backlogQuantile ε = ${eps}`, () => throwsNamed(() => backlogQuantile(a, c, eps), RangeError, "backlogQuantile", "epsilon", String(eps)));
  }
});

describe("options and types", () => {
  it("unknown form", () => throwsNamed(() => delayBound(a, c, 3, { form: "bogus" as "exact" }), RangeError, "delayBound", "opts.form", "bogus"));
  it("iidService opts.cdf not a function", () =>
    throwsNamed(() => iidService((t) => -t, { mean: 1, cdf: 3 as unknown as (x: number) => number }), TypeError, "iidService", "opts.cdf"));
  it("iidService opts.lattice not positive", () => throwsNamed(() => iidService((t) => -t, { mean: 1, lattice: 0 }), RangeError, "iidService", "opts.lattice", "0"));
  it("tightest takes the same arguments", () => throwsNamed(() => delayBound(a, t2, -1, { form: "tightest" }), RangeError, "delayBound", "delaySlots", "-1"));
  it("non-positive θ", () => throwsNamed(() => delayBound(a, c, 3, { theta: 0 }), RangeError, "delayBound", "opts.theta", "0"));
  it("not an arrival process", () => throwsNamed(() => delayBound({} as typeof a, c, 3), TypeError, "delayBound", "arrivals"));
  it("not a service", () => throwsNamed(() => delayBound(a, {} as NetworkService, 3), TypeError, "delayBound", "service"));
  it("tandem of nothing", () => throwsNamed(() => tandem(), RangeError, "tandem", "services"));
  it("tandem of a non-service", () => throwsNamed(() => tandem(c, 3 as unknown as NetworkService), TypeError, "tandem", "services[1]"));
  it("iidArrivals needs a function", () => throwsNamed(() => iidArrivals(3 as unknown as (t: number) => number), TypeError, "iidArrivals", "logMgf"));
  it("a missing sampler is reported when the simulator asks for it", () =>
    throwsNamed(() => iidArrivals((t) => 0.5 * Math.expm1(t)).sampler(() => 0.5), TypeError, "iidArrivals", "sampler"));
  it("a link without slot kernels", () =>
    throwsNamed(
      () => rayleighService({ link: { kind: "x", effectiveRate: 1 } as never, slotSeconds: 0.1, bitsPerRequest: 1 }),
      TypeError,
      "rayleighService",
      "link",
    ));
});

describe("legitimate states are results, not exceptions", () => {
  it("unstable: stable false, probability 1", () => {
    const r = delayBound(poissonArrivals(2), c, 5);
    expect(r).toMatchObject({ stable: false, probability: 1 });
    expect(delayQuantile(poissonArrivals(2), c, 1e-3).delaySlots).toBe(Infinity);
    expect(backlogQuantile(poissonArrivals(2), c, 1e-3).backlog).toBe(Infinity);
  });
  it("the boundary λ = c is unstable", () => expect(delayBound(poissonArrivals(1.5), c, 5).stable).toBe(false));
  it("no arrivals: probability 0 bound is approached, never NaN", () => {
    const r = delayBound(poissonArrivals(0), c, 3);
    expect(Number.isNaN(r.probability)).toBe(false);
    expect(r.probability).toBeLessThan(1e-100);
  });
});

describe("malformed objects (robustness registry's findings)", () => {
  it("a tandem whose stages is not an array", () =>
    throwsNamed(() => delayBound(a, { kind: "tandem", name: "x", stages: 3, meanPerSlot: 1 } as unknown as NetworkService, 3), TypeError, "delayBound", "service"));
  it("a tandem with meanPerSlot = NaN", () =>
    throwsNamed(() => delayQuantile(a, { ...t2, meanPerSlot: Number.NaN } as NetworkService, 1e-3), TypeError, "delayQuantile", "service"));
  it("a stage with meanPerSlot = NaN", () =>
    throwsNamed(() => backlogBound(a, { ...c, meanPerSlot: Number.NaN }, 3), TypeError, "backlogBound", "service"));
  it("pipelineService with a null stage", () =>
    throwsNamed(() => pipelineService({ name: "p", stages: [null as never] }, { slotSeconds: 0.1 }), TypeError, "pipelineService", "pipeline.stages[0]", "null"));
  it("sncStability with a null stage", () =>
    throwsNamed(() => sncStability(1, { name: "p", stages: [null as never] }), TypeError, "sncStability", "pipeline.stages[0]", "null"));
  it("rayleighService with a denormal slot length names rayleighService, or serves ~0", () => {
    const link = { kind: "x", effectiveRate: 1e7, slotLogMgfNeg: (t: number) => -t * 1e-300, sampleSlotService: () => 0 };
    let ok = false;
    try {
      ok = rayleighService({ link, slotSeconds: 5e-324, bitsPerRequest: 1 }).meanPerSlot >= 0;
    } catch (e) {
      ok = e instanceof RangeError && (e as Error).message.startsWith("rayleighService:");
    }
    expect(ok).toBe(true);
  });
});
