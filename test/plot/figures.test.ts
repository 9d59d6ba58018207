import { describe, expect, it } from "vitest";
import { compareParadigms, PARADIGM_KEYS } from "../../src/compare/index.js";
import { rayleighLink } from "../../src/channel/index.js";
import { collaborativeBeatsEdgeOnly, collaborativeBeatsTerminalOnly, edgeWinsScenario, paperScenario, paradigms, pipelineLatency } from "../../src/pipeline/index.js";
import {
  FIGURE_CATALOG,
  figureToCsv,
  figureToHtml,
  meanSojournFigure,
  paradigmBoundsFigure,
  qualityMapFigure,
  regionMapFigure,
  regionWinners,
  scoreBreakdownFigure,
  stageViolationFigure,
  type Figure,
} from "../../src/plot/index.js";
import { illustrativeQuality } from "../../src/scores/index.js";

/** Every trace's arrays are JSON-clean: numbers finite or null, no NaN (Plotly would draw junk). */
function expectClean(fig: Figure): void {
  const text = JSON.stringify({ data: fig.data, layout: fig.layout });
  expect(text.includes("NaN"), `${fig.id}: NaN in the figure JSON`).toBe(false);
  for (const t of fig.data) {
    for (const key of ["x", "y", "z"]) {
      const v = (t as Record<string, unknown>)[key];
      if (!Array.isArray(v)) continue;
      for (const e of v.flat(2)) expect(e === null || typeof e === "string" || Number.isFinite(e), `${fig.id}.${key} has ${e}`).toBe(true);
    }
  }
  expect(fig.table.rows.every((r) => r.length === fig.table.columns.length), `${fig.id}: ragged table`).toBe(true);
}

