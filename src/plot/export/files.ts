/**
 * Writing figures to files (Node only): HTML with Plotly inlined, CSV, and PNG/SVG/PDF
 * rendered by headless Chromium (Debian's, driven by playwright-core). The page is served
 * from 127.0.0.1 on an ephemeral port because module and blob URLs misbehave from file://.
 *
 * @module
 */

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { figureToCsv, figureToHtml } from "../serialize.js";
import type { Figure } from "../types.js";

/** Output formats of {@link writeFigures}. */
export const FIGURE_FORMATS = Object.freeze(["html", "csv", "png", "svg", "pdf"] as const);
/** One output format. */
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** Where Debian installs Chromium; override with the CHROMIUM_PATH environment variable. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

let plotlyCache: string | undefined;

/**
 * The text of the Plotly bundle shipped with the package (`plotly.js-dist-min`, the minified
 * `plotly.js-dist`: 4.8 MB instead of 10 MB inlined in every HTML figure), read once.
 *
 * @returns the JavaScript source
 * @example
 * ```ts
 * plotlySource().length > 1e6; // true
 * ```
 */
export function plotlySource(): string {
  if (plotlyCache === undefined) {
    const require = createRequire(import.meta.url);
    plotlyCache = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
  }
  return plotlyCache;
}

/** Options of {@link writeFigures}. */
export interface WriteFiguresOptions {
  /** Output directory (created if missing). */
  readonly outDir: string;
  /** Formats to write (default all of {@link FIGURE_FORMATS}). */
  readonly formats?: readonly FigureFormat[];
  /** Chromium executable (default `CHROMIUM_PATH` or {@link DEFAULT_CHROMIUM}). */
  readonly chromiumPath?: string;
  /** Called after each file is written. */
  readonly onFile?: (path: string) => void;
  /** PNG pixel ratio (default 2, for crisp README images). */
  readonly pngScale?: number;
}

/** Files written for one figure. */
export interface WrittenFigure {
  readonly id: string;
  readonly files: readonly string[];
}

function serve(html: ReadonlyMap<string, string>): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const body = html.get(req.url ?? "");
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    });
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

/**
 * The Chromium launch arguments that keep a headless run offline and quiet on this
 * kind of machine (no sandbox in containers, no GPU, no background network).
 */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
]);

/**
 * Writes each figure in the requested formats to `outDir/<id>.<ext>`: HTML (Plotly inlined,
 * works offline), CSV (the data table), and PNG/SVG/PDF through one headless Chromium for
 * all figures. Nothing is launched when only HTML/CSV are asked for.
 *
 * @param figures - figures to write
 * @param opts - {@link WriteFiguresOptions}
 * @returns the files written per figure
 * @throws RangeError for an unknown format; Error when Chromium cannot be launched
 * @example
 * ```ts
 * await writeFigures([meanSojournFigure(paperScenario)], { outDir: "out", formats: ["csv"] });
 * // [{ id: "fig-mean-sojourn", files: ["out/fig-mean-sojourn.csv"] }]
 * ```
 */
export async function writeFigures(figures: readonly Figure[], opts: WriteFiguresOptions): Promise<WrittenFigure[]> {
  const formats = opts.formats ?? FIGURE_FORMATS;
  for (const f of formats) {
    if (!FIGURE_FORMATS.includes(f)) throw new RangeError(`writeFigures: formats must be among ${FIGURE_FORMATS.join(", ")}, got ${JSON.stringify(f)}`);
  }
  mkdirSync(opts.outDir, { recursive: true });
  const written = new Map<string, string[]>(figures.map((f) => [f.id, []]));
  const record = (id: string, path: string) => {
    written.get(id)!.push(path);
    opts.onFile?.(path);
  };
  const plotly = formats.some((f) => f !== "csv") ? plotlySource() : "";
  for (const fig of figures) {
    if (formats.includes("csv")) {
      const path = join(opts.outDir, `${fig.id}.csv`);
      writeFileSync(path, figureToCsv(fig));
      record(fig.id, path);
    }
    if (formats.includes("html")) {
      const path = join(opts.outDir, `${fig.id}.html`);
      writeFileSync(path, figureToHtml(fig, plotly));
      record(fig.id, path);
    }
  }
  const images = formats.filter((f): f is "png" | "svg" | "pdf" => f === "png" || f === "svg" || f === "pdf");
  if (images.length > 0) {
    // One page loads Plotly once and draws every figure in turn: parsing the 10 MB bundle
    // per figure would dominate the run.
    const shell = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff}</style><script>${plotly.replace(/<\/script/gi, "<\\/script")}</script></head><body><div id="figure"></div></body></html>`;
    const { chromium } = await import("playwright-core");
    const { server, base } = await serve(new Map([["/render.html", shell]]));
    const profile = mkdtempSync(join(tmpdir(), "edgecalc-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/render.html`);
      for (const fig of figures) {
        const { width, height } = fig.layout as { width?: number; height?: number };
        const w = width ?? 900;
        const h = height ?? 680;
        await page.setViewportSize({ width: w, height: h });
        await page.evaluate(
          (spec) => {
            const P = (window as unknown as { Plotly: { purge(el: string): void; newPlot(el: string, d: unknown, l: unknown, c: unknown): Promise<unknown> } }).Plotly;
            P.purge("figure");
            return P.newPlot("figure", spec.data, spec.layout, { staticPlot: true }).then(() => undefined);
          },
          { data: fig.data, layout: fig.layout } as { data: unknown; layout: unknown },
        );
        for (const fmt of images) {
          const path = join(opts.outDir, `${fig.id}.${fmt}`);
          if (fmt === "pdf") {
            const pdf = await page.pdf({ width: `${w}px`, height: `${h + 2}px`, printBackground: true, pageRanges: "1" });
            writeFileSync(path, pdf);
          } else {
            const url = await page.evaluate(
              ([format, width, height, scale]) =>
                (window as unknown as { Plotly: { toImage(el: string, o: object): Promise<string> } }).Plotly.toImage("figure", { format, width, height, scale }),
              [fmt, w, h, fmt === "png" ? (opts.pngScale ?? 2) : 1] as const,
            );
            const comma = url.indexOf(",");
            const payload = url.slice(comma + 1);
            writeFileSync(path, url.slice(0, comma).endsWith(";base64") ? Buffer.from(payload, "base64") : decodeURIComponent(payload));
          }
          record(fig.id, path);
        }
      }
    } finally {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return figures.map((f) => Object.freeze({ id: f.id, files: Object.freeze(written.get(f.id)!) }));
}
