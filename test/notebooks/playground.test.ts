/**
 * The playground as a reader uses it: built and served by `npm run playground` (a static
 * site from 127.0.0.1, nothing loaded from elsewhere), run in headless Chromium (one browser
 * for the file). The answer is at the top; moving an input changes it and the figures; the
 * share link round-trips every input; a pasted scenario goes through the command line's
 * parser — a malformed one shows the parser's message naming the field and changes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DELAY_MODEL, DELAY_MODELS, parseScenario } from "../../src/index.js";
import { changedFigure, chromiumPath, controlValues, figureData, haveBrowser, longTasks, openBrowser, setControl, settled, text, watch } from "./browser.js";
import { npmScriptCommand, root, startPlaygroundServer, type NotebookServer } from "./scripts.js";

if (!haveBrowser && !process.env.CI) console.warn(`test/notebooks/playground.test.ts: SKIPPED — no Chromium at ${chromiumPath} (in CI this test runs)`);

/** Control values with numbers as numbers: a number box shows what was typed ("0.0001") or its format ("1.0e-4"). */
function numeric(values: Record<string, string>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v]));
}

/** The message the parser gives for `text`, as the command line prints it after the file name. */
function parserMessage(source: string): string {
  try {
    parseScenario(source);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`parseScenario accepted ${source}`);
}

