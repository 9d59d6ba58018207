/**
 * The Observable notebooks as a reader opens and uses them: built and served by the `npm run
 * notebooks` command (scripts/notebooks.mjs, on the built `dist/` — `npm test` builds it
 * first) from 127.0.0.1, and run in headless Chromium (one browser for the file). A notebook
 * fails on an error cell, a console error, a failed or off-host request, or a link to a host
 * that is not the page's; then a reader moves its inputs and the figures and tables that
 * depend on them must change, with the same checks.
 *
 * Responsiveness: the main thread's long tasks (over 50 ms, the Long Tasks API) during the
 * input changes are measured and printed, not asserted: a timing threshold does not belong in
 * a unit test (CI machines, 2 cores shared with other jobs, are several times slower than a
 * reader's, and a task's length there says little). The numbers printed are the measurement.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DELAY_MODEL, DELAY_MODELS } from "../../src/index.js";
import { changedFigure, chromiumPath, figureData, haveBrowser, longTasks, openBrowser, setControl, settled, text, watch } from "./browser.js";
import { root, startNotebookServer, type NotebookServer } from "./scripts.js";

const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".html")).sort();
if (!haveBrowser && !process.env.CI) console.warn(`test/notebooks/observable.test.ts: SKIPPED — no Chromium at ${chromiumPath} (in CI this test runs)`);

/** Per notebook: inputs a reader moves, and the figures and tables each must change. */
const MOVES: Record<string, { control: string; value: string; figures: string[]; tables: string[] }[]> = {
  "paper.html": [
    { control: "terminalTflops", value: "30", figures: ["fig8", "fig9", "fig10"], tables: ["#table2", "#guarantee"] },
    { control: "priorSteps", value: "10", figures: ["fig7"], tables: ["#table2"] },
    { control: "epsilon", value: "0.00001", figures: [], tables: ["#guarantee"] },
  ],
  "scoring.html": [
    { control: "preset", value: "realTime", figures: ["scores"], tables: ["#scores-table"] },
    { control: "weight-quality", value: "0.9", figures: ["scores"], tables: ["#scores-table"] },
    { control: "terminalTflops", value: "20", figures: ["breakdown", "scores"], tables: [] },
  ],
  "snc-vs-simulation.html": [{ control: "lambda", value: "0.3", figures: ["tightness", "model-bounds"], tables: ["#forms"] }],
  "when-collaboration-wins.html": [
    { control: "lambda", value: "0.8", figures: ["sojourn", "regions"], tables: ["#winners-table"] },
    { control: "deadline", value: "4", figures: ["regions"], tables: ["#winners-table"] },
  ],
};

