import { describe, expect, test } from "vitest";
import { designMetrics, illustrativeQuality, scoreParadigms, type DelayEngine } from "../../src/scores/index.js";
import { computeStage, constantRateLink, pipeline, transferStage } from "../../src/pipeline/stages.js";
import type { ParadigmParams } from "../../src/pipeline/paradigms.js";
import { expectClose, fixtures } from "./helpers.js";

// Metrics are sums and one P-K formula: a few ulps. Scores go through min-max differences.
const TOL_METRIC = { rel: 1e-13, abs: 0 };
const TOL_SCORE = { rel: 1e-12, abs: 1e-15 };

describe("scoreParadigms against the numpy end-to-end computation", () => {
  for (const c of fixtures.paradigms) {
    test(c.name, () => {
      const scenario = { params: c.params as unknown as ParadigmParams, lambda: c.lambda };
      const s = scoreParadigms(scenario, {
        preset: c.preset,
        splits: c.splits.map(([priorSteps, decoderSteps]) => ({ priorSteps, decoderSteps })),
        txPowerW: c.txPowerW,
        robustness: false,
      });
      expect(s.criteria.map((x) => x.name)).toEqual(c.criteria);
      expectClose("weights", s.criteria.map((x) => x.weight), c.weights, { rel: 1e-15, abs: 1e-16 });
      expect(s.alternatives.length).toBe(c.alternatives.length);
      c.alternatives.forEach((e, i) => {
        const m = s.alternatives[i].metrics;
        const input = { case: c.name, alternative: i };
        expect(s.alternatives[i].paradigm).toBe(e.paradigm);
        expect(m.latency.stable).toBe(e.stable);
        expectClose(`alt ${i} E[S], rho, bits, energy, quality, terminal FLOPs`,
          [m.latency.meanService, m.latency.rho, m.bandwidthBits, m.energy.total, m.quality ?? NaN, m.computeFlops.terminal ?? 0],
          [e.meanService, e.rho, e.bandwidthBits, e.energy, e.quality, e.compute], TOL_METRIC, input);
        expect(m.storageBytes.terminal).toBe(e.storage);
        if (e.meanSojourn === null) expect(m.latency.meanSojourn).toBe(Infinity);
        else expectClose(`alt ${i} E[T]`, [m.latency.meanSojourn], [e.meanSojourn], TOL_METRIC, input);
        expect(m.energy.missing).toEqual([]);
      });
      expectClose("scores of the stable alternatives", s.rows.map((i) => s.alternatives[i].score), c.scores, TOL_SCORE, c);
      // Unstable alternatives are infeasible: score 0, ranked after every stable one.
      const unstable = c.alternatives.map((a, i) => (a.stable ? -1 : i)).filter((i) => i >= 0);
      unstable.forEach((i) => {
        expect(s.alternatives[i].score).toBe(0);
        expect(s.alternatives[i].infeasibleReason).toBe("unstable (ρ ≥ 1)");
      });
      expect(s.ranking.slice(s.ranking.length - unstable.length)).toEqual(unstable);
    });
  }
});

const params: ParadigmParams = fixtures.paradigms[0].params as unknown as ParadigmParams;