describe("figure builders", () => {
  it("mean sojourn: each curve stops below its stability limit 1/E[S] and increases in λ", () => {
    const fig = meanSojournFigure(paperScenario, { points: 400 });
    expectClean(fig);
    const c = compareParadigms(paperScenario.params, paperScenario.lambda);
    for (const k of PARADIGM_KEYS) {
      const limit = c.paradigms[k].maxStableRate;
      const mine = fig.table.rows.filter((r) => r[0] === (fig.data[PARADIGM_KEYS.indexOf(k)] as any).name);
      expect(mine.every((r) => (r[1] as number) < limit)).toBe(true);
      // E[T] is increasing in λ (Pollaczek–Khintchine).
      const ys = mine.map((r) => r[2] as number);
      for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThanOrEqual(ys[i - 1]);
    }
  });

  it("region map: the latency panel agrees with the paper's (13)/(14) at every cell", () => {
    const fig = regionMapFigure(paperScenario, { points: 5 });
    expectClean(fig);
    expect(fig.table.rows.length).toBe(75);
    const latencyRows = fig.table.rows.filter((r) => r[0] === "latency");
    expect(latencyRows.length).toBe(25);
    for (const [, f, pl, winner] of latencyRows) {
      const params = { ...paperScenario.params, terminalFlops: f as number, link: rayleighLink({ ...paperScenario.linkSpec, pathLossDb: pl as number }) };
      const e = collaborativeBeatsEdgeOnly(params).holds;
      const t = collaborativeBeatsTerminalOnly(params).holds;
      const ctx = JSON.stringify({ f, pl, winner, e13: e, t14: t });
      // (13) and (14) both hold ⇔ the split is fastest (ties aside, which a grid never hits here).
      expect(winner === "collaborative", ctx).toBe(e && t);
    }
    // At the paper point the latency winner is the collaborative split (docs/model.md §8), and in
    // the edge-wins scenario it is edge-only: the map's two sides.
    expect(regionWinners(paperScenario.params, 0.5, 0.1, 50).latency).toBe("collaborative");
    expect(regionWinners(edgeWinsScenario.params, 0.5, 0.1, 50).latency).toBe("edgeOnly");
  });

  it("Fig. 9 analog: bounds are probabilities, non-increasing in the threshold; the paper form is never below the exact sum", () => {
    const fig = paradigmBoundsFigure(paperScenario, { maxDelaySeconds: 8, points: 41 });
    expectClean(fig);
    for (const k of PARADIGM_KEYS) {
      const exact = fig.table.rows.filter((r) => r[0] === k && r[1] === "exact").map((r) => r[4] as number);
      const paper = fig.table.rows.filter((r) => r[0] === k && r[1] === "paper").map((r) => r[4] as number);
      expect(exact.length).toBe(41);
      exact.forEach((b, i) => {
        expect(b >= 0 && b <= 1).toBe(true);
        if (i > 0) expect(b).toBeLessThanOrEqual(exact[i - 1] * (1 + 1e-9));
        expect(paper[i]).toBeGreaterThanOrEqual(b * (1 - 1e-9));
      });
    }
  });

  it("Fig. 8 analog: every bound lies above the simulated frequency's lower confidence limit", async () => {
    const fig = await stageViolationFigure(paperScenario, { slots: 60_000, maxDelaySeconds: 10, points: 21, simulatedPoints: 6, seed: 11 });
    expectClean(fig);
    const sim = fig.table.rows.filter((r) => r[1] === "simulation");
    expect(sim.length).toBe(4 * 6);
    // Per-stage bounds after the first stage are approximations (Poisson input), so the
    // check is on the first stage and end to end, where the bound is a theorem.
    for (const stage of ["edge compute", "end to end"]) {
      for (const s of sim.filter((r) => r[0] === stage)) {
        const b = fig.table.rows.find((r) => r[0] === stage && r[1] === "bound-exact" && r[2] === s[2])!;
        const ctx = { stage, delaySlots: s[2], bound: b[4], simulated: s[4], lower: s[5] };
        expect((b[4] as number) >= (s[5] as number), JSON.stringify(ctx)).toBe(true);
      }
    }
  });

  it("Fig. 7 analog: the heatmap is the scores module's illustrative quality and says so", () => {
    const fig = qualityMapFigure(paperScenario, { maxPriorSteps: 6, maxDecoderSteps: 3 });
    expectClean(fig);
    expect(fig.title).toContain("ILLUSTRATIVE");
    for (const [p, d, q] of fig.table.rows) expect(q).toBe(illustrativeQuality({ priorSteps: p as number, decoderSteps: d as number }));
    expect(qualityMapFigure(paperScenario, { quality: () => 0.5, maxPriorSteps: 1, maxDecoderSteps: 1 }).title).not.toContain("ILLUSTRATIVE");
  });

  it("score breakdown: stacked contributions add up to each alternative's score", () => {
    const fig = scoreBreakdownFigure(paperScenario);
    expectClean(fig);
    const sums = new Map<string, number>();
    for (const [preset, alt, , , c] of fig.table.rows) sums.set(`${preset}/${alt}`, (sums.get(`${preset}/${alt}`) ?? 0) + (c as number));
    for (const v of sums.values()) expect(v >= 0 && v <= 1 + 1e-12).toBe(true);
  });

  it("the catalog lists the eight figures of the issue with distinct ids", () => {
    const ids = FIGURE_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(8);
    expect(ids).toContain("fig08-stage-violation");
  });

  it("invalid options name the function, the parameter and the value", () => {
    expect(() => meanSojournFigure(paperScenario, { points: 0 })).toThrow(/meanSojournFigure: points must be a positive integer, got 0/);
    expect(() => regionMapFigure(paperScenario, { deadlineSeconds: -1 })).toThrow(/regionMapFigure: deadlineSeconds must be a finite number > 0, got -1/);
    expect(() => paradigmBoundsFigure(paperScenario, { maxDelaySeconds: Number.NaN })).toThrow(/paradigmBoundsFigure: maxDelaySeconds must be a finite number > 0, got NaN/);
  });
});

describe("serialization", () => {
  const fig: Figure = {
    id: "t", title: "a <b> & c", data: [{ type: "scatter", x: [1], y: [2], name: "</script>" }], layout: {},
    table: { columns: ["name", "x"], rows: [["a,\"b\"", 1], [null, Infinity], ["c", -Infinity]] },
  };
  it("CSV quotes commas and quotes, leaves missing values empty and writes infinities as inf", () => {
    expect(figureToCsv(fig)).toBe('name,x\n"a,""b""",1\n,inf\nc,-inf\n');
  });
  it("HTML escapes the title and cannot be closed early by a </script> inside the data", () => {
    const html = figureToHtml(fig, "/* plotly */");
    expect(html).toContain("<title>a &lt;b&gt; &amp; c</title>");
    expect(html.match(/<\/script>/g)!.length).toBe(2);
  });
});

describe("the paper scenario's mean latencies drive the figures' scales", () => {
  it("T_split < T_edge < T_term (docs/model.md §8)", () => {
    const ps = paradigms(paperScenario.params);
    const t = PARADIGM_KEYS.map((k) => pipelineLatency(ps[k]).total);
    expect(t[0]).toBeLessThan(t[1]);
    expect(t[1]).toBeLessThan(t[2]);
  });
});
