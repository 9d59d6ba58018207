/**
 * Smoke test: import the BUILT package the way a user would (`import … from "edgecalc"`,
 * resolved through package.json "exports" by Node's self-reference), and check that the
 * core entry point's static import graph pulls in neither Plotly nor worker threads.
 * `npm test` builds dist/ before Vitest runs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("the built package", () => {
  it("is built by TypeScript 6.0 (tslab ships a TypeScript 5 whose tsc shadows node_modules/.bin/tsc)", async () => {
    const ts = await import("typescript");
    expect((ts.default ?? ts).version).toMatch(/^6\.0\./);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.scripts.build).toContain("node_modules/typescript/bin/tsc");
    expect(pkg.scripts.typecheck).toContain("node_modules/typescript/bin/tsc");
  });

  it("exists (npm test builds it first)", () => {
    expect(existsSync(join(root, "dist/index.js")), "dist/index.js missing: run npm run build").toBe(true);
    expect(existsSync(join(root, "dist/index.d.ts"))).toBe(true);
  });

  it('imports as "edgecalc" in plain Node and computes', () => {
    const dir = join(root, "build-check", "smoke");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "smoke.mjs");
    writeFileSync(
      file,
      `import { mg1, exponential, paradigmLatencies, paperScenario } from "edgecalc";
const q = mg1(0.8, exponential(1));
const t = paradigmLatencies(paperScenario.params);
console.log(JSON.stringify({ meanWait: q.meanWait, split: t.collaborative.total }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" }));
    // M/M/1: E[W] = ρ/(μ − λ) = 0.8/0.2 = 4.
    expect(Math.abs(out.meanWait - 4)).toBeLessThan(1e-12);
    expect(out.split).toBeGreaterThan(1);
  });

  it("the core entry point statically loads neither Plotly nor worker threads", () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      const src = readFileSync(f, "utf8");
      for (const m of src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gm)) {
        const spec = m[1];
        if (/plotly|worker_threads|playwright/.test(spec)) bad.push(`${f} → ${spec}`);
        if (spec.startsWith(".")) visit(resolve(dirname(f), spec));
      }
    };
    visit(join(root, "dist/index.js"));
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });
});