describe("scoreParadigms behaviour", () => {
  test("a delay engine adds the reliability criterion (1 − violation probability)", () => {
    const engine: DelayEngine = (p) => ({ deadline: 3, violationProbability: p.name.startsWith("edge") ? 0.2 : 0.01 });
    const s = scoreParadigms({ params, lambda: 0.3 }, { preset: "realTime", delayEngine: engine, robustness: false });
    expect(s.criteria.map((c) => c.name)).toContain("reliability");
    const j = s.criteria.findIndex((c) => c.name === "reliability");
    expect(s.criteria[j].benefit).toBe(true);
    expect(s.matrix.map((r) => r[j])).toEqual([0.99, 0.8, 0.99]);
    expect(s.criteria.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 14);
  });

  test("presets move the winner: realTime favours a fast design, offline the energy-frugal one", () => {
    const scenario = { params, lambda: 0.3 };
    const rt = scoreParadigms(scenario, { preset: "realTime", robustness: false });
    const off = scoreParadigms(scenario, { preset: "offline", robustness: false });
    expect(rt.alternatives[rt.ranking[0]].paradigm).toBe("collaborative");
    expect(off.alternatives[off.ranking[0]].paradigm).toBe("terminalOnly");
  });

  test("user weights by name; unnamed criteria get 0; robustness maps back to alternatives", () => {
    const s = scoreParadigms({ params, lambda: 0.5 }, { weights: { latency: 0.7, energy: 0.3 }, robustness: { samples: 300, seed: 2 } });
    expect(s.criteria.filter((c) => c.weight > 0).map((c) => c.name)).toEqual(["latency", "energy"]);
    expect(s.robustness).not.toBeNull();
    const r = s.robustness!;
    expect(r.probabilityFirst.length).toBe(s.alternatives.length);
    expect(r.probabilityFirst[2]).toBe(0); // terminal-only is unstable at λ = 0.5
    expect(r.top).toBe(s.ranking[0]);
    expect(r.probabilityFirst.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  test("TOPSIS and other normalizations run end to end", () => {
    const s = scoreParadigms({ params, lambda: 0.3 }, { method: "topsis", normalization: "max", robustness: false });
    expect(s.result?.method).toBe("topsis");
    for (const a of s.alternatives) expect(a.score >= 0 && a.score <= 1).toBe(true);
  });

  test("bad input throws RangeError naming the parameter and value", () => {
    const sc = { params, lambda: 0.3 };
    expect(() => scoreParadigms(sc, { preset: "urgent" as never })).toThrow(
      new RangeError('scoreParadigms: preset must be one of "realTime", "offline", "balanced", got "urgent"'),
    );
    expect(() => scoreParadigms(sc, { weights: { latency: 0.5, reliability: 0.5 } })).toThrow(
      /scoreParadigms: weights\.reliability must be the weight of a criterion present \(latency, bandwidth, compute, storage, energy, quality\), got 0\.5/,
    );
    expect(() => scoreParadigms(sc, { weights: { latency: 1.5, energy: -0.5 } })).toThrow(
      new RangeError("scoreParadigms: weights.energy must be a finite number ≥ 0, got -0.5"),
    );
    expect(() => scoreParadigms(sc, { weights: { latency: 0.5 } })).toThrow(/scoreParadigms: weights must sum to 1/);
    expect(() => scoreParadigms(sc, { splits: [{ priorSteps: 2.5, decoderSteps: 1 }] })).toThrow(
      new RangeError("scoreParadigms: splits[0].priorSteps must be a non-negative integer, got 2.5"),
    );
    expect(() => scoreParadigms({ params, lambda: -1 })).toThrow(new RangeError("scoreParadigms: scenario.lambda must be a finite number ≥ 0, got -1"));
    expect(() => scoreParadigms({ params: { ...params, meanRate: -1 }, lambda: 0.3 })).toThrow(
      new RangeError("scoreParadigms: paradigms: params.meanRate must be a finite number > 0, got -1"),
    );
    expect(() => scoreParadigms({ params: NaN as never, lambda: 0.3 })).toThrow(new TypeError("scoreParadigms: scenario.params must be an object of paradigm parameters, got NaN"));
    expect(() => scoreParadigms(sc, { robustness: null as never })).toThrow(new TypeError("scoreParadigms: robustness must be an object, got null"));
    expect(() => scoreParadigms(sc, { quality: () => 2 })).toThrow(/scoreParadigms: quality\(.*\) must be a number in \[0, 1\], got 2/);
  });
});

describe("designMetrics", () => {
  const p = pipeline("split", [
    computeStage({ node: "edge", flops: 135.4e12, flopsPerSecond: 150e12, joulesPerFlop: 2.7e-12 }),
    transferStage({ linkName: "downlink", bits: 1.0486e6, link: constantRateLink(3.16e7), txPowerW: 1.26 }),
    computeStage({ node: "terminal", flops: 8.2154e12, flopsPerSecond: 60e12 }),
  ]);

  test("energy lists what it could not price instead of passing silently", () => {
    const m = designMetrics(p, { lambda: 0.5 });
    expect(m.energy.missing).toEqual(["terminal compute"]);
    const full = designMetrics(p, { lambda: 0.5, joulesPerFlop: { terminal: 2.5e-13 }, modelUpdateJoules: 0.5 });
    expect(full.energy.missing).toEqual([]);
    const expected = 1.26 * (1.0486e6 / 3.16e7) + 2.7e-12 * 135.4e12 + 2.5e-13 * 8.2154e12 + 0.5;
    expectClose("energy", [full.energy.total], [expected], { rel: 1e-14, abs: 0 });
    expect(full.energy.update).toBe(0.5);
  });

  test("per-node compute, bandwidth and storage", () => {
    const m = designMetrics(p, { modelBytes: { edge: 2.25e9, terminal: 9e9 } });
    expect(m.computeFlops).toEqual({ edge: 135.4e12, terminal: 8.2154e12 });
    expect(m.totalFlops).toBe(135.4e12 + 8.2154e12);
    expect(m.bandwidthBits).toBe(1.0486e6);
    expect(m.storageBytes).toEqual({ edge: 2.25e9, terminal: 9e9 });
  });

  test("λ = 0 gives sojourn = service; an unstable load is a result, not an error", () => {
    const idle = designMetrics(p);
    expect(idle.latency.meanSojourn).toBe(idle.latency.meanService);
    const over = designMetrics(p, { lambda: 2 });
    expect(over.latency.stable).toBe(false);
    expect(over.latency.meanSojourn).toBe(Infinity);
  });

  test("the delay engine's answer is checked and passed through", () => {
    const m = designMetrics(p, { lambda: 0.5, delayEngine: () => ({ epsilon: 1e-3, delayQuantile: 4.2 }) });
    expect(m.latency.delay).toEqual({ epsilon: 1e-3, delayQuantile: 4.2 });
    expect(() => designMetrics(p, { delayEngine: () => ({ violationProbability: 1.5 }) })).toThrow(
      new RangeError("designMetrics: delayEngine result.violationProbability must be a probability in [0, 1], got 1.5"),
    );
  });

  test("bad options throw naming the parameter", () => {
    const bad = { name: "x", stages: [{ kind: "transfer", name: "t", linkName: "l", bits: 1 }] } as never;
    expect(() => designMetrics(bad)).toThrow(new TypeError("designMetrics: pipeline.stages[0].link must be a link object, got undefined"));
    expect(() => designMetrics({ name: "x", stages: [{ ...p.stages[0], flopsPerSecond: 0 }] } as never)).toThrow(
      new RangeError("designMetrics: pipeline.stages[0].flopsPerSecond must be a finite number > 0, got 0"),
    );
    expect(() => designMetrics(p, { lambda: NaN })).toThrow(new RangeError("designMetrics: lambda must be a finite number ≥ 0, got NaN"));
    expect(() => designMetrics(p, { modelBytes: { edge: -1 } })).toThrow(new RangeError("designMetrics: modelBytes.edge must be a finite number ≥ 0, got -1"));
    expect(() => designMetrics(p, { quality: 1.2 })).toThrow(new RangeError("designMetrics: quality must be a probability in [0, 1], got 1.2"));
  });
});

describe("illustrativeQuality", () => {
  test("rises with either step count, saturates below 1, is 0 with no steps", () => {
    expect(illustrativeQuality({ priorSteps: 0, decoderSteps: 0 })).toBe(0);
    let prev = -1;
    for (let lp = 0; lp <= 60; lp += 5) {
      const q = illustrativeQuality({ priorSteps: lp, decoderSteps: 2 });
      expect(q).toBeGreaterThan(prev);
      expect(q).toBeLessThan(1);
      prev = q;
    }
    expect(() => illustrativeQuality({ priorSteps: -1, decoderSteps: 0 })).toThrow(
      new RangeError("illustrativeQuality: split.priorSteps must be a non-negative integer, got -1"),
    );
  });
});

describe("the paper scenario (Rayleigh downlink from the channel module)", () => {
  test("runs end to end; the link's own transmit power prices the airtime; terminal-only is infeasible at λ = 0.5", async () => {
    const { paperScenario } = await import("../../src/pipeline/index.js");
    const s = scoreParadigms(paperScenario, { preset: "realTime", deadline: 5, splits: [{ priorSteps: 10, decoderSteps: 2 }], robustness: { samples: 1000, seed: 4 } });
    expect(s.alternatives.map((a) => a.name)).toEqual(["collaborative", "edge-only", "terminal-only", "collaborative (L_prior=10, L_dec=2)"]);
    const link = paperScenario.params.link as unknown as { txPowerW: number; effectiveRate: number };
    expectClose("transmit energy, collaborative", [s.alternatives[0].metrics.energy.transmit], [(link.txPowerW * paperScenario.params.latentBits) / link.effectiveRate], { rel: 1e-14, abs: 0 });
    expect(s.alternatives[2].feasible).toBe(false);
    expect(s.ranking).toEqual([3, 0, 1, 2]);
    expect(s.criteria.map((c) => c.name)).toContain("reliability");
    expect(s.robustness?.probabilityFirst[2]).toBe(0);
  });
});
