import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { erlang, exponential, gammaDistribution, hyperexponential } from "../../src/distributions/index.js";
import type { Distribution } from "../../src/distributions/index.js";
import { mg1 } from "../../src/queueing/index.js";
import { paperLikeScenario, edgeWinsLikeScenario } from "./scenarios.js";
import {
  arbDistribution,
  assertLaws,
  boundLaws,
  checkLaws,
  comparisonLaws,
  distributionLaws,
  formatLawReport,
  formatVerifyReport,
  verifyScenario,
} from "../../src/testing/index.js";

const failing = (r: { laws: readonly { name: string; holds: boolean }[] }) => r.laws.filter((l) => !l.holds).map((l) => l.name);

describe("distributionLaws", () => {
  it("hold for library distributions drawn by arbDistribution (hard regions included)", async () => {
    const ds = [...fc.sample(arbDistribution(), { numRuns: 12, seed: 7 }), ...fc.sample(arbDistribution({ hard: true }), { numRuns: 8, seed: 8 })];
    for (const d of ds) {
      const r = await checkLaws(distributionLaws(d, { samples: 4000 }), { numRuns: 25 });
      expect(failing(r), `${d.kind} ${JSON.stringify(d.params)}\n${formatLawReport(r)}`).toEqual([]);
    }
  });

  // Mutants: each breaks one law; the checker must name that law and only laws it implies.
  const mutant = (d: Distribution, patch: Partial<Distribution>): Distribution => Object.freeze({ ...d, ...patch });
  const e = exponential(2);
  it.each([
    ["logMgf(0) = 0", mutant(e, { logMgf: (t: number) => e.logMgf(t) + 1e-6 })],
    ["logMgf′(0) = mean and logMgf″(0) = variance", mutant(e, { variance: 4.1 })],
    ["sampler matches mean and variance", mutant(e, { sample: (u: () => number) => 1.1 * e.sample(u) })],
    ["lst(s) = exp(logMgf(−s))", mutant(e, { lst: (s: number) => 1 / (1 + 2.001 * s) })],
    ["logMgf is convex", mutant(e, { logMgf: (t: number) => (t > 0 ? e.logMgf(t) - 10 * t * t : e.logMgf(t)) })],
  ])("catch a broken law: %s", async (law, d) => {
    const r = await checkLaws(distributionLaws(d, { samples: 20000 }), { numRuns: 200 });
    const bad = failing(r);
    expect(bad.some((n) => n.startsWith(law)), formatLawReport(r)).toBe(true);
    const cex = r.laws.find((l) => l.name.startsWith(law))!.counterexample!;
    expect(cex).toMatch(/exponential/);
  });

  it("assertLaws resolves for a correct law set and throws the formatted report otherwise", async () => {
    await expect(assertLaws(distributionLaws(erlang(3, 1), { samples: 2000 }), { numRuns: 20 })).resolves.toSatisfy((r: { laws: { holds: boolean }[] }) => r.laws.length > 0 && r.laws.every((l) => l.holds));
    await expect(assertLaws(distributionLaws(Object.freeze({ ...gammaDistribution(2, 1), mean: 1.5 }), { skipSampler: true }), { numRuns: 5 }))
      .rejects.toThrow(/✗ logMgf′\(0\) = mean/);
  });

  it("reject a non-distribution with a TypeError naming the parameter", () => {
    expect(() => distributionLaws({} as Distribution)).toThrow(/distributionLaws: d.logMgf must be a function/);
    expect(() => distributionLaws(exponential(1), { confidence: 1 })).toThrow(/distributionLaws: opts.confidence must be in \(0, 1\), got 1/);
  });
});

