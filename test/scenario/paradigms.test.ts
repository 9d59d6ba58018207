import { describe, expect, it } from "vitest";
import { compareParadigms } from "../../src/compare/index.js";
import { PARADIGM_KEYS, paperScenario, paradigmLatencies, paradigms } from "../../src/pipeline/index.js";
import {
  meanLatency,
  paradigmMeanLatencies,
  paradigmMg1,
  paradigmQuantiles,
  paradigmViolations,
  perParadigm,
  quantileDeadline,
  violationBound,
  violationQuantile,
} from "../../src/scenario/index.js";

const s = paperScenario;
const ps = paradigms(s.params);

describe("per-paradigm analyses", () => {
  it("perParadigm visits the three pipelines in PARADIGM_KEYS order, frozen", () => {
    const seen: string[] = [];
    const r = perParadigm(s, (p, k) => (seen.push(k), p.name));
    expect(seen).toEqual([...PARADIGM_KEYS]);
    expect(r).toEqual({ collaborative: ps.collaborative.name, edgeOnly: ps.edgeOnly.name, terminalOnly: ps.terminalOnly.name });
    expect(Object.isFrozen(r)).toBe(true);
  });
  it("mean latencies are Table 2's; M/G/1 is compareParadigms' queue", () => {
    const t = paradigmLatencies(s.params);
    const lat = paradigmMeanLatencies(s);
    const q = paradigmMg1(s);
    const c = compareParadigms(s.params, s.lambda);
    for (const k of PARADIGM_KEYS) {
      expect(lat[k]).toBe(meanLatency(ps[k]));
      expect(Math.abs(lat[k] - t[k].total)).toBeLessThanOrEqual(1e-15 * t[k].total);
      expect(q[k].rho).toBe(c.paradigms[k].rho);
      expect(q[k].meanSojourn).toBe(c.paradigms[k].meanSojourn);
    }
  });
  it("violations and quantiles are the pipeline-level analyses, per paradigm", () => {
    const v = paradigmViolations(s, 6, { model: "fluid", form: "paper" });
    const q = paradigmQuantiles(s, 1e-3, { model: "fluid" });
    const r = paradigmQuantiles(s, 1e-3);
    for (const k of PARADIGM_KEYS) {
      expect(v[k]).toEqual(violationBound(ps[k], s, 6, { model: "fluid", form: "paper" }));
      expect(q[k]).toEqual(violationQuantile(ps[k], s, 1e-3, { model: "fluid" }));
      expect(r[k]).toEqual(violationQuantile(ps[k], s, 1e-3));
      expect(r[k].model).toBe("request");
    }
    expect(v.terminalOnly.stable).toBe(false); // ρ = 1.2 at λ = 0.5: a result
  });
  it("argument errors name the function called", () => {
    expect(() => paradigmViolations({ ...s, lambda: -1 }, 6)).toThrow(new RangeError("paradigmViolations: scenario.lambda must be a finite number ≥ 0, got -1"));
    expect(() => paradigmQuantiles(s, 0)).toThrow(new RangeError("paradigmQuantiles: epsilon must be in (0, 1), got 0"));
    expect(() => paradigmMg1({ ...s, params: { ...s.params, edgeFlops: -1 } })).toThrow(/^paradigmMg1: params\.edgeFlops must be a finite number > 0, got -1$/);
    expect(() => perParadigm(s, 3 as never)).toThrow(TypeError);
  });
});

describe("quantileDeadline", () => {
  it("is the best paradigm's delay quantile at ε, seconds", () => {
    for (const model of ["request", "fluid"] as const) {
      const q = paradigmQuantiles(s, 1e-6, { model });
      const best = Math.min(...PARADIGM_KEYS.filter((k) => q[k].stable).map((k) => q[k].seconds));
      expect(quantileDeadline(s, 1e-6, { model })).toBe(best);
    }
    expect(quantileDeadline(s, 1e-6)).toBe(quantileDeadline(s, 1e-6, { model: "request" }));
  });
  it("falls back to twice the smallest mean latency when no paradigm is stable", () => {
    const jammed = { ...s, lambda: 50 };
    expect(Object.values(paradigmQuantiles(jammed, 1e-3)).every((x) => !x.stable)).toBe(true);
    expect(quantileDeadline(jammed, 1e-3)).toBe(2 * Math.min(...Object.values(paradigmMeanLatencies(jammed))));
  });
  it("names itself in errors", () => {
    expect(() => quantileDeadline(s, 2)).toThrow(new RangeError("quantileDeadline: epsilon must be in (0, 1), got 2"));
    expect(() => quantileDeadline({ ...s, slotSeconds: 0 }, 1e-3, { model: "fluid" })).toThrow(/^quantileDeadline: scenario\.slotSeconds must be a finite number > 0, got 0$/);
    expect(() => quantileDeadline({ lambda: s.lambda, params: s.params }, 1e-3, { model: "fluid" })).toThrow(/^quantileDeadline: scenario\.slotSeconds must be a slot length Δ > 0/);
    expect(() => quantileDeadline(s, 1e-3, { model: "virtual" as never })).toThrow(new RangeError('quantileDeadline: opts.model must be "request" or "fluid", got "virtual"'));
  });
});
