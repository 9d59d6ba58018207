/**
 * The figures as a person sees them: written to files by the export path the command line
 * uses, opened in headless Chromium (one launch for the file), checked for a rendered SVG
 * with the expected traces and no console error; a PNG checked for size and non-blank pixels.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paperScenario } from "../../src/pipeline/index.js";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, writeFigures } from "../../src/plot/export/index.js";
import { FIGURE_CATALOG, type Figure } from "../../src/plot/index.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const haveBrowser = existsSync(chromiumPath);
if (!haveBrowser && !process.env.CI) {
  console.warn(`test/plot/browser.test.ts: SKIPPED — no Chromium at ${chromiumPath} (install Debian's chromium; in CI this test runs)`);
}

describe.skipIf(!haveBrowser && !process.env.CI)("figures in a real browser", () => {
  let out: string;
  let figures: Figure[];
  let server: Server;
  let base: string;
  let context: import("playwright-core").BrowserContext;
  let profile: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "edgecalc-fig-"));
    // Every figure of the catalog, as `edgecalc figures` builds them (shorter simulations, coarser map).
    figures = [];
    for (const e of FIGURE_CATALOG) figures.push(await e.build(paperScenario, { simulationScale: 0.05, regionPoints: 7 }));
    await writeFigures(figures, { outDir: out, formats: ["html", "png"], chromiumPath });
    server = createServer((req, res) => {
      const path = join(out, (req.url ?? "/").slice(1));
      if (!existsSync(path)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": path.endsWith(".png") ? "image/png" : "text/html; charset=utf-8" }).end(readFileSync(path));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const { chromium } = await import("playwright-core");
    profile = mkdtempSync(join(tmpdir(), "edgecalc-chromium-test-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS] });
  });

  afterAll(async () => {
    await context?.close();
    server?.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it("each HTML figure renders offline: an SVG plot with one trace group per trace, no console error, no request off 127.0.0.1", async () => {
    for (const fig of figures) {
      const page = await context.newPage();
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
      expect(counts.title, ctx).toBe(fig.title);
      expect(errors, ctx).toEqual([]);
      expect(offsite, ctx).toEqual([]);
      await page.close();
    }
  });

  it("the PNG has the layout's size at scale 2 and is not blank", async () => {
    const fig = figures.find((f) => f.id === "fig09-paradigm-bounds")!;
    const path = join(out, `${fig.id}.png`);
    expect(statSync(path).size).toBeGreaterThan(20_000);
    const page = await context.newPage();
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
