import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
