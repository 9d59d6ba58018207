/**
 * The API reference builds with TypeDoc's validation on (typedoc.json: every export
 * documented, no invalid links, nothing referenced but not exported) and warnings treated
 * as errors — the docs check of the CI.
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("API reference (TypeDoc)", () => {
  it("every export is documented and every link resolves", () => {
    const r = spawnSync(process.execPath, [join(root, "node_modules/typedoc/bin/typedoc"), "--emit", "none"], { cwd: root, encoding: "utf8" });
    const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "");
    const problems = out.split("\n").filter((l) => /\[(warning|error)\]/.test(l));
    expect(problems, problems.join("\n")).toEqual([]);
    expect(r.status).toBe(0);
  });
});
