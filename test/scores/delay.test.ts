import { describe, expect, test } from "vitest";
import { paradigms, type ParadigmParams } from "../../src/pipeline/paradigms.js";
import { designMetrics, scoreParadigms, sncDelayEngine } from "../../src/scores/index.js";
import { expectClose, fixtures } from "./helpers.js";

const params = fixtures.sncTerminalOnly.params as unknown as ParadigmParams;
// scipy's bounded minimiser stops at xatol 1e-12 in θ; the optimum is flat there, so the
// bound agrees to ~1e-10 relative and the quantile likewise.
const TOL = { rel: 1e-8, abs: 0 };

describe("sncDelayEngine", () => {
  for (const c of fixtures.sncTerminalOnly.cases) {
    test(`terminal-only (one fluid stage) vs scipy: λ=${c.lambda}, Δ=${c.slotSeconds}, deadline ${c.deadline}, ε=${c.epsilon}`, () => {
      const engine = sncDelayEngine({ slotSeconds: c.slotSeconds, deadline: c.deadline, epsilon: c.epsilon, model: "fluid" });
      const d = engine(paradigms(params).terminalOnly, c.lambda);
      expect(d.deadline).toBe(c.deadline);
      expectClose("P(D > deadline)", [d.violationProbability ?? NaN], [c.violationProbability], TOL, c);
      expectClose("d(ε) seconds", [d.delayQuantile ?? NaN], [c.delayQuantileSeconds], TOL, c);
    });
  }

  test("the bound is non-increasing in the deadline and non-decreasing in λ (tandem)", () => {
    const p = paradigms(params).collaborative;
    const at = (lambda: number, deadline: number) =>
      sncDelayEngine({ slotSeconds: 0.1, deadline, model: "fluid" })(p, lambda).violationProbability ?? NaN;
    let prev = Infinity;
    for (const T of [1, 2, 3, 5, 8]) {
      const v = at(0.3, T);
      expect(v).toBeLessThanOrEqual(prev);
      prev = v;
    }
    expect(at(0.2, 4)).toBeLessThanOrEqual(at(0.3, 4));
    expect(at(0.3, 4)).toBeLessThanOrEqual(at(0.4, 4));
  });

  test("an unstable pipeline is a result: probability 1, quantile Infinity", () => {
    for (const model of ["request", "fluid"] as const) {
      const d = designMetrics(paradigms(params).terminalOnly, {
        lambda: 0.5,
        delayEngine: sncDelayEngine({ slotSeconds: 0.1, deadline: 5, epsilon: 1e-3, model }),
      });
      expect(d.latency.delay).toEqual({ model, deadline: 5, violationProbability: 1, epsilon: 1e-3, delayQuantile: Infinity });
    }
  });

  test("scoreParadigms builds the engine from deadline and the scenario's slot", () => {
    const s = scoreParadigms({ params, lambda: 0.3, slotSeconds: 0.1 }, { preset: "realTime", deadline: 5, robustness: false, model: "fluid" });
    expect(s.criteria.map((c) => c.name)).toContain("reliability");
    const direct = sncDelayEngine({ slotSeconds: 0.1, deadline: 5, model: "fluid" })(paradigms(params).collaborative, 0.3).violationProbability;
    expect(s.alternatives[0].metrics.latency.delay?.violationProbability).toBe(direct);
    expect(s.alternatives[0].metrics.latency.delay?.model).toBe("fluid");
    expect(() => scoreParadigms({ params, lambda: 0.3 }, { deadline: 5, model: "fluid" })).toThrow(
      new RangeError('scoreParadigms: scenario.slotSeconds must be a slot length in s > 0 (needed by the "fluid" delay model), got undefined'),
    );
  });

  test("the reliability criterion is in the request model by default (no slot needed), labelled", () => {
    const s = scoreParadigms({ params, lambda: 0.3 }, { preset: "realTime", deadline: 5, robustness: false });
    const direct = sncDelayEngine({ deadline: 5 })(s.alternatives[0].pipeline, 0.3);
    expect(direct.model).toBe("request");
    expect(s.alternatives[0].metrics.latency.delay).toEqual(direct);
    // The request model's value is the response time's (exact or a valid bound): not the fluid one.
    const fluid = sncDelayEngine({ deadline: 5, slotSeconds: 0.1, model: "fluid" })(s.alternatives[0].pipeline, 0.3);
    expect(direct.violationProbability).not.toBe(fluid.violationProbability);
    expect(() => sncDelayEngine({ deadline: 5, form: "paper" })).toThrow(
      new RangeError('sncDelayEngine: form must be omitted in the "request" delay model (it applies to model "fluid"), got "paper"'),
    );
    expect(() => sncDelayEngine({ deadline: 5, model: "fluid" })).toThrow(/^sncDelayEngine: slotSeconds must be a slot length Δ > 0/);
    expect(() => sncDelayEngine({ deadline: 5, model: "slotted" as never })).toThrow(new RangeError('sncDelayEngine: model must be "request" or "fluid", got "slotted"'));
  });

  test("bad options", () => {
    expect(() => sncDelayEngine({ slotSeconds: 0 })).toThrow(new RangeError("sncDelayEngine: slotSeconds must be a finite number > 0, got 0"));
    expect(() => sncDelayEngine({ slotSeconds: 0.1, epsilon: 1 })).toThrow(new RangeError("sncDelayEngine: epsilon must be in (0, 1), got 1"));
    expect(() => sncDelayEngine({ slotSeconds: 0.1 })).toThrow(/sncDelayEngine: options must be given a deadline or an epsilon/);
  });

  test("latency measured by the SNC quantile; an alternative without a finite value is infeasible", () => {
    const sc = { params, lambda: 0.3, slotSeconds: 0.1 };
    const s = scoreParadigms(sc, { epsilon: 1e-3, latency: "quantile", robustness: false, model: "fluid" });
    const j = s.criteria.findIndex((c) => c.name === "latency");
    s.rows.forEach((i, k) => expect(s.matrix[k][j]).toBe(s.alternatives[i].metrics.latency.delay?.delayQuantile));
    const inf = scoreParadigms(sc, { delayEngine: (p) => ({ epsilon: 1e-3, delayQuantile: p.name === "edge-only" ? Infinity : 3 }), latency: "quantile", robustness: false });
    expect(inf.alternatives[1].feasible).toBe(false);
    expect(inf.alternatives[1].infeasibleReason).toBe("no finite latency");
    expect(inf.alternatives[1].score).toBe(0);
    expect(inf.ranking[inf.ranking.length - 1]).toBe(1);
    expect(() => scoreParadigms(sc, { latency: "quantile" })).toThrow(/scoreParadigms: latency must be "sojourn" or "service" unless epsilon or a delayEngine gives a quantile, got "quantile"/);
    const svc = scoreParadigms(sc, { latency: "service", robustness: false });
    expect(svc.matrix[0][0]).toBe(svc.alternatives[0].metrics.latency.meanService);
  });
});
