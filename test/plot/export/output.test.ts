/**
 * The output directory as hostile ground: symbolic links, files edgecalc did not write,
 * directories in the way, a failure half way. Nothing is written through a link, nothing
 * foreign is replaced without `force`, and nothing changes unless everything was written.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkOutputDir, MANIFEST_NAME, openStaging, OutputRefusedError } from "../../../src/plot/export/index.js";

const root = mkdtempSync(join(tmpdir(), "edgecalc-output-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `d${n++}`);

/** Writes `files` through a staging into `dir` and commits. */
function put(dir: string, files: Record<string, string>, force = false): string[] {
  const s = openStaging(dir, Object.keys(files), { force });
  try {
    for (const [name, text] of Object.entries(files)) s.write(name, text);
    return s.commit();
  } finally {
    s.discard();
  }
}

describe("openStaging / checkOutputDir", () => {
  it("writes into a new directory, records each file in the manifest, leaves no staging directory", () => {
    const dir = fresh();
    const paths = put(dir, { "a.csv": "x\n1\n", "b.html": "<p>" });
    expect(paths).toEqual([join(dir, "a.csv"), join(dir, "b.html")]);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_NAME, "a.csv", "b.html"]);
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), "utf8"));
    expect(m.generator).toBe("edgecalc");
    expect(Object.keys(m.files)).toEqual(["a.csv", "b.html"]);
    expect(m.files["a.csv"].bytes).toBe(4);
  });

  it("replaces its own unchanged files on the next run, and keeps the entries of files it did not rewrite", () => {
    const dir = fresh();
    put(dir, { "a.csv": "1\n", "b.csv": "2\n" });
    put(dir, { "a.csv": "3\n" });
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe("3\n");
    expect(Object.keys(JSON.parse(readFileSync(join(dir, MANIFEST_NAME), "utf8")).files)).toEqual(["a.csv", "b.csv"]);
  });

  it("a symbolic link at a destination is refused and its target left alone; with force the link itself is replaced", () => {
    const dir = fresh();
    mkdirSync(dir);
    const target = join(root, `target-${n}`);
    writeFileSync(target, "precious\n");
    symlinkSync(target, join(dir, "a.csv"));
    expect(() => put(dir, { "a.csv": "evil\n" })).toThrow(OutputRefusedError);
    expect(() => checkOutputDir(dir, ["a.csv"])).toThrow(/a\.csv is a symbolic link; edgecalc never writes through one/);
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    expect(readlinkSync(join(dir, "a.csv"))).toBe(target);
    put(dir, { "a.csv": "new\n" }, true);
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    expect(lstatSync(join(dir, "a.csv")).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe("new\n");
  });

  it("a dangling symbolic link is refused too (writing through it would create its target)", () => {
    const dir = fresh();
    mkdirSync(dir);
    const target = join(root, `nowhere-${n}`);
    symlinkSync(target, join(dir, "a.csv"));
    expect(() => put(dir, { "a.csv": "x" })).toThrow(/symbolic link/);
    expect(existsSync(target)).toBe(false);
  });

  it("a file edgecalc did not write, or one edited since, is refused unless force", () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, "mine.csv"), "the user's own\n");
    expect(() => put(dir, { "mine.csv": "x" })).toThrow(/mine\.csv exists and was not written by edgecalc \(it is not in \.edgecalc-manifest\.json\); move it away or pass --force/);
    expect(readFileSync(join(dir, "mine.csv"), "utf8")).toBe("the user's own\n");
    put(dir, { "mine.csv": "x" }, true);
    expect(readFileSync(join(dir, "mine.csv"), "utf8")).toBe("x");
    writeFileSync(join(dir, "mine.csv"), "edited by hand");
    expect(() => put(dir, { "mine.csv": "y" })).toThrow(/mine\.csv has changed since edgecalc wrote it/);
    expect(readFileSync(join(dir, "mine.csv"), "utf8")).toBe("edited by hand");
  });

  it("a directory in the way is refused even with force; a file named like the output directory too", () => {
    const dir = fresh();
    mkdirSync(join(dir, "a.csv"), { recursive: true });
    expect(() => put(dir, { "a.csv": "x" }, true)).toThrow(/a\.csv is a directory/);
    const file = fresh();
    writeFileSync(file, "");
    expect(() => checkOutputDir(file, ["a.csv"])).toThrow(/exists and is not a directory/);
  });

  it("a manifest that is a symbolic link or not edgecalc's is refused unless force", () => {
    const dir = fresh();
    mkdirSync(dir);
    const target = join(root, `manifest-target-${n}`);
    writeFileSync(target, "keep\n");
    symlinkSync(target, join(dir, MANIFEST_NAME));
    expect(() => put(dir, { "a.csv": "x" })).toThrow(/\.edgecalc-manifest\.json is a symbolic link/);
    put(dir, { "a.csv": "x" }, true);
    expect(readFileSync(target, "utf8")).toBe("keep\n");
    const dir2 = fresh();
    mkdirSync(dir2);
    writeFileSync(join(dir2, MANIFEST_NAME), "{}");
    expect(() => put(dir2, { "a.csv": "x" })).toThrow(/is not an edgecalc manifest/);
  });

  it("a staging an interrupted run left behind (its process gone) is removed by the next run; a live run's and a foreign one are kept", () => {
    const dir = fresh();
    put(dir, { "a.csv": "1" });
    // A process that has exited: its id names no running process (killed before its finally).
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const abandoned = join(dir, ".edgecalc-staging-dead");
    mkdirSync(abandoned);
    writeFileSync(join(abandoned, ".owner"), `${gone}\n`);
    writeFileSync(join(abandoned, "a.csv"), "half");
    const live = join(dir, ".edgecalc-staging-live");
    mkdirSync(live);
    writeFileSync(join(live, ".owner"), `${process.pid}\n`);
    const foreign = join(dir, ".edgecalc-staging-foreign");
    mkdirSync(foreign);
    put(dir, { "a.csv": "2" });
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe("2");
  });

  it("nothing moves into place until commit; discard leaves the directory as it was (and removes one it created)", () => {
    const dir = join(fresh(), "nested", "out");
    const s = openStaging(dir, ["a.csv", "b.csv"]);
    s.write("a.csv", "1");
    expect(readdirSync(dir).filter((f) => !f.startsWith(".edgecalc-staging-"))).toEqual([]);
    s.discard();
    expect(existsSync(join(dir, "..", ".."))).toBe(false);
    const kept = fresh();
    put(kept, { "a.csv": "old" });
    const t = openStaging(kept, ["a.csv"]);
    t.write("a.csv", "new");
    t.discard();
    expect(readdirSync(kept).sort()).toEqual([MANIFEST_NAME, "a.csv"]);
    expect(readFileSync(join(kept, "a.csv"), "utf8")).toBe("old");
  });

  it("commit checks the destinations again: a link planted while the work ran stops it before anything moves", () => {
    const dir = fresh();
    const s = openStaging(dir, ["a.csv", "b.csv"]);
    try {
      s.write("a.csv", "1");
      s.write("b.csv", "2");
      const target = join(root, `late-${n}`);
      writeFileSync(target, "late\n");
      symlinkSync(target, join(dir, "b.csv"));
      expect(() => s.commit()).toThrow(/b\.csv is a symbolic link/);
      expect(readFileSync(target, "utf8")).toBe("late\n");
      expect(existsSync(join(dir, "a.csv"))).toBe(false);
    } finally {
      s.discard();
    }
    expect(readdirSync(dir)).toEqual(["b.csv"]);
  });

  it("names must be plain file names (no way out of the directory)", () => {
    expect(() => checkOutputDir(fresh(), ["../x.csv"])).toThrow(/^checkOutputDir: names must be plain file names .*got "\.\.\/x\.csv"$/);
    expect(() => openStaging(fresh(), ["a/b"])).toThrow(RangeError);
    expect(() => openStaging(fresh(), [MANIFEST_NAME])).toThrow(RangeError);
    expect(() => checkOutputDir("", ["a"])).toThrow(TypeError);
  });
});
