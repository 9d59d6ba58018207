import { describe, expect, it } from "vitest";
import { compareParadigms, PARADIGM_KEYS } from "../../src/compare/index.js";
import { rayleighLink } from "../../src/channel/index.js";
import { collaborativeBeatsEdgeOnly, collaborativeBeatsTerminalOnly, edgeWinsScenario, paperScenario, paradigms, pipelineLatency } from "../../src/pipeline/index.js";
import {
  baseLayout,
  CSV_SIGNIFICANT_DIGITS,
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
  tightnessFigure,
  delayModelsFigure,
  type Figure,
} from "../../src/plot/index.js";
import { pipelineMg1, simulateDelays, violationBoundCurve } from "../../src/scenario/index.js";
import { legendNames, textWidth } from "../../src/plot/style.js";
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
    const fig = regionMapFigure(paperScenario, { points: 5, delayPoints: 2 });
    expectClean(fig);
    expect(fig.table.rows.length).toBe(25 + 25 + 4);
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
      const martingale = fig.table.rows.filter((r) => r[0] === k && r[1] === "martingale").map((r) => r[4] as number);
      expect(exact.length).toBe(41);
      expect(martingale.length).toBe(41);
      martingale.forEach((b, i) => {
        expect(b >= 0 && b <= 1).toBe(true);
        if (i > 0) expect(b).toBeLessThanOrEqual(martingale[i - 1] * (1 + 1e-9));
      });
      exact.forEach((b, i) => {
        expect(b >= 0 && b <= 1).toBe(true);
        if (i > 0) expect(b).toBeLessThanOrEqual(exact[i - 1] * (1 + 1e-9));
        expect(paper[i]).toBeGreaterThanOrEqual(b * (1 - 1e-9));
      });
    }
  });

  it("Fig. 8 analog: every bound lies above the simulated frequency's lower confidence limit", async () => {
    const fig = await stageViolationFigure(paperScenario, { slots: 60_000, requests: 200_000, maxDelaySeconds: 10, points: 21, simulatedPoints: 6, seed: 11 });
    expectClean(fig);
    const sim = fig.table.rows.filter((r) => r[1] === "simulation");
    expect(sim.length).toBe(5 * 6); // three stages and end to end (fluid), end to end (request)
    // Per-stage bounds after the first stage are approximations (Poisson input), so the
    // check is on the first stage and end to end, where the bound is a theorem.
    for (const stage of ["edge compute", "end to end"]) {
      for (const s of sim.filter((r) => r[0] === stage)) {
        for (const series of ["bound-exact", "bound-martingale"]) {
          const b = fig.table.rows.find((r) => r[0] === stage && r[1] === series && r[2] === s[2])!;
          const ctx = { stage, series, delaySlots: s[2], bound: b[4], simulated: s[4], lower: s[5] };
          expect((b[4] as number) >= (s[5] as number), JSON.stringify(ctx)).toBe(true);
        }
      }
    }
    // The request model beside them: its values are the scenario layer's, its truth the request simulator's, both labelled.
    const stage = "end to end (request model)";
    const req = fig.table.rows.filter((r) => r[0] === stage && r[1] !== "simulation");
    const xs = req.map((r) => r[3] as number);
    expect(req.map((r) => r[4])).toEqual(violationBoundCurve(paradigms(paperScenario.params).collaborative, paperScenario, xs).map((v) => v.probability));
    for (const s of sim.filter((r) => r[0] === stage)) {
      const b = req.find((r) => r[2] === s[2])!;
      expect((b[4] as number) >= (s[5] as number), JSON.stringify({ bound: b[4], lower: s[5], t: s[3] })).toBe(true);
    }
    const names = legendNames(fig.data);
    expect(names.some((n) => n.startsWith("request model — end to end: simulated P(T > t), 200,000 requests"))).toBe(true);
    expect(names.some((n) => n.startsWith("request model — end to end: P(T > t) "))).toBe(true);
    expect(names.filter((n) => !n.startsWith("request model — ")).every((n) => n.startsWith("fluid model — "))).toBe(true);
  });

  it("the delay-models figure: fluid, request and M/G/1 CCDFs, each bound with its own simulation, each labelled", async () => {
    const fig = await delayModelsFigure(paperScenario, { requests: 200_000, slots: 100_000, maxDelaySeconds: 10, points: 21, seed: 3 });
    expectClean(fig);
    const pipe = paradigms(paperScenario.params).collaborative;
    const rows = (model: string, series: string) => fig.table.rows.filter((r) => r[0] === model && r[1] === series);
    const fluidBound = rows("fluid", "SNC bound P(D>t), exact sum (10)");
    expect(fluidBound.map((r) => r[3])).toEqual(violationBoundCurve(pipe, paperScenario, fluidBound.map((r) => r[2] as number), { model: "fluid" }).map((v) => v.probability));
    const requestBound = rows("request", "bound P(T>t)");
    expect(requestBound.length).toBe(21);
    expect(requestBound.map((r) => r[3])).toEqual(violationBoundCurve(pipe, paperScenario, requestBound.map((r) => r[2] as number)).map((v) => v.probability));
    const mg = rows("mg1", "exact P(sojourn>t)");
    const q = pipelineMg1(pipe, paperScenario.lambda);
    for (const r of mg.filter((_, i) => i % 40 === 0)) expect(r[3]).toBe(q.sojournTail(r[2] as number));
    // Each bound lies above its own simulation's lower confidence limit at every simulated delay.
    for (const [model, bound] of [["fluid", fluidBound], ["request", requestBound]] as const) {
      const simRows = fig.table.rows.filter((r) => r[0] === model && String(r[1]).startsWith("simulated"));
      expect(simRows.length).toBeGreaterThan(5);
      for (const s of simRows) {
        const b = bound.find((r) => Math.abs((r[2] as number) - (s[2] as number)) < 1e-9)!;
        expect((b[3] as number) >= (s[4] as number), JSON.stringify({ model, t: s[2], bound: b[3], lower: s[4] })).toBe(true);
      }
    }
    const names = legendNames(fig.data);
    expect(names.filter((n) => n.startsWith("fluid model: ")).length).toBe(2);
    expect(names.filter((n) => n.startsWith("request model: ")).length).toBe(2);
    expect(names).toContain("M/G/1 whole pipeline: exact P(sojourn > t)");
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

  it("the catalog lists the eleven figures with distinct ids, the delay-models and capacity figures among them", () => {
    const ids = FIGURE_CATALOG.map((e) => e.id);
    expect(ids.length).toBe(11);
    expect(new Set(ids).size).toBe(11);
    expect(ids).toContain("fig08-stage-violation");
    expect(ids).toContain("fig-delay-models");
    expect(ids.slice(-2)).toEqual(["fig-capacity-llm", "fig-capacity-microservice"]);
  });

  it("the catalog's LLM capacity figure carries its catalog id and the three designs: collaborative, centralized cloud, edge-only", async () => {
    const fig = await FIGURE_CATALOG.find((e) => e.id === "fig-capacity-llm")!.build(paperScenario);
    expectClean(fig);
    expect(fig.id).toBe("fig-capacity-llm");
    expect([...new Set(fig.table.rows.map((r) => r[0]))]).toEqual(["llm-collaborative", "llm-cloud", "llm-edge"]);
  }, 120_000);

  it("the catalog's Fig. 9 analog carries the request-level truth of every stable paradigm", async () => {
    const fig = await FIGURE_CATALOG.find((e) => e.id === "fig09-paradigm-bounds")!.build(paperScenario, { simulationScale: 0.02 });
    const sims = legendNames(fig.data).filter((n) => n.includes("request model: simulated"));
    expect(sims).toEqual([
      "collaborative (split) — request model: simulated P(T > t), 20,000 requests (95 % CI)",
      "edge-only — request model: simulated P(T > t), 20,000 requests (95 % CI)",
    ]);
  });

  it("invalid options name the function, the parameter and the value", () => {
    expect(() => meanSojournFigure(paperScenario, { points: 0 })).toThrow(/meanSojournFigure: points must be a positive integer, got 0/);
    expect(() => regionMapFigure(paperScenario, { deadlineSeconds: -1 })).toThrow(/regionMapFigure: deadlineSeconds must be a finite number ≥ 0, got -1/);
    expect(() => paradigmBoundsFigure(paperScenario, { maxDelaySeconds: Number.NaN })).toThrow(/paradigmBoundsFigure: maxDelaySeconds must be a finite number > 0, got NaN/);
  });
});

