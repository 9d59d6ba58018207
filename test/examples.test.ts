/** Runs the README's quick example exactly as a user would (Node, built package) and checks its printed results. */
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("examples/quick-start.mjs (the README example)", () => {
  it("runs and prints what the README says", () => {
    const out = execFileSync(process.execPath, [join(root, "examples/quick-start.mjs")], { cwd: root, encoding: "utf8" }).trim().split("\n");
    expect(out[0]).toBe("1.073 1.122");
    expect(out[1]).toBe("true 0.1321 0.0822");
    expect(out[3].split(" ")[0]).toBe("3.331e-2");
    // Every simulated upper confidence limit lies below the bound.
    const rows = out.slice(5).map((l) => l.split(" "));
    expect(rows.length).toBe(2);
    for (const r of rows) expect(r[4]).toBe("true");
  });
});
