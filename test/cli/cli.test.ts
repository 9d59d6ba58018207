/**
 * The command line as a user runs it: the built `dist/cli/main.js` (npm test builds first),
 * one process per command, checking exit codes, JSON output and that a bad scenario file
 * stops everything before a file is written.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compareParadigms } from "../../src/compare/index.js";
import { paperScenario } from "../../src/pipeline/index.js";
import { mg1 } from "../../src/queueing/index.js";
import { paradigms, serviceDistribution } from "../../src/pipeline/index.js";
import { violationBound, violationQuantile } from "../../src/scenario/index.js";

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

describe("a user's terminal: version, per-command help, one-line errors", () => {
  const noStack = (err: string) => expect(err, err).not.toMatch(/\n\s+at /);
  it("--version prints package.json's version", () => {
    const r = run("--version");
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });
  it("<command> --help prints that command's options, not the general help", () => {
    const b = run("bound", "--help");
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/^usage: edgecalc bound /);
    expect(b.out).toContain("--deadline S");
    expect(b.out).not.toContain("--format");
    const f = run("help", "figures");
    expect(f.out).toMatch(/^usage: edgecalc figures /);
    expect(f.out).toContain("--sim-scale X");
  });
  it("a missing, a directory, a FIFO, an oversized or a non-UTF-8 scenario file: one line naming it, exit 2, nothing blocks", () => {
    const fifo = join(tmp, "pipe.json");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const big = join(tmp, "big.json");
    writeFileSync(big, `{ "extends": "paper", "_pad": "${"x".repeat(2 ** 20)}" }`);
    const latin1 = join(tmp, "latin1.json");
    writeFileSync(latin1, Buffer.from('{ "extends": "paper", "name": "caf\xe9" }', "latin1"));
    const cases: [string, string][] = [
      [join(tmp, "absent.json"), `cannot read scenario file ${JSON.stringify(join(tmp, "absent.json"))}: no such file (ENOENT)`],
      [tmp, `cannot read scenario file ${JSON.stringify(tmp)}: it is a directory`],
      [fifo, `cannot read scenario file ${JSON.stringify(fifo)}: not a regular file (a FIFO, socket or device)`],
      [big, `scenario file ${JSON.stringify(big)} is ${statSync(big).size} bytes; the limit is 1048576 bytes`],
      [latin1, `scenario file ${JSON.stringify(latin1)} is not valid UTF-8`],
    ];
    for (const [file, message] of cases) {
      const r = run("mg1", "--scenario", file);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err.trim().split("\n").length, r.err).toBe(1);
      noStack(r.err);
    }
  });
  it("a UTF-8 file with a byte-order mark reads; extends: \"constructor\" is an unknown preset", () => {
    const bom = join(tmp, "bom.json");
    writeFileSync(bom, "\ufeff" + JSON.stringify({ extends: "paper", lambda: 0.4 }));
    const r = run("mg1", "--scenario", bom, "--json");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).lambda).toBe(0.4);
    const ctor = join(tmp, "ctor.json");
    writeFileSync(ctor, JSON.stringify({ extends: "constructor" }));
    const c = run("mg1", "--scenario", ctor);
    expect(c.code).toBe(2);
    expect(c.err).toContain('extends must be one of "paper", "edge-wins", "multi-user", got "constructor"');
    noStack(c.err);
  });
  it("--deadline -1 says what is wrong (not parseArgs' 'argument is ambiguous'); below one slot is 0 slots, P(D > 0), as everywhere", () => {
    const neg = run("bound", "--deadline", "-1");
    expect(neg.code).toBe(2);
    expect(neg.err.trim()).toBe('edgecalc: --deadline must be a finite number > 0, got "-1"');
    // The scenario layer's one rule: ⌊d/Δ⌋ slots; the slotted delay is whole slots, so P(DΔ > 1e-300 s) = P(D > 0).
    const tiny = run("bound", "--model", "fluid", "--deadline", "1e-300", "--json");
    expect(tiny.code).toBe(0);
    expect(JSON.parse(tiny.out).deadlineSeconds).toBe(0);
    const zero = run("bound", "--deadline", "0");
    expect(zero.err.trim()).toBe('edgecalc: --deadline must be a finite number > 0, got "0"');
  });
  it("slotSeconds 1e-9 (a 6 s deadline is 6e9 slots): refused at once with the work limit in the user's terms", () => {
    const tinySlots = join(tmp, "tiny-slots.json");
    writeFileSync(tinySlots, JSON.stringify({ extends: "paper", slotSeconds: 1e-9 }));
    const r = run("bound", "--model", "fluid", "--scenario", tinySlots, "--deadline", "6");
    expect(r.code).toBe(2);
    expect(r.err).toContain("bound: collaborative (split) at a deadline of 6 s = 6000000000 slots of Δ = 1.000e-9 s: violationBound: delaySlots must be at most 1398100 slots");
    expect(r.err).toContain("(use a larger slotSeconds or a shorter --deadline)");
    noStack(r.err);
  });
});

describe("--model: request-level response time by default, the paper's fluid virtual delay on request, every output labelled", () => {
  const noStack = (err: string) => expect(err, err).not.toMatch(/\n\s+at /);
  it("bound: the default and --model fluid differ and say which model they are", () => {
    const req = run("bound", "--deadline", "6", "--json");
    const fluid = run("bound", "--deadline", "6", "--json", "--model", "fluid");
    expect(req.code, req.err).toBe(0);
    expect(fluid.code, fluid.err).toBe(0);
    const r = JSON.parse(req.out);
    const f = JSON.parse(fluid.out);
    expect(r.model).toBe("request");
    expect(f.model).toBe("fluid");
    expect(r.paradigms[0].paradigm).toBe("collaborative");
    const ps = paradigms(paperScenario.params);
    expect(r.paradigms[0].probability).toBe(violationBound(ps.collaborative, paperScenario, 6).probability);
    expect(f.paradigms[0].exact).toBe(violationBound(ps.collaborative, paperScenario, 6, { model: "fluid" }).probability);
    expect(r.paradigms[0].probability).not.toBe(f.paradigms[0].exact);
    expect(r.paradigms[0].method).toBe(violationBound(ps.collaborative, paperScenario, 6).method);
    const table = run("bound", "--deadline", "6");
    expect(table.out).toMatch(/^model: request-level response time/);
    expect(table.out).toMatch(/collaborative \(split\)\s+yes\s+[0-9.e-]+\s+(bound|exact)\s+\S+\s+[0-9.]+/);
    expect(run("bound", "--deadline", "6", "--model", "fluid").out).toMatch(/^model: fluid virtual delay/);
  });
  it("compare and report label the delay model and name the quantile winner in it", () => {
    const c = run("compare", "--deadline", "5");
    expect(c.code, c.err).toBe(0);
    expect(c.out).toContain("delay model: request-level response time");
    expect(c.out).toMatch(/winner by the 0\.001 delay quantile \(request model\): \S+/);
    expect(c.out).toMatch(/winner at a deadline of 5 s \(request model/);
    const cf = JSON.parse(run("compare", "--json", "--model", "fluid").out);
    expect(cf.model).toBe("fluid");
    expect(cf.delay.model).toBe("fluid");
    expect(cf.delay.quantiles.collaborative.seconds).toBe(violationQuantile(paradigms(paperScenario.params).collaborative, paperScenario, 1e-3, { model: "fluid" }).seconds);
    const rep = run("report", "--model", "fluid");
    expect(rep.code, rep.err).toBe(0);
    expect(rep.out).toContain('Delay tail — fluid virtual delay D (model "fluid"');
    expect(run("report").out).toContain('Delay tail — request-level response time T (model "request"');
  });
  it("a bad --model value: one line naming the flag and the allowed values, exit 2", () => {
    for (const cmd of ["bound", "compare", "report"]) {
      const r = run(cmd, "--model", "virtual");
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe('edgecalc: --model must be request or fluid, got "virtual"');
      noStack(r.err);
    }
    const other = run("mg1", "--model", "fluid");
    expect(other.code).toBe(2);
    expect(other.err.trim()).toBe('edgecalc: --model applies to report, bound and compare, not "mg1"');
  });
  it("each command's help lists --model", () => {
    for (const cmd of ["bound", "compare", "report"]) {
      const h = run(cmd, "--help");
      expect(h.code).toBe(0);
      expect(h.out).toContain("--model M         delay model: request (default");
    }
    expect(run("mg1", "--help").out).not.toContain("--model");
  });
});

describe("a fresh clone: npm's prepare step builds dist/ so `npx edgecalc` works after `npm install`", () => {
  it("package.json runs scripts/prepare.mjs on prepare; it builds a copy without dist/, then reports it up to date", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.scripts.prepare).toBe("node scripts/prepare.mjs");
    expect(pkg.bin.edgecalc).toBe("./dist/cli/main.js");
    // A copy of what a clone has (sources, configs, scripts), node_modules linked.
    const clone = mkdtempSync(join(tmpdir(), "edgecalc-clone-"));
    try {
      for (const f of ["package.json", "tsconfig.json", "tsconfig.build.json"]) cpSync(join(root, f), join(clone, f));
      for (const d of ["src", "scripts"]) cpSync(join(root, d), join(clone, d), { recursive: true });
      symlinkSync(join(root, "node_modules"), join(clone, "node_modules"));
      const first = spawnSync(process.execPath, [join(clone, "scripts/prepare.mjs")], { cwd: clone, encoding: "utf8", timeout: 300_000 });
      expect(first.status, first.stderr + first.stdout).toBe(0);
      expect(first.stdout).toContain("edgecalc prepare: built dist/");
      const v = spawnSync(process.execPath, [join(clone, "dist/cli/main.js"), "--version"], { encoding: "utf8" });
      expect(v.stdout.trim()).toBe(pkg.version);
      const again = spawnSync(process.execPath, [join(clone, "scripts/prepare.mjs")], { cwd: clone, encoding: "utf8" });
      expect(again.stdout.trim()).toBe("edgecalc prepare: dist/ is up to date");
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
