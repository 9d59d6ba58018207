/**
 * The layering of src/, checked on the import graph (TypeScript's own pre-processor reads
 * every import, export-from, `import type` and `import("…")` of every source file):
 *
 * - no import cycle anywhere in src/;
 * - no folder imports a folder on a higher floor (the floors below, from the ground up);
 * - the core — everything the root entry `edgecalc` loads — imports no `node:` module, and
 *   `node:` modules appear only where the floors allow them (the simulator's worker pool,
 *   figure export, the command line).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/**
 * The floors, from the ground up; a folder imports only from its own floor or below.
 * The root entry `src/index.ts` re-exports floors 1–6 and counts as floor 6.
 */
const FLOORS: Readonly<Record<string, number>> = {
  util: 1, special: 1, random: 1, numeric: 1,
  distributions: 2, channel: 2,
  pipeline: 3,
  queueing: 4, snc: 4, requests: 4, sim: 4,
  scenario: 5,
  compare: 6, scores: 6,
  plot: 7, testing: 7, cli: 7,
};
const ROOT_FLOOR = 6;

/** Files (relative to src/) allowed to import `node:` modules: they are outside the core. */
const NODE_ALLOWED = [/^sim\/pool\.ts$/, /^sim\/worker\.ts$/, /^sim\/source-worker\.ts$/, /^plot\/export\//, /^cli\//];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

interface Edge {
  /** The imported file (absolute), or the bare specifier for packages and `node:` modules. */
  readonly to: string;
  /** Erased at run time (`import type`, `export type`, or `import("…")` in a type position). */
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
}

/** Every import of a file: specifiers from TypeScript's pre-processor, classified by the AST. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edges: Edge[] = [];
  const add = (spec: string, typeOnly: boolean, dynamic: boolean) => {
    const to = spec.startsWith(".") ? resolve(dirname(file), spec.replace(/\.js$/, ".ts")) : spec;
    edges.push({ to, typeOnly, dynamic });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const typeOnly = c !== undefined && (c.isTypeOnly || (c.name === undefined && c.namedBindings !== undefined && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier.text, typeOnly, false);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = n.isTypeOnly || (n.exportClause !== undefined && ts.isNamedExports(n.exportClause) && n.exportClause.elements.every((e) => e.isTypeOnly));
      add(n.moduleSpecifier.text, typeOnly, false);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      add(n.argument.literal.text, true, true);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      add(n.arguments[0].text, false, true);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  // Cross-check with TypeScript's pre-processor, so an import form the walk above misses fails here.
  const pre = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const spec of pre) {
    if (!edges.some((e) => e.to === (spec.startsWith(".") ? resolve(dirname(file), spec.replace(/\.js$/, ".ts")) : spec))) {
      throw new Error(`${relative(root, file)}: import of ${spec} not classified`);
    }
  }
  return edges;
}

const files = sources(src);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(src, f);
const folderOf = (f: string) => (rel(f).includes("/") ? rel(f).split("/")[0] : null);
const floorOf = (f: string) => {
  const folder = folderOf(f);
  return folder === null ? ROOT_FLOOR : FLOORS[folder];
};

describe("the import graph of src/", () => {
  it("has a floor for every folder", () => {
    const folders = [...new Set(files.map(folderOf).filter((x): x is string => x !== null))];
    expect(folders.filter((f) => FLOORS[f] === undefined)).toEqual([]);
  });

  it("resolves every relative import to a source file", () => {
    const missing = [...graph].flatMap(([f, es]) => es.filter((e) => e.to.startsWith("/") && !graph.has(e.to)).map((e) => `${rel(f)} → ${relative(src, e.to)}`));
    expect(missing).toEqual([]);
  });

  it("has no cycle (type-only imports included)", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const stack: string[] = [];
    const dfs = (f: string): void => {
      state.set(f, "open");
      stack.push(f);
      for (const e of graph.get(f) ?? []) {
        if (!graph.has(e.to)) continue;
        const s = state.get(e.to);
        if (s === "open") cycles.push([...stack.slice(stack.indexOf(e.to)), e.to].map(rel).join(" → "));
        else if (s === undefined) dfs(e.to);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of files) if (!state.has(f)) dfs(f);
    expect(cycles).toEqual([]);
  });

  it("never imports from a higher floor", () => {
    const up = [...graph].flatMap(([f, es]) =>
      es.filter((e) => graph.has(e.to) && floorOf(e.to) > floorOf(f)).map((e) => `${rel(f)} (floor ${floorOf(f)}) → ${rel(e.to)} (floor ${floorOf(e.to)})`),
    );
    expect(up).toEqual([]);
  });

  it("imports node: modules only in the worker pool, figure export and the command line", () => {
    const bad = [...graph].flatMap(([f, es]) =>
      es.filter((e) => e.to.startsWith("node:") && !NODE_ALLOWED.some((r) => r.test(rel(f)))).map((e) => `${rel(f)} → ${e.to}`),
    );
    expect(bad).toEqual([]);
  });

  it("keeps the core (what the root entry loads at run time) free of node: modules", () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (f: string, path: string[]): void => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const e of graph.get(f) ?? []) {
        if (e.typeOnly) continue;
        if (e.to.startsWith("node:")) bad.push([...path, rel(f), e.to].join(" → "));
        else if (graph.has(e.to)) visit(e.to, [...path, rel(f)]);
      }
    };
    visit(join(src, "index.ts"), []);
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });
});


/**
 * Internal exports: names a module exports for its own folder or a lower layer but its
 * folder's index.ts does not re-export (a name tagged `@internal` in its doc comment need not
 * be listed). A new export of a module an index re-exports from must be re-exported by that
 * index or added here, so a merge that adds an export cannot drop it from the API silently.
 */
const INTERNAL: Readonly<Record<string, readonly string[]>> = {
  "channel/units.ts": ["dbToLinearKernel", "dbmToWattsKernel"],
  "channel/rayleigh.ts": ["meanRateKernel", "fluidLogMgfNegKernel", "floorLogMgfNegKernel", "floorMeanKernel", "rayleighDraw", "slotScaleKernel", "rayleighLinkFor"],
  "channel/transfer.ts": ["sampleTransferKernel"],
  "pipeline/scenario.ts": ["stripJsonComments"],
  "pipeline/arrivals.ts": ["checkArrivals", "requestArrivalsOption"],
  "pipeline/service-law.ts": ["requestServiceLaws"],
  "plot/style.ts": ["logValue", "finiteOrNull"],
  "queueing/lundberg.ts": ["hasLeftLst", "isDeterministic", "lundbergExponent", "lundbergKernel"],
  "random/rng.ts": ["rngState", "nextUint32"],
  "special/gamma.ts": ["logGamma", "logFactorialKernel"],
  "scores/normalize.ts": ["normalizeColumnKernel", "normalizeChecked"],
  "scores/aggregate.ts": ["rankingOf", "weightedSumKernel", "topsisKernel"],
  "scores/robustness.ts": ["dirichlet", "shiftWeight", "criticalScan"],
  "sim/slotted-kernel.ts": ["buildSlotProcess", "buildSlotted", "slottedChunkSteps", "SlotProcess", "SlottedModel", "SlotProcessSpec", "SlottedModelSpec", "SlottedTask", "SlottedChunkResult"],
  "sim/stats.ts": ["batchMeansEstimate", "probabilityEstimate", "iidEstimate", "histogramBase", "histogramKey", "histogramRecord", "bucketLower", "histogramQuantile", "exceedanceQuantile", "HIST_MANTISSA_BITS", "HIST_OCTAVES", "HIST_BUCKETS", "QuantileInterval"],
  "sim/progress.ts": ["progressSink", "ProgressSink"],
  "snc/services.ts": ["flooredSampler", "stagesOf", "isNetworkService"],
  "snc/kernel.ts": ["maxDelaySlots", "makeModel", "stabilityFunction", "thetaMax", "logBound", "logBoundAllT", "THETA_CAP", "MAX_TERMS_PER_EVALUATION", "Model", "Eval", "Form"],
  "special/expint.ts": ["logExpintEKernel", "logScaledExpintEKernel", "expintEKernel"],
  "testing/laws.ts": ["num"],
};

describe("the public surface", () => {
  const indexes = files.filter((f) => /^[^/]+\/index\.ts$/.test(rel(f)) || rel(f) === "index.ts");

  it("re-exports by name: no `export *` in any index.ts (each public name is chosen)", () => {
    const star = indexes.filter((f) => /^\s*export\s+\*/m.test(readFileSync(f, "utf8"))).map(rel);
    expect(star).toEqual([]);
  });

  it("every export of a module an index re-exports from is public (re-exported) or listed as internal", () => {
    const program = ts.createProgram(indexes, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true });
    const checker = program.getTypeChecker();
    const exportsOf = (f: string) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(f)!)!);
    const unlisted: string[] = [];
    const listed = new Set(Object.entries(INTERNAL).flatMap(([f, names]) => names.map((n) => `${f} ${n}`)));
    const used = new Set<string>();
    for (const index of indexes.filter((f) => rel(f) !== "index.ts")) {
      const pub = new Set(exportsOf(index).map((e) => e.name));
      const modules = new Set(
        program.getSourceFile(index)!.statements.flatMap((st) =>
          ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? [resolve(dirname(index), st.moduleSpecifier.text.replace(/\.js$/, ".ts"))] : [],
        ),
      );
      for (const m of modules) {
        if (!program.getSourceFile(m)) continue;
        for (const e of exportsOf(m)) {
          if (pub.has(e.name)) continue;
          const key = `${rel(m)} ${e.name}`;
          const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
          const d = target.declarations?.[0];
          const doc = d ? d.getSourceFile().text.slice(d.getFullStart(), d.getStart()) : "";
          if (listed.has(key)) used.add(key);
          else if (!/@internal\b/.test(doc) && !(d && ts.getJSDocTags(d).some((t) => t.tagName.text === "internal"))) unlisted.push(`${key} (re-export it from ${rel(index)} or list it in INTERNAL)`);
        }
      }
    }
    expect(unlisted).toEqual([]);
    // A stale entry (the name became public or was removed) is dropped from the list.
    expect([...listed].filter((k) => !used.has(k))).toEqual([]);
  });
});
