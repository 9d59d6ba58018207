/**
 * The figure type every builder returns: a Plotly figure (data + layout) plus the numbers
 * behind it as a table, so the same object renders in a browser, exports to PNG/SVG/PDF
 * and writes a CSV for pgfplots or matplotlib users.
 *
 * @module
 */

/** One Plotly trace (scatter, heatmap, bar, …): a plain JSON object as Plotly reads it. */
export type Trace = Readonly<Record<string, unknown>>;

/** A Plotly layout: a plain JSON object. */
export type Layout = Readonly<Record<string, unknown>>;

/** The numbers behind a figure in long format: one row per plotted point. */
export interface DataTable {
  /** Column names, e.g. `["series", "delay_s", "probability"]`. */
  readonly columns: readonly string[];
  /** Rows; `null` marks a missing value (an unstable queue, a zero frequency on a log axis). */
  readonly rows: readonly (readonly (number | string | null)[])[];
}

/** A figure: Plotly `data` and `layout`, an id for file names, and its data table. */
export interface Figure {
  /** File-name stem, e.g. `"fig09-paradigm-bounds"`. */
  readonly id: string;
  /** Human title (also the layout's title). */
  readonly title: string;
  /** Plotly traces, in drawing order. */
  readonly data: readonly Trace[];
  /** Plotly layout (fixed width/height, used for image export). */
  readonly layout: Layout;
  /** The plotted numbers, for CSV export. */
  readonly table: DataTable;
}