describe.skipIf(!haveBrowser && !process.env.CI)("npm run playground", () => {
  let server: NotebookServer;
  let base: string;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  const site = mkdtempSync(join(tmpdir(), "edgecalc-playground-"));
  const out = join(site, "site");

  beforeAll(async () => {
    expect(existsSync(join(root, "dist/index.js")), "dist/ is missing: run npm run build").toBe(true);
    server = await startPlaygroundServer(["--port", "0", "--out", out]);
    base = server.base;
    browser = await openBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(site, { recursive: true, force: true });
  });

  it("is the documented command, and builds a static site: index.html and its assets", () => {
    expect(npmScriptCommand("playground").args.slice(0, 2)).toEqual(["scripts/notebooks.mjs", "playground"]);
    expect(server.stdout()).toMatch(/built the playground into .* in [0-9.]+ s: a static site/);
    expect(readdirSync(out).sort()).toEqual(["assets", "index.html"]);
  });

  it("answers at the top, recomputes on every input, round-trips its inputs through the share link", async () => {
    const page = await browser.context.newPage();
    const problems = await watch(page, base);
    await page.goto(`${base}/`);
    expect(await settled(page)).toEqual([]);
    const answer0 = await text(page, "#answer");
    expect(answer0).toMatch(/^collaborative \(split\) wins: mean response 1\.69 s at λ = 0\.5 requests\/s/);
    expect(answer0).toContain(`Delay guarantee (${DEFAULT_DELAY_MODEL} model)`);
    // The answer comes before every input on the page.
    expect(await page.evaluate(() => Boolean(document.querySelector("#answer")!.compareDocumentPosition(document.querySelector("[data-control]")!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('[data-control="model"] option'), (o) => o.textContent))).toEqual([...DELAY_MODELS]);
    expect((await controlValues(page)).model).toBe(DEFAULT_DELAY_MODEL);

    await longTasks(page, true);
    const figures = { bounds: await figureData(page, "model-bounds"), regions: await figureData(page, "regions"), sojourn: await figureData(page, "sojourn") };
    // A slower terminal and a longer link: every figure and the answer change.
    await setControl(page, "terminalTflops", "25");
    await setControl(page, "pathLossDb", "128");
    await setControl(page, "lambda", "0.6");
    await setControl(page, "epsilon", "0.0001");
    await setControl(page, "deadline", "9");
    for (const [name, before] of [["model-bounds", figures.bounds], ["regions", figures.regions], ["sojourn", figures.sojourn]] as const) await changedFigure(page, name, before);
    await page.waitForFunction((a) => (document.querySelector("#answer")?.textContent ?? "") !== a && (document.querySelector("#answer")?.textContent ?? "").includes("P(delay > 9 s)"), answer0, { timeout: 60_000 });
    const tasks = await longTasks(page, true);
    console.log(`playground: main-thread long tasks during five input changes (ms): ${tasks.length === 0 ? "none over 50 ms" : tasks.map((t) => t.toFixed(0)).join(", ")}`);

    // The share link is the page's own URL now, and opening it gives the same inputs and answer.
    await page.waitForFunction(() => (document.querySelector("#share-link") as HTMLAnchorElement | null)?.href.includes("d=9") === true);
    const link = await page.locator("#share-link").getAttribute("href");
    expect(link).not.toBeNull();
    expect(page.url()).toBe(link);
    const values = await controlValues(page);
    const answer = await text(page, "#answer");
    const other = await browser.context.newPage();
    const otherProblems = await watch(other, base);
    await other.goto(link!);
    expect(await settled(other)).toEqual([]);
    await other.waitForFunction((a) => document.querySelector("#answer")?.textContent === a, answer, { timeout: 60_000 });
    expect(numeric(await controlValues(other))).toEqual(numeric(values));
    expect(numeric(values)).toMatchObject({ terminalTflops: 25, pathLossDb: 128, lambda: 0.6, deadline: 9, epsilon: 1e-4, model: DEFAULT_DELAY_MODEL });
    expect(other.url()).toBe(link);
    expect(problems).toEqual([]);
    expect(otherProblems).toEqual([]);
    await other.close();
    await page.close();
  }, 240_000);

  it("a pasted scenario goes through the command line's parser: a malformed one shows the field-naming error and changes nothing; a good one replaces the scenario and travels in the link", async () => {
    const page = await browser.context.newPage();
    const problems = await watch(page, base);
    await page.goto(`${base}/`);
    expect(await settled(page)).toEqual([]);
    const answer = await text(page, "#answer");
    const bounds = await figureData(page, "model-bounds");
    const values = await controlValues(page);
    const url = page.url();
    const updates = await page.locator('[data-figure="model-bounds"]').getAttribute("data-updates");

    for (const bad of ['{ "extends": "paper", "link": { "pathLossDb": "far" } }', '{ "extends": "paper", "params": { "terminalFlop": 3e13 } }', '{ "extends": "paper", "lambda": -1 }', '{ "extends": "paper", ']) {
      await page.locator(".scenario-source textarea").fill(bad);
      await page.locator("button.scenario-load").click();
      await page.waitForFunction(() => (document.querySelector("#scenario-error")?.textContent ?? "") !== "");
      const message = parserMessage(bad);
      // A JSON syntax error quotes the engine's own words, which differ between Node's V8 and Chromium's.
      if (message.includes("not valid JSON")) expect(await text(page, "#scenario-error")).toMatch(/^pasted scenario: parseScenario: the file is not valid JSON \(.+\)$/);
      else expect(await text(page, "#scenario-error")).toBe(`pasted scenario: ${message}`);
      // Nothing changed: the next frames bring no recomputation.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      expect(await text(page, "#answer")).toBe(answer);
      expect(await figureData(page, "model-bounds")).toBe(bounds);
      expect(await page.locator('[data-figure="model-bounds"]').getAttribute("data-updates")).toBe(updates);
      expect(await controlValues(page)).toEqual(values);
      expect(page.url()).toBe(url);
      await page.locator(".scenario-source textarea").fill("");
    }
    // The messages name the field, as `edgecalc --scenario` does.
    expect(parserMessage('{ "extends": "paper", "link": { "pathLossDb": "far" } }')).toContain("link.pathLossDb");

    const good = '{ "extends": "paper", "name": "far-link", "link": { "pathLossDb": 131 }, "lambda": 0.3 }';
    await page.locator(".scenario-source textarea").fill(good);
    await page.locator("button.scenario-load").click();
    await changedFigure(page, "model-bounds", bounds);
    expect(await text(page, "#scenario-error")).toBe("");
    expect(await text(page, "#scenario-status")).toContain('Scenario: "far-link"');
    expect(await controlValues(page)).toMatchObject({ pathLossDb: "131", lambda: "0.3" });
    await page.waitForFunction(() => (document.querySelector("#answer")?.textContent ?? "").includes("λ = 0.3 requests/s"), undefined, { timeout: 60_000 });
    const link = await page.locator("#share-link").getAttribute("href");
    expect(new URL(link!).searchParams.get("scenario")).toContain('"far-link"');
    const other = await browser.context.newPage();
    await other.goto(link!);
    expect(await settled(other)).toEqual([]);
    expect(await text(other, "#scenario-status")).toContain('Scenario: "far-link"');
    expect(numeric(await controlValues(other))).toEqual(numeric(await controlValues(page)));
    await other.close();
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});
