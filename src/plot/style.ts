/**
 * Shared look of the figures: one colour per paradigm and per stage, and the common
 * layout (white background, readable fonts, log axes where probabilities are drawn).
 *
 * @module
 */

import type { ParadigmKey } from "../compare/index.js";
import { finite, show } from "../util/validate.js";
import type { Layout } from "./types.js";

/** Paradigm colours (colour-blind-safe Okabe–Ito hues). */
export const PARADIGM_COLORS: Readonly<Record<ParadigmKey, string>> = Object.freeze({
  collaborative: "#0072B2",
  edgeOnly: "#D55E00",
  terminalOnly: "#009E73",
});

/** Stage colours for per-stage figures, end to end last. */
export const STAGE_COLORS: readonly string[] = Object.freeze(["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#000000"]);

/** Axis options of {@link baseLayout}. */
export interface AxisSpec {
  /** Axis title (plain text: markup characters are shown as typed). */
  readonly title: string;
  /** Logarithmic axis (default linear). */
  readonly log?: boolean;
  /** Axis range in data units (log axes: in log10 units, as Plotly reads it). */
  readonly range?: readonly [number, number];
}

/** Layout options of {@link baseLayout}. */
export interface LayoutOptions {
  /** The legend's entries, in order (the names of the traces shown in the legend); they set the legend's rows and the bottom margin. */
  readonly legend?: readonly string[];
  /** A note drawn under the title in a smaller font (plain text, wrapped to the width). */
  readonly note?: string;
}

// Sizes of the figures' text, px. Plotly sets multi-line text at 1.3 em per line.
const FONT = 13;
const TITLE_FONT = 16;
const NOTE_FONT = 12;
const AXIS_TITLE_FONT = 14;
const LEGEND_FONT = 11;
const LINE = 1.3;
// Legend geometry as Plotly draws a horizontal legend with a fixed entry width (measured in
// Chromium): each entry is its symbol (40 px) and a 5 px gap before the text; a row of 11 px
// text is 19 px; the box adds 5 px above and below.
const LEGEND_SYMBOL = 45;
const LEGEND_ROW = 19;
const LEGEND_PAD = 10;
// Space below the plot area for the x tick labels (with 10^k exponents): with one line of
// axis title and EDGE it makes 70 px, above the 62 px measured for both fonts.
const X_AXIS_BLOCK = 42;
const EDGE = 10;
const FONT_FAMILY = "Helvetica, Arial, sans-serif";

// Glyph advance widths in em, the larger of the two fonts Chromium picks for the figures'
// Helvetica/Arial on a Debian machine: Liberation Sans (Arial's metrics, fonts-liberation)
// and DejaVu Sans (the fallback when no Arial-metric font is installed), measured in
// Chromium. Layouts sized by them leave room for either font.
const GLYPH_EM: readonly (readonly [string, number])[] = [
  [" !'(),-./:;[\\]|ijlfrtIJ·", 0.42],
  ["0123456789abcdeghknopqsuvxyz$?_`\"*{}εθλρ³₀⁻", 0.64],
  ["ABCDEFGHKLNOPQRSTUVXYZ&–ΔΣ", 0.8],
  ["M#+<=>^~≥×−", 0.86],
];
const glyphEm = new Map<string, number>(GLYPH_EM.flatMap(([chars, em]) => [...chars].map((c) => [c, em] as const)));

/**
 * An upper estimate of the rendered width of a line of text in the figures' font (wide
 * glyphs and anything not in the table count 1 em).
 *
 * @param text - one line of plain text
 * @param fontPx - font size, px
 * @returns width, px
 * @internal
 */
export function textWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const c of text) em += glyphEm.get(c) ?? 1;
  return em * fontPx;
}

/**
 * Plain text broken into lines no wider than `maxPx` (at spaces; a word wider than a line is
 * cut between characters).
 *
 * @internal
 */
