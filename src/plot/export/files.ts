/**
 * Writing figures to files (Node only): HTML with Plotly inlined, CSV, and PNG/SVG/PDF
 * rendered by headless Chromium (driven by playwright-core, loaded only when an image is
 * asked for). The page is served from 127.0.0.1 on an ephemeral port because module and
 * blob URLs misbehave from file://. Files go through a staging directory and a manifest
 * (`./output.ts`): nothing is written unless everything is, nothing is written through a
 * symbolic link, and a file edgecalc did not write is not replaced unless asked.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { figureToCsv, figureToHtml } from "../serialize.js";
import type { Figure } from "../types.js";
import { BROWSER_FORMATS, BrowserUnavailableError, withBrowser } from "./browser.js";
import { MANIFEST_NAME, openStaging, type Staging } from "./output.js";

/** Output formats of {@link writeFigures}. */
export const FIGURE_FORMATS = Object.freeze(["html", "csv", "png", "svg", "pdf"] as const);
/** One output format. */
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

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
  /** Chromium executable (default `CHROMIUM_PATH` or `/usr/bin/chromium`). */
  readonly chromiumPath?: string;
  /** Called with each file's final path once all of them are in place. */
  readonly onFile?: (path: string) => void;
  /** PNG pixel ratio (default 2, for crisp README images). */
  readonly pngScale?: number;
  /** Replace files at the destinations that edgecalc did not write, and symbolic links (replaced, never followed). Default false. */
  readonly force?: boolean;
  /**
   * Without a usable browser: `"required"` (default) throws {@link BrowserUnavailableError}
   * and writes nothing; `"optional"` writes the other formats and reports the image formats
   * in `skipped`.
   */
  readonly browser?: "required" | "optional";
}

/** Files written for one figure. */
export interface WrittenFigure {
  readonly id: string;
  readonly files: readonly string[];
}

/** What {@link writeFigures} did. */
export interface WriteFiguresResult {
  /** The files written per figure, in the figures' order. */
  readonly figures: readonly WrittenFigure[];
  /** The image formats left out for want of a browser (`browser: "optional"` only), and why; null when none was. */
  readonly skipped: { readonly formats: readonly FigureFormat[]; readonly reason: string } | null;
  /** The manifest that records the files (see `MANIFEST_NAME`). */
  readonly manifest: string;
}

/** A figure id is a file-name stem: it must not reach outside the output directory. */
const FIGURE_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * The file names `writeFigures` writes for these figure ids and formats, figure by figure.
 *
 * @param ids - figure ids (file-name stems)
 * @param formats - output formats
 * @returns `<id>.<format>` for each id and format
 * @example
 * ```ts
 * figureFileNames(["fig07-quality-map"], ["csv", "png"]); // ["fig07-quality-map.csv", "fig07-quality-map.png"]
 * ```
 */
export function figureFileNames(ids: readonly string[], formats: readonly FigureFormat[]): string[] {
  return ids.flatMap((id) => FIGURE_FORMATS.filter((f) => formats.includes(f)).map((f) => `${id}.${f}`));
}

function serve(html: ReadonlyMap<string, string>): Promise<{ server: Server; base: string }> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const body = html.get(req.url ?? "");
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    });
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

type ImageFormat = (typeof BROWSER_FORMATS)[number];

