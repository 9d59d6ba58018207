/** Shared test helpers: fixture loading and relative-error assertions that print context. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import {
  type Distribution,
  deterministic,
  erlang,
  exponential,
  gammaDistribution,
  hyperexponential,
  shifted,
  sumOf,
} from "../src/distributions/index.js";

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

/** A distribution as written in the fixture generators: the factory name and its arguments. */
export type FixtureSpec = { kind: string; args: any[] };

/** Builds a distribution from a fixture spec (nested for `shifted` and `sumOf`). */
export function buildDistribution(spec: FixtureSpec): Distribution {
  const a = spec.args;
  switch (spec.kind) {
    case "exponential": return exponential(a[0]);
    case "erlang": return erlang(a[0], a[1]);
    case "gammaDistribution": return gammaDistribution(a[0], a[1]);
    case "hyperexponential": return hyperexponential(a[0], a[1]);
    case "deterministic": return deterministic(a[0]);
    case "shifted": return shifted(a[0], buildDistribution(a[1]));
    case "sumOf": return sumOf(...a.map(buildDistribution));
    default: throw new Error(`unknown fixture distribution ${spec.kind}`);
  }
}
