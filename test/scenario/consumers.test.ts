/**
 * Consumers go through the scenario layer: the command line, figures, scores, testing kit
 * and notebooks never build a scenario's arrivals or services, never run the slotted
 * simulator on their own, and never do arithmetic with a slot length (seconds ↔ slots is
 * `deadlineSlots`/`slotsToSeconds`/`coveringSlots`). Checked on the syntax tree of every
 * consumer source file, and on the notebooks' code.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it, vi } from "vitest";
import { boundCommand } from "../../src/cli/commands.js";
import { paperScenario, paradigms } from "../../src/pipeline/index.js";
import { qualityBoundFigure, regionMapFigure } from "../../src/plot/index.js";
import { violationBound } from "../../src/scenario/index.js";
import { sncDelayEngine } from "../../src/scores/index.js";
import { delayBound, pipelineService, poissonArrivals } from "../../src/snc/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CONSUMERS = ["src/cli", "src/plot", "src/scores", "src/testing"];
/** What only the scenario layer calls: the arrivals and services of a scenario, the slotted simulator. */
const LAYER_ONLY = new Set(["poissonArrivals", "pipelineService", "simulateSlotted"]);
const ARITHMETIC = new Set([ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.SlashEqualsToken]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Findings in one source file: imports of layer-only functions and arithmetic on a slot length. */
function findings(file: string, text = readFileSync(file, "utf8")): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const where = (n: ts.Node) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  // Names that hold a slot length: `slotSeconds` itself and any local declared from an expression mentioning it.
  const slotNames = new Set(["slotSeconds"]);
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && /slotSeconds/.test(n.initializer.getText())) slotNames.add(n.name.text);
    if (ts.isBindingElement(n) && ts.isIdentifier(n.name) && ((n.propertyName && n.propertyName.getText() === "slotSeconds") || n.name.text === "slotSeconds")) slotNames.add(n.name.text);
    ts.forEachChild(n, collect);
  };
  collect(sf);
  const isSlot = (e: ts.Expression): boolean => {
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (ts.isIdentifier(e)) return slotNames.has(e.text);
    if (ts.isPropertyAccessExpression(e)) return e.name.text === "slotSeconds";
    return false;
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) {
      const bindings = ts.isImportDeclaration(n) ? n.importClause?.namedBindings : n.exportClause;
      if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
        for (const e of bindings.elements) {
          const name = (e.propertyName ?? e.name).getText();
          if (LAYER_ONLY.has(name)) out.push(`${where(n)} imports ${name}`);
        }
      }
    }
    if (ts.isBinaryExpression(n) && ARITHMETIC.has(n.operatorToken.kind) && (isSlot(n.left) || isSlot(n.right))) {
      out.push(`${where(n)} computes with a slot length: ${n.getText()}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("consumers call the scenario layer for arrivals, services, simulations and slot conversions", () => {
  it("src/cli, src/plot, src/scores, src/testing", () => {
    const all = CONSUMERS.flatMap((d) => files(join(root, d))).flatMap((f) => findings(f));
    expect(all).toEqual([]);
  });

  it("the check sees what it looks for (a file written the old way fails it)", () => {
    const probe = join(root, "src/plot/probe.ts");
    const text = `import { poissonArrivals, pipelineService } from "../src/snc/index.js";
const { slotSeconds } = scenario;
const slot = positive(fn, "slotSeconds", o.slotSeconds);
const arrivals = poissonArrivals(scenario.lambda * scenario.slotSeconds);
const slots = Math.round(deadline / slotSeconds);
const xs = delays.map((d) => d * slot);`;
    const seen = findings(probe, text);
    expect(seen.filter((f) => f.includes("imports")).length).toBe(2);
    expect(seen.filter((f) => f.includes("slot length")).length).toBe(3);
  });

  it("the notebooks", () => {
    const bad: string[] = [];
    const dir = join(root, "notebooks");
    // The notebooks, their helpers and worker, and the playground's folder.
    const pages = [...readdirSync(dir), ...readdirSync(join(dir, "playground")).map((f) => `playground/${f}`)].filter((f) => /\.(html|ipynb|js)$/.test(f));
    expect(pages).toEqual(expect.arrayContaining(["lib.js", "worker.js", "questions.js", "playground/index.html", "playground/playground.js"]));
    for (const n of pages) {
      const raw = readFileSync(join(dir, n), "utf8");
      const code = n.endsWith(".ipynb") ? (JSON.parse(raw).cells as { cell_type: string; source: string | string[] }[]).filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n") : raw;
      for (const m of code.matchAll(/\b(poissonArrivals|pipelineService|simulateSlotted)\b|[*/]\s*[\w.]*\bslotSeconds\b|\bslotSeconds\s*[*/]/g)) bad.push(`${n}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
  });
});

// One rule everywhere: a deadline of 0.65 s with Δ = 0.1 s is 6.5 slots. The scores used to
// floor (6 slots) while the command line and figures rounded (7 slots — a later slot, so a
// smaller, unsafe probability). Now every consumer evaluates ⌊d/Δ⌋ = 6 slots.
describe("every consumer evaluates a deadline at the same slot", () => {
  const s = paperScenario;
  const p = paradigms(s.params).collaborative;
  const at6 = delayBound(poissonArrivals(s.lambda * s.slotSeconds), pipelineService(p, { slotSeconds: s.slotSeconds }), 6).probability;
  it("the scenario layer", () => {
    expect(violationBound(p, s, 0.65, { model: "fluid" }).slots).toBe(6);
    expect(violationBound(p, s, 0.65, { model: "fluid" }).probability).toBe(at6);
  });
  it("the scores' delay engine", () => {
    const engine = sncDelayEngine({ slotSeconds: s.slotSeconds, deadline: 0.65, model: "fluid" });
    expect(engine(p, s.lambda).violationProbability).toBe(at6);
  });
  it("the command line", () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((x: string | Uint8Array) => (out.push(String(x)), true));
    try {
      boundCommand(s, { deadline: 0.65, json: true, model: "fluid" });
    } finally {
      spy.mockRestore();
    }
    const r = JSON.parse(out.join(""));
    expect(r.deadlineSeconds).toBe(6 * s.slotSeconds);
    expect(r.paradigms[0].paradigm).toBe("collaborative");
    expect(r.paradigms[0].exact).toBe(at6);
  });
  it("the figures", () => {
    // The panel title (Plotly-escaped text) names the deadline evaluated.
    for (const model of ["fluid", "request"] as const) {
      const panels = (regionMapFigure(s, { points: 1, deadlineSeconds: 0.65, model }).layout.annotations as { text: string }[]).map((a) => a.text);
      const prefix = model === "fluid" ? "fluid model: SNC bound P(D " : "request model: response time P(T ";
      expect(panels.some((t) => t.startsWith(prefix) && t.endsWith(" 0.600 s)")), panels.join(" | ")).toBe(true);
    }
    expect(qualityBoundFigure(s, { maxPriorSteps: 0, maxDecoderSteps: 0, deadlineSeconds: 0.65 }).title).toMatch(/P\(D > 0\.600 s\)/);
  });
});