/** Draws every figure once in one page and stages each image format. */
async function renderImages(figures: readonly Figure[], images: readonly ImageFormat[], plotly: string, staging: Staging, opts: WriteFiguresOptions): Promise<void> {
  // One page loads Plotly once and draws every figure in turn: parsing the 4.8 MB bundle
  // per figure would dominate the run.
  const shell = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff}</style><script>${plotly.replace(/<\/script/gi, "<\\/script")}</script></head><body><div id="figure"></div></body></html>`;
  await withBrowser(opts.chromiumPath, async (context) => {
    const { server, base } = await serve(new Map([["/render.html", shell]]));
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
          const name = `${fig.id}.${fmt}`;
          if (fmt === "pdf") {
            staging.write(name, await page.pdf({ width: `${w}px`, height: `${h + 2}px`, printBackground: true, pageRanges: "1" }));
          } else {
            const url = await page.evaluate(
              ([format, width, height, scale]) =>
                (window as unknown as { Plotly: { toImage(el: string, o: object): Promise<string> } }).Plotly.toImage("figure", { format, width, height, scale }),
              [fmt, w, h, fmt === "png" ? (opts.pngScale ?? 2) : 1] as const,
            );
            const comma = url.indexOf(",");
            const payload = url.slice(comma + 1);
            staging.write(name, url.slice(0, comma).endsWith(";base64") ? Buffer.from(payload, "base64") : decodeURIComponent(payload));
          }
        }
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
}

/**
 * Writes each figure in the requested formats to `outDir/<id>.<ext>`: HTML (Plotly inlined,
 * works offline), CSV (the data table), and PNG/SVG/PDF through one headless Chromium for
 * all figures (launched only when an image is asked for; closed, with its temporary
 * profile removed, whatever happens).
 *
 * All or nothing: the destinations are checked first (a directory in the way, a symbolic
 * link or a file edgecalc did not write is refused unless `force`; see `checkOutputDir`),
 * every file is written into a staging directory inside `outDir`, and only when all were
 * written are they renamed into place and recorded in the manifest. On any error nothing
 * in `outDir` changes (a directory it had to create is removed again).
 *
 * @param figures - figures to write
 * @param opts - {@link WriteFiguresOptions}
 * @returns the files written per figure, the skipped image formats, the manifest's path
 * @throws RangeError for an unknown format or a figure id that is not a plain file-name stem;
 *   OutputRefusedError when a destination is in the way; BrowserUnavailableError when an
 *   image format needs a browser that is missing (unless `browser: "optional"`)
 * @example
 * ```ts
 * await writeFigures([meanSojournFigure(paperScenario)], { outDir: "out", formats: ["csv"] });
 * // { figures: [{ id: "fig-mean-sojourn", files: ["out/fig-mean-sojourn.csv"] }], skipped: null, manifest: "out/.edgecalc-manifest.json" }
 * ```
 */
export async function writeFigures(figures: readonly Figure[], opts: WriteFiguresOptions): Promise<WriteFiguresResult> {
  const fn = "writeFigures";
  const formats = opts.formats ?? FIGURE_FORMATS;
  for (const f of formats) {
    if (!FIGURE_FORMATS.includes(f)) throw new RangeError(`${fn}: formats must be among ${FIGURE_FORMATS.join(", ")}, got ${JSON.stringify(f)}`);
  }
  figures.forEach((f, i) => {
    if (typeof f?.id !== "string" || !FIGURE_ID.test(f.id)) throw new RangeError(`${fn}: figures[${i}].id must be a plain file-name stem (letters, digits, '.', '_', '-'), got ${JSON.stringify(f?.id)}`);
  });
  if (opts.browser !== undefined && opts.browser !== "required" && opts.browser !== "optional") {
    throw new RangeError(`${fn}: browser must be "required" or "optional", got ${JSON.stringify(opts.browser)}`);
  }
  const images = BROWSER_FORMATS.filter((f) => formats.includes(f));
  const plotly = formats.some((f) => f !== "csv") ? plotlySource() : "";
  const staging = openStaging(opts.outDir, figureFileNames(figures.map((f) => f.id), formats), { force: opts.force === true });
  try {
    for (const fig of figures) {
      if (formats.includes("csv")) staging.write(`${fig.id}.csv`, figureToCsv(fig));
      if (formats.includes("html")) staging.write(`${fig.id}.html`, figureToHtml(fig, plotly));
    }
    let skipped: WriteFiguresResult["skipped"] = null;
    let written = formats;
    if (images.length > 0) {
      try {
        await renderImages(figures, images, plotly, staging, opts);
      } catch (e) {
        if (!(e instanceof BrowserUnavailableError) || opts.browser !== "optional") throw e;
        for (const name of figureFileNames(figures.map((f) => f.id), images)) staging.remove(name);
        skipped = Object.freeze({ formats: Object.freeze([...images]), reason: e.reason });
        written = formats.filter((f) => !images.includes(f as ImageFormat));
      }
    }
    const paths = staging.commit();
    for (const p of paths) opts.onFile?.(p);
    return Object.freeze({
      figures: Object.freeze(figures.map((f) => Object.freeze({ id: f.id, files: Object.freeze(figureFileNames([f.id], written).map((n) => join(opts.outDir, n))) }))),
      skipped,
      manifest: join(opts.outDir, MANIFEST_NAME),
    });
  } finally {
    staging.discard();
  }
}
