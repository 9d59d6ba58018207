/**
 * `edgecalc figures` (the main job's second half) as a user on a fresh machine runs it:
 * the built CLI in its own process, with the browser hidden or playwright-core missing, an
 * output directory with traps in it, and a scenario whose name carries markup and terminal
 * escapes. It must finish (never hang), write every format it can, say in one line what it
 * skipped and how to get it, refuse to write through links or over files it did not write,
 * and leave the output directory untouched when it cannot write everything.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FIGURE_CATALOG } from "../../src/plot/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const main = join(root, "dist/cli/main.js");
const hidePlaywright = join(root, "test/cli/hide-playwright.mjs");
const base = mkdtempSync(join(tmpdir(), "edgecalc-cli-figures-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(base, `d${n++}`);

/** Runs the CLI with its own empty TMPDIR; `tmpLeft` lists what it left there. */
function run(args: string[], { env = {}, node = [] as string[] } = {}) {
  const tmp = fresh();
  mkdirSync(tmp);
  // A hang is what this guards against: the timeout kills it and the status is null.
  const r = spawnSync(process.execPath, [...node, main, ...args], { cwd: root, encoding: "utf8", timeout: 100_000, env: { ...process.env, TMPDIR: tmp, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr, tmpLeft: readdirSync(tmp) };
}

const ADVICE = "install Chromium and an Arial-metric font (apt-get install chromium fonts-liberation), or set CHROMIUM_PATH to a Chromium executable, or ask only for the formats Node writes (--format html,csv)";
const NO_BROWSER = { CHROMIUM_PATH: "/nonexistent/chromium" };
const progressLines = (err: string) => err.split("\n").filter((l) => l.startsWith("["));

describe("edgecalc figures without a browser", () => {
  it("the default run (as npm start) finishes with exit 0, writes HTML and CSV of every figure and says in one line what it skipped", () => {
    const out = fresh();
    const r = run(["figures", "--scenario", "examples/scenarios/paper.jsonc", "--out", out, "--sim-scale", "0.05"], { env: NO_BROWSER });
    expect(r.code, r.err).toBe(0);
    const expected = FIGURE_CATALOG.flatMap((e) => [`${e.id}.csv`, `${e.id}.html`]);
    expect(readdirSync(out).sort()).toEqual([".edgecalc-manifest.json", ...expected].sort());
    const notes = r.err.split("\n").filter((l) => l.startsWith("edgecalc"));
    expect(notes).toEqual([
      `edgecalc figures: wrote html, csv; skipped png, svg, pdf: PNG, SVG and PDF need headless Chromium (no Chromium at /nonexistent/chromium): ${ADVICE}`,
    ]);
    expect(r.tmpLeft).toEqual([]);
  });

  it("asking for PNG explicitly is an error with the same advice, exit 3, before anything is computed or written", () => {
    const out = fresh();
    const r = run(["figures", "--out", out, "--format", "png,csv"], { env: NO_BROWSER });
    expect(r.code).toBe(3);
    expect(r.err.trim()).toBe(`edgecalc figures: nothing written: PNG, SVG and PDF need headless Chromium (no Chromium at /nonexistent/chromium): ${ADVICE}`);
    expect(progressLines(r.err)).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(r.tmpLeft).toEqual([]);
  });

  it("a CHROMIUM_PATH that is not an executable file (the browser bind-mounted over by /dev/null) is the same error", () => {
    const r = run(["figures", "--out", fresh(), "--format", "pdf", "--only", "fig07-quality-map"], { env: { CHROMIUM_PATH: "/dev/null" } });
    expect(r.code).toBe(3);
    expect(r.err).toContain("(/dev/null is not an executable file)");
  });

  it("without playwright-core (an install that left out the optional dependency): the default run writes HTML and CSV, PNG asked for is exit 3", () => {
    const out = fresh();
    const d = run(["figures", "--out", out, "--only", "fig07-quality-map,fig-mean-sojourn"], { node: ["--import", hidePlaywright] });
    expect(d.code, d.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([".edgecalc-manifest.json", "fig-mean-sojourn.csv", "fig-mean-sojourn.html", "fig07-quality-map.csv", "fig07-quality-map.html"]);
    expect(d.err).toContain("skipped png, svg, pdf: PNG, SVG and PDF need headless Chromium (playwright-core, the optional package that drives it, is not installed: npm install playwright-core)");
    const p = run(["figures", "--out", fresh(), "--format", "svg"], { node: ["--import", hidePlaywright] });
    expect(p.code).toBe(3);
    expect(p.err).not.toContain("ERR_MODULE_NOT_FOUND");
    expect(p.err.trim().split("\n")).toHaveLength(1);
  });
});

describe("edgecalc figures --out with traps in it", () => {
  it("a symbolic link in the output directory is refused (exit 2, before computing), its target untouched; --force replaces the link, not the target", () => {
    const out = fresh();
    mkdirSync(out);
    const target = join(base, "victim.txt");
    writeFileSync(target, "precious\n");
    symlinkSync(target, join(out, "fig-mean-sojourn.csv"));
    const r = run(["figures", "--out", out, "--format", "csv", "--only", "fig07-quality-map,fig-mean-sojourn"]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(
      `edgecalc figures: nothing written: ${join(out, "fig-mean-sojourn.csv")} is a symbolic link; edgecalc never writes through one — remove it, or pass --force to replace the link itself (its target is left alone)`,
    );
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    expect(readdirSync(out)).toEqual(["fig-mean-sojourn.csv"]);
    const f = run(["figures", "--out", out, "--format", "csv", "--only", "fig-mean-sojourn", "--force"]);
    expect(f.code, f.err).toBe(0);
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    expect(readFileSync(join(out, "fig-mean-sojourn.csv"), "utf8")).toMatch(/^paradigm,lambda_per_s,mean_sojourn_s\n/);
  });

  it("a file edgecalc did not write is kept (exit 2) unless --force; its own files from the last run are replaced without asking", () => {
    const out = fresh();
    mkdirSync(out);
    writeFileSync(join(out, "fig07-quality-map.csv"), "my notes\n");
    const r = run(["figures", "--out", out, "--format", "csv", "--only", "fig07-quality-map"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("fig07-quality-map.csv exists and was not written by edgecalc");
    expect(readFileSync(join(out, "fig07-quality-map.csv"), "utf8")).toBe("my notes\n");
    rmSync(join(out, "fig07-quality-map.csv"));
    expect(run(["figures", "--out", out, "--format", "csv", "--only", "fig07-quality-map"]).code).toBe(0);
    const again = run(["figures", "--out", out, "--format", "csv", "--only", "fig07-quality-map"]);
    expect(again.code, again.err).toBe(0);
  });

  it("something in the way of a late file stops the run before any file is written (it used to leave the earlier figures' files)", () => {
    const out = fresh();
    mkdirSync(join(out, "fig-score-breakdown.csv"), { recursive: true });
    const r = run(["figures", "--out", out, "--format", "csv", "--sim-scale", "0.05"]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`edgecalc figures: nothing written: ${join(out, "fig-score-breakdown.csv")} is a directory; move it away`);
    expect(progressLines(r.err)).toEqual([]);
    expect(readdirSync(out)).toEqual(["fig-score-breakdown.csv"]);
  });
});

describe("a scenario name with markup and terminal escapes", () => {
  const file = join(base, "hostile.json");
  writeFileSync(file, JSON.stringify({ extends: "paper", name: "x<!--<script>\u001b[2J\u001b]0;pwned\u0007\u202e</script>" }));

  it("reaches the terminal with its control characters escaped, never raw", () => {
    const r = run(["report", "--scenario", file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('x<!--<script>\\u001b[2J\\u001b]0;pwned\\u0007\\u202e</script>');
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(r.out)).toBe(false);
    const f = run(["figures", "--scenario", file, "--out", fresh(), "--format", "csv", "--only", "fig-mean-sojourn"]);
    expect(f.code, f.err).toBe(0);
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(f.out)).toBe(false);
    expect(f.out).toContain("\\u001b[2J");
  });

  it("is inert in the HTML figure: no raw '<' of it inside the page's script or title", () => {
    const out = fresh();
    const r = run(["figures", "--scenario", file, "--out", out, "--format", "html", "--only", "fig-mean-sojourn"]);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(out, "fig-mean-sojourn.html"), "utf8");
    const spec = html.slice(html.lastIndexOf("const spec = "));
    expect(spec.slice(0, spec.indexOf("\n"))).not.toMatch(/<!--|<script|<\/script/i);
    // Escaped twice: for Plotly's text markup (&lt;), then for the script element (\u0026).
    expect(spec).toContain("\\u0026lt;!--\\u0026lt;script\\u0026gt;");
    expect(html).toContain("<title>Mean sojourn time vs arrival rate — M/G/1 per paradigm (scenario &quot;x&lt;!--&lt;script&gt;");
  });
});
