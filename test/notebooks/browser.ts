/**
 * What the browser tests of the live pages share: one headless Chromium per test file, a
 * watch on every page for console errors, page errors, failed or off-host requests, and the
 * page's own handles — inputs marked `data-control`, figures marked `data-figure` (lib.js).
 *
 * Main-thread long tasks (the Long Tasks API: any task over 50 ms) are recorded from the
 * moment `watch` starts; a test reads them around its input changes.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from "../../src/plot/export/index.js";

export const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
export const haveBrowser = existsSync(chromiumPath);

/** A fresh profile and one browser for a test file; `close()` removes both. */
export async function openBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "edgecalc-nb-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS], viewport: { width: 1200, height: 900 } });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records what must not happen on a page served from `base`: a console error, an uncaught
 * error, a response ≥ 400 (the browser's own favicon request included), a failed request, a
 * request to another host. Also starts the long-task record.
 */
export async function watch(page: Page, base: string): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${String(e)}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:")) problems.push(`request off 127.0.0.1: ${u}`);
  });
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? "?"})`));
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  return problems;
}

/** Main-thread long tasks (ms) recorded since the page loaded; `reset` empties the record. */
export async function longTasks(page: Page, reset = false): Promise<number[]> {
  return page.evaluate((r) => {
    const w = window as unknown as { __longTasks: number[] };
    const out = [...w.__longTasks];
    if (r) w.__longTasks.length = 0;
    return out;
  }, reset);
}

/** Waits for the page's last cell (#notebook-done) or an error cell; returns the error cells' text. */
export async function settled(page: Page): Promise<string[]> {
  await page.waitForSelector("#notebook-done, .observablehq--error", { timeout: 180_000 });
  return page.evaluate(() => Array.from(document.querySelectorAll(".observablehq--error"), (e) => e.textContent ?? ""));
}

/** A figure's Plotly data (x and y of every trace, and z of a heatmap), as JSON. */
export async function figureData(page: Page, name: string): Promise<string> {
  return page.evaluate((n) => {
    const gd = document.querySelector(`[data-figure="${n}"]`) as (HTMLElement & { data?: { x?: unknown; y?: unknown; z?: unknown; name?: unknown }[] }) | null;
    if (gd === null) throw new Error(`no figure ${n}`);
    return JSON.stringify((gd.data ?? []).map((t) => [t.name, t.x, t.y, t.z]));
  }, name);
}

/** Waits until a figure's data differs from `before`; returns the new data. */
export async function changedFigure(page: Page, name: string, before: string, timeout = 120_000): Promise<string> {
  await page.waitForFunction(
    ([n, b]) => {
      const gd = document.querySelector(`[data-figure="${n}"]`) as (HTMLElement & { data?: { x?: unknown; y?: unknown; z?: unknown; name?: unknown }[] }) | null;
      return gd !== null && JSON.stringify((gd.data ?? []).map((t) => [t.name, t.x, t.y, t.z])) !== b;
    },
    [name, before] as const,
    { timeout, polling: 50 },
  );
  return figureData(page, name);
}

/** An element's text. */
export async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? "";
}

/** Sets the input marked `data-control="name"`: a range through its number box, a select by its option's text. */
export async function setControl(page: Page, name: string, value: string): Promise<void> {
  const control = page.locator(`[data-control="${name}"]`);
  const select = control.locator("select");
  if ((await select.count()) > 0) {
    await select.selectOption({ label: value });
    return;
  }
  const box = control.locator('input[type="number"]');
  await box.fill(value);
}

/** Every marked input's current value as the page shows it (ranges' number boxes, selects' chosen labels). */
export async function controlValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const c of Array.from(document.querySelectorAll<HTMLElement>("[data-control]"))) {
      const name = c.dataset.control!;
      const select = c.querySelector("select");
      const box = c.querySelector<HTMLInputElement>('input[type="number"]');
      if (select) out[name] = select.selectedOptions[0]?.textContent ?? "";
      else if (box) out[name] = box.value;
    }
    return out;
  });
}
