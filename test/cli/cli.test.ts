/**
 * The command line as a user runs it: the built `dist/cli/main.js` (npm test builds first),
 * one process per command, checking exit codes, JSON output and that a bad scenario file
 * stops everything before a file is written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compareParadigms } from "../../src/compare/index.js";
import { paperScenario } from "../../src/pipeline/index.js";
import { mg1 } from "../../src/queueing/index.js";
import { paradigms, serviceDistribution } from "../../src/pipeline/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const main = join(root, "dist/cli/main.js");
const tmp = mkdtempSync(join(tmpdir(), "edgecalc-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("edgecalc command line", () => {
  it("is built (run `npm run build` first)", () => {
    expect(existsSync(main), `${main} is missing: run npm run build`).toBe(true);
  });

  it("mg1 --json gives each paradigm's M/G/1 numbers, equal to the library's", () => {
    const r = run("mg1", "--scenario", "examples/scenarios/paper.jsonc", "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    const ps = paradigms(paperScenario.params);
    for (const row of j.paradigms) {
      const q = mg1(paperScenario.lambda, serviceDistribution(ps[row.paradigm as keyof typeof ps]));
      expect(row.rho).toBe(q.rho);
      expect(row.meanSojourn).toBe(q.stable ? q.meanSojourn : "Infinity");
    }
  });

  it("compare --json on edge-wins.json names edge-only the latency winner", () => {
    const r = run("compare", "--scenario", "examples/scenarios/edge-wins.json", "--json");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).winnerByLatency).toBe("edgeOnly");
    expect(compareParadigms(paperScenario.params, 0.5).winnerByLatency).toBe("collaborative");
  });

  it("bound and score print tables", () => {
    const b = run("bound", "--deadline", "10");
    expect(b.code, b.err).toBe(0);
    expect(b.out).toMatch(/collaborative \(split\)\s+yes\s+[0-9.e-]+/);
    const s = run("score", "--preset", "realTime", "--json");
    expect(s.code, s.err).toBe(0);
    expect(JSON.parse(s.out).results[0].ranking.length).toBe(3);
  });

  it("report keeps the paper report", () => {
    const r = run("report");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('edgecalc report — scenario "paper"');
  });

  it("an invalid scenario names field, constraint and value, exits 2 and writes nothing", () => {
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, JSON.stringify({ extends: "paper", params: { terminalFlops: -60e12 } }));
    const out = join(tmp, "never");
    const r = run("figures", "--scenario", bad, "--out", out, "--format", "csv");
    expect(r.code).toBe(2);
    expect(r.err).toContain("params.terminalFlops must be a finite number > 0, got -60000000000000");
    expect(existsSync(out)).toBe(false);
  });

  it("unknown options and formats are refused before anything runs", () => {
    const r = run("figures", "--formt", "png");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown option '--formt'/);
    const out = join(tmp, "never2");
    const f = run("figures", "--format", "png,gif", "--out", out);
    expect(f.code).toBe(2);
    expect(f.err).toContain('--format must be a comma-separated list of html, csv, png, svg, pdf, got "gif"');
    expect(existsSync(out)).toBe(false);
  });

  it("figures writes the CSV of the chosen figures and a summary table", () => {
    const out = join(tmp, "figs");
    const r = run("figures", "--out", out, "--format", "csv", "--only", "fig07-quality-map,fig-mean-sojourn");
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([".edgecalc-manifest.json", "fig-mean-sojourn.csv", "fig07-quality-map.csv"]);
    expect(r.out).toMatch(/fig07-quality-map\s+\S+\s+4\s+451\s+csv/);
  });
});
