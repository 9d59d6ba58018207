/**
 * Headless Chromium for PNG/SVG/PDF export (Node only): where it is, whether it can run,
 * and one launch whose profile directory and process are always cleaned up. playwright-core
 * (an optional dependency) is loaded only here and only when an image is asked for, so HTML
 * and CSV export work on a machine that has nothing but Node.
 *
 * @module
 */

import { accessSync, constants, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";

/** Where Debian installs Chromium; override with the CHROMIUM_PATH environment variable. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium launch arguments that keep a headless run offline and quiet on this
 * kind of machine (no sandbox in containers, no GPU, no background network).
 */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
]);

/** The output formats that need a browser (Plotly draws them in Chromium). */
export const BROWSER_FORMATS = Object.freeze(["png", "svg", "pdf"] as const);

/** What to do when the browser is missing: one sentence, the same wherever it is printed. */
export const BROWSER_ADVICE =
  "install Chromium and an Arial-metric font (apt-get install chromium fonts-liberation), " +
  "or set CHROMIUM_PATH to a Chromium executable, or ask only for the formats Node writes (--format html,csv)";

/** How long a Chromium launch may take before it counts as failed, ms. */
const LAUNCH_TIMEOUT_MS = 60_000;

/**
 * PNG, SVG or PDF was asked for and no browser can draw it: playwright-core is not
 * installed, the Chromium executable is missing or not executable, or it did not start.
 * The message is one line: the reason and {@link BROWSER_ADVICE}.
 */
export class BrowserUnavailableError extends Error {
  /** Why, e.g. `no Chromium at /usr/bin/chromium`. */
  readonly reason: string;

  /** @param reason - why no browser can be used */
  constructor(reason: string) {
    super(`PNG, SVG and PDF need headless Chromium (${reason}): ${BROWSER_ADVICE}`);
    this.name = "BrowserUnavailableError";
    this.reason = reason;
  }
}

/**
 * The Chromium executable to use: the given path, else `CHROMIUM_PATH`, else
 * {@link DEFAULT_CHROMIUM}.
 *
 * @param explicit - a path given by the caller
 * @returns the executable path
 * @example
 * ```ts
 * chromiumPath("/opt/chrome/chrome"); // "/opt/chrome/chrome"
 * ```
 */
export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
}

type Chromium = typeof import("playwright-core").chromium;

async function loadChromium(): Promise<Chromium> {
  try {
    return (await import("playwright-core")).chromium;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new BrowserUnavailableError("playwright-core, the optional package that drives it, is not installed: npm install playwright-core");
    }
    throw e;
  }
}

function executableProblem(path: string): string | null {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return `no Chromium at ${path}`;
  }
  if (!isFile) return `${path} is not an executable file`;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `${path} is not executable`;
  }
  return null;
}

/**
 * Checks, without launching it, that a browser can be used: playwright-core loads and the
 * Chromium executable is an executable file. A launch can still fail later (a broken
 * install); {@link withBrowser} reports that the same way.
 *
 * @param explicit - the Chromium path (default {@link chromiumPath}())
 * @returns a promise that resolves when the browser looks usable
 * @throws BrowserUnavailableError naming what is missing
 * @example
 * ```ts
 * await checkBrowser("/nonexistent"); // throws BrowserUnavailableError: PNG, SVG and PDF need headless Chromium (no Chromium at /nonexistent): …
 * ```
 */
export async function checkBrowser(explicit?: string): Promise<void> {
  await loadChromium();
  const problem = executableProblem(chromiumPath(explicit));
  if (problem !== null) throw new BrowserUnavailableError(problem);
}

/**
 * Runs `use` with a fresh headless Chromium context and always cleans up: the context (and
 * so the browser process) is closed and the temporary profile directory removed in
 * `finally`, whether `use` returns, throws, or the launch itself fails.
 *
 * @param explicit - the Chromium path (default {@link chromiumPath}())
 * @param use - what to do with the browser context
 * @returns what `use` returns
 * @throws BrowserUnavailableError when playwright-core is missing or Chromium is missing or does not start (within 60 s); `use`'s errors unchanged
 * @internal
 */
export async function withBrowser<T>(explicit: string | undefined, use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const chromium = await loadChromium();
  const executablePath = chromiumPath(explicit);
  const problem = executableProblem(executablePath);
  if (problem !== null) throw new BrowserUnavailableError(problem);
  const profile = mkdtempSync(join(tmpdir(), "edgecalc-chromium-"));
  try {
    let context: BrowserContext;
    try {
      context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: LAUNCH_TIMEOUT_MS });
    } catch (e) {
      const first = String((e as Error).message ?? e).split("\n")[0];
      throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start: ${first}`);
    }
    try {
      return await use(context);
    } finally {
      // A crashed browser can fail to close; that must not hide use's own error.
      await context.close().catch(() => undefined);
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
