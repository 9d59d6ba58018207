import { describe, expect, it } from "vitest";
import { deterministic } from "../../src/distributions/index.js";
import { computeStage, constantRateLink, paperScenario, paradigms, pipeline, pipelineLatency, serviceDistribution, transferStage } from "../../src/pipeline/index.js";
import { mg1 } from "../../src/queueing/index.js";
import {
  DEFAULT_DELAY_MODEL,
  DELAY_MODELS,
  meanLatency,
  pipelineMg1,
  scenarioArrivals,
  scenarioService,
  simulateDelays,
  violationBound,
  violationBoundCurve,
  violationQuantile,
} from "../../src/scenario/index.js";
import { responseTimeBound, responseTimeQuantile } from "../../src/requests/index.js";
import { simulateRequests, simulateSlotted } from "../../src/sim/index.js";
import { delayBound, delayQuantile, pipelineService, poissonArrivals } from "../../src/snc/index.js";

const s = paperScenario;
const F = { model: "fluid" } as const;
const { collaborative, edgeOnly } = paradigms(s.params);
// The layer's answers are the slotted analyses' at the slots the rule picks: compared with
// direct calls, which the snc and sim suites check against mpmath and simulation.
const arrivals = poissonArrivals(s.lambda * s.slotSeconds);
const service = pipelineService(collaborative, { slotSeconds: s.slotSeconds });

describe("the scenario's arrivals and services", () => {
  it("Poisson λΔ per slot, the pipeline's tandem at Δ", () => {
    expect(scenarioArrivals(s).meanPerSlot).toBe(s.lambda * s.slotSeconds);
    expect(scenarioArrivals(s).kind).toBe("poisson");
    expect(scenarioService(collaborative, s).stages.map((x) => x.meanPerSlot)).toEqual(service.stages.map((x) => x.meanPerSlot));
    const floored = scenarioService(collaborative, s, { floor: true });
    expect(floored.stages[0].cumulativeLogMgfNeg).toBeTypeOf("function");
  });
  it("reject a bad load naming the field", () => {
    expect(() => scenarioArrivals({ lambda: -1, slotSeconds: 0.1 })).toThrow(new RangeError("scenarioArrivals: scenario.lambda must be a finite number ≥ 0, got -1"));
    expect(() => scenarioArrivals({ lambda: 1e300, slotSeconds: 1e300 })).toThrow(/^scenarioArrivals: scenario\.lambda·scenario\.slotSeconds must be finite \(it overflows\)/);
    expect(() => scenarioArrivals(null as never)).toThrow(TypeError);
    expect(() => scenarioService(collaborative, s, { floor: 1 as never })).toThrow(new TypeError("scenarioService: opts.floor must be a boolean, got 1"));
  });
});

describe("violationBound: the fluid model's bound at ⌊d/Δ⌋ slots", () => {
  it("equals the slotted bound at the rule's slots; reports both deadlines", () => {
    for (const [d, slots] of [[6, 60], [6.05, 60], [0.7, 7], [0.05, 0], [0, 0]] as const) {
      const v = violationBound(collaborative, s, d, F);
      expect(v.model).toBe("fluid");
      expect(v.slots).toBe(slots);
      expect(v.deadlineSeconds).toBe(d);
      expect(v.evaluatedSeconds).toBe(slots * s.slotSeconds);
      expect(v.bound).toEqual(delayBound(arrivals, service, slots));
      expect(v.probability).toBe(v.bound.probability);
    }
  });
  it("passes form and floor to the slotted bound", () => {
    const paper = violationBound(collaborative, s, 6, { ...F, form: "paper" });
    expect(paper.bound).toEqual(delayBound(arrivals, service, 60, { form: "paper" }));
    const floored = violationBound(edgeOnly, s, 6, { ...F, floor: true });
    expect(floored.bound).toEqual(delayBound(arrivals, pipelineService(edgeOnly, { slotSeconds: s.slotSeconds, floor: true }), 60));
  });
  it("is 1 and unstable for an unstable pipeline (a result, not an error)", () => {
    const v = violationBound(paradigms(s.params).terminalOnly, { lambda: 5, slotSeconds: 0.1 }, 3, F);
    expect(v.stable).toBe(false);
    expect(v.probability).toBe(1);
  });
  it("the curve equals the pointwise bounds, in the order given", () => {
    const ds = [6, 0.05, 4, 6];
    const curve = violationBoundCurve(collaborative, s, ds, F);
    expect(curve.map((v) => v.slots)).toEqual([60, 0, 40, 60]);
    curve.forEach((v, i) => {
      const point = violationBound(collaborative, s, ds[i], F);
      expect(Math.abs(Math.log(v.probability) - Math.log(point.probability))).toBeLessThan(1e-9);
    });
  });
  it("the model option: request by default, fluid on request, anything else is refused by name", () => {
    expect(DELAY_MODELS).toEqual(["request", "fluid"]);
    expect(DEFAULT_DELAY_MODEL).toBe("request");
    expect(violationBound(collaborative, s, 6, { model: "request" })).toEqual(violationBound(collaborative, s, 6));
    expect(violationBound(collaborative, s, 6, F).model).toBe("fluid");
    expect(() => violationBound(collaborative, s, 6, { model: "slotted" as never })).toThrow(new RangeError('violationBound: opts.model must be "request" or "fluid", got "slotted"'));
    expect(() => violationBound(collaborative, s, 6, { ...F, form: "tight" as never })).toThrow(/^violationBound: opts\.form must be one of "exact", .*got "tight"$/);
  });
  it("argument errors name the entry point the user called, lower layers' included", () => {
    expect(() => violationBound(collaborative, s, -1, F)).toThrow(new RangeError("violationBound: deadlineSeconds must be a finite number ≥ 0, got -1"));
    const bad = { name: "bad", stages: [{ kind: "compute", name: "c", node: "n", flops: -1, flopsPerSecond: 1 }] } as never;
    expect(() => violationBound(bad, s, 1, F)).toThrow(new RangeError("violationBound: pipeline.stages[0].flops must be a finite number > 0, got -1"));
    expect(() => violationBoundCurve(collaborative, s, [1, NaN], F)).toThrow(/^violationBoundCurve: deadlinesSeconds\[1\] must be a finite number ≥ 0, got NaN$/);
    expect(() => violationBoundCurve(collaborative, s, 3 as never, F)).toThrow(TypeError);
  });
});