describe("what the figures say about themselves (issue: a fresh machine's first look)", () => {
  it("region map: a cell beyond the request-level analysis' work limit is a white cell named in the table, not an error", () => {
    // PL 150–160 dB: the 5.2 Mbit image takes thousands of coherence intervals, beyond the transfer law's stated limit.
    const fig = regionMapFigure(paperScenario, { points: 2, delayPoints: 2, pathLossRange: [150, 160] });
    const cells = fig.table.rows.filter((r) => r[0] === "violation");
    expect(cells.length).toBe(4);
    expect(cells.some((r) => r[3] === "beyond work limit")).toBe(true);
    const p = { ...paperScenario.params, link: rayleighLink({ ...paperScenario.linkSpec, pathLossDb: 160 }) };
    expect(() => regionWinners(p, 0.5, 0.1, 50)).toThrow(/^regionWinners: .*\(work limit: /);
  });

  it("region map: white cells have a legend entry (a white square with an outline)", () => {
    const fig = regionMapFigure(paperScenario, { points: 3, delayPoints: 1 });
    const white = fig.data.find((t) => String(t.name).startsWith("no winner"))!;
    expect(white.name).toBe("no winner: every paradigm unstable (sojourn), or every P(miss) = 1 or beyond the analysis' work limit (request model)");
    expect((white.marker as { color: string; line: { color: string } }).color).toBe("#ffffff");
    expect((white.marker as { line: { color: string } }).line.color).not.toBe("#ffffff");
    expect(legendNames(fig.data)).toContain(white.name);
  });

  it("Fig. 9 analog: the unstable terminal-only paradigm has one legend entry that says it is unstable", async () => {
    const fig = paradigmBoundsFigure(paperScenario, { maxDelaySeconds: 2, points: 5 });
    const names = legendNames(fig.data);
    expect(names.filter((x) => x.startsWith("terminal-only"))).toEqual(["terminal-only — unstable at λ = 0.5/s: no bound below 1 (every form, both models)"]);
    const collab = names.filter((x) => x.startsWith("collaborative"));
    expect(collab.slice(0, 3)).toEqual([
      "collaborative (split) — fluid model: exact sum (10)",
      "collaborative (split) — fluid model: paper form (12)",
      "collaborative (split) — fluid model: martingale (tandem, docs/model.md §10)",
    ]);
    expect(collab[3]).toMatch(/^collaborative \(split\) — request model: (exact P\(T > t\)|bound on P\(T > t\) \(\S+\))$/);
    expect(fig.data).toHaveLength(12);
    // With the request-level truth given (the catalog simulates it), it is drawn beside the bounds, labelled.
    const sim = await simulateDelays(paradigms(paperScenario.params).collaborative, paperScenario, { deadlines: [1, 2], requests: 20_000, seed: 1 });
    const withTruth = paradigmBoundsFigure(paperScenario, { maxDelaySeconds: 2, points: 5, simulated: { collaborative: sim } });
    expect(legendNames(withTruth.data)).toContain("collaborative (split) — request model: simulated P(T > t), 20,000 requests (95 % CI)");
    expect(withTruth.table.rows.filter((r) => r[1] === "request simulation").map((r) => r[4])).toEqual(sim.endToEnd.map((e) => e.value));
    expect(() => paradigmBoundsFigure(paperScenario, { simulated: { collaborative: { model: "fluid" } as never } })).toThrow(/^paradigmBoundsFigure: simulated\.collaborative must be a request-model simulation/);
    // The request curve is the scenario layer's request-model value at each threshold.
    const req = fig.table.rows.filter((r) => r[0] === "collaborative" && r[1] === "request");
    expect(req.map((r) => r[4])).toEqual(violationBoundCurve(paradigms(paperScenario.params).collaborative, paperScenario, req.map((r) => r[3] as number)).map((v) => v.probability));
  });

  it("Fig. 7 analog: the iso-quality legend entry is not white (the page is), and says the lines on the map are white", () => {
    const fig = qualityMapFigure(paperScenario, { maxPriorSteps: 4, maxDecoderSteps: 2 });
    const shown = fig.data.filter((t) => legendNames([t]).length === 1);
    const iso = shown.find((t) => String(t.name).startsWith("iso-quality"))!;
    expect(iso.name).toBe("iso-quality lines (white on the map, labelled with q)");
    expect((iso.line as { color: string }).color).not.toBe("#ffffff");
    expect(fig.data.find((t) => t.type === "contour")!.showlegend).toBe(false);
  });

  it("the tightness figure says the SNC bound and the M/G/1 tail belong to different models", async () => {
    const fig = await tightnessFigure(paperScenario, { customers: 2000, slots: 2000, maxDelaySeconds: 2, points: 5 });
    const note = (fig.layout.title as { subtitle: { text: string } }).subtitle.text.replace(/<br>/g, " ");
    expect(note).toContain("Two different models");
    expect(note).toContain("the SNC bound is not a bound on the M/G/1 tail");
  });

  it("the score figure says why its scores differ from `edgecalc score`", () => {
    const fig = scoreBreakdownFigure(paperScenario);
    const note = (fig.layout.title as { subtitle: { text: string } }).subtitle.text.replace(/<br>/g, " ");
    expect(note).toBe(
      "Criteria are min–max normalised across the 4 stable designs drawn (the stable paradigms and the step splits 10/2 and 30/2); " +
        "`edgecalc score` normalises across the three paradigms only, so its scores differ from these.",
    );
  });
});

describe("layouts sized from their content", () => {
  const axes = [{ title: "x" }, { title: "y" }] as const;
  it("the bottom margin and the canvas grow with the legend's rows; the plot area keeps its height", () => {
    const height = (entries: number) => {
      const l = baseLayout("t", ...axes, { legend: Array.from({ length: entries }, (_, i) => `entry number ${i}`) });
      const m = l.margin as { t: number; b: number };
      return { b: m.b, plot: (l.height as number) - m.t - m.b, legend: l.legend as { entrywidth: number } | undefined };
    };
    const [none, three, thirty] = [height(0), height(3), height(30)];
    expect(none.legend).toBeUndefined();
    expect(three.b).toBeGreaterThan(none.b);
    expect(thirty.b).toBeGreaterThan(three.b);
    expect(new Set([none.plot, three.plot, thirty.plot]).size).toBe(1);
    // Columns of entrywidth + 45 px (symbol and gap) fit the 900 − 80 − 10 px under the plot.
    const cols = Math.floor(810 / (thirty.legend!.entrywidth + 45));
    expect(thirty.b - none.b).toBeGreaterThanOrEqual(Math.ceil(30 / cols) * 19 + 10);
  });

  it("every title line fits the canvas by the width estimate, also for a long one; markup is escaped", () => {
    const long = "word ".repeat(80) + "<b>&" + "x".repeat(300);
    const l = baseLayout(long, ...axes);
    const lines = (l.title as { text: string }).text.split("<br>");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(textWidth(line.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"), 16)).toBeLessThanOrEqual(900 - 40);
    expect(lines.join("")).toContain("&lt;b&gt;&amp;");
    expect((l.margin as { t: number }).t).toBeGreaterThan(lines.length * 16);
  });

  it("textWidth bounds the rendered width in both fonts Chromium may pick (widths measured in Chromium for Liberation Sans and DejaVu Sans)", () => {
    // Advance widths at 100 px of the widest common glyphs: DejaVu Sans 'm' 97, 'M' 86, 'W' 99, 'a' 61, '0' 64, 'i' 28.
    for (const [c, px] of [["m", 97], ["M", 86], ["W", 99], ["a", 61], ["0", 64], ["i", 28], ["—", 100], [" ", 32]] as const) {
      expect(textWidth(c, 100), c).toBeGreaterThanOrEqual(px);
    }
  });

  it("baseLayout checks its options", () => {
    expect(() => baseLayout("t", ...axes, { legend: [1] } as never)).toThrow(/^baseLayout: opts\.legend must be an array of strings, got \[1\]$/);
    expect(() => baseLayout("t", ...axes, { note: 3 } as never)).toThrow(/^baseLayout: opts\.note must be a string, got 3$/);
    expect(() => baseLayout("t", ...axes, null as never)).toThrow(/^baseLayout: opts must be an object, got null$/);
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
  it("HTML: '<!--<script>' in a name cannot put the page's script into the HTML parser's escaped state; the JSON reads back unchanged", () => {
    const hostile = { ...fig, title: 'x<!--<script>"', data: [{ type: "scatter", name: "<!--<script>&\u2028</script>" }] };
    const html = figureToHtml(hostile, "/* plotly */");
    const line = html.split("\n").find((l) => l.startsWith("const spec = "))!;
    expect(line).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(line.slice("const spec = ".length, -1))).toEqual({ data: hostile.data, layout: hostile.layout });
    expect(html).toContain("<title>x&lt;!--&lt;script&gt;&quot;</title>");
  });
  it("CSV numbers carry 12 significant digits, not binary float noise", () => {
    const noisy: Figure = { ...fig, table: { columns: ["x"], rows: [[0.1 + 0.2], [1 / 3], [-2.5e-17], [123456789.123456789], [1e300], [5e-324]] } };
    expect(CSV_SIGNIFICANT_DIGITS).toBe(12);
    expect(figureToCsv(noisy)).toBe("x\n0.3\n0.333333333333\n-2.5e-17\n123456789.123\n1e+300\n5e-324\n");
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
