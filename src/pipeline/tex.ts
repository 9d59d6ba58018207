/**
 * LaTeX for the paper's inequalities, through mathjs's expression tree (so the printed
 * formula is derived from one parsed expression, not hand-typeset twice).
 *
 * mathjs's `toTex()` escapes underscores (`J\_img`); the handler below turns `J_img` into
 * `J_{\mathrm{img}}` instead. The lighter `mathjs/number` build is used: the full build
 * costs ~0.6 s to import, this one ~0.25 s.
 *
 * @module
 */
import { parse } from "mathjs/number";

function symbolTex(node: { type: string; name?: string }): string | undefined {
  if (node.type !== "SymbolNode" || node.name === undefined) return undefined;
  const [base, ...sub] = node.name.split("_");
  const b = base === "eta" ? "\\eta" : base;
  return sub.length ? ` ${b}_{\\mathrm{${sub.join(",")}}} ` : ` ${b} `;
}

/** LaTeX of a mathjs expression with `x_sub` symbols typeset as subscripts. */
export function toTex(expression: string): string {
  return parse(expression)
    .toTex({ handler: symbolTex as never, parenthesis: "keep" })
    .replace(/\s+/g, " ")
    .trim();
}
