/**
 * The examples a user reads are run: the README's quick example exactly as a user would (Node,
 * built package), and every TSDoc `@example` in src against the source (convention below).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("examples/quick-start.mjs (the README example)", () => {
  it("runs and prints what the README says", () => {
    const out = execFileSync(process.execPath, [join(root, "examples/quick-start.mjs")], { cwd: root, encoding: "utf8" }).trim().split("\n");
    expect(out[0]).toBe("1.073 1.122");
    expect(out[1]).toBe("true 0.1321 0.0822");
    expect(out[3].split(" ")[0]).toBe("3.331e-2");
    // Every simulated upper confidence limit lies below the bound.
    const rows = out.slice(5, 7).map((l) => l.split(" "));
    expect(rows.length).toBe(2);
    for (const r of rows) expect(r[4]).toBe("true");
    // The request model (the default) says so, with its route; its quantile bound is not below the simulated estimate's lower limit.
    expect(out[7].split(" ").slice(0, 1)).toEqual(["request"]);
    const [bound, , lower] = out[8].split(" ").map(Number);
    expect(bound).toBeGreaterThanOrEqual(lower);
    expect(out).toHaveLength(9);
  });
});

/*
 * Every ```ts block under an `@example` tag in src/**\/*.ts is run against the source, and the
 * values it states are checked. The convention:
 *
 * - `expr; // VALUE rest` — the statement's value is compared with VALUE, the literal the
 *   comment starts with (a number, optionally after "≈" and ending in "…"; a string in " or ';
 *   true/false/null; an array or object of those). What follows VALUE is prose, not checked.
 *   A comment line right after a statement without a trailing comment states that statement's value.
 * - `stmt; // name = VALUE, name ≈ VALUE` — the named variables are compared after the statement.
 * - `stmt; // throws ErrorName: …` — the statement must throw (or reject with) that error.
 * - A number is checked to the precision it is written in: 1.1224 means |x − 1.1224| ≤ 0.5e-4;
 *   a trailing "…" means the digits are truncated, |x − v| < 1e-4. Arrays compare elementwise
 *   ("…" stands for elided elements between a checked head and tail); objects compare the keys
 *   they list ("key: …" and a bare "…" leave the rest unchecked).
 * - `import … from "edgecalc"` / "edgecalc/sim" etc. are checked against those entry points
 *   and removed; every public name, the example's own module and `fc` are in scope.
 */
type Val = { kind: "num"; v: number; tol: number } | { kind: "lit"; v: unknown } | { kind: "arr"; items: (Val | "gap")[] } | { kind: "obj"; entries: [string, Val | "any"][]; open: boolean } | { kind: "any" };

