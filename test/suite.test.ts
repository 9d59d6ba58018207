/**
 * The suite itself: no test may be declared to fail. A test in "fails" mode passes exactly
 * when its body throws, so it would report a known wrong answer as a pass. Three layers
 * keep that out: the setup file fails any such test at run time (checked here through
 * the real config), the sources under test/ are scanned for the declarations (this file),
 * and `.ci/run` counts any test run in fails mode as failed (`.ci/summary-reporter.mjs`).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import config from "../vitest.config.js";
import { refuseFailsMode } from "./setup.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === "node_modules" || name === "fixtures") continue;
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(c|m)?(t|j)sx?$/.test(name)) out.push(p);
  }
  return out;
}

describe("no expected failures", () => {
  it("the config runs test/setup.ts before every test file", () => {
    expect(config.test?.setupFiles).toContain("test/setup.ts");
  });

  it("the setup guard fails a test declared to fail and clears its mode, and leaves others alone", () => {
    const declared = { name: "parked bug", fails: true };
    expect(() => refuseFailsMode(declared)).toThrow(/"parked bug" runs in fails mode \(it\.fails\)/);
    expect(declared.fails).toBe(false); // so the runner cannot flip the error into a pass
    const plain = { name: "ordinary" };
    expect(() => refuseFailsMode(plain)).not.toThrow();
    expect(() => refuseFailsMode({ name: "explicit false", fails: false })).not.toThrow();
  });

  it("no test source declares fails mode (it.fails, test.fails, [\"fails\"], { fails: … })", () => {
    // The guard's own two files name the mode to refuse it.
    const exempt = new Set(["test/setup.ts", "test/suite.test.ts"]);
    const patterns = [/\.\s*fails\b/, /\[\s*(["'`])fails\1\s*\]/, /[{,]\s*fails\s*:/];
    const hits: string[] = [];
    for (const file of sources(here)) {
      const rel = relative(root, file).split("\\").join("/");
      if (exempt.has(rel)) continue;
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (patterns.some((p) => p.test(line))) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it("the scan would catch each form", () => {
    const patterns = [/\.\s*fails\b/, /\[\s*(["'`])fails\1\s*\]/, /[{,]\s*fails\s*:/];
    for (const line of ['it.fails("x", f)', "test .fails(", 'it["fails"]("x", f)', 'it("x", { fails: true }, f)', "const o = { retry: 1, fails: true }"]) {
      expect(patterns.some((p) => p.test(line)), line).toBe(true);
    }
  });
});

describe("no checks that cannot fail the way they are meant to", () => {
  it("no test source uses toBeTruthy/toBeFalsy (true for any object: use toBe(true) or a real check)", () => {
    const hits: string[] = [];
    for (const file of sources(here)) {
      const rel = relative(root, file).split("\\").join("/");
      if (rel === "test/suite.test.ts") continue;
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (/\.toBe(Truthy|Falsy)\s*\(/.test(line)) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});

describe("reference fixtures", () => {
  it("every fixture JSON records the versions of the tools that produced it", () => {
    const dir = join(here, "fixtures");
    const missing: string[] = [];
    for (const area of readdirSync(dir)) {
      if (!statSync(join(dir, area)).isDirectory()) continue;
      for (const name of readdirSync(join(dir, area)).filter((n) => n.endsWith(".json"))) {
        const doc = JSON.parse(readFileSync(join(dir, area, name), "utf8"));
        // `versions` (python, mpmath, scipy, …), `tools` (older generators) or `node` (a script run by Node).
        const tools = doc.versions ?? doc.tools ?? (doc.node ? { node: doc.node } : undefined);
        const stated = tools && typeof tools === "object" && Object.values(tools).some((v) => typeof v === "string" && /\d+\.\d+/.test(v));
        if (!stated) missing.push(`${area}/${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
