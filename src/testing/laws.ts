/**
 * The law-checking core: a law is a named fast-check property; {@link checkLaws} runs a
 * list of them and returns a plain report, {@link assertLaws} throws with the report's
 * text, so the same laws serve Vitest, Jest, node:test and the `edgecalc verify` command.
 *
 * A law's predicate throws a {@link LawViolation} whose message states what was expected,
 * what came out and the tolerance; that message is the report's counterexample together
 * with the shrunk input.
 *
 * @module
 */

import * as fc from "fast-check";
import { atMost, invalid, options, positiveInteger, requireNumber, show } from "../util/validate.js";

/** A named property. `numRuns` overrides the run count (1 for a deterministic check). */
export interface Law {
  /** What the law says, in words (shown in reports). */
  readonly name: string;
  /** The fast-check property that checks it. */
  readonly property: fc.IRawProperty<any, boolean>;
  /** Runs for this law (overrides the checker's default). */
  readonly numRuns?: number;
}

/** One law's outcome. */
export interface LawResult {
  /** The law's name. */
  readonly name: string;
  /** True when no run failed. */
  readonly holds: boolean;
  /** The shrunk input and the violation message, when the law failed. */
  readonly counterexample?: string;
  /** Runs executed (including the failing one). */
  readonly runs: number;
}

/** What {@link checkLaws} and `verifyScenario` return. */
export interface LawReport {
  /** One result per law, in the order given. */
  readonly laws: readonly LawResult[];
}

/** Options of {@link checkLaws}. */
export interface CheckLawsOptions {
  /** Runs per law without its own `numRuns` (default 100). */
  readonly numRuns?: number;
  /** fast-check seed (default 1: reproducible). */
  readonly seed?: number;
}

/** Thrown by a law's predicate; the message is the human-readable violation. */
export class LawViolation extends Error {
  /** Error name, "LawViolation". */
  override readonly name = "LawViolation";
}

/**
 * Throws a {@link LawViolation} unless `ok`. `detail` builds the message lazily (it
 * formats numbers only on failure).
 */
export function lawCheck(ok: boolean, detail: () => string): void {
  if (!ok) throw new LawViolation(detail());
}

/** Formats a number for a violation message: full precision, keeps ±Infinity and NaN. */
export const num = (x: number): string => (Number.isFinite(x) ? String(x) : show(x));

/**
 * Runs every law and collects the outcomes. Synchronous and asynchronous properties are
 * both accepted (the result is always a promise).
 *
 * @param laws - named properties (e.g. `distributionLaws(d)`)
 * @param opts - {@link CheckLawsOptions}
 * @throws TypeError if `laws` is not an array of laws; RangeError for a bad seed or numRuns
 *   (a positive integer ≤ 1e6, the work limit)
 * @example
 * ```ts
 * const report = await checkLaws(distributionLaws(exponential(1)));
 * report.laws.every((l) => l.holds); // true
 * ```
 */
export async function checkLaws(laws: readonly Law[], opts: CheckLawsOptions = {}): Promise<LawReport> {
  return runLaws("checkLaws", laws, opts);
}

async function runLaws(fn: string, laws: readonly Law[], opts: CheckLawsOptions): Promise<LawReport> {
  if (!Array.isArray(laws)) throw new TypeError(`${fn}: laws must be an array of { name, property }, got ${show(laws)}`);
  const o = options<CheckLawsOptions>(fn, "opts", opts);
  const numRuns = atMost(fn, "opts.numRuns", positiveInteger(fn, "opts.numRuns", o.numRuns ?? 100), 1e6, "property runs per law");
  const seed = requireNumber(fn, "opts.seed", o.seed ?? 1);
  if (!Number.isSafeInteger(seed)) invalid(fn, "opts.seed", "a safe integer", seed);
  const results: LawResult[] = [];
  for (const [i, law] of laws.entries()) {
    if (law === null || typeof law !== "object" || typeof law.name !== "string" || typeof law.property?.run !== "function") {
      throw new TypeError(`${fn}: laws[${i}] must be { name, property }, got ${show(law)}`);
    }
    const runs = law.numRuns === undefined ? numRuns : atMost(fn, `laws[${i}].numRuns`, positiveInteger(fn, `laws[${i}].numRuns`, law.numRuns), 1e6, "property runs per law");
    const details = await fc.check(law.property, { numRuns: runs, seed });
    if (!details.failed) {
      results.push(Object.freeze({ name: law.name, holds: true, runs: details.numRuns }));
      continue;
    }
    const err = details.errorInstance;
    const why = err instanceof Error ? err.message : err === undefined ? "the property returned false" : String(err);
    const input = details.counterexample === null ? "(none)" : fc.stringify(details.counterexample);
    results.push(
      Object.freeze({ name: law.name, holds: false, counterexample: `${why}\n    input: ${shorten(input)}`, runs: details.numRuns }),
    );
  }
  return Object.freeze({ laws: Object.freeze(results) });
}

// A distribution object prints its closures; cap the input so the violation stays readable.
const shorten = (s: string) => (s.length > 600 ? s.slice(0, 597) + "…" : s);

/**
 * Renders a report as text: one line per law (`✓`/`✗`, name, runs), and for a failing law
 * its counterexample indented below.
 *
 * @example
 * ```ts
 * formatLawReport({ laws: [{ name: "logMgf(0) = 0", holds: true, runs: 1 }] });
 * // "✓ logMgf(0) = 0  (1 run)\n1 of 1 laws hold"
 * ```
 */
export function formatLawReport(report: LawReport): string {
  if (report === null || typeof report !== "object" || !Array.isArray(report.laws)) {
    throw new TypeError(`formatLawReport: report must be { laws: [...] }, got ${show(report)}`);
  }
  const lines: string[] = [];
  report.laws.forEach((l, i) => {
    if (l === null || typeof l !== "object" || typeof l.name !== "string" || typeof l.holds !== "boolean") {
      throw new TypeError(`formatLawReport: report.laws[${i}] must be { name, holds, runs }, got ${show(l)}`);
    }
  });
  for (const l of report.laws) {
    lines.push(`${l.holds ? "✓" : "✗"} ${l.name}  (${l.runs} run${l.runs === 1 ? "" : "s"})`);
    if (!l.holds && l.counterexample) lines.push(...l.counterexample.split("\n").map((s: string) => `    ${s.trimStart()}`));
  }
  const ok = report.laws.filter((l) => l.holds).length;
  lines.push(`${ok} of ${report.laws.length} laws hold`);
  return lines.join("\n");
}

/**
 * Runs the laws and throws an `Error` carrying {@link formatLawReport}'s text if any fails —
 * for a test body: `await assertLaws(distributionLaws(myService))`.
 *
 * @throws Error listing every failing law with its counterexample
 * @example
 * ```ts
 * await assertLaws(distributionLaws(erlang(3, 1))); // resolves
 * ```
 */
export async function assertLaws(laws: readonly Law[], opts: CheckLawsOptions = {}): Promise<LawReport> {
  const report = await runLaws("assertLaws", laws, opts);
  if (report.laws.some((l) => !l.holds)) throw new Error(formatLawReport(report));
  return report;
}
