/**
 * Robustness fuzzing of every exported function (issue #7).
 *
 * - The export list is read from src/index.ts (every `export * from` / `export { … } from`)
 *   and the subpath entry points edgecalc/sim, edgecalc/testing and edgecalc/plot; a function export with
 *   no entry in registry.ts fails the suite, so new exports cannot slip through.
 * - Valid inputs (registry arbitraries) must return without throwing, contain no NaN
 *   anywhere in the result, and pass the entry's range checks.
 * - Invalid inputs: one leaf of a valid argument list (an argument, an option field, an
 *   array element) is replaced by NaN, ±Infinity, a negative, 0, −0, 1e308, 1e-300, 5e-324,
 *   a string, null, undefined, [], {}, true… The call must either throw a RangeError or
 *   TypeError whose message starts with the function's name, or return a result with no NaN.
 *   NaN, a string or null in place of a number must be rejected.
 *
 * Size: EDGECALC_FUZZ_RUNS per function and per mode (nightly: 100000); default 2000, scaled
 * down by each entry's `scale` for expensive functions so the folder stays under ~60 s.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FUZZ, type FuzzEntry } from "./registry.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NIGHTLY = process.env.EDGECALC_FUZZ_RUNS !== undefined;
const RUNS = NIGHTLY ? Number(process.env.EDGECALC_FUZZ_RUNS) : 2000;
const runsFor = (e: FuzzEntry) => (NIGHTLY ? RUNS : Math.max(10, Math.ceil(RUNS * (e.scale ?? 1))));

/** Module files behind the root entry point, and the names each contributes (undefined = all). */
function rootModules(): { file: string; names?: string[] }[] {
  const text = readFileSync(join(root, "src/index.ts"), "utf8");
  const out: { file: string; names?: string[] }[] = [];
  for (const m of text.matchAll(/export\s+\*\s+from\s+"\.\/([^"]+)\.js"/g)) out.push({ file: `src/${m[1]}.ts` });
  for (const m of text.matchAll(/export\s+\{([^}]*)\}\s+from\s+"\.\/([^"]+)\.js"/g)) {
    const names = m[1].split(",").map((s) => s.trim()).filter((s) => s && !s.startsWith("type "));
    out.push({ file: `src/${m[2]}.ts`, names });
  }
  return out;
}
// Subpath exports (package.json "exports").
const SUBPATHS = ["src/sim/index.ts", "src/testing/index.ts", "src/plot/index.ts"];

// null is soft: several option readers treat it like an absent optional field (`??`),
// which docs/robustness.md lists as a finding rather than a failure.
const BAD_STRICT: unknown[] = [NaN, "1"];
const BAD_SOFT: unknown[] = [null, Infinity, -Infinity, -1, -1e-300, 0, -0, 1e308, -1e308, 1e-300, 5e-324, 2 ** 53 + 2, 0.5, 1e6 + 0.5, [], {}, [NaN], true, undefined];
const BAD = [...BAD_STRICT, ...BAD_SOFT];

const isPlain = (v: unknown): v is Record<string, unknown> | unknown[] =>
  Array.isArray(v) || (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && !Object.values(v).some((x) => typeof x === "function"));

/** Paths of every leaf and container below the argument list (depth ≤ 3; opaque objects are leaves). */
function leaves(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (path.length > 0) out.push(path);
  if (path.length < 3 && isPlain(v)) {
    const keys = Array.isArray(v) ? v.map((_, i) => i).slice(0, 8) : Object.keys(v);
    for (const k of keys) leaves((v as any)[k], [...path, k], out);
  }
  return out;
}
function setPath(v: any, path: (string | number)[], value: unknown): any {
  if (path.length === 0) return value;
  const copy = Array.isArray(v) ? v.slice() : { ...v };
  copy[path[0]] = setPath(v[path[0]], path.slice(1), value);
  return copy;
}
const getPath = (v: any, path: (string | number)[]) => path.reduce((x, k) => (x == null ? undefined : x[k]), v);

/** The path of the first NaN in a result (functions are not called), or null. */
function findNaN(v: unknown, path = "result", depth = 0, seen = new Set<unknown>()): string | null {
  if (typeof v === "number") return Number.isNaN(v) ? path : null;
  if (v === null || typeof v !== "object" || depth > 4 || seen.has(v)) return null;
  seen.add(v);
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < Math.min(a.length, 1000); i++) if (Number.isNaN(a[i])) return `${path}[${i}]`;
    return null;
  }
  const keys = Array.isArray(v) ? v.map((_, i) => i).slice(0, 1000) : Object.keys(v);
  for (const k of keys) {
    const p = findNaN((v as any)[k], `${path}.${k}`, depth + 1, seen);
    if (p) return p;
  }
  return null;
}

