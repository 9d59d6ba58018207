/**
 * The paper's inequalities (13) and (14) in LaTeX, each stored with the expression it is
 * typeset from (mathjs syntax). The LaTeX is not typeset at run time: mathjs costs about
 * 0.4 s to import, for two constant strings. `test/pipeline/tex.test.ts` parses each
 * expression with mathjs, typesets it (symbols `x_sub` as `x_{\mathrm{sub}}`) and checks
 * that the result equals the stored LaTeX, so the two cannot drift apart.
 *
 * @module
 */

/** An expression and its LaTeX. */
export interface Typeset {
  /** The expression in mathjs syntax. */
  readonly expression: string;
  /** Its LaTeX, as mathjs typesets it with subscripted symbols. */
  readonly latex: string;
}

/** Paper (13): collaborative beats edge-only. */
export const TEX_13: Typeset = Object.freeze({
  expression: "(J_img - J_dl) / R > (O_D + O_dec * L_dec) * (1 / f_UE - 1 / f_ES)",
  latex:
    "\\frac{\\left( J_{\\mathrm{img}} - J_{\\mathrm{dl}} \\right)}{ R }>\\left( O_{\\mathrm{D}} + O_{\\mathrm{dec}} \\cdot L_{\\mathrm{dec}} \\right)\\cdot\\left(\\frac{1}{ f_{\\mathrm{UE}} }-\\frac{1}{ f_{\\mathrm{ES}} }\\right)",
});

/** Paper (14): collaborative beats terminal-only. */
export const TEX_14: Typeset = Object.freeze({
  expression: "J_dl / R < (O_E + O_prior * L_prior) * (1 / f_UE - 1 / f_ES)",
  latex:
    "\\frac{ J_{\\mathrm{dl}} }{ R }<\\left( O_{\\mathrm{E}} + O_{\\mathrm{prior}} \\cdot L_{\\mathrm{prior}} \\right)\\cdot\\left(\\frac{1}{ f_{\\mathrm{UE}} }-\\frac{1}{ f_{\\mathrm{ES}} }\\right)",
});