describe("boundLaws", () => {
  const mm1Tail = (t: number, l: number) => l * Math.exp(-(1 - l) * t);
  const S = hyperexponential([0.8, 0.2], [0.5, 3]);
  it("hold for the M/M/1 waiting-time tail and for mg1's M/H2/1 tail away from t → 0, λ → 0", async () => {
    expect(failing(await checkLaws(boundLaws({ bound: mm1Tail, deadlines: [0, 50], loads: [0.05, 0.95] })))).toEqual([]);
    const r = await checkLaws(boundLaws({ bound: (t, l) => mg1(l, S).waitTail(t), deadlines: [1e-3, 100], loads: [1e-3, 0.9], tolerance: 1e-6 }), { numRuns: 40 });
    expect(failing(r), formatLawReport(r)).toEqual([]);
  });
  // Loads down to subnormal λ: below ρ = 1e-11 mg1 uses the first-order Pollaczek–Khintchine
  // term ρ(1 − ρ)E[(S − t)⁺]/E[S], monotone to the last bit (Euler inversion's absolute noise
  // made the tail rise from 0 to 1e-323 between t = 78 and t = 100 at λ = 3.6e-312).
  it("mg1 tails with a tiny λ (down to subnormal) are probabilities, monotone in t and in λ", async () => {
    await assertLaws(boundLaws({ bound: (t, l) => mg1(l, S).waitTail(t), deadlines: [0, 100], loads: [0, 0.9], tolerance: 1e-6 }), { numRuns: 40 });
    await assertLaws(boundLaws({ bound: (t, l) => mg1(l, S).waitTail(t), deadlines: [0, 100], loads: [0, 1e-9], tolerance: 1e-6 }), { numRuns: 200 });
  });
  it("catch a bound that grows with the deadline, one that falls with the load, and one below the simulation", async () => {
    const r1 = await checkLaws(boundLaws({ bound: (t, l) => Math.min(1, l * (1 + 0.01 * Math.sin(t))), deadlines: [0, 50], loads: [0.1, 0.9] }));
    expect(failing(r1)).toEqual(["bound is non-increasing in the deadline"]);
    const r2 = await checkLaws(boundLaws({ bound: (t, l) => (1 - l) * Math.exp(-t), deadlines: [0, 5], loads: [0.1, 0.9] }));
    expect(failing(r2)).toEqual(["bound is non-decreasing in the load"]);
    const r3 = await checkLaws(
      boundLaws({ bound: mm1Tail, deadlines: [0, 5], loads: [0.5, 0.9], simulate: (t, l) => { const p = 1.1 * mm1Tail(t, l); return { value: p, lower: p * 0.99, upper: p * 1.01 }; } }),
    );
    expect(failing(r3)).toEqual(["bound ≥ the simulation's upper confidence limit"]);
    expect(r3.laws[3].counterexample).toMatch(/< simulated upper limit/);
  });
});

describe("comparisonLaws", () => {
  it("hold for the library's (13), (14), weighted sum and TOPSIS", async () => {
    const r = await checkLaws(comparisonLaws(), { numRuns: 300 });
    expect(failing(r), formatLawReport(r)).toEqual([]);
  });
  it("catch a (13) written with the wrong sign and a ranker that prefers dominated designs", async () => {
    const r = await checkLaws(
      comparisonLaws({
        beatsEdgeOnly: (p) => ({ holds: (p.imageBits - p.latentBits) / p.meanRate! > (p.decoderFlops + p.decoderStepFlops * p.decoderSteps) * (1 / p.edgeFlops - 1 / p.terminalFlops) }),
        rankers: { worstFirst: (m, c) => m.map((_, i) => i).sort((a, b) => m[a].reduce((s, v, j) => s + (c[j].benefit ? v : -v) * c[j].weight, 0) - m[b].reduce((s, v, j) => s + (c[j].benefit ? v : -v) * c[j].weight, 0)) },
      }),
    );
    expect(failing(r)).toEqual(["(13) ⇔ T_split < T_edge", "worstFirst: a dominated design is never ranked first"]);
  });
});

describe("verifyScenario", () => {
  it("finds every law holding on the paper and edge-wins scenarios", async () => {
    for (const sc of [paperLikeScenario, edgeWinsLikeScenario]) {
      const report = await verifyScenario(sc, { numRuns: 30 });
      expect(failing(report), formatVerifyReport(report)).toEqual([]);
      expect(report.laws.length).toBeGreaterThan(20);
      expect(report.laws.some((l) => l.name.includes("SNC delay bound"))).toBe(true);
    }
  });
  it("runs on the paper preset with its Rayleigh downlink", async () => {
    const { paperScenario } = await import("../../src/pipeline/index.js");
    const report = await verifyScenario(paperScenario, { numRuns: 10 });
    expect(failing(report), formatVerifyReport(report)).toEqual([]);
  });
  it("formats a failing law with its counterexample", () => {
    const text = formatVerifyReport({ scenario: "x", laws: [{ name: "a", holds: true, runs: 3 }, { name: "b", holds: false, runs: 1, counterexample: "why\n    input: [1]" }] });
    expect(text).toBe('edgecalc verify — scenario "x"\n✓ a  (3 runs)\n✗ b  (1 run)\n    why\n    input: [1]\n1 of 2 laws hold');
  });
  it("rejects an invalid scenario naming the field", async () => {
    await expect(verifyScenario({ ...paperLikeScenario, lambda: -1 })).rejects.toThrow(/verifyScenario: scenario.lambda must be a finite number ≥ 0, got -1/);
    await expect(verifyScenario({ params: { ...paperLikeScenario.params, edgeFlops: NaN }, lambda: 1 })).rejects.toThrow(/params.edgeFlops/);
  });
});
