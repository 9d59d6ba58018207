/**
 * The Observable notebooks as a reader opens them: built and served by the `npm run
 * notebooks` command (scripts/notebooks.mjs, on the built `dist/` — `npm test` builds it
 * first) from 127.0.0.1, and run in headless Chromium. A notebook fails on an error cell, a
 * console error, a failed or off-host request, or a link to a host that is not the page's.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from "../../src/plot/export/index.js";
import { startNotebookServer, type NotebookServer } from "./scripts.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".html")).sort();
const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const haveBrowser = existsSync(chromiumPath);
if (!haveBrowser && !process.env.CI) console.warn(`test/notebooks/observable.test.ts: SKIPPED — no Chromium at ${chromiumPath} (in CI this test runs)`);

describe.skipIf(!haveBrowser && !process.env.CI)("Observable notebooks", () => {
  let server: NotebookServer;
  let base: string;
  let context: import("playwright-core").BrowserContext;
  let profile: string;
  const site = mkdtempSync(join(tmpdir(), "edgecalc-nb-site-"));

  beforeAll(async () => {
    expect(existsSync(join(root, "dist/index.js")), "dist/ is missing: run npm run build").toBe(true);
    // The reader's command, on a port of its own and a build directory of its own (other
    // suites may build the notebooks at the same time).
    server = await startNotebookServer(["--port", "0", "--out", join(site, "dist")]);
    base = server.base;
    const { chromium } = await import("playwright-core");
    profile = mkdtempSync(join(tmpdir(), "edgecalc-nb-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS] });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    rmSync(site, { recursive: true, force: true });
  });

  it("there are the four notebooks of the issue", () => {
    expect(notebooks).toEqual(["paper.html", "scoring.html", "snc-vs-simulation.html", "when-collaboration-wins.html"]);
  });

  for (const name of notebooks) {
    it(`${name} runs to its last cell with no error cell, console error or off-host request`, async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
      page.on("pageerror", (e) => problems.push(`page error: ${String(e)}`));
      page.on("request", (r) => {
        const u = r.url();
        if (!u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:")) problems.push(`request off 127.0.0.1: ${u}`);
      });
      // Every request counts, the browser's own favicon request included: the server is
      // the reader's, and a 404 there is one the reader sees in the console.
      page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
      page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? "?"})`));
      await page.goto(`${base}/${name}`);
      // The last cell writes #notebook-done once every figure above it exists; an error cell
      // above it stops it, so wait for either.
      await page.waitForSelector("#notebook-done, .observablehq--error", { timeout: 180_000 });
      const state = await page.evaluate(() => ({
        errors: Array.from(document.querySelectorAll(".observablehq--error"), (e) => e.textContent ?? ""),
        plots: document.querySelectorAll("svg.main-svg").length,
        done: document.querySelector("#notebook-done")?.textContent ?? null,
        icon: document.querySelector('link[rel~="icon"]')?.getAttribute("href") ?? null,
        // Resolved link targets: text such as "model.md" must not become a link to a host.
        links: Array.from(document.querySelectorAll("a[href]"), (a) => (a as HTMLAnchorElement).href),
      }));
      const ctx = JSON.stringify({ name, ...state, problems });
      expect(state.errors, ctx).toEqual([]);
      expect(state.done, ctx).not.toBeNull();
      expect(state.plots, ctx).toBeGreaterThan(0);
      expect(problems, ctx).toEqual([]);
      expect(state.icon, ctx).toMatch(/^data:/);
      expect(state.links.filter((href) => !href.startsWith(`${base}/`)), ctx).toEqual([]);
      await page.close();
    }, 240_000);
  }
});
