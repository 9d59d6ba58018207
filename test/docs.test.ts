/**
 * The API reference builds with TypeDoc's validation on (typedoc.json: every export
 * documented, no invalid links, nothing referenced but not exported) and warnings treated
 * as errors — the docs check of the CI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
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
