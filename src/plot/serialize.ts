/**
 * Text forms of a figure: CSV of its data table and a self-contained HTML page (Plotly
 * inlined, so it works offline). Both are pure string functions and run in a browser.
 *
 * @module
 */

import type { Figure } from "./types.js";

function csvCell(v: number | string | null): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The figure's data table as CSV (RFC 4180 quoting, full double precision, empty cells for
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
  const lines = [fig.table.columns.map(csvCell).join(","), ...fig.table.rows.map((r) => r.map(csvCell).join(","))];
  return lines.join("\n") + "\n";
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

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
 * figureToHtml(fig, plotlySource).startsWith("<!doctype html>"); // true
 * ```
 */
export function figureToHtml(fig: Figure, plotlySource: string): string {
  // "</script" inside inlined JS or JSON would end the script element early.
  const safe = (s: string) => s.replace(/<\/script/gi, "<\\/script");
  const json = safe(JSON.stringify({ data: fig.data, layout: fig.layout }));
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