export function wrapLines(text: string, maxPx: number, fontPx: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/ +/)) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (textWidth(candidate, fontPx) <= maxPx) {
      line = candidate;
      continue;
    }
    if (line !== "") lines.push(line);
    line = "";
    for (const c of word) {
      if (line !== "" && textWidth(line + c, fontPx) > maxPx) {
        lines.push(line);
        line = "";
      }
      line += c;
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Plain text as Plotly text: Plotly reads a subset of HTML in titles, legend entries and
 * annotations (`<b>`, `<br>`, `<a href>`, entities), so `&`, `<` and `>` are written as
 * entities and the text shows as typed.
 *
 * @internal
 */
export const plotlyText = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Plain text wrapped to `maxPx` as Plotly text (lines joined by `<br>`). */
const wrapped = (s: string, maxPx: number, fontPx: number): { text: string; lines: number } => {
  const lines = wrapLines(s, maxPx, fontPx);
  return { text: lines.map(plotlyText).join("<br>"), lines: lines.length };
};

/**
 * The names of the traces a Plotly legend shows (scatter and bar traces unless
 * `showlegend: false`, other types only with `showlegend: true`).
 *
 * @internal
 */
export function legendNames(data: readonly Record<string, unknown>[]): string[] {
  return data
    .filter((t) => t.showlegend === true || (t.showlegend !== false && (t.type === "scatter" || t.type === "bar")))
    .map((t) => String(t.name ?? ""));
}

/** Options of {@link frameLayout}. @internal */
export interface FrameOptions extends LayoutOptions {
  /** Figure title (plain text). */
  readonly title: string;
  /** Canvas width, px (default 900). */
  readonly width?: number;
  /** Height of the plot area, px (default 480); the canvas is as tall as the plot, the title block and the bottom block need. */
  readonly plotHeight?: number;
  /** Left margin, px (default 80). */
  readonly left?: number;
  /** Right margin, px (default 30). */
  readonly right?: number;
  /** Room for a row of panel titles above the plot area (multi-panel figures). */
  readonly panelTitles?: boolean;
}

/**
 * The frame of a figure, computed from what it holds: the title (and note) wrapped to the
 * canvas width with the top margin their lines need; the legend below the x axis title in
 * as many columns of equal width as the widest entry allows, with the bottom margin its rows
 * need; the canvas height = top margin + plot height + bottom margin. Sizes use
 * {@link textWidth}, an upper estimate for the fonts a Debian machine substitutes, so
 * nothing overlaps when a wider fallback font is drawn.
 *
 * @returns a Plotly layout without axes
 * @internal
 */
export function frameLayout(o: FrameOptions): Record<string, unknown> {
  const width = o.width ?? 900;
  const left = o.left ?? 80;
  const right = o.right ?? 30;
  const title = wrapped(o.title, width - 2 * EDGE - 20, TITLE_FONT);
  const note = o.note === undefined || o.note === "" ? null : wrapped(o.note, width - 2 * EDGE - 20, NOTE_FONT);
  const titleHeight = title.lines * LINE * TITLE_FONT;
  const noteHeight = note ? 6 + note.lines * LINE * NOTE_FONT : 0;
  const top = EDGE + 6 + titleHeight + noteHeight + 16 + (o.panelTitles ? 26 : 0);
  const entries = o.legend ?? [];
  let bottom = X_AXIS_BLOCK + LINE * AXIS_TITLE_FONT + EDGE;
  let legend: Record<string, unknown> = {};
  if (entries.length > 0) {
    const available = width - left - EDGE;
    const text = Math.ceil(Math.max(...entries.map((e) => textWidth(e, LEGEND_FONT)))) + 4;
    const columns = Math.max(1, Math.min(entries.length, Math.floor(available / (text + LEGEND_SYMBOL))));
    const entryWidth = columns === 1 ? Math.max(text, available - LEGEND_SYMBOL) : text;
    const rows = Math.ceil(entries.length / columns);
    const legendHeight = rows * LEGEND_ROW + LEGEND_PAD;
    bottom += 8 + legendHeight;
    legend = {
      orientation: "h", entrywidth: entryWidth, entrywidthmode: "pixels",
      xref: "paper", x: 0, xanchor: "left", yref: "container", y: EDGE / 2, yanchor: "bottom",
      font: { size: LEGEND_FONT }, bgcolor: "rgba(0,0,0,0)",
    };
  }
  const height = Math.ceil(top + (o.plotHeight ?? 480) + bottom);
  legend = entries.length > 0 ? { ...legend, y: EDGE / 2 / height } : legend;
  return {
    title: {
      // Plotly draws a title of several lines about 11 px higher than one line (measured in
      // Chromium): anchor its top lower by as much so every title starts EDGE px down.
      text: title.text, font: { size: TITLE_FONT }, x: 0.5, xanchor: "center", xref: "container",
      yref: "container", y: 1 - (EDGE + 6 + (title.lines > 1 ? 11 : 0)) / height, yanchor: "top",
      ...(note ? { subtitle: { text: note.text, font: { size: NOTE_FONT, color: "#555555" } } } : {}),
    },
    width,
    height,
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: FONT_FAMILY, size: FONT },
    showlegend: entries.length > 0,
    ...(entries.length > 0 ? { legend } : {}),
    margin: { l: left, r: right, t: Math.ceil(top), b: Math.ceil(bottom) },
  };
}

