/**
 * The worker script when the simulator runs from its TypeScript sources (under Vitest, or
 * any TypeScript runner): worker threads load plain JavaScript, so the worker's import
 * graph — `worker.ts` and every module it reaches — is transpiled here, file by file, with
 * the project's own TypeScript (a development dependency), into a fresh directory under
 * `node_modules/.cache/` (removed when the process exits). Done once per process, so worker
 * threads run the code under test rather than the last `npm run build`.
 *
 * Node-only, and reached only from sources: the built package starts `dist/sim/worker.js`.
 *
 * @module
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

let built: Promise<URL> | undefined;

/** The URL of the transpiled worker entry (built on the first call, then reused). */
export function sourceWorkerUrl(): Promise<URL> {
  built ??= build();
  return built;
}

async function build(): Promise<URL> {
  const entry = fileURLToPath(new URL("./worker.ts", import.meta.url));
  const srcRoot = dirname(dirname(entry));
  // Under the project's node_modules, so a package the graph imports (ml-matrix, from
  // pipeline/arrivals.ts) resolves as it does from src/; .cache is created when missing.
  const modules = join(srcRoot, "..", "node_modules");
  const cache = join(modules, ".cache");
  if (existsSync(modules)) mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(existsSync(cache) ? cache : tmpdir(), "edgecalc-worker-"));
  process.once("exit", () => rmSync(out, { recursive: true, force: true }));
  await transpileGraph([entry], srcRoot, out);
  return pathToFileURL(join(out, relative(srcRoot, entry)).replace(/\.ts$/, ".js"));
}

/**
 * Transpiles `entries` and every source module they import (relative specifiers, type-only
 * ones included) from `srcRoot` to the same layout under `out`, `.ts` → `.js`.
 *
 * @internal
 */
export async function transpileGraph(entries: readonly string[], srcRoot: string, out: string): Promise<void> {
  const ts = (await import("typescript")).default;
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    const js = ts.transpileModule(text, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, isolatedModules: true },
    }).outputText;
    const target = join(out, relative(srcRoot, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
    // Relative imports are written `./x.js` in the sources and name `./x.ts` there.
    for (const f of ts.preProcessFile(text, true, true).importedFiles) {
      if (f.fileName.startsWith(".")) todo.push(join(dirname(file), f.fileName.replace(/\.js$/, ".ts")));
    }
  }
}