describe("violationQuantile", () => {
  it("is the slotted quantile in slots times Δ", () => {
    const q = violationQuantile(collaborative, s, 1e-3, F);
    const ref = delayQuantile(arrivals, service, 1e-3);
    expect(q.slots).toBe(ref.delaySlots);
    expect(q.seconds).toBe(ref.delaySlots * s.slotSeconds);
    expect(q.quantile).toEqual(ref);
    // and the bound at that deadline is ≤ ε, one slot less is not
    expect(violationBound(collaborative, s, q.seconds, F).probability).toBeLessThanOrEqual(1e-3);
    expect(violationBound(collaborative, s, q.seconds - s.slotSeconds, F).probability).toBeGreaterThan(1e-3);
  });
  it("is Infinity when unstable; ε outside (0, 1) is refused", () => {
    expect(violationQuantile(paradigms(s.params).terminalOnly, { lambda: 5, slotSeconds: 0.1 }, 1e-3, F).seconds).toBe(Infinity);
    expect(() => violationQuantile(collaborative, s, 1, F)).toThrow(new RangeError("violationQuantile: epsilon must be in (0, 1), got 1"));
  });
});

describe("pipelineMg1 and meanLatency", () => {
  it("are M/G/1 of the end-to-end service and Table 2's sum", () => {
    expect(pipelineMg1(collaborative, s.lambda).meanSojourn).toBe(mg1(s.lambda, serviceDistribution(collaborative)).meanSojourn);
    expect(meanLatency(edgeOnly)).toBe(pipelineLatency(edgeOnly).total);
    expect(() => pipelineMg1(collaborative, -1)).toThrow(new RangeError("pipelineMg1: lambda must be a finite number ≥ 0, got -1"));
    expect(() => meanLatency({ name: "x", stages: [] } as never)).toThrow(/^meanLatency: /);
  });
});

