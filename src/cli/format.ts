/** Plain-text table and number formatting for the command line. @module */

/** Formats a number with `digits` significant digits, keeping ∞ and tiny values readable. */
export function num(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** Renders rows as an aligned text table with a header rule. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? "").length)));
  const line = (r: readonly string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * Text made safe for a terminal: control characters other than newline and tab (C0, DEL,
 * C1 — ESC starts the ANSI sequences that recolour, move the cursor or retitle the window),
 * and the bidirectional overrides that reorder what is shown, are written as visible
 * `\uXXXX` escapes. Everything edgecalc prints goes through it, so a scenario name or a path
 * cannot drive the user's terminal.
 *
 * @param s - text to print
 * @returns the text with those characters escaped
 * @example
 * ```ts
 * terminalText('scenario "\u001b[31mred"'); // 'scenario "\\u001b[31mred"'
 * ```
 */
export function terminalText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