/** Parses the literal at the start of `s`; returns it and the index after it, or null when `s` starts with prose. */
function parseValue(s: string): { value: Val; end: number } | null {
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const num = (): Val | null => {
    const m = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?(…)?/i.exec(s.slice(i));
    if (!m) return null;
    // A number must end at a delimiter, not run into prose ("1/6", "0.5x").
    const after = s[i + m[0].length];
    if (after !== undefined && !/[\s,\]})]/.test(after)) return null;
    i += m[0].length;
    const text = m[0].replace("…", "");
    const [mant, exp] = text.toLowerCase().split("e");
    const decimals = mant.includes(".") ? mant.length - mant.indexOf(".") - 1 : 0;
    const unit = 10 ** (-decimals + (exp === undefined ? 0 : Number(exp)));
    return { kind: "num", v: Number(text), tol: m[3] ? unit : unit / 2 };
  };
  const str = (): Val | null => {
    const q = s[i];
    if (q !== '"' && q !== "'") return null;
    let j = i + 1;
    while (j < s.length && s[j] !== q) j += s[j] === "\\" ? 2 : 1;
    if (j >= s.length) return null;
    const inner = s.slice(i + 1, j);
    i = j + 1;
    const json = q === '"' ? inner : inner.replace(/\\'/g, "'").replace(/"/g, '\\"');
    return { kind: "lit", v: JSON.parse(`"${json}"`) };
  };
  const value = (): Val | null => {
    ws();
    if (s.startsWith("≈", i)) {
      i++;
      ws();
    }
    if (s[i] === "[") {
      i++;
      const items: (Val | "gap")[] = [];
      ws();
      while (s[i] !== "]") {
        ws();
        if (s[i] === "…") {
          i++;
          items.push("gap");
        } else {
          const v = value();
          if (v === null) return null;
          items.push(v);
        }
        ws();
        if (s[i] === ",") i++;
        else if (s[i] !== "]") return null;
      }
      i++;
      return { kind: "arr", items };
    }
    if (s[i] === "{") {
      i++;
      const entries: [string, Val | "any"][] = [];
      let open = false;
      ws();
      while (s[i] !== "}") {
        ws();
        if (s[i] === "…") {
          i++;
          open = true;
        } else {
          const k = /^[A-Za-z_$][\w$]*|^"[^"]*"/.exec(s.slice(i));
          if (!k) return null;
          i += k[0].length;
          ws();
          if (s[i] !== ":") return null;
          i++;
          ws();
          if (s[i] === "…") {
            i++;
            entries.push([k[0].replace(/"/g, ""), "any"]);
          } else {
            const v = value();
            if (v === null) return null;
            entries.push([k[0].replace(/"/g, ""), v]);
          }
        }
        ws();
        if (s[i] === ",") i++;
        else if (s[i] !== "}") return null;
      }
      i++;
      return { kind: "obj", entries, open };
    }
    for (const [word, v] of [["true", true], ["false", false], ["null", null], ["undefined", undefined]] as const) {
      if (s.startsWith(word, i) && !/[\w$]/.test(s[i + word.length] ?? "")) {
        i += word.length;
        return { kind: "lit", v };
      }
    }
    if (s.startsWith("Infinity", i) || s.startsWith("-Infinity", i)) {
      const neg = s[i] === "-";
      i += neg ? 9 : 8;
      return { kind: "lit", v: neg ? -Infinity : Infinity };
    }
    return str() ?? num();
  };
  const v = value();
  return v === null ? null : { value: v, end: i };
}

/** Where `actual` differs from the stated value, or null when it matches. */
function mismatch(actual: unknown, stated: Val, path = "value"): string | null {
  switch (stated.kind) {
    case "any":
      return null;
    case "num":
      return typeof actual === "number" && Math.abs(actual - stated.v) <= stated.tol * (1 + 1e-9) ? null : `${path}: stated ${stated.v} (±${stated.tol}), got ${String(actual)}`;
    case "lit":
      return Object.is(actual, stated.v) ? null : `${path}: stated ${JSON.stringify(stated.v)}, got ${JSON.stringify(actual)}`;
    case "arr": {
      const a = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<unknown>) : actual;
      if (!Array.isArray(a)) return `${path}: stated an array, got ${JSON.stringify(actual)}`;
      const gap = stated.items.indexOf("gap");
      const head = (gap < 0 ? stated.items : stated.items.slice(0, gap)) as Val[];
      const tail = (gap < 0 ? [] : stated.items.slice(gap + 1)) as Val[];
      if (gap < 0 ? a.length !== head.length : a.length < head.length + tail.length) return `${path}: stated ${stated.items.length} elements, got ${a.length}`;
      for (let k = 0; k < head.length; k++) {
        const m = mismatch(a[k], head[k], `${path}[${k}]`);
        if (m) return m;
      }
      for (let k = 0; k < tail.length; k++) {
        const idx = a.length - tail.length + k;
        const m = mismatch(a[idx], tail[k], `${path}[${idx}]`);
        if (m) return m;
      }
      return null;
    }
    case "obj": {
      if (actual === null || typeof actual !== "object") return `${path}: stated an object, got ${JSON.stringify(actual)}`;
      for (const [k, v] of stated.entries) {
        if (!(k in actual)) return `${path}.${k}: stated, but missing`;
        if (v === "any") continue;
        const m = mismatch((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
        if (m) return m;
      }
      return null;
    }
  }
}

interface Example {
  file: string;
  line: number;
  /** The exported name the example documents. */
  name: string;
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

function examplesIn(file: string): Example[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && !/^\s*\*\s*```ts\s*$/.test(lines[j])) {
      if (/^\s*\*\s*@|\*\//.test(lines[j])) throw new Error(`${file}:${i + 1}: @example without a \`\`\`ts block`);
      j++;
    }
    const body: string[] = [];
    for (j++; j < lines.length && !/^\s*\*\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].replace(/^\s*\* ?/, ""));
    // Named by the declaration the doc block documents (line numbers move when files change).
    let k = j;
    while (k < lines.length && !/^export\b/.test(lines[k])) k++;
    const decl = /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type)\s+([\w$]+)/.exec(lines[k] ?? "");
    out.push({ file: relative(root, file), line: i + 1, name: decl ? decl[1] : `line ${i + 1}`, code: body.join("\n") });
  }
  return out;
}

const ENTRY_POINTS: Record<string, string> = { edgecalc: "src/index.ts", "edgecalc/sim": "src/sim/index.ts", "edgecalc/plot": "src/plot/index.ts", "edgecalc/testing": "src/testing/index.ts" };
/** Also in scope: the Node-only figure export the command line uses (not a package entry point). */
const NODE_EXPORT = "src/plot/export/index.ts";

/** The example rewritten to run: imports dropped (after checking their names), stated values turned into `__check` calls. */
function instrument(ex: Example, entries: Record<string, Record<string, unknown>>): { code: string; checks: Map<number, string> } {
  const checks = new Map<number, string>();
  const out: string[] = [];
  const lines = ex.code.split("\n");
  let pending: { expr: string } | null = null;
  for (const line of lines) {
    const imp = /^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";\s*$/.exec(line);
    if (imp) {
      const entry = entries[imp[2]];
      if (entry === undefined) throw new Error(`${ex.file}:${ex.line}: imports from ${imp[2]}, not an entry point`);
      for (const name of imp[1].split(",").map((n) => n.trim()).filter(Boolean)) {
        if (!(name in entry)) throw new Error(`${ex.file}:${ex.line}: "${imp[2]}" does not export ${name}`);
      }
      continue;
    }
    const onlyComment = /^\s*\/\/\s*(.*)$/.exec(line);
    if (onlyComment) {
      const parsed = pending ? parseValue(onlyComment[1]) : null;
      if (pending && parsed) {
        checks.set(checks.size, onlyComment[1]);
        out[out.length - 1] = `__check(${checks.size - 1}, (${pending.expr}));`;
      }
      pending = null;
      out.push(line);
      continue;
    }
    const m = /^(.*?;)\s*\/\/\s*(.*)$/.exec(line);
    if (m === null) {
      const stmt = /^(.*);\s*$/.exec(line);
      pending = stmt && !/^\s*(const|let|var|for|if|try|\}|import)\b/.test(stmt[1]) && !line.startsWith(" ") ? { expr: stmt[1] } : null;
      out.push(line);
      continue;
    }
    pending = null;
    const [, stmt, comment] = m;
    const named = /^[A-Za-z_$][\w$]*\s*[=≈]/.test(comment) ? comment.split(/,\s*(?=[A-Za-z_$][\w$]*\s*[=≈])/) : null;
    if (named) {
      out.push(stmt);
      for (const part of named) {
        const [, name, rest] = /^([A-Za-z_$][\w$]*)\s*[=≈]\s*(.*)$/.exec(part)!;
        if (parseValue(rest) === null) continue;
        checks.set(checks.size, rest);
        out.push(`__check(${checks.size - 1}, ${name});`);
      }
      continue;
    }
    if (/^throws \w+/.test(comment) && !/^\s*(const|let|var)\b/.test(stmt)) {
      checks.set(checks.size, comment);
      out.push(`await __throws(${checks.size - 1}, async () => { ${stmt} });`);
      continue;
    }
    if (parseValue(comment) === null || /^\s*(const|let|var)\b/.test(stmt)) {
      out.push(line);
      continue;
    }
    checks.set(checks.size, comment);
    out.push(`__check(${checks.size - 1}, (${stmt.slice(0, -1)}));`);
  }
  return { code: out.join("\n"), checks };
}

