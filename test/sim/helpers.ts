import { readFileSync } from "node:fs";
import type { Distribution } from "../../src/distributions/types.js";
import {
  deterministic,
  erlang,
  exponential,
  hyperexponential,
} from "../../src/distributions/index.js";

/** Builds a distribution from a fixture's plain description. */
export function fromFixture(s: { kind: string; [k: string]: unknown }): Distribution {
  switch (s.kind) {
    case "deterministic":
      return deterministic(s.value as number);
    case "exponential":
      return exponential(s.mean as number);
    case "erlang":
      return erlang(s.shape as number, s.mean as number);
    case "hyperexponential":
      return hyperexponential(s.weights as number[], s.means as number[]);
    default:
      throw new Error(`unknown fixture service ${s.kind}`);
  }
}

/** The same law under a kind the simulator does not recognise: forces the generic sampling path. */
export function opaque(d: Distribution): Distribution {
  return Object.freeze({ ...d, kind: `opaque ${d.kind}` });
}

/** Throws with inputs, expected, got and tolerance unless |got − expected| ≤ tol. */
export function expectWithin(label: string, got: number, expected: number, tol: number): void {
  if (!(Math.abs(got - expected) <= tol)) {
    throw new Error(`${label}: expected ${expected}, got ${got}, |difference| ${Math.abs(got - expected)} > tolerance ${tol}`);
  }
}

/** The committed reference values (test/fixtures/sim/generate.py). */
export interface SimFixtures {
  versions: Record<string, string>;
  tQuantiles: { df: number; p: number; value: number }[];
  normalQuantiles: { p: number; value: number }[];
  kappas: { case: string; lambda: number; service: { kind: string; [k: string]: unknown }; kappa: number }[];
  tails: { case: string; lambda: number; service: { kind: string; [k: string]: unknown }; t: number; p: number }[];
  rareTails: { case: string; lambda: number; service: { kind: string; [k: string]: unknown }; t: number; p: number }[];
}

export function loadFixtures(): SimFixtures {
  return JSON.parse(readFileSync(new URL("../fixtures/sim/sim.json", import.meta.url), "utf8")) as SimFixtures;
}
