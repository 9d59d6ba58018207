/**
 * The Jupyter notebook executed headless by `npm run notebooks:jupyter` (scripts/notebooks.mjs
 * jupyter), as a reader and CI run it: it installs the tslab TypeScript kernel pointing at
 * this checkout's tslab (here into a temporary Jupyter data directory) and runs `jupyter
 * nbconvert --execute` on the built `dist/`. Fails on any error output.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npmScriptCommand, root } from "./scripts.js";

const haveJupyter = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" }).status === 0;
if (!haveJupyter && !process.env.CI) {
  console.warn("test/notebooks/jupyter.test.ts: SKIPPED — jupyter nbconvert not found (apt-get install jupyter-nbconvert python3-jupyter-client python3-ipykernel; in CI this test runs)");
}

describe("npm run notebooks:jupyter", () => {
  const dir = mkdtempSync(join(tmpdir(), "edgecalc-jupyter-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!haveJupyter && !process.env.CI)("installs the tslab kernel and executes edgecalc-tour.ipynb with no error output and the expected answers", () => {
    const data = join(dir, "data");
    const out = join(dir, "out");
    const { command, args } = npmScriptCommand("notebooks:jupyter", ["--out", out]);
    expect(args.slice(0, 2)).toEqual(["scripts/notebooks.mjs", "jupyter"]);
    // JUPYTER_DATA_DIR: the kernel goes to a temporary data directory, not the user's.
    const r = spawnSync(command, args, { cwd: root, encoding: "utf8", timeout: 280_000, env: { ...process.env, JUPYTER_DATA_DIR: data } });
    expect(r.status, `notebooks:jupyter failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`installed the tslab kernel: ${join(data, "kernels/tslab/kernel.json")}`);
    const kernel = JSON.parse(readFileSync(join(data, "kernels/tslab/kernel.json"), "utf8")) as { argv: string[] };
    expect(kernel.argv.slice(0, 2)).toEqual([process.execPath, join(root, "node_modules/tslab/bin/tslab")]);
    expect(r.stdout).toMatch(/executed \d+ code cells with no errors: /);

    const nb = JSON.parse(readFileSync(join(out, "edgecalc-tour.ipynb"), "utf8")) as { cells: { cell_type: string; outputs?: { output_type: string; name?: string; text?: string[]; ename?: string; evalue?: string }[] }[] };
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    const errors = outputs.filter((o) => o.output_type === "error" || o.name === "stderr");
    expect(errors, JSON.stringify(errors)).toEqual([]);
    const text = outputs.map((o) => (o.text ?? []).join("")).join("\n");
    expect(text).toContain("winner by latency: collaborative; by sojourn: collaborative; (13) true, (14) true");
    expect(text).toContain("winner by latency: edgeOnly");
    expect(text).toContain("(13)/(14) agree with the direct latency comparison in both scenarios");
    // The reader's questions, with the values the notebook ships.
    expect(text).toContain("your scenario: collaborative (split) wins by 1.169 s of mean response over edge-only; request model: P(delay > 6 s) ≤ 3.80e-4, 0.999 of requests within 5.4 s");
    expect(text).toMatch(/\(request model\): simulated P\(delay > 6 s\) = \S+ \[\S+, \S+\], bound \S+: the bound holds/);
    // The graph presets' section (docs/model.md §11): mean latency against the alternatives, the
    // guaranteed capacity at (3 s, 1e-4) and (1 s, 1e-4), and each design's bound against a simulation.
    expect(text).toMatch(/llm-collaborative vs llm-cloud: mean latency \d+\.\d % lower simulated \(\d+\.\d % higher paper-style\)/);
    expect(text).toContain("llm-collaborative  capacity at (3 s, 0.0001) 8.64/s (stable below 10.8/s)");
    expect(text).toContain("microservice       capacity at (1 s, 0.0001) 5.93/s (stable below 11.4/s)");
    expect(text).toContain("guaranteed capacity: llm-collaborative 4.54× llm-cloud");
    for (const name of ["llm-collaborative", "llm-cloud", "llm-edge", "microservice"]) {
      expect(text).toMatch(new RegExp(`${name} +P\\(T > \\S+ s\\): simulated \\S+ \\[\\S+, \\S+\\], (bound|exact) \\S+: the bound holds`));
    }
  }, 300_000);

  it("without Jupyter it says in one line how to install it, and exits 1", () => {
    // A PATH with node and nothing else: no jupyter on it.
    const bin = join(dir, "bin");
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "node"));
    const { command, args } = npmScriptCommand("notebooks:jupyter", ["--out", join(dir, "never")]);
    const r = spawnSync(command, args, { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, PATH: bin } });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringContaining("jupyter nbconvert is not installed: on Debian `apt-get install jupyter-nbconvert")]);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});