/**
 * Examples that are not run, with the reason. Everything else runs; an example that runs
 * but states no checkable value must be listed in UNCHECKED.
 */
const NOT_RUN: Record<string, string> = {
  "src/cli/commands.ts figuresCommand": "renders PNGs in headless Chromium into ./figures (the figures command is tested in test/cli/figures.test.ts)",
};

/** Examples that run but state no value: what they show instead. */
const UNCHECKED: Record<string, string> = {
  "src/cli/progress.ts progressBar": "draws a progress bar on stderr",
  "src/plot/export/output.ts openStaging": "writes a.csv through a staging directory",
};

/** An example that calls `fc.assert` or `assertLaws` checks itself: either throws when a law fails. */
const SELF_CHECKING = /\b(fc\.assert|assertLaws)\(/;

describe("@example blocks in src (run against the source; stated values checked)", async () => {
  const ts = (await import("typescript")).default;
  const fc = (await import("fast-check")).default;
  const entries: Record<string, Record<string, unknown>> = {};
  for (const [spec, path] of Object.entries(ENTRY_POINTS)) entries[spec] = await import(join(root, path));
  const nodeExport = await import(join(root, NODE_EXPORT));
  const examples = sourceFiles(join(root, "src")).flatMap(examplesIn);

  it("finds the examples, and the lists of exceptions name only existing examples", () => {
    expect(examples.length).toBeGreaterThan(150);
    const ids = new Set(examples.map((e) => `${e.file} ${e.name}`));
    expect(ids.size, "two examples document the same name").toBe(examples.length);
    for (const id of [...Object.keys(NOT_RUN), ...Object.keys(UNCHECKED)]) expect(ids.has(id), id).toBe(true);
  });

  for (const ex of examples) {
    const id = `${ex.file} ${ex.name}`;
    if (id in NOT_RUN) continue;
    it(id, async () => {
      const { code, checks } = instrument(ex, entries);
      const own = await import(join(root, ex.file));
      const scope: Record<string, unknown> = { ...entries.edgecalc, ...entries["edgecalc/sim"], ...entries["edgecalc/plot"], ...entries["edgecalc/testing"], ...nodeExport, ...own, fc };
      const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
      const js = ts.transpile(`(async (__check, __throws, ${names.join(", ")}) => {\n${code}\n})`, { target: ts.ScriptTarget.ES2022 });
      const failures: string[] = [];
      const seen = new Set<number>();
      const check = (k: number, actual: unknown): void => {
        seen.add(k);
        const m = mismatch(actual, parseValue(checks.get(k)!)!.value);
        if (m) failures.push(`// ${checks.get(k)}: ${m}`);
      };
      const throwsCheck = async (k: number, f: () => Promise<void>): Promise<void> => {
        seen.add(k);
        const name = /^throws (\w+)/.exec(checks.get(k)!)![1];
        try {
          await f();
          failures.push(`// ${checks.get(k)}: returned instead of throwing`);
        } catch (e) {
          const got = e instanceof Error ? [e.name, e.constructor.name] : [String(e)];
          if (!got.includes(name)) failures.push(`// ${checks.get(k)}: threw ${got.join("/")}`);
        }
      };
      // Examples that print (the CLI commands) print nowhere, not into the test log.
      const log = console.log;
      const write = process.stdout.write;
      console.log = () => undefined;
      process.stdout.write = () => true;
      const cwd = process.cwd();
      const dir = mkdtempSync(join(tmpdir(), "edgecalc-example-"));
      try {
        if (WRITES_FILES.has(id)) process.chdir(dir);
        const fn = new Function(`return ${js.replace(/^"use strict";/, "").trim().replace(/;$/, "")}`)();
        await fn(check, throwsCheck, ...names.map((n) => scope[n]));
      } finally {
        console.log = log;
        process.stdout.write = write;
        process.chdir(cwd);
        rmSync(dir, { recursive: true, force: true });
      }
      expect(failures, `${id} (line ${ex.line})\n${code}`).toEqual([]);
      expect(seen.size).toBe(checks.size);
      if (id in UNCHECKED) expect(checks.size, `${id} is listed as stating no value, but states ${checks.size}`).toBe(0);
      else if (!SELF_CHECKING.test(code)) expect(checks.size, `${id} states no checkable value (see the convention at the top of this file), and is not listed in UNCHECKED`).toBeGreaterThan(0);
    });
  }
});

/** Examples that write into the working directory: run inside a fresh temporary directory. */
const WRITES_FILES = new Set(["src/plot/export/files.ts writeFigures", "src/plot/export/output.ts checkOutputDir", "src/plot/export/output.ts openStaging"]);