/**
 * The common layout of a single-panel figure: white background, readable fonts, log axes
 * where asked, the title wrapped to the width, and the legend below the x axis in rows
 * computed from its entries (the canvas grows with them; the plot area stays 480 px tall).
 *
 * @param title - figure title (plain text)
 * @param x - x axis
 * @param y - y axis
 * @param opts - {@link LayoutOptions}: the legend's entries and a note under the title
 * @returns a Plotly layout
 * @throws TypeError for a non-string title, a malformed axis spec or malformed options
 * @example
 * ```ts
 * baseLayout("t", { title: "x" }, { title: "y", log: true }).yaxis; // { title: { text: "y" }, type: "log", … }
 * baseLayout("t", { title: "x" }, { title: "y" }, { legend: ["a", "b"] }).margin; // { l: 80, r: 30, t: …, b: … }
 * ```
 */
export function baseLayout(title: string, x: AxisSpec, y: AxisSpec, opts: LayoutOptions = {}): Layout {
  const fn = "baseLayout";
  if (typeof title !== "string") throw new TypeError(`${fn}: title must be a string, got ${show(title)}`);
  const xaxis = axisOf(fn, "x", x);
  const yaxis = axisOf(fn, "y", y);
  const o = layoutOptions(fn, opts);
  const frame = frameLayout({ title, ...o });
  return { ...frame, xaxis, yaxis };
}

function layoutOptions(fn: string, opts: unknown): LayoutOptions {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) throw new TypeError(`${fn}: opts must be an object, got ${show(opts)}`);
  const { legend, note } = opts as LayoutOptions;
  if (legend !== undefined && !(Array.isArray(legend) && legend.every((e) => typeof e === "string"))) {
    throw new TypeError(`${fn}: opts.legend must be an array of strings, got ${show(legend)}`);
  }
  if (note !== undefined && typeof note !== "string") throw new TypeError(`${fn}: opts.note must be a string, got ${show(note)}`);
  return { ...(legend !== undefined ? { legend } : {}), ...(note !== undefined ? { note } : {}) };
}

/**
 * A Plotly axis object.
 *
 * @param a - axis spec
 * @returns the axis layout
 * @example
 * ```ts
 * axis({ title: "λ", range: [0, 1] }).range; // [0, 1]
 * ```
 */
export function axis(a: AxisSpec): Record<string, unknown> {
  return axisOf("axis", "a", a);
}

function axisOf(fn: string, param: string, a: AxisSpec): Record<string, unknown> {
  if (a === null || typeof a !== "object" || Array.isArray(a)) throw new TypeError(`${fn}: ${param} must be an axis spec { title, log?, range? }, got ${show(a)}`);
  if (typeof a.title !== "string") throw new TypeError(`${fn}: ${param}.title must be a string, got ${show(a.title)}`);
  if (a.log !== undefined && typeof a.log !== "boolean") throw new TypeError(`${fn}: ${param}.log must be a boolean, got ${show(a.log)}`);
  if (a.range !== undefined) {
    if (!Array.isArray(a.range) || a.range.length !== 2) throw new TypeError(`${fn}: ${param}.range must be a [low, high] pair, got ${show(a.range)}`);
    finite(fn, `${param}.range[0]`, a.range[0]);
    finite(fn, `${param}.range[1]`, a.range[1]);
  }
  return {
    title: { text: plotlyText(a.title), font: { size: AXIS_TITLE_FONT } },
    ...(a.log ? { type: "log", exponentformat: "power" } : {}),
    ...(a.range ? { range: [...a.range] } : {}),
    automargin: true,
    gridcolor: "#e5e5e5",
    zeroline: false,
    showline: true,
    linecolor: "#444444",
    mirror: true,
  };
}

/** A finite positive number for a log axis, or null (Plotly leaves a gap). */
export const logValue = (x: number): number | null => (Number.isFinite(x) && x > 0 ? x : null);

/** A finite number, or null. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
