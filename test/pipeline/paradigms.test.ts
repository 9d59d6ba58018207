import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  collaborativeBeatsEdgeOnly,
  collaborativeBeatsTerminalOnly,
  constantRateLink,
  paperScenario,
  edgeWinsScenario,
  paradigmLatencies,
  paradigms,
  savings,
  serviceDistribution,
  type ParadigmParams,
} from "../../src/pipeline/index.js";
import { paramsArb } from "./arbitraries.js";

/** Independent recomputation of Table 2 from docs/model.md §5 (direct sums, not the library). */
function table2(p: ParadigmParams) {
  const R = p.meanRate!;
  const all = p.encoderFlops + p.decoderFlops + p.priorStepFlops * p.priorSteps + p.decoderStepFlops * p.decoderSteps;
  return {
    split: (p.encoderFlops + p.priorStepFlops * p.priorSteps) / p.edgeFlops + (p.decoderFlops + p.decoderStepFlops * p.decoderSteps) / p.terminalFlops + p.latentBits / R,
    edge: all / p.edgeFlops + p.imageBits / R,
    term: all / p.terminalFlops,
  };
}

describe("Table 2 latencies", () => {
  it("the paper scenario matches docs/model.md §8 (T_split ≈ 1.07, T_edge ≈ 1.12, T_term ≈ 2.39 s)", () => {
    const t = paradigmLatencies(paperScenario.params);
    expect(t.collaborative.total).toBeCloseTo(1.07, 2);
    expect(t.edgeOnly.total).toBeCloseTo(1.12, 2);
    expect(t.terminalOnly.total).toBeCloseTo(2.39, 2);
    expect(collaborativeBeatsEdgeOnly(paperScenario.params).holds).toBe(true);
    expect(collaborativeBeatsTerminalOnly(paperScenario.params).holds).toBe(true);
  });
  it("edge-only wins with PL = 100 dB and f_UE = 35 TFLOP/s (docs/model.md §8)", () => {
    const t = paradigmLatencies(edgeWinsScenario.params);
    expect(t.edgeOnly.total).toBeLessThan(t.collaborative.total);
    expect(t.edgeOnly.total).toBeLessThan(t.terminalOnly.total);
    expect(collaborativeBeatsEdgeOnly(edgeWinsScenario.params).holds).toBe(false);
  });
  it("agrees with an independent recomputation everywhere (fast-check)", () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const t = paradigmLatencies(p);
        const r = table2(p);
        for (const [got, want] of [[t.collaborative.total, r.split], [t.edgeOnly.total, r.edge], [t.terminalOnly.total, r.term]]) {
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-13 * Math.max(want, 1e-300));
        }
      }),
      { numRuns: 500 },
    );
  });
  it("the M/G/1 service law of a paradigm has the Table 2 latency as its mean", () => {
    const p = paradigms(paperScenario.params);
    const t = paradigmLatencies(paperScenario.params);
    expect(serviceDistribution(p.collaborative).mean).toBeCloseTo(t.collaborative.total, 14);
    expect(serviceDistribution(p.collaborative).variance).toBe(0);
    const v = paradigms({ ...paperScenario.params, terminalScv: 4 });
    const st = v.collaborative.stages[2] as any;
    // Variance scv·mean² added by the terminal stage only.
    expect(serviceDistribution(v.collaborative).variance).toBeCloseTo(4 * (st.flops / st.flopsPerSecond) ** 2, 12);
  });
});

describe("(13) ⇔ T_split < T_edge and (14) ⇔ T_split < T_term", () => {
  // The inequalities and the totals are computed by the same latency function but summed
  // in a different order, so at an exact tie (|T_split − T_edge| within a few ulps) the two
  // floating-point comparisons may legitimately differ; everywhere else they must agree.
  const tie = (a: number, b: number) => Math.abs(a - b) <= 8 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
  it("agree on random parameter sets", () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const t = paradigmLatencies(p);
        if (!tie(t.collaborative.total, t.edgeOnly.total)) {
          expect(collaborativeBeatsEdgeOnly(p).holds).toBe(t.collaborative.total < t.edgeOnly.total);
        }
        if (!tie(t.collaborative.total, t.terminalOnly.total)) {
          expect(collaborativeBeatsTerminalOnly(p).holds).toBe(t.collaborative.total < t.terminalOnly.total);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it("agree near the boundary (rate chosen so that (13) is nearly tight)", () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0.5, max: 2, noNaN: true }), (p, k) => {
        const gap = (p.decoderFlops + p.decoderStepFlops * p.decoderSteps) * (1 / p.terminalFlops - 1 / p.edgeFlops);
        const rate = ((p.imageBits - p.latentBits) / gap) * k;
        fc.pre(gap > 0 && p.imageBits > p.latentBits && Number.isFinite(rate) && rate > 0);
        const q = { ...p, meanRate: rate };
        const t = paradigmLatencies(q);
        if (!tie(t.collaborative.total, t.edgeOnly.total)) expect(collaborativeBeatsEdgeOnly(q).holds).toBe(t.collaborative.total < t.edgeOnly.total);
      }),
      { numRuns: 1000 },
    );
  });
  it("η_T < 1 whenever T_split > 0, and η_J ∈ [0, 1] when J_dl ≤ J_img", () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const s = savings(p);
        const t = paradigmLatencies(p);
        // η_T = 1 − T_split/T_edge: strictly below 1 once T_split/T_edge exceeds half an ulp of 1.
        expect(s.etaT).toBeLessThanOrEqual(1);
        if (t.collaborative.total > Number.EPSILON * t.edgeOnly.total) expect(s.etaT).toBeLessThan(1);
        if (p.latentBits <= p.imageBits && p.imageBits > 0) {
          expect(s.etaJ).toBeGreaterThanOrEqual(0);
          expect(s.etaJ).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
  it("gives LaTeX from mathjs with subscripts, not escaped underscores", () => {
    const c = collaborativeBeatsEdgeOnly(paperScenario.params);
    expect(c.tex).toContain("J_{\\mathrm{img}}");
    expect(c.tex).not.toContain("\\_");
    expect(c.texNumeric).toMatch(/>/);
  });
});

describe("bad input", () => {
  const base = { ...paperScenario.params };
  const cases: [Partial<Record<keyof ParadigmParams, unknown>>, RegExp][] = [
    [{ edgeFlops: -1 }, /paradigms: params.edgeFlops must be a finite number > 0, got -1/],
    [{ terminalFlops: NaN }, /paradigms: params.terminalFlops .* got NaN/],
    [{ priorSteps: 2.5 }, /paradigms: params.priorSteps must be a non-negative integer, got 2.5/],
    [{ latentBits: -5 }, /paradigms: params.latentBits .* got -5/],
    [{ link: undefined, meanRate: 0 }, /paradigms: params.meanRate .* got 0/],
    [{ terminalScv: -1 }, /paradigms: params.terminalScv .* got -1/],
    [{ terminalResource: "gpu" }, /^paradigms: params\.terminalResource must be "shared" or "dedicated", got "gpu"$/],
  ];
  for (const [patch, re] of cases) {
    it(String(re), () => expect(() => paradigms({ ...base, ...patch } as ParadigmParams)).toThrow(re));
  }
  it("constantRateLink rejects a zero rate", () => expect(() => constantRateLink(0)).toThrow(/constantRateLink: bitsPerSecond .* got 0/));
});
