/**
 * The project stands alone: no tracked file refers to notes a user does not have, every
 * `docs/model.md §N` citation names a section that docs/model.md has, local links in the
 * documents resolve, and the model document ships with the package the CLI report points to.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Tracked files that exist in the working tree, with the text of every non-binary one. */
function trackedTextFiles(): { path: string; text: string }[] {
  const out = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const files: { path: string; text: string }[] = [];
  for (const path of out.split("\0").filter((p) => p !== "")) {
    const full = join(root, path);
    if (!existsSync(full)) continue; // deleted in the working tree, not yet committed
    const bytes = readFileSync(full);
    // Git's own test for binary content: a NUL byte in the first 8000 bytes.
    if (bytes.subarray(0, 8000).includes(0)) continue;
    files.push({ path, text: bytes.toString("utf8") });
  }
  return files;
}

// Spelled in pieces so that this file does not match itself.
const FORBIDDEN = [...["MODEL", "PEERS", "STYLE", "ARCHITECTURE"].map((n) => `${n}.md`), "seeds" + "/", "/work" + "/shared"];

/** Section numbers of docs/model.md's headings: "## 4. …" → "4", "### 4.2 …" → "4.2". */
function modelSections(): Set<string> {
  const text = readFileSync(join(root, "docs/model.md"), "utf8");
  return new Set(Array.from(text.matchAll(/^#{2,6}\s+(\d+(?:\.\d+)*)\.?\s/gm), (m) => m[1]));
}

/**
 * Every `docs/model.md §N` citation, including runs such as "§4, §7", "§4/§7" or "§2 and
 * §4" after one mention, and docs/peers.md's relative "model.md §4.2".
 */
function citations(files: { path: string; text: string }[]): { where: string; section: string }[] {
  const found: { where: string; section: string }[] = [];
  const cite = /(?<![\w.-])(?:docs\/)?model\.md`?((?:\s*(?:,|\/|and|or|–)?\s*§\d+(?:\.\d+)*)+)/g;
  for (const { path, text } of files) {
    text.split("\n").forEach((line, i) => {
      for (const m of line.matchAll(cite)) {
        for (const s of m[1].matchAll(/§(\d+(?:\.\d+)*)/g)) found.push({ where: `${path}:${i + 1}`, section: s[1] });
      }
    });
  }
  return found;
}

describe("the project stands alone", () => {
  const files = trackedTextFiles();

  it("reads the tracked files (git ls-files)", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.path === "docs/model.md")).toBe(true);
  });

  it("no tracked file mentions notes outside the repository", () => {
    const hits: string[] = [];
    for (const { path, text } of files) {
      text.split("\n").forEach((line, i) => {
        for (const word of FORBIDDEN) if (line.includes(word)) hits.push(`${path}:${i + 1}: ${word}`);
      });
    }
    expect(hits, hits.join("\n")).toEqual([]);
  });

  it("docs/model.md keeps its section numbers", () => {
    const sections = modelSections();
    for (const n of ["1", "2", "3", "4", "5", "6", "7", "8", "9"]) expect(sections.has(n), `docs/model.md has no "## ${n}." heading`).toBe(true);
  });

  it("every docs/model.md §N citation names a section docs/model.md has", () => {
    const sections = modelSections();
    const cited = citations(files);
    // The source, the tests, the examples and the notebooks cite it: the check is not vacuous.
    expect(cited.length).toBeGreaterThan(100);
    const broken = cited.filter((c) => !sections.has(c.section)).map((c) => `${c.where}: §${c.section}`);
    expect(broken, `no such section in docs/model.md:\n${broken.join("\n")}`).toEqual([]);
  });

  it("local links in README.md and docs/*.md resolve", () => {
    const docs = files.filter((f) => f.path === "README.md" || /^docs\/[^/]+\.md$/.test(f.path));
    expect(docs.map((d) => d.path)).toEqual(expect.arrayContaining(["README.md", "docs/model.md", "docs/peers.md"]));
    const broken: string[] = [];
    for (const { path, text } of docs) {
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split("#")[0];
        if (target === "" || /^[a-z]+:/i.test(target)) continue; // anchors and URLs
        if (!existsSync(join(root, normalize(join(dirname(path), target))))) broken.push(`${path}: ${m[1]}`);
      }
    }
    expect(broken, broken.join("\n")).toEqual([]);
  });

  it("the package ships docs/model.md and docs/peers.md (the report and the TSDoc cite them)", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
    const ships = (p: string) => pkg.files.some((f) => f.replace(/\/$/, "") === p || p.startsWith(`${f.replace(/\/$/, "")}/`));
    for (const p of ["docs/model.md", "docs/peers.md"]) {
      expect(ships(p), `package.json "files" does not include ${p}`).toBe(true);
      expect(existsSync(join(root, p))).toBe(true);
    }
  });

  it("`edgecalc report` points to docs/model.md and to nothing outside the package", () => {
    const main = join(root, "dist/cli/main.js");
    expect(existsSync(main), `${main} is missing: run npm run build`).toBe(true);
    const r = spawnSync(process.execPath, [main, "report"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("docs/model.md");
    for (const word of FORBIDDEN) expect(r.stdout).not.toContain(word);
    const sections = modelSections();
    for (const m of r.stdout.matchAll(/docs\/model\.md §(\d+(?:\.\d+)*)/g)) expect(sections.has(m[1]), `§${m[1]}`).toBe(true);
  });
});
