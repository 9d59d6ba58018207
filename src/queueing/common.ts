/**
 * Pieces shared by {@link mg1} and {@link mm1}: the argument checks of the tail and
 * quantile methods, and the result of an unstable queue (a legitimate state, not an error).
 *
 * @module
 */

import { inHalfOpen, invalid, requireNumber } from "../util/validate.js";
import type { QueueMetrics } from "./types.js";

/** The method-argument checkers of a queue built by `fn` ("mg1" or "mm1"). */
export interface MethodChecks {
  /** Checks a time t ≥ 0 given to method `name`, naming `fn.name`. */
  readonly checkT: (name: string, t: unknown) => number;
  /** Checks a probability p ∈ [0, 1) given to method `name`. */
  readonly checkP: (name: string, p: unknown) => number;
}

/** Argument checks for the tail and quantile methods of a queue built by `fn`. */
export function methodChecks(fn: string): MethodChecks {
  return {
    checkT: (name, t) => {
      const v = requireNumber(`${fn}.${name}`, "t", t);
      if (!(v >= 0)) invalid(`${fn}.${name}`, "t", "a number ≥ 0", v);
      return v;
    },
    checkP: (name, p) => inHalfOpen(`${fn}.${name}`, "p", p, 0, 1),
  };
}

/**
 * The metrics of an unstable queue (ρ ≥ 1): infinite means, tails equal to 1, quantiles
 * Infinity (0 for p = 0). The methods still check their arguments.
 */
export function unstableMetrics(lambda: number, rho: number, { checkT, checkP }: MethodChecks): QueueMetrics {
  return Object.freeze({
    lambda, rho, stable: false,
    meanWait: Infinity, meanSojourn: Infinity, waitSecondMoment: Infinity, waitVariance: Infinity,
    meanQueueLength: Infinity, meanInSystem: Infinity,
    waitTail: (t: number) => (checkT("waitTail", t), 1),
    sojournTail: (t: number) => (checkT("sojournTail", t), 1),
    waitQuantile: (p: number) => (checkP("waitQuantile", p) === 0 ? 0 : Infinity),
    sojournQuantile: (p: number) => (checkP("sojournQuantile", p) === 0 ? 0 : Infinity),
  });
}
