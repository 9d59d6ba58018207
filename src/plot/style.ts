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
  /** Axis title. */
  readonly title: string;
  /** Logarithmic axis (default linear). */
  readonly log?: boolean;
  /** Axis range in data units (log axes: in log10 units, as Plotly reads it). */
  readonly range?: readonly [number, number];
}

/**
 * The common layout of a single-panel figure.
 *
 * @param title - figure title
 * @param x - x axis
 * @param y - y axis
 * @returns a Plotly layout
 * @example
 * ```ts
 * baseLayout("t", { title: "x" }, { title: "y", log: true }).yaxis; // { title: { text: "y" }, type: "log", … }
 * ```
 */
export function baseLayout(title: string, x: AxisSpec, y: AxisSpec): Layout {
  const fn = "baseLayout";
  if (typeof title !== "string") throw new TypeError(`${fn}: title must be a string, got ${show(title)}`);
  return {
    title: { text: title, font: { size: 16 } },
    xaxis: axisOf(fn, "x", x),
    yaxis: axisOf(fn, "y", y),
    width: 900,
    height: 680,
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: "Helvetica, Arial, sans-serif", size: 13 },
    // Below the plot: legends of the bound figures are long and would squeeze the axes.
    legend: { orientation: "h", x: 0, y: -0.14, yanchor: "top", font: { size: 11 } },
    margin: { l: 80, r: 30, t: 70, b: 40 },
  };
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
    title: { text: a.title },
    ...(a.log ? { type: "log", exponentformat: "power" } : {}),
    ...(a.range ? { range: [...a.range] } : {}),
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
