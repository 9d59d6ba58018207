import { describe, expect, it } from "vitest";
import { deterministic, erlang, exponential } from "../../src/distributions/index.js";
import { checkArrivals } from "../../src/pipeline/arrivals.js";
import { MAX_MMPP_STATES, mmppRequests, onOffRequests, poissonRequests, renewalRequests } from "../../src/pipeline/index.js";

describe("request arrival processes", () => {
  it("Poisson and renewal carry their long-run rate", () => {
    expect(poissonRequests(0.5)).toEqual({ kind: "poisson", rate: 0.5 });
    expect(renewalRequests(deterministic(2)).rate).toBe(0.5);
    expect(renewalRequests(erlang(4, 0.25)).rate).toBe(4);
    expect(Object.isFrozen(renewalRequests(exponential(1)))).toBe(true);
  });
  it("MMPP: π solves πQ = 0 with Σπ = 1 (a 3-state chain), and the rate is Σ π_i λ_i", () => {
    const switching = [[0, 1, 0.5], [2, 0, 1], [0.25, 3, 0]];
    const m = mmppRequests({ rates: [5, 1, 0], switching });
    const pi = m.stationary;
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    for (let j = 0; j < 3; j++) {
      // (πQ)_j = Σ_{i≠j} π_i q_ij − π_j Σ_k q_jk
      const flow = pi.reduce((s, p, i) => s + (i === j ? 0 : p * switching[i][j]), 0) - pi[j] * switching[j].reduce((a, b) => a + b, 0);
      expect(Math.abs(flow)).toBeLessThan(1e-14);
    }
    expect(m.rate).toBeCloseTo(5 * pi[0] + pi[1], 14);
    expect(mmppRequests({ rates: [2, 0.2], switching: [[0, 1], [3, 0]] }).rate).toBeCloseTo(1.55, 15);
    expect(mmppRequests({ rates: [3], switching: [[0]] }).rate).toBe(3);
  });
  it("on–off is the two-state MMPP with rates [peak, 0]", () => {
    const m = onOffRequests({ peakRate: 2, meanOn: 5, meanOff: 15 });
    expect(m).toEqual({ kind: "mmpp", rate: m.rate, rates: [2, 0], switching: [[0, 0.2], [1 / 15, 0]], stationary: [0.25, 0.75] });
    expect(m.rate).toBeCloseTo(0.5, 15);
  });
  it("errors name the field, the constraint and the value", () => {
    expect(() => poissonRequests(0)).toThrow(/^poissonRequests: rate must be a finite number > 0, got 0$/);
    expect(() => renewalRequests(deterministic(0))).toThrow(/^renewalRequests: interarrival\.mean must be a finite number > 0, got 0$/);
    expect(() => renewalRequests({} as never)).toThrow(/^renewalRequests: interarrival must be an edgecalc distribution, got \{\}$/);
    expect(() => mmppRequests({ rates: [1, -1], switching: [[0, 1], [1, 0]] })).toThrow(/^mmppRequests: rates\[1\] must be a finite number ≥ 0, got -1$/);
    expect(() => mmppRequests({ rates: [0, 0], switching: [[0, 1], [1, 0]] })).toThrow(/^mmppRequests: rates must be rates whose long-run mean is a finite number > 0 \(not all 0\), got \[0, 0\]$/);
    expect(() => mmppRequests({ rates: [1, 0], switching: [[0, 1], [0, 0]] })).toThrow(/^mmppRequests: switching must be an irreducible chain/);
    expect(() => mmppRequests({ rates: [1, 0], switching: [[-1, 1], [1, 0]] })).toThrow(/^mmppRequests: switching\[0\]\[0\] must be a finite number ≥ 0, got -1$/);
    expect(() => mmppRequests({ rates: [1, 0], switching: [[2, 1], [1, 0]] })).toThrow(/^mmppRequests: switching\[0\]\[0\] must be 0 \(the rate of leaving a state is its row's sum\), got 2$/);
    expect(() => mmppRequests({ rates: [1, 0], switching: [[0, 1]] })).toThrow(/^mmppRequests: switching must be 2 rows \(one per state\)/);
    expect(() => mmppRequests({ rates: [1, 0], switching: [[0, 1], [1]] })).toThrow(/^mmppRequests: switching\[1\] must be a row of 2 rates, got \[1\]$/);
    const many = new Array(MAX_MMPP_STATES + 1).fill(1);
    expect(() => mmppRequests({ rates: many, switching: [] })).toThrow(/^mmppRequests: rates\.length must be at most 64 \(work limit: states ≤ 64: each simulated arrival costs O\(k\), a bound's Perron vector O\(k²\) per power step\), got 65$/);
    expect(() => onOffRequests({ peakRate: 1, meanOn: 0, meanOff: 1 })).toThrow(/^onOffRequests: meanOn must be a finite number > 0, got 0$/);
  });
  it("checkArrivals accepts hand-written plain forms and names the caller's parameter", () => {
    expect(checkArrivals("f", "arrivals", { kind: "poisson", rate: 2 })).toEqual({ kind: "poisson", rate: 2 });
    expect(checkArrivals("f", "arrivals", { kind: "mmpp", rates: [2, 0.2], switching: [[0, 1], [3, 0]] }).rate).toBeCloseTo(1.55, 15);
    expect(checkArrivals("f", "arrivals", onOffRequests({ peakRate: 2, meanOn: 5, meanOff: 15 }))).toEqual(onOffRequests({ peakRate: 2, meanOn: 5, meanOff: 15 }));
    expect(() => checkArrivals("f", "arrivals", { kind: "batch" })).toThrow(/^f: arrivals\.kind must be "poisson", "renewal" or "mmpp", got "batch"$/);
    expect(() => checkArrivals("f", "arrivals", { kind: "mmpp", rates: [1, NaN], switching: [[0, 1], [1, 0]] })).toThrow(/^f: arrivals\.rates\[1\] must be a finite number ≥ 0, got NaN$/);
    expect(() => checkArrivals("f", "arrivals", { kind: "renewal", interarrival: 3 })).toThrow(/^f: arrivals\.interarrival must be an edgecalc distribution, got 3$/);
    expect(() => checkArrivals("f", "arrivals", 3)).toThrow(TypeError);
  });
});

describe("checkArrivals: derived fields must match", () => {
  it("rejects a corrupted rate or stationary distribution, naming the field", () => {
    const on = onOffRequests({ peakRate: 2, meanOn: 5, meanOff: 15 });
    expect(() => checkArrivals("f", "arrivals", { ...on, rate: NaN })).toThrow(/^f: arrivals\.rate must be a finite number > 0, got NaN$/);
    expect(() => checkArrivals("f", "arrivals", { ...on, rate: 0.7 })).toThrow(/^f: arrivals\.rate must be the process's long-run rate 0\.(5|4999+)\d*, got 0\.7$/);
    expect(() => checkArrivals("f", "arrivals", { ...on, stationary: [0.5, 0.5] })).toThrow(/^f: arrivals\.stationary must be the chain's stationary distribution \[0\.25, 0\.75\], got \[0\.5, 0\.5\]$/);
    expect(() => checkArrivals("f", "arrivals", { ...renewalRequests(deterministic(2)), rate: 1 })).toThrow(/^f: arrivals\.rate must be the process's long-run rate 0\.5, got 1$/);
  });
});