describe("simulateDelays: the slotted simulation at the rule's slots", () => {
  it("maps deadlines (any order, repeated) to the simulator's slots and back", async () => {
    const o = { slots: 100_000, seed: 4 };
    const sim = await simulateDelays(collaborative, s, { ...F, ...o, deadlines: [0.65, 0.05, 0.6] });
    const ref = await simulateSlotted({ arrivals, pipeline: collaborative, slotSeconds: s.slotSeconds, ...o, delays: [0, 6] });
    const at = (k: number) => ref.endToEnd.find((e) => e.delay === k)!;
    expect(sim.endToEnd.map((e) => e.deadlineSeconds)).toEqual([0.65, 0.05, 0.6]);
    expect(sim.endToEnd.map((e) => e.evaluatedSeconds)).toEqual([6 * s.slotSeconds, 0, 6 * s.slotSeconds]);
    expect(sim.endToEnd.map((e) => e.value)).toEqual([at(6).value, at(0).value, at(6).value]);
    expect(sim.stages.map((x) => x.name)).toEqual(ref.stages.map((x) => x.name));
    expect(sim.run.slots).toBe(100_000);
  });
  it("the bound lies above the simulation's upper confidence limit", async () => {
    const ds = [1, 2, 4, 6];
    const sim = await simulateDelays(collaborative, s, { ...F, deadlines: ds, slots: 400_000, seed: 11 });
    const bounds = violationBoundCurve(collaborative, s, ds, F);
    sim.endToEnd.forEach((e, i) => expect(bounds[i].probability, `deadline ${ds[i]} s`).toBeGreaterThanOrEqual(e.upper));
  });
  it("rejects bad options by name (the promise rejects)", async () => {
    await expect(simulateDelays(collaborative, s, { deadlines: [] })).rejects.toThrow(/^simulateDelays: opts\.deadlines must be an array of at least 1 number/);
    await expect(simulateDelays(collaborative, s, { deadlines: [-1] })).rejects.toThrow(new RangeError("simulateDelays: opts.deadlines[0] must be a finite number ≥ 0, got -1"));
    await expect(simulateDelays(collaborative, s, { ...F, deadlines: [1], slots: 0 })).rejects.toThrow(/^simulateDelays: slots must be a positive integer, got 0$/);
  });
});

describe("a stage's attached law reaches the slotted model too", () => {
  it("served at its mean rate (the one stage time)", () => {
    const p = pipeline("p", [
      computeStage({ node: "n", flops: 1, flopsPerSecond: 1, distribution: deterministic(4) }),
      transferStage({ linkName: "l", bits: 1, link: constantRateLink(1) }),
    ]);
    // O/f = 1 s but the law says 4 s: 0.5 s slots serve 1/8 request; the transfer 1/2.
    expect(scenarioService(p, { lambda: 0.1, slotSeconds: 0.5 }).stages.map((x) => x.meanPerSlot)).toEqual([0.125, 0.5]);
  });
});

