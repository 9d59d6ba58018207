/**
 * The figures as a person sees them: written to files by the export path the command line
 * uses, opened in headless Chromium, checked for a rendered SVG with the expected traces and
 * no console error; a PNG checked for size and non-blank pixels; and the rendered layout
 * measured box by box — legend, axis titles, tick labels, plot areas, colour bars, panel
 * titles and the title must not overlap, and all must lie inside the canvas — once with the
 * machine's fonts and once with the fonts of a fresh machine that has no Arial-metric font
 * (fontconfig limited to the non-Liberation fonts, so Chromium falls back to a wider one).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paperScenario } from "../../src/pipeline/index.js";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, plotlySource, writeFigures } from "../../src/plot/export/index.js";
import { FIGURE_CATALOG, meanSojournFigure, regionMapFigure, type Figure } from "../../src/plot/index.js";
import { legendNames } from "../../src/plot/style.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const haveBrowser = existsSync(chromiumPath);
if (!haveBrowser && !process.env.CI) {
  console.warn(`test/plot/browser.test.ts: SKIPPED — no Chromium at ${chromiumPath} (install Debian's chromium; in CI this test runs)`);
}

/** A fontconfig file that sees every installed font except Liberation (Arial's metrics), or null when nothing else is installed. */
function fallbackFonts(dir: string): string | null {
  let files: string[];
  try {
    files = execFileSync("fc-list", [":", "file"], { encoding: "utf8" }).split("\n").map((l) => l.replace(/:\s*$/, "").trim()).filter((l) => l !== "");
  } catch {
    return null;
  }
  const dirs = [...new Set(files.filter((f) => !/liberation/i.test(f)).map((f) => dirname(f)))];
  if (dirs.length === 0) return null;
  const path = join(dir, "fonts.conf");
  writeFileSync(
    path,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${dirs.map((d) => `  <dir>${d}</dir>`).join("\n")}\n` +
      `  <cachedir>${join(dir, "cache")}</cachedir>\n  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n</fontconfig>\n`,
  );
  return path;
}

type Box = { left: number; top: number; right: number; bottom: number; what: string };

const HOSTILE = 'x<!--<script>alert(1)</script><b>&amp;';

describe.skipIf(!haveBrowser && !process.env.CI)("figures in a real browser", () => {
  let out: string;
  let figures: Figure[];
  let server: Server;
  let base: string;
  let fontDir: string;
  const contexts: { fonts: string; context: import("playwright-core").BrowserContext; profile: string }[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "edgecalc-fig-"));
    fontDir = mkdtempSync(join(tmpdir(), "edgecalc-fonts-"));
    // Every figure of the catalog, as `edgecalc figures` builds them (shorter simulations,
    // coarser map), and two with a scenario name full of markup.
    figures = [];
    for (const e of FIGURE_CATALOG) figures.push(await e.build(paperScenario, { simulationScale: 0.05, regionPoints: 7, regionDelayPoints: 2 }));
    const hostile = { ...paperScenario, name: HOSTILE };
    figures.push({ ...meanSojournFigure(hostile, { points: 20 }), id: "hostile-sojourn" }, { ...regionMapFigure(hostile, { points: 4 }), id: "hostile-region" });
    await writeFigures(figures, { outDir: out, formats: ["html", "png"], chromiumPath });
    writeFileSync(join(out, "shell.html"), `<!doctype html><html><head><meta charset="utf-8"><script>${plotlySource()}</script></head><body style="margin:0"><div id="figure"></div></body></html>`);
    server = createServer((req, res) => {
      const path = join(out, (req.url ?? "/").slice(1));
      if (!existsSync(path)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": path.endsWith(".png") ? "image/png" : "text/html; charset=utf-8" }).end(readFileSync(path));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const { chromium } = await import("playwright-core");
    const fallback = fallbackFonts(fontDir);
    if (fallback === null) console.warn("test/plot/browser.test.ts: no font other than Liberation installed; the fresh-machine font variant runs with the system fonts");
    for (const [fonts, env] of [["system fonts", {}], ["no Arial-metric font", fallback ? { FONTCONFIG_FILE: fallback } : {}]] as const) {
      const profile = mkdtempSync(join(tmpdir(), "edgecalc-chromium-test-"));
      const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS], env: { ...process.env, ...env } });
      contexts.push({ fonts, context, profile });
    }
  });

  afterAll(async () => {
    for (const c of contexts) {
      await c.context.close();
      rmSync(c.profile, { recursive: true, force: true });
    }
    server?.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(fontDir, { recursive: true, force: true });
  });

  it("each HTML figure renders offline: an SVG plot with one trace group per trace, its title as text, no console error, no request off 127.0.0.1", async () => {
    for (const fig of figures) {
      const page = await contexts[0].context.newPage();
      const errors: string[] = [];
      const offsite: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("request", (r) => !r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:") && offsite.push(r.url()));
      await page.goto(`${base}/${fig.id}.html`);
      await page.waitForFunction(() => (window as unknown as { __figureReady?: boolean }).__figureReady === true, undefined, { timeout: 30_000 });
      const counts = await page.evaluate(() => ({
        svgs: document.querySelectorAll("#figure svg.main-svg").length,
        scatter: document.querySelectorAll("#figure g.trace.scatter").length,
        heatmap: document.querySelectorAll("#figure g.hm, #figure .heatmaplayer image").length,
        bars: document.querySelectorAll("#figure g.trace.bars").length,
        contour: document.querySelectorAll("#figure g.contour").length,
        title: document.querySelector("#figure .gtitle")?.textContent ?? "",
        scripts: document.querySelectorAll("script").length,
      }));
      // Plotly draws no group for a trace with empty arrays (e.g. a stage that never violated in a short run).
      const hasData = (t: Record<string, unknown>) => Array.isArray(t.y) && t.y.length > 0;
      const expectedScatter = fig.data.filter((t) => t.type === "scatter" && hasData(t)).length;
      const expectedHeatmap = fig.data.filter((t) => t.type === "heatmap").length;
      const expectedBars = fig.data.filter((t) => t.type === "bar").length;
      const ctx = JSON.stringify({ id: fig.id, counts, expectedScatter, expectedHeatmap, expectedBars, errors, offsite });
      expect(counts.svgs, ctx).toBeGreaterThan(0);
      expect(counts.scatter, ctx).toBe(expectedScatter);
      expect(counts.heatmap, ctx).toBeGreaterThanOrEqual(expectedHeatmap);
      expect(counts.bars, ctx).toBe(expectedBars);
      // The title is wrapped into lines (<br>); its text, markup characters included, is the figure's title.
      expect(counts.title.replace(/\s/g, ""), ctx).toBe(fig.title.replace(/\s/g, ""));
      expect(counts.scripts, ctx).toBe(2);
      expect(errors, ctx).toEqual([]);
      expect(offsite, ctx).toEqual([]);
      await page.close();
    }
    expect(figures.find((f) => f.id === "hostile-sojourn")!.title).toContain(HOSTILE);
  });

  it("layout: legend, axis titles, tick labels, plot areas, colour bars, panel titles and the title do not overlap and stay inside the canvas — with and without an Arial-metric font", async () => {
    for (const { fonts, context } of contexts) {
      // One page loads Plotly once and draws each figure in turn, as the HTML files do (same
      // data and layout, interactive mode).
      const page = await context.newPage();
      await page.goto(`${base}/shell.html`);
      for (const fig of figures) {
        const { width, height } = fig.layout as { width: number; height: number };
        await page.setViewportSize({ width, height });
        await page.evaluate(
          (spec) => {
            const P = (window as unknown as { Plotly: { purge(el: string): void; newPlot(el: string, d: unknown, l: unknown, c: unknown): Promise<unknown> } }).Plotly;
            P.purge("figure");
            return P.newPlot("figure", spec.data, spec.layout, { displaylogo: false }).then(() => undefined);
          },
          { data: fig.data, layout: fig.layout } as { data: unknown; layout: unknown },
        );
        const m = await page.evaluate(() => {
          const box = (el: Element, what: string) => {
            const r = el.getBoundingClientRect();
            return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, what };
          };
          const all = (sel: string, what: string) => Array.from(document.querySelectorAll(sel)).filter((e) => (e.textContent ?? "").trim() !== "" || what === "plot area").map((e, i) => box(e, `${what} ${i}`));
          const svg = document.querySelector("#figure svg.main-svg")!;
          return {
            canvas: box(svg, "canvas"),
            title: all(".g-gtitle", "title"),
            legend: all("g.legend", "legend"),
            entries: Array.from(document.querySelectorAll("g.legend g.traces")).map((e, i) => box(e, `legend entry ${i} "${e.textContent}"`)),
            axisTitles: all('g[class^="g-x"][class$="title"], g[class^="g-y"][class$="title"]', "axis title"),
            ticks: all(".xaxislayer-above, .yaxislayer-above", "tick labels"),
            plots: all(".draglayer .nsewdrag", "plot area"),
            colorbars: all("g.colorbar", "colour bar"),
            annotations: all("g.annotation", "annotation"),
          };
        });
        const ctx = (extra: object) => JSON.stringify({ fonts, id: fig.id, ...extra });
        const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
        const inside = (a: Box) => a.left >= m.canvas.left - 0.5 && a.top >= m.canvas.top - 0.5 && a.right <= m.canvas.right + 0.5 && a.bottom <= m.canvas.bottom + 0.5;
        const apart = (as: Box[], bs: Box[]) => {
          for (const a of as) for (const b of bs) expect(overlap(a, b), ctx({ a, b })).toBe(false);
        };
        expect(m.title.length, ctx({ m })).toBe(1);
        expect(m.plots.length, ctx({ m })).toBeGreaterThan(0);
        expect(m.entries.length, ctx({ entries: m.entries })).toBe(legendNames(fig.data).length);
        for (const b of [...m.title, ...m.legend, ...m.axisTitles, ...m.ticks, ...m.plots, ...m.colorbars, ...m.annotations]) expect(inside(b), ctx({ b, canvas: m.canvas })).toBe(true);
        apart(m.legend, [...m.title, ...m.axisTitles, ...m.ticks, ...m.plots, ...m.colorbars, ...m.annotations]);
        apart(m.title, [...m.axisTitles, ...m.ticks, ...m.plots, ...m.colorbars, ...m.annotations]);
        apart(m.annotations, [...m.plots, ...m.axisTitles]);
        apart(m.axisTitles, m.plots);
        // Legend entries have a fixed width; a text wider than its column would run into the next entry.
        m.entries.forEach((a, i) => m.entries.slice(i + 1).forEach((b) => expect(overlap(a, b), ctx({ a, b })).toBe(false)));
      }
      await page.close();
    }
  });

  it("the PNG has the layout's size at scale 2 and is not blank", async () => {
    const fig = figures.find((f) => f.id === "fig09-paradigm-bounds")!;
    const path = join(out, `${fig.id}.png`);
    expect(statSync(path).size).toBeGreaterThan(20_000);
    const page = await contexts[0].context.newPage();
    await page.goto(`${base}/${fig.id}.html`);
    const stats = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext("2d")!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      let colored = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] + d[i + 1] + d[i + 2] < 450) dark++;
        if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 80) colored++;
      }
      return { w: c.width, h: c.height, dark: dark / (d.length / 4), colored: colored / (d.length / 4) };
    }, `${base}/${fig.id}.png`);
    const { width, height } = fig.layout as { width: number; height: number };
    const ctx = JSON.stringify(stats);
    expect([stats.w, stats.h], ctx).toEqual([2 * width, 2 * height]);
    // Text and axes are dark, curves are coloured; a blank or failed render has neither.
    expect(stats.dark, ctx).toBeGreaterThan(0.002);
    expect(stats.colored, ctx).toBeGreaterThan(0.002);
    await page.close();
  });
});
