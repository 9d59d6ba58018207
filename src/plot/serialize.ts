/**
 * Text forms of a figure: CSV of its data table and a self-contained HTML page (Plotly
 * inlined, so it works offline). Both are pure string functions and run in a browser.
 *
 * @module
 */

import { invalid, show } from "../util/validate.js";
import type { Figure } from "./types.js";

/**
 * Significant digits of the numbers in a figure's CSV. Twelve keep every value a figure
 * draws (and far more than a simulation's confidence interval resolves) while dropping the
 * last-bit noise of binary floating point (`0.1 + 0.2` is written `0.3`, not
 * `0.30000000000000004`).
 */
export const CSV_SIGNIFICANT_DIGITS = 12;

function csvCell(v: number | string | null): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(Number(v.toPrecision(CSV_SIGNIFICANT_DIGITS))) : v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The figure's data table as CSV (RFC 4180 quoting, numbers to
 * {@link CSV_SIGNIFICANT_DIGITS} significant digits in their shortest form, empty cells for
 * missing values, `inf` for infinities — what pandas and pgfplots read).
 *
 * @param fig - a figure
 * @returns CSV text with a header line
 * @example
 * ```ts
 * figureToCsv({ id: "f", title: "t", data: [], layout: {}, table: { columns: ["a", "b"], rows: [[1, null]] } });
 * // "a,b\n1,\n"
 * ```
 */
export function figureToCsv(fig: Figure): string {
  checkTable("figureToCsv", fig);
  const lines = [fig.table.columns.map(csvCell).join(","), ...fig.table.rows.map((r) => r.map(csvCell).join(","))];
  return lines.join("\n") + "\n";
}

/** The figure's table: column names and rows of cells (number, string or null), each row as wide as the header. */
function checkTable(fn: string, fig: unknown): void {
  if (fig === null || typeof fig !== "object") throw new TypeError(`${fn}: fig must be a figure, got ${show(fig)}`);
  const t = (fig as Figure).table as unknown;
  if (t === null || typeof t !== "object") throw new TypeError(`${fn}: fig.table must be { columns, rows }, got ${show(t)}`);
  const { columns, rows } = t as { columns: unknown; rows: unknown };
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === "string")) throw new TypeError(`${fn}: fig.table.columns must be an array of strings, got ${show(columns)}`);
  if (!Array.isArray(rows)) throw new TypeError(`${fn}: fig.table.rows must be an array of rows, got ${show(rows)}`);
  rows.forEach((r: unknown, i) => {
    if (!Array.isArray(r)) throw new TypeError(`${fn}: fig.table.rows[${i}] must be an array, got ${show(r)}`);
    if (r.length !== columns.length) invalid(fn, `fig.table.rows[${i}]`, `a row of ${columns.length} cells (one per column)`, r);
    r.forEach((c: unknown, j) => {
      if (c !== null && typeof c !== "string" && typeof c !== "number") throw new TypeError(`${fn}: fig.table.rows[${i}][${j}] must be a number, a string or null, got ${show(c)}`);
      if (Number.isNaN(c)) invalid(fn, `fig.table.rows[${i}][${j}]`, "a number (not NaN), a string or null", c);
    });
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

// JSON inside a <script> element: every "<" (so no "</script>", "<!--" or "<script" can
// change how the HTML parser reads the element), ">" and "&" as JSON escapes, and the two
// line separators JavaScript once read as line ends. JSON.parse/eval give the same value.
const scriptJson = (x: unknown) =>
  JSON.stringify(x).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * A self-contained interactive HTML page of the figure: the Plotly bundle inlined (give its
 * source text), the figure as JSON, no network access needed. The page sets
 * `window.__figureReady = true` once Plotly has drawn, for headless export.
 *
 * @param fig - a figure
 * @param plotlySource - the text of `plotly.js-dist/plotly.js` (or a minified build)
 * @returns the HTML document
 * @example
 * ```ts
 * figureToHtml(meanSojournFigure(paperScenario), plotlySource()).startsWith("<!doctype html>"); // true
 * ```
 */
export function figureToHtml(fig: Figure, plotlySource: string): string {
  const fn = "figureToHtml";
  if (fig === null || typeof fig !== "object") throw new TypeError(`${fn}: fig must be a figure, got ${show(fig)}`);
  if (typeof fig.title !== "string") throw new TypeError(`${fn}: fig.title must be a string, got ${show(fig.title)}`);
  if (!Array.isArray(fig.data)) throw new TypeError(`${fn}: fig.data must be an array of traces, got ${show(fig.data)}`);
  if (fig.layout === null || typeof fig.layout !== "object" || Array.isArray(fig.layout)) throw new TypeError(`${fn}: fig.layout must be an object, got ${show(fig.layout)}`);
  if (typeof plotlySource !== "string") throw new TypeError(`${fn}: plotlySource must be a string (the Plotly bundle's text), got ${show(plotlySource)}`);
  // "</script" inside the inlined Plotly bundle would end the script element early.
  const safe = (s: string) => s.replace(/<\/script/gi, "<\\/script");
  const json = scriptJson({ data: fig.data, layout: fig.layout });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(fig.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>body{margin:0;font-family:Helvetica,Arial,sans-serif;background:#fff}#figure{margin:0 auto}</style>
<script>${safe(plotlySource)}</script>
</head>
<body>
<div id="figure"></div>
<script>
const spec = ${json};
Plotly.newPlot("figure", spec.data, spec.layout, { responsive: true, displaylogo: false })
  .then(() => { window.__figureReady = true; })
  .catch((e) => { console.error(e); });
</script>
</body>
</html>
`;
}
