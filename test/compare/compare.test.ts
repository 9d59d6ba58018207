import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareParadigms, sojournWinnerSweep } from "../../src/compare/index.js";
import { paradigms } from "../../src/pipeline/index.js";
import { violationBound, violationQuantile } from "../../src/scenario/index.js";
import { paperScenario, paradigmLatencies } from "../../src/pipeline/index.js";
import { paramsArb } from "../pipeline/arbitraries.js";

describe("compareParadigms", () => {
  it("paper scenario at λ = 0.5: collaborative wins by latency and by M/D/1 sojourn", () => {
    const c = compareParadigms(paperScenario.params, 0.5, { tail: false });
    expect(c.winnerByLatency).toBe("collaborative");
    expect(c.winnerBySojourn).toBe("collaborative");
    const t = paradigmLatencies(paperScenario.params);
    // M/D/1: E[W] = λd²/(2(1 − λd)), computed here from docs/model.md §3 directly.
    for (const k of ["collaborative", "edgeOnly", "terminalOnly"] as const) {
      const d = t[k].total;
      const rho = 0.5 * d;
      const r = c.paradigms[k];
      expect(r.maxStableRate).toBeCloseTo(1 / d, 12);
      if (rho < 1) expect(Math.abs(r.meanWait - (0.5 * d * d) / (2 * (1 - rho))) / r.meanWait).toBeLessThan(1e-12);
      else expect(r.stable).toBe(false);
    }
    expect(c.paradigms.terminalOnly.stable).toBe(false); // ρ = 0.5 × 2.39 > 1
  });

  it("queueing changes the winner: a variable terminal loses to edge-only at λ = 0.5 with the same means", () => {
    const p = { ...paperScenario.params, terminalScv: 16 };
    const c = compareParadigms(p, 0.5, { tail: false });
    expect(c.winnerByLatency).toBe("collaborative");
    expect(c.beatsEdgeOnly.holds).toBe(true);
    expect(c.winnerBySojourn).toBe("edgeOnly");
    // …while at light load the split still wins.
    expect(compareParadigms(p, 0.1, { tail: false }).winnerBySojourn).toBe("collaborative");
  });

  it("with deterministic stages the M/G/1 winner is always the latency winner (E[T] increases with d)", () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0, max: 1, noNaN: true }), (p, u) => {
        const t = paradigmLatencies(p);
        // Every paradigm may be free (all work zero): then any rate is stable.
        const longest = Math.max(t.collaborative.total, t.edgeOnly.total, t.terminalOnly.total);
        const lambda = longest > 0 ? u / longest : u;
        const c = compareParadigms(p, lambda, { tail: false });
        expect(c.delay).toBe(null);
        if (c.winnerBySojourn !== null) {
          const best = c.paradigms[c.winnerBySojourn].latency;
          expect(best).toBeLessThanOrEqual(c.paradigms[c.winnerByLatency].latency * (1 + 1e-12));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("sweep covers (0, max stable rate) and rejects bad input", () => {
    const s = sojournWinnerSweep(paperScenario.params, 8);
    expect(s.length).toBe(8);
    expect(s.every((r) => r.lambda > 0)).toBe(true);
    expect(() => compareParadigms(paperScenario.params, -1)).toThrow(/compareParadigms: lambda .* got -1/);
  });
});

describe("compareParadigms: the delay tail, request-level by default, fluid on request, labelled", () => {
  const s = paperScenario;
  const ps = paradigms(s.params);
  it("request model (default): the scenario layer's quantiles and deadline values, and their winners", () => {
    const c = compareParadigms(s.params, s.lambda, { deadlineSeconds: 5 });
    const d = c.delay!;
    expect(d.model).toBe("request");
    expect(d.epsilon).toBe(1e-3);
    expect(d.deadlineSeconds).toBe(5);
    for (const k of ["collaborative", "edgeOnly", "terminalOnly"] as const) {
      expect(d.quantiles[k]).toEqual(violationQuantile(ps[k], s, 1e-3));
      expect(d.violations![k]).toEqual(violationBound(ps[k], s, 5));
      expect(d.quantiles[k].model).toBe("request");
    }
    // terminal-only is unstable at λ = 0.5 (ρ = 1.2): it cannot win.
    expect(d.quantiles.terminalOnly.seconds).toBe(Infinity);
    const finite = (["collaborative", "edgeOnly"] as const).map((k) => d.quantiles[k].seconds);
    expect(d.winnerByQuantile).toBe(finite[0] <= finite[1] ? "collaborative" : "edgeOnly");
    const pr = (["collaborative", "edgeOnly"] as const).map((k) => d.violations![k].probability);
    expect(d.winnerAtDeadline).toBe(pr[0] <= pr[1] ? "collaborative" : "edgeOnly");
  });
  it("fluid model: the paper's slotted bound, needing the slot length (named when missing)", () => {
    const c = compareParadigms(s.params, s.lambda, { model: "fluid", slotSeconds: s.slotSeconds, epsilon: 1e-4 });
    expect(c.delay!.model).toBe("fluid");
    expect(c.delay!.quantiles.collaborative).toEqual(violationQuantile(ps.collaborative, s, 1e-4, { model: "fluid" }));
    expect(c.delay!.violations).toBe(null);
    expect(c.delay!.winnerAtDeadline).toBe(null);
    expect(() => compareParadigms(s.params, s.lambda, { model: "fluid" })).toThrow(/^compareParadigms: opts\.slotSeconds must be a slot length Δ > 0 in seconds \(the "fluid" delay model requires it\), got undefined$/);
  });
  it("no tail at λ = 0 in the request model or with tail: false; bad options by name", () => {
    expect(compareParadigms(s.params, 0).delay).toBe(null);
    expect(compareParadigms(s.params, s.lambda, { tail: false }).delay).toBe(null);
    expect(() => compareParadigms(s.params, 0.5, { model: "virtual" as never })).toThrow(new RangeError('compareParadigms: opts.model must be "request" or "fluid", got "virtual"'));
    expect(() => compareParadigms(s.params, 0.5, { epsilon: 0 })).toThrow(new RangeError("compareParadigms: opts.epsilon must be in (0, 1), got 0"));
    expect(() => compareParadigms(s.params, 0.5, { deadlineSeconds: -1 })).toThrow(/^compareParadigms: opts\.deadlineSeconds must be a finite number ≥ 0, got -1$/);
  });
});

describe("robustness fuzz regressions", () => {
  const zero = { ...paperScenario.params, encoderFlops: 0, decoderFlops: 0, priorStepFlops: 0, decoderStepFlops: 0, imageBits: 0, latentBits: 0 };
  it("a zero-latency paradigm is valid input: the sweep spans a finite rate and that paradigm wins everywhere", () => {
    const rows = sojournWinnerSweep(zero, 5);
    expect(rows.length).toBe(5);
    for (const r of rows) {
      expect(Number.isFinite(r.lambda) && r.lambda > 0, `λ = ${r.lambda}`).toBe(true);
      expect(r.winner).toBe("collaborative"); // all three tie at sojourn 0; the first key wins ties
    }
    // Only the edge-only paradigm has zero latency: the grid spans the others' largest finite rate.
    const edgeFree = { ...paperScenario.params, encoderFlops: 0, decoderFlops: 0, priorStepFlops: 0, decoderStepFlops: 0, imageBits: 0 };
    const c = compareParadigms(edgeFree, 0);
    const finite = Object.values(c.paradigms).map((q) => q.maxStableRate).filter(Number.isFinite);
    const sweep = sojournWinnerSweep(edgeFree, 3);
    expect(sweep[2].lambda).toBeCloseTo((Math.max(...finite) * 3) / 4, 12);
  });
  it("parameter errors name compareParadigms / sojournWinnerSweep and the field", () => {
    expect(() => compareParadigms({ ...paperScenario.params, edgeFlops: NaN }, 1)).toThrow(/^compareParadigms: params\.edgeFlops must be a finite number > 0, got NaN$/);
    expect(() => sojournWinnerSweep({ ...paperScenario.params, imageBits: "1" as never })).toThrow(TypeError);
    expect(() => sojournWinnerSweep({ ...paperScenario.params, imageBits: "1" as never })).toThrow(/^sojournWinnerSweep: params\.imageBits/);
    expect(() => sojournWinnerSweep(paperScenario.params, 2.5)).toThrow(/^sojournWinnerSweep: points must be a positive integer, got 2\.5$/);
  });
});

describe("extremes (nightly fuzz findings)", () => {
  it("sojournWinnerSweep near the largest doubles: λ grid computed without overflow", () => {
    const p = { edgeFlops: 1e6, terminalFlops: 13828408.73, encoderFlops: 0, decoderFlops: 0, priorStepFlops: 0, decoderStepFlops: 1e-300, priorSteps: 0, decoderSteps: 1, imageBits: 0, latentBits: 1, meanRate: 1 };
    const s = sojournWinnerSweep(p, 13);
    expect(s.every((r) => Number.isFinite(r.lambda) && r.lambda > 0)).toBe(true);
  });
  it("compareParadigms with an overflowing service variance reports E[W] = Infinity, not NaN", () => {
    const c = compareParadigms({ ...paperScenario.params, terminalFlops: 1e13, terminalScv: 1e308 }, 1e-9);
    expect(c.paradigms.terminalOnly.meanWait).toBe(Infinity);
    expect(c.paradigms.terminalOnly.stable).toBe(true);
  });
});
