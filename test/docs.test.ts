/**
 * The API reference builds with TypeDoc's validation on (typedoc.json: every export
 * documented, no invalid links, nothing referenced but not exported) and warnings treated
 * as errors — the docs check of the CI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("API reference (TypeDoc)", () => {
  it("every export is documented and every link resolves; `npm run docs` says where it wrote", () => {
    // The npm script itself (scripts/docs.mjs), into a temporary directory.
    const outDir = mkdtempSync(join(tmpdir(), "edgecalc-api-"));
    try {
      const r = spawnSync(process.execPath, [join(root, "scripts/docs.mjs"), "--out", outDir], { cwd: root, encoding: "utf8" });
      const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "");
      const problems = out.split("\n").filter((l) => /\[(warning|error)\]/.test(l));
      expect(problems, problems.join("\n")).toEqual([]);
      expect(r.status).toBe(0);
      expect(out).toContain(`API reference written to ${join(outDir, "index.html")}`);
      expect(existsSync(join(outDir, "index.html"))).toBe(true);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe("README API table", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## API overview"));
  const rows = [...table.matchAll(/^\| `(edgecalc(?:\/\w+)?)`(?: — `(\w+)`)? \| [^|]+ \| ([^\n]+) \|$/gm)].map((m) => ({ entry: m[1], folder: m[2], names: [...m[3].matchAll(/`([A-Za-z_$][\w$]*)/g)].map((n) => n[1]) }));
  const entryFile = (entry: string) => (entry === "edgecalc" ? "src/index.ts" : `src/${entry.slice("edgecalc/".length)}/index.ts`);

  it("every name the table lists is exported by its entry point (and by its folder, for the root's rows)", async () => {
    expect(rows.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const r of rows) {
      const mod = await import(join(root, entryFile(r.entry)));
      const folder = r.folder ? await import(join(root, `src/${r.folder}/index.ts`)) : mod;
      for (const n of r.names) if (!(n in mod) || !(n in folder)) missing.push(`${r.entry}${r.folder ? ` — ${r.folder}` : ""}: ${n}`);
    }
    expect(missing).toEqual([]);
  });

  it("has a row for every folder the root re-exports and every subpath in package.json", () => {
    const index = readFileSync(join(root, "src/index.ts"), "utf8");
    const folders = [...new Set([...index.matchAll(/from "\.\/(\w+)\/index\.js"/g)].map((m) => m[1]))];
    const listed = new Set(rows.filter((r) => r.folder).map((r) => r.folder));
    expect(folders.filter((f) => !listed.has(f))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "." && k !== "./package.json").map((k) => `edgecalc${k.slice(1)}`);
    const entries = new Set(rows.map((r) => r.entry));
    expect(subpaths.filter((s) => !entries.has(s))).toEqual([]);
  });
});
