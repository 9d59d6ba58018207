/**
 * Plain-data descriptions of service-time distributions, so that a distribution can be
 * rebuilt inside a worker thread (closures do not cross a `postMessage`), and the
 * "service code" that selects a specialised Lindley loop.
 *
 * @module
 */

import {
  deterministic,
  erlang,
  exponential,
  gammaDistribution,
  hyperexponential,
  shifted,
  sumOf,
} from "../distributions/distributions.js";
import type { Distribution } from "../distributions/types.js";

/** A distribution as plain data: the factory's kind and parameters, nested for sums/shifts. */
export type DistributionSpec =
  | { readonly kind: "deterministic"; readonly value: number }
  | { readonly kind: "exponential"; readonly mean: number }
  | { readonly kind: "erlang" | "gamma"; readonly shape: number; readonly mean: number }
  | { readonly kind: "hyperexponential"; readonly weights: readonly number[]; readonly means: readonly number[] }
  | { readonly kind: "shifted"; readonly offset: number; readonly dist: DistributionSpec }
  | { readonly kind: "sum"; readonly dists: readonly DistributionSpec[] };

/**
 * The plain-data description of a distribution built by edgecalc's factories, or `null`
 * for a user-made distribution (which then runs in the calling thread only).
 */
export function describeDistribution(d: Distribution): DistributionSpec | null {
  const p = d.params as Record<string, unknown>;
  switch (d.kind) {
    case "deterministic":
      return typeof p.value === "number" ? { kind: "deterministic", value: p.value } : null;
    case "exponential":
      return typeof p.mean === "number" ? { kind: "exponential", mean: p.mean } : null;
    case "erlang":
    case "gamma":
      return typeof p.shape === "number" && typeof p.mean === "number" ? { kind: d.kind, shape: p.shape, mean: p.mean } : null;
    case "hyperexponential":
      return Array.isArray(p.weights) && Array.isArray(p.means)
        ? { kind: "hyperexponential", weights: p.weights.slice(), means: p.means.slice() }
        : null;
    case "shifted": {
      const inner = p.dist ? describeDistribution(p.dist as Distribution) : null;
      return inner && typeof p.offset === "number" ? { kind: "shifted", offset: p.offset, dist: inner } : null;
    }
    case "sum": {
      if (!Array.isArray(p.dists)) return null;
      const parts = (p.dists as Distribution[]).map(describeDistribution);
      return parts.every((x) => x !== null) ? { kind: "sum", dists: parts as DistributionSpec[] } : null;
    }
    default:
      return null;
  }
}

/** Rebuilds a distribution from its description with the same factories (same sampler code). */
export function buildDistribution(s: DistributionSpec): Distribution {
  switch (s.kind) {
    case "deterministic":
      return deterministic(s.value);
    case "exponential":
      return exponential(s.mean);
    case "erlang":
      return erlang(s.shape, s.mean);
    case "gamma":
      return gammaDistribution(s.shape, s.mean);
    case "hyperexponential":
      return hyperexponential(s.weights, s.means);
    case "shifted":
      return shifted(s.offset, buildDistribution(s.dist));
    case "sum":
      return sumOf(...s.dists.map(buildDistribution));
  }
}

/**
 * Which Lindley loop serves this distribution. The specialised loops draw exactly the
 * uniforms the factory's `sample(rng)` would draw, in the same order, so both paths give
 * bit-identical runs (a test checks it).
 *
 * - 0: generic (`service.sample(rng)`),
 * - 1: deterministic (`a` = value, no draw),
 * - 2: exponential (`a` = mean, `−a·ln U`),
 * - 3: Erlang/gamma with integer shape ≤ 16 (`k` uniforms multiplied, `−b·ln Πu`, b = mean/k),
 * - 4: hyperexponential (one uniform picks the branch by cumulative weights, one draws it).
 */
export interface ServiceCode {
  readonly code: 0 | 1 | 2 | 3 | 4;
  readonly a: number;
  readonly b: number;
  readonly k: number;
  readonly cum: readonly number[];
  readonly means: readonly number[];
}

/** The loop selector for a described distribution (`null` → the generic loop). */
export function serviceCode(s: DistributionSpec | null): ServiceCode {
  const none = { a: 0, b: 0, k: 0, cum: [], means: [] };
  if (s === null) return { code: 0, ...none };
  switch (s.kind) {
    case "deterministic":
      return { code: 1, ...none, a: s.value };
    case "exponential":
      return { code: 2, ...none, a: s.mean };
    case "erlang":
    case "gamma":
      // Mirrors gammaLike's sampler choice: the uniform-product method for integer shape ≤ 16.
      if (Number.isInteger(s.shape) && s.shape <= 16) return { code: 3, ...none, k: s.shape, b: s.mean / s.shape };
      return { code: 0, ...none };
    case "hyperexponential": {
      let acc = 0;
      const cum = s.weights.map((w) => (acc += w));
      return { code: 4, ...none, cum, means: s.means.slice() };
    }
    default:
      return { code: 0, ...none };
  }
}