describe("work limits: the slotted bound's and the simulator's, refused under the caller's name", () => {
  // One constant-rate stage: its bound is a closed form, O(1) at any deadline.
  const one = pipeline("one", [computeStage({ node: "n", flops: 1, flopsPerSecond: 2 })]);
  const load = { lambda: 1, slotSeconds: 0.1 };
  it("a closed-form stage takes any deadline that is a whole number of slots", () => {
    const far = violationBound(one, load, 1e6, F);
    expect(far.slots).toBe(1e7);
    expect(far.bound).toEqual(delayBound(poissonArrivals(0.1), pipelineService(one, { slotSeconds: 0.1 }), 1e7));
  });
  it("a tandem's bound refuses a deadline beyond its work limit, saying so (a larger Δ is the way out)", () => {
    expect(() => violationBound(collaborative, { ...s, slotSeconds: 1e-9 }, 6, F)).toThrow(/^violationBound: delaySlots must be at most \d+ slots for this 3-stage tandem \(work limit/);
    expect(violationBound(collaborative, s, 6, F).slots).toBe(60);
  });
  it("the simulator's memory limit on the deadline, under simulateDelays", async () => {
    await expect(simulateDelays(one, load, { ...F, deadlines: [1e7], slots: 1000 })).rejects.toThrow(/^simulateDelays: delays\[0\] must be at most \d+ slots/);
  });
});

describe("the request model (the default): response time of an atomic request, seconds, no slots", () => {
  const lambda = s.lambda;
  it("violationBound is responseTimeBound at the deadline itself, labelled with its model, route and exactness", () => {
    for (const d of [0.65, 4, 6]) {
      const v = violationBound(collaborative, s, d);
      const ref = responseTimeBound(collaborative, { lambda }, d);
      expect(v.model).toBe("request");
      expect(v.deadlineSeconds).toBe(d);
      expect(v.evaluatedSeconds).toBe(d);
      expect(v.probability).toBe(ref.probability);
      expect(v.exact).toBe(ref.exact);
      expect(v.method).toBe(ref.method);
      expect(v.stable).toBe(true);
      expect(v.bound).toEqual(ref);
      expect("slots" in v).toBe(false);
    }
    expect(violationBoundCurve(collaborative, s, [6, 4]).map((v) => v.probability)).toEqual([6, 4].map((d) => responseTimeBound(collaborative, { lambda }, d).probability));
  });
  it("violationQuantile is responseTimeQuantile; its probability is the value at that delay, ≤ ε", () => {
    const q = violationQuantile(edgeOnly, s, 1e-3);
    const ref = responseTimeQuantile(edgeOnly, { lambda }, 1e-3);
    expect(q.model).toBe("request");
    expect(q.seconds).toBe(ref.seconds);
    expect(q.quantile).toEqual(ref);
    expect(q.method).toBe(ref.method);
    expect(q.probability).toBeLessThanOrEqual(1e-3);
    expect(q.probability).toBe(responseTimeBound(edgeOnly, { lambda }, q.seconds).probability);
  });
  it("an exact case says so: one shared deterministic stage is M/D/1", () => {
    const one = pipeline("one", [computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e12 })]);
    const v = violationBound(one, { lambda: 0.5 }, 3);
    expect(v.exact).toBe(true);
    expect(v.method).toBe("exact");
    // M/D/1 at ρ = 0.5: P(T > 3) = P(W > 2) = 0.05304 (the requests suite's mpmath reference).
    expect(v.probability).toBeCloseTo(0.05304, 4);
  });
  it("an unstable pipeline is a result: probability 1, quantile Infinity", () => {
    expect(violationBound(paradigms(s.params).terminalOnly, s, 3)).toMatchObject({ model: "request", stable: false, probability: 1, method: "unstable" });
    expect(violationQuantile(paradigms(s.params).terminalOnly, s, 1e-3)).toMatchObject({ stable: false, seconds: Infinity, probability: 1 });
  });
  it("needs no slot length; the fluid model names the missing one", () => {
    const load = { lambda };
    expect(violationBound(collaborative, load, 6).probability).toBe(violationBound(collaborative, s, 6).probability);
    expect(() => violationBound(collaborative, load, 6, F)).toThrow(
      new RangeError('violationBound: scenario.slotSeconds must be a slot length Δ > 0 in seconds (the "fluid" delay model requires it), got undefined'),
    );
    expect(() => violationQuantile(collaborative, load, 1e-3, F)).toThrow(/^violationQuantile: scenario\.slotSeconds must be a slot length Δ > 0/);
  });
  it("refuses λ = 0 and the other model's options by name", async () => {
    expect(() => violationBound(collaborative, { lambda: 0 }, 6)).toThrow(/^violationBound: scenario\.lambda must be a number > 0 in the "request" delay model/);
    expect(() => violationBound(collaborative, s, 6, { form: "paper" })).toThrow(
      new RangeError('violationBound: opts.form must be omitted in the "request" delay model (it applies to model "fluid"), got "paper"'),
    );
    expect(() => violationQuantile(collaborative, s, 1e-3, { floor: true })).toThrow(/^violationQuantile: opts\.floor must be omitted in the "request" delay model/);
    await expect(simulateDelays(collaborative, s, { deadlines: [1], slots: 1000 })).rejects.toThrow(/^simulateDelays: opts\.slots must be omitted in the "request" delay model/);
    await expect(simulateDelays(collaborative, s, { ...F, deadlines: [1], requests: 1000 })).rejects.toThrow(/^simulateDelays: opts\.requests must be omitted in the "fluid" delay model/);
  });
  it("simulateDelays runs simulateRequests at the deadlines (same seed, same numbers), with quantiles", async () => {
    const o = { requests: 50_000, seed: 3 };
    const sim = await simulateDelays(collaborative, s, { ...o, deadlines: [4, 2], quantiles: [1e-2] });
    const ref = await simulateRequests({ pipeline: collaborative, lambda, ...o, times: [4, 2], quantiles: [1e-2] });
    expect(sim.model).toBe("request");
    expect(sim.endToEnd.map((e) => e.deadlineSeconds)).toEqual([4, 2]);
    expect(sim.endToEnd.map((e) => e.evaluatedSeconds)).toEqual([4, 2]);
    expect(sim.endToEnd.map((e) => [e.value, e.lower, e.upper])).toEqual(ref.endToEnd.tails.map((e) => [e.value, e.lower, e.upper]));
    expect(sim.quantiles).toEqual(ref.endToEnd.quantiles);
    expect(sim.run.requests).toBe(50_000);
  });
  it("the exact M/D/1 tail lies inside the simulation's 99 % interval (seeded)", async () => {
    const one = pipeline("one", [computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e12 })]);
    const load = { lambda: 0.5 };
    const ds = [1.5, 3];
    const sim = await simulateDelays(one, load, { deadlines: ds, requests: 400_000, seed: 5, confidence: 0.99 });
    const exact = violationBoundCurve(one, load, ds);
    sim.endToEnd.forEach((e, i) => {
      expect(exact[i].exact).toBe(true);
      expect(exact[i].probability, `t = ${ds[i]} s`).toBeGreaterThanOrEqual(e.lower);
      expect(exact[i].probability, `t = ${ds[i]} s`).toBeLessThanOrEqual(e.upper);
    });
  });
});
