/**
 * writeFigures on a machine without a browser and under faults: it never hangs, leaks no
 * temporary directory, and changes nothing in the output directory unless every file was
 * written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { paperScenario } from "../../../src/pipeline/index.js";
import { BrowserUnavailableError, checkBrowser, MANIFEST_NAME, OutputRefusedError, writeFigures } from "../../../src/plot/export/index.js";
import { meanSojournFigure, qualityMapFigure, type Figure } from "../../../src/plot/index.js";

const root = mkdtempSync(join(tmpdir(), "edgecalc-files-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `d${n++}`);

const small = qualityMapFigure(paperScenario, { maxPriorSteps: 2, maxDecoderSteps: 1 });
/** Five good figures and a sixth whose table cannot be written (a NaN cell): a failure half way. */
const withFailure = (): Figure[] => [
  ...["a", "b", "c", "d", "e"].map((id) => ({ ...small, id: `fig-${id}` })),
  { ...small, id: "fig-bad", table: { columns: ["x"], rows: [[Number.NaN]] } },
];

describe("writeFigures", () => {
  // Every temporary directory the export makes (Chromium profiles) goes under TMPDIR: give
  // it an empty one and check it is empty afterwards.
  let tmp: string;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TMPDIR;
    tmp = join(root, `tmp${n++}`);
    mkdirSync(tmp);
    process.env.TMPDIR = tmp;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });

  it("a failure half way writes nothing: no file, no staging directory, not even the new output directory", async () => {
    const out = fresh();
    await expect(writeFigures(withFailure(), { outDir: out, formats: ["csv", "html"] })).rejects.toThrow(/figureToCsv: fig\.table\.rows\[0\]\[0\] must be a number \(not NaN\)/);
    expect(existsSync(out)).toBe(false);
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    await expect(writeFigures(withFailure(), { outDir: out, formats: ["csv"] })).rejects.toThrow(RangeError);
    expect(readdirSync(out)).toEqual(["notes.txt"]);
  });

  it("a symbolic link planted in the output directory is refused, its target untouched (exit before writing anything)", async () => {
    const out = fresh();
    mkdirSync(out);
    const target = join(root, `secret-${n}`);
    writeFileSync(target, "do not overwrite\n");
    symlinkSync(target, join(out, "fig-mean-sojourn.csv"));
    const fig = meanSojournFigure(paperScenario, { points: 5 });
    await expect(writeFigures([fig], { outDir: out, formats: ["csv", "html"] })).rejects.toThrow(OutputRefusedError);
    expect(readFileSync(target, "utf8")).toBe("do not overwrite\n");
    expect(readdirSync(out)).toEqual(["fig-mean-sojourn.csv"]);
    const r = await writeFigures([fig], { outDir: out, formats: ["csv"], force: true });
    expect(r.figures[0].files).toEqual([join(out, "fig-mean-sojourn.csv")]);
    expect(readFileSync(target, "utf8")).toBe("do not overwrite\n");
    expect(readFileSync(join(out, "fig-mean-sojourn.csv"), "utf8").split("\n")[0]).toBe("paradigm,lambda_per_s,mean_sojourn_s");
  });

  it("a figure id that would leave the output directory is refused", async () => {
    await expect(writeFigures([{ ...small, id: "../escape" }], { outDir: fresh(), formats: ["csv"] })).rejects.toThrow(/^writeFigures: figures\[0\]\.id must be a plain file-name stem .*got "\.\.\/escape"$/);
  });

  it("without a browser, PNG is an error that names the way out, writes nothing and leaves no temporary directory", async () => {
    const out = fresh();
    const err = await writeFigures([small], { outDir: out, formats: ["html", "png"], chromiumPath: join(root, "no-chromium-here") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserUnavailableError);
    expect((err as Error).message).toBe(
      `PNG, SVG and PDF need headless Chromium (no Chromium at ${join(root, "no-chromium-here")}): install Chromium and an Arial-metric font (apt-get install chromium fonts-liberation), ` +
        "or set CHROMIUM_PATH to a Chromium executable, or ask only for the formats Node writes (--format html,csv)",
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("without a browser and browser: optional, the other formats are written and the images reported as skipped", async () => {
    const out = fresh();
    const r = await writeFigures([small], { outDir: out, formats: ["html", "csv", "png", "pdf"], chromiumPath: "/dev/null", browser: "optional" });
    expect(r.skipped).toEqual({ formats: ["png", "pdf"], reason: "/dev/null is not an executable file" });
    expect(r.figures[0].files).toEqual([join(out, `${small.id}.html`), join(out, `${small.id}.csv`)]);
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, `${small.id}.csv`, `${small.id}.html`].sort());
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("an executable that is not Chromium fails the launch: the error says so, and the profile directory is removed", async () => {
    const fake = join(root, `fake-chromium-${n}`);
    writeFileSync(fake, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    const out = fresh();
    const err = await writeFigures([small], { outDir: out, formats: ["svg"], chromiumPath: fake }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserUnavailableError);
    expect((err as BrowserUnavailableError).reason).toMatch(new RegExp(`^Chromium at ${fake} did not start: `));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("checkBrowser names a missing executable without launching anything", async () => {
    await expect(checkBrowser(join(root, "none"))).rejects.toThrow(`(no Chromium at ${join(root, "none")})`);
    await expect(checkBrowser(root)).rejects.toThrow(`(${root} is not an executable file)`);
  });
});