describe.skipIf(!haveBrowser && !process.env.CI)("Observable notebooks", () => {
  let server: NotebookServer;
  let base: string;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  const site = mkdtempSync(join(tmpdir(), "edgecalc-nb-site-"));
  const measured: Record<string, number[]> = {};

  beforeAll(async () => {
    expect(existsSync(join(root, "dist/index.js")), "dist/ is missing: run npm run build").toBe(true);
    // The reader's command, on a port of its own and a build directory of its own (other
    // suites may build the notebooks at the same time).
    server = await startNotebookServer(["--port", "0", "--out", join(site, "dist")]);
    base = server.base;
    browser = await openBrowser();
  }, 300_000);

  afterAll(async () => {
    const all = Object.values(measured).flat();
    console.log(`main-thread long tasks during input changes (ms): ${Object.entries(measured).map(([n, t]) => `${n}: ${t.length === 0 ? "none" : t.map((x) => x.toFixed(0)).join(", ")}`).join("; ")} — max ${all.length === 0 ? "none over 50 ms" : Math.max(...all).toFixed(0)}`);
    await browser?.close();
    await server?.stop();
    rmSync(site, { recursive: true, force: true });
  });

  it("there are the four notebooks of the issue", () => {
    expect(notebooks).toEqual(["paper.html", "scoring.html", "snc-vs-simulation.html", "when-collaboration-wins.html"]);
  });

  for (const name of notebooks) {
    it(`${name} runs to its last cell, then recomputes what depends on each input it moves — no error cell, console error, failed or off-host request`, async () => {
      const page = await browser.context.newPage();
      const problems = await watch(page, base);
      await page.goto(`${base}/${name}`);
      const errors = await settled(page);
      const state = await page.evaluate(() => ({
        plots: document.querySelectorAll("svg.main-svg").length,
        done: document.querySelector("#notebook-done")?.textContent ?? null,
        icon: document.querySelector('link[rel~="icon"]')?.getAttribute("href") ?? null,
        // Resolved link targets: text such as "model.md" must not become a link to a host.
        links: Array.from(document.querySelectorAll("a[href]"), (a) => (a as HTMLAnchorElement).href),
        models: Array.from(document.querySelectorAll('[data-control="model"] option'), (o) => o.textContent),
        model: (document.querySelector('[data-control="model"] select') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent ?? null,
      }));
      const ctx = () => JSON.stringify({ name, errors, ...state, problems });
      expect(errors, ctx()).toEqual([]);
      expect(state.done, ctx()).not.toBeNull();
      expect(state.plots, ctx()).toBeGreaterThan(0);
      expect(problems, ctx()).toEqual([]);
      expect(state.icon, ctx()).toMatch(/^data:/);
      expect(state.links.filter((href) => !href.startsWith(`${base}/`)), ctx()).toEqual([]);
      // The delay model input offers the scenario layer's models, its default chosen.
      expect(state.models, ctx()).toEqual([...DELAY_MODELS]);
      expect(state.model, ctx()).toBe(DEFAULT_DELAY_MODEL);

      await longTasks(page, true);
      for (const move of MOVES[name]) {
        const figures = await Promise.all(move.figures.map((f) => figureData(page, f)));
        const tables = await Promise.all(move.tables.map((t) => text(page, t)));
        await setControl(page, move.control, move.value);
        for (const [i, f] of move.figures.entries()) {
          const after = await changedFigure(page, f, figures[i]);
          expect(after, `${name}: ${f} after ${move.control} = ${move.value}`).not.toBe(figures[i]);
        }
        for (const [i, t] of move.tables.entries()) {
          await page.waitForFunction(([sel, before]) => (document.querySelector(sel)?.textContent ?? "") !== before, [t, tables[i]] as const, { timeout: 60_000 });
        }
      }
      measured[name] = await longTasks(page, true);
      expect(await page.locator(".observablehq--error").count(), ctx()).toBe(0);
      expect(problems, ctx()).toEqual([]);
      await page.close();
    }, 240_000);
  }

  it("paper.html: the simulation shows its progress, Cancel stops it in the worker, and a new input runs it again", async () => {
    const page = await browser.context.newPage();
    const problems = await watch(page, base);
    await page.goto(`${base}/paper.html`);
    expect(await settled(page)).toEqual([]);
    const before = await figureData(page, "fig8");
    await setControl(page, "slots", "4,000,000");
    const run = page.locator(".sim-run");
    // Progress is shown while it runs…
    await page.waitForFunction(() => {
      const bar = document.querySelector(".sim-run progress") as HTMLProgressElement | null;
      return document.querySelector(".sim-run")?.getAttribute("data-state") === "running" && bar !== null && bar.value > 0.02 && bar.value < 0.5;
    }, undefined, { timeout: 60_000, polling: 20 });
    await run.locator("button.sim-cancel").click();
    // …and after Cancel the worker answers that it stopped before the end.
    await page.waitForSelector('.sim-run[data-state="stopped"]', { timeout: 30_000 });
    expect(await run.locator(".sim-status").textContent()).toMatch(/cancelled at \d+ % — the worker stopped$/);
    expect(await figureData(page, "fig8")).toBe(before);
    // The worker is free again: a shorter run completes and redraws.
    await setControl(page, "slots", "400,000");
    await changedFigure(page, "fig8", before);
    expect(await run.getAttribute("data-state")).toBe("done");
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});
