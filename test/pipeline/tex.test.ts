/**
 * The LaTeX of (13) and (14) is stored, not typeset at run time (src/pipeline/tex.ts): here
 * mathjs typesets each stored expression and the result must equal the stored LaTeX.
 */
import { parse } from "mathjs/number";
import { describe, expect, it } from "vitest";
import { TEX_13, TEX_14 } from "../../src/pipeline/tex.js";

/** mathjs's toTex escapes underscores (`J\_img`); this handler writes `J_img` as `J_{\mathrm{img}}`. */
function symbolTex(node: { type: string; name?: string }): string | undefined {
  if (node.type !== "SymbolNode" || node.name === undefined) return undefined;
  const [base, ...sub] = node.name.split("_");
  return sub.length ? ` ${base}_{\\mathrm{${sub.join(",")}}} ` : ` ${base} `;
}

const typeset = (expression: string): string =>
  parse(expression)
    .toTex({ handler: symbolTex as never, parenthesis: "keep" })
    .replace(/\s+/g, " ")
    .trim();

describe("the stored LaTeX of the paper's conditions", () => {
  for (const [name, t] of [["(13)", TEX_13], ["(14)", TEX_14]] as const) {
    it(`${name} is mathjs's typesetting of its expression`, () => {
      expect(t.latex).toBe(typeset(t.expression));
      expect(t.latex).not.toContain("\\_");
    });
  }
});
