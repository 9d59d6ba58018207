import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { sourceWorkerUrl, transpileGraph } from "../../src/sim/source-worker.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the worker script when running from the sources", () => {
  test("is worker.ts transpiled with its import graph, outside dist/, built once", async () => {
    const url = await sourceWorkerUrl();
    const file = fileURLToPath(url);
    expect(file.startsWith(join(root, "dist"))).toBe(false);
    expect(file.endsWith(join("sim", "worker.js"))).toBe(true);
    // The chunk kernels the worker runs are there, transpiled from today's sources.
    const kernel = join(file, "..", "slotted-kernel.js");
    expect(existsSync(kernel)).toBe(true);
    expect(readFileSync(kernel, "utf8")).toContain("export function buildSlotted");
    expect(await sourceWorkerUrl()).toBe(url);
  });

  test("resolves the packages its graph imports (ml-matrix for an MMPP's stationary law) from the cache directory", async () => {
    const file = fileURLToPath(await sourceWorkerUrl());
    const arrivals = join(file, "..", "..", "pipeline", "arrivals.js");
    expect(readFileSync(arrivals, "utf8")).toContain('from "ml-matrix"');
    const m = (await import(pathToFileURL(arrivals).href)) as typeof import("../../src/pipeline/arrivals.js");
    // A 3-state cycle 0 → 1 → 2 → 0 at rates 1, 2, 4: π ∝ (1/1, 1/2, 1/4) = (4, 2, 1)/7.
    const pi = m.mmppRequests({ rates: [1, 1, 1], switching: [[0, 1, 0], [0, 0, 2], [4, 0, 0]] }).stationary;
    [4 / 7, 2 / 7, 1 / 7].forEach((p, i) => expect(Math.abs(pi[i] - p)).toBeLessThan(1e-15));
  });

  test("transpileGraph writes every module an entry reaches, type-only imports included", async () => {
    const cache = join(root, "node_modules", ".cache");
    mkdirSync(cache, { recursive: true });
    const out = mkdtempSync(join(cache, "edgecalc-graph-"));
    try {
      await transpileGraph([join(root, "src/sim/kernels.ts")], join(root, "src"), out);
      const sim = readdirSync(join(out, "sim")).sort();
      for (const f of ["kernels.js", "describe.js", "lindley.js", "slotted-kernel.js", "stats.js"]) expect(sim).toContain(f);
      expect(existsSync(join(out, "random", "rng.js"))).toBe(true);
      expect(readFileSync(join(out, "sim", "kernels.js"), "utf8")).not.toMatch(/:\s*JobShared/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