const show = (x: unknown) => {
  try {
    return fc.stringify(x).slice(0, 400);
  } catch {
    return String(x);
  }
};
const tried = new Map<string, { valid: number; invalid: number; rejected: number }>();

async function call(f: Function, args: readonly unknown[], construct = false): Promise<{ ok: true; out: unknown } | { ok: false; err: unknown }> {
  try {
    return { ok: true, out: construct ? new (f as new (...a: unknown[]) => unknown)(...args) : await f(...(args as unknown[])) };
  } catch (err) {
    return { ok: false, err };
  }
}

function fuzzModule(label: string, file: string, only?: string[]) {
  describe(label, async () => {
    const mod: Record<string, unknown> = await import(/* @vite-ignore */ pathToFileURL(join(root, file)).href);
    const fns = Object.entries(mod).filter(([k, v]) => typeof v === "function" && (only === undefined || only.includes(k)));
    it("every exported function has a fuzz entry", () => {
      expect(fns.map(([k]) => k).filter((k) => !(k in FUZZ))).toEqual([]);
    });
    for (const [name, f] of fns) {
      const e = FUZZ[name];
      if (!e) continue;
      const names = e.names ?? [name];
      const counts = { valid: 0, invalid: 0, rejected: 0 };
      tried.set(name, counts);
      it(`${name}: valid inputs give finite, in-range results`, async () => {
        await fc.assert(
          fc.asyncProperty(e.args, async (args) => {
            counts.valid++;
            const r = await call(f as Function, args, e.construct);
            if (!r.ok) throw new Error(`${name}(${show(args)}) threw ${String(r.err)}`);
            const nan = findNaN(r.out);
            if (nan) throw new Error(`${name}(${show(args)}) returned NaN at ${nan}`);
            e.check?.(r.out, args);
          }),
          { numRuns: runsFor(e), seed: 42 },
        );
      });
      if (e.anyInput) continue;
      it(`${name}: invalid inputs give a RangeError/TypeError naming ${names.join("/")}, never a crash or a silent NaN`, async () => {
        await fc.assert(
          fc.asyncProperty(e.args, fc.nat(), fc.constantFrom(...BAD), async (args, pick, bad) => {
            const paths = leaves(args);
            fc.pre(paths.length > 0);
            const path = paths[pick % paths.length];
            const before = getPath(args, path);
            const mutated = setPath(args, path, bad);
            counts.invalid++;
            const r = await call(f as Function, mutated, e.construct);
            const where = `${name} with args${path.map((k) => `[${JSON.stringify(k)}]`).join("")} = ${show(bad)} (was ${show(before)})`;
            if (!r.ok) {
              counts.rejected++;
              const err = r.err as Error;
              if (!(err instanceof RangeError || err instanceof TypeError)) throw new Error(`${where}: threw ${err?.constructor?.name} ${String(err?.message ?? err)}`);
              const named = names.some((n) => err.message.startsWith(`${n}:`) || err.message.startsWith(`${n}.`));
              if (!named) throw new Error(`${where}: error message does not start with "${names.join('" or "')}": ${err.message}`);
              return;
            }
            const lenient = (e.lenient ?? []).some((re) => new RegExp(`^${re}$`).test(path.join(".")));
            if (typeof before === "number" && BAD_STRICT.some((b) => Object.is(b, bad)) && !lenient) {
              throw new Error(`${where}: accepted silently (returned ${show(r.out)})`);
            }
            const nan = findNaN(r.out);
            if (nan) throw new Error(`${where}: returned NaN at ${nan}`);
          }),
          { numRuns: runsFor(e), seed: 43 },
        );
      });
    }
  });
}

for (const { file, names } of rootModules()) fuzzModule(`edgecalc: ${file}`, file, names);
for (const file of SUBPATHS) fuzzModule(`subpath: ${file}`, file);

afterAll(() => {
  if (!process.env.EDGECALC_FUZZ_SUMMARY) return;
  const rows = [...tried.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(["| function | valid inputs | invalid inputs | rejected with RangeError/TypeError |", "|---|---:|---:|---:|", ...rows.map(([k, c]) => `| ${k} | ${c.valid} | ${c.invalid} | ${c.rejected} |`)].join("\n"));
});
