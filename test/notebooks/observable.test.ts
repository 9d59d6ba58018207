/**
 * The Observable notebooks as a reader opens them: built offline by Notebook Kit (against the
 * built `dist/`, so `npm run build` first — `npm test` does), served from 127.0.0.1 and run in
 * headless Chromium. A notebook fails on an error cell, a console error or a request that
 * leaves 127.0.0.1.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from "../../src/plot/export/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".html")).sort();
const built = join(root, "notebooks/.observable/dist");
const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const haveBrowser = existsSync(chromiumPath);
if (!haveBrowser && !process.env.CI) console.warn(`test/notebooks/observable.test.ts: SKIPPED — no Chromium at ${chromiumPath} (in CI this test runs)`);

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2", ".svg": "image/svg+xml", ".json": "application/json" };

describe.skipIf(!haveBrowser && !process.env.CI)("Observable notebooks", () => {
  let server: Server;
  let base: string;
  let context: import("playwright-core").BrowserContext;
  let profile: string;

  beforeAll(async () => {
    expect(existsSync(join(root, "dist/index.js")), "dist/ is missing: run npm run build").toBe(true);
    const r = spawnSync(process.execPath, [join(root, "node_modules/@observablehq/notebook-kit/dist/bin/notebooks.js"), "build", "--root", "notebooks", "--", ...notebooks.map((n) => `notebooks/${n}`)], {
      cwd: root, encoding: "utf8", timeout: 240_000,
    });
    expect(r.status, `notebooks build failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    server = createServer((req, res) => {
      const path = join(built, decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname));
      // Browsers ask for a favicon on their own; it is not the notebook's request.
      if (req.url === "/favicon.ico") return void res.writeHead(204).end();
      if (!path.startsWith(built) || !existsSync(path)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const { chromium } = await import("playwright-core");
    profile = mkdtempSync(join(tmpdir(), "edgecalc-nb-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS] });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
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
      page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
      await page.goto(`${base}/${name}`);
      // The last cell writes #notebook-done once every figure above it exists; an error cell
      // above it stops it, so wait for either.
      await page.waitForSelector("#notebook-done, .observablehq--error", { timeout: 180_000 });
      const state = await page.evaluate(() => ({
        errors: Array.from(document.querySelectorAll(".observablehq--error"), (e) => e.textContent ?? ""),
        plots: document.querySelectorAll("svg.main-svg").length,
        done: document.querySelector("#notebook-done")?.textContent ?? null,
      }));
      const ctx = JSON.stringify({ name, ...state, problems });
      expect(state.errors, ctx).toEqual([]);
      expect(state.done, ctx).not.toBeNull();
      expect(state.plots, ctx).toBeGreaterThan(0);
      expect(problems, ctx).toEqual([]);
      await page.close();
    }, 240_000);
  }
});
