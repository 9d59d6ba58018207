/** Shared test helpers: fixture loading and relative-error assertions that print context. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Loads `test/fixtures/<rel>` as JSON. */
export function fixture<T = any>(rel: string): T {
  return JSON.parse(readFileSync(join(root, rel), "utf8")) as T;
}

/** Relative error |got − expected| / |expected| (absolute when expected = 0). */
export function relErr(got: number, expected: number): number {
  if (expected === 0) return Math.abs(got);
  return Math.abs(got - expected) / Math.abs(expected);
}

/** Asserts a relative error ≤ tol, printing input, expected, got and tolerance on failure. */
export function expectRel(got: number, expected: number, tol: number, context: unknown = ""): void {
  const e = relErr(got, expected);
  expect(e <= tol, `${JSON.stringify(context)}: expected ${expected}, got ${got}, rel. error ${e.toExponential(3)} > tol ${tol}`).toBe(true);
}
