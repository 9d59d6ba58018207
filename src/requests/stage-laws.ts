/**
 * What the request-level bounds need from one stage's service law (docs/model.md §9.4):
 * a stochastically larger grid law, a lower bound on the service time, and upper bounds on
 * E[e^{θS}] and E[e^{−θS}] — each rigorous for the laws edgecalc builds (closed forms are
 * exact; the Rayleigh transfer uses its lattice's conservative side). Internal.
 *
 * @module
 */

import type { RayleighTransferTime } from "../channel/transfer.js";
import { isDistribution } from "../distributions/distributions.js";
import type { Distribution } from "../distributions/types.js";
import { isDeterministic } from "../queueing/lundberg.js";
import { logSumExp } from "../util/logspace.js";
import { type GridLaw, gridConvolve, gridFromTail, gridPoint, gridShift } from "./grid.js";

function parts(d: Distribution): readonly Distribution[] {
  const p = d.params.dists;
  return Array.isArray(p) && p.every(isDistribution) ? (p as Distribution[]) : [];
}

function inner(d: Distribution): Distribution | null {
  return isDistribution(d.params.dist) ? d.params.dist : null;
}

function isTransfer(d: Distribution): d is RayleighTransferTime {
  return d.kind === "rayleighTransfer" && typeof (d as RayleighTransferTime).ccdfBounds === "function";
}

/** A lower bound on the service time: the constant, an offset plus its part's, a sum of parts'; else 0. */
export function minService(d: Distribution): number {
  if (isDeterministic(d) && d.kind === "deterministic") return d.mean;
  if (d.kind === "shifted") {
    const i = inner(d);
    return (d.params.offset as number) + (i ? minService(i) : 0);
  }
  if (d.kind === "sum") return parts(d).reduce((s, p) => s + minService(p), 0);
  return 0;
}

/**
 * An upper bound on ln E[e^{θS}], θ ≥ 0: exact for the closed-form families (and their
 * shifts and sums), the lattice's conservative MGF for a Rayleigh transfer.
 */
export function logMgfUpper(d: Distribution, theta: number): number {
  if (theta === 0) return 0;
  if (isTransfer(d)) return d.logMgfUpper(theta);
  if (d.kind === "sum") {
    const ps = parts(d);
    if (ps.length > 0) return ps.reduce((s, p) => s + logMgfUpper(p, theta), 0);
  }
  if (d.kind === "shifted") {
    const i = inner(d);
    if (i) return theta * (d.params.offset as number) + logMgfUpper(i, theta);
  }
  return d.logMgf(theta);
}

const lowerGrids = new WeakMap<RayleighTransferTime, { step: number; lower: Float64Array }>();

/** The transfer's lower tail bound at x_{k+1} = (k + 1)τ_c/8, until it is 0 (memoised per law). */
function lowerGrid(d: RayleighTransferTime): { step: number; lower: Float64Array } {
  const hit = lowerGrids.get(d);
  if (hit) return hit;
  const step = d.params.coherenceSeconds / 8;
  const vals: number[] = [];
  for (let k = 0; k < 1e6; k++) {
    const v = d.ccdfBounds((k + 1) * step).lower;
    vals.push(v);
    if (v === 0) break;
  }
  const out = { step, lower: Float64Array.from(vals) };
  lowerGrids.set(d, out);
  return out;
}

/**
 * An upper bound on ln E[e^{−θS}], θ ≥ 0: exact for closed forms; for a Rayleigh transfer
 * from the lower side of its bracket, E[e^{−θS}] = θ∫e^{−θx}P(S ≤ x)dx with
 * P(S ≤ x) ≤ 1 − lower(x_{k+1}) on each [x_k, x_{k+1}] of a grid of τ_c/8.
 */
export function logLstUpper(d: Distribution, theta: number): number {
  if (theta === 0) return 0;
  if (isTransfer(d)) {
    const { step, lower } = lowerGrid(d);
    const terms: number[] = [];
    for (let k = 0; k < lower.length; k++) {
      // ∫_{x_k}^{x_{k+1}} θe^{−θx}dx = e^{−θx_k}(1 − e^{−θ step}), times P(S ≤ x_{k+1}) ≤ 1 − lower.
      const cdfUp = 1 - lower[k];
      if (cdfUp > 0) terms.push(-theta * k * step + Math.log(-Math.expm1(-theta * step)) + Math.log(cdfUp));
    }
    // Beyond the grid P(S ≤ x) ≤ 1: the rest is e^{−θ·x_end}.
    terms.push(-theta * lower.length * step);
    return logSumExp(terms);
  }
  if (d.kind === "sum") {
    const ps = parts(d);
    if (ps.length > 0) return ps.reduce((s, p) => s + logLstUpper(p, theta), 0);
  }
  if (d.kind === "shifted") {
    const i = inner(d);
    if (i) return -theta * (d.params.offset as number) + logLstUpper(i, theta);
  }
  return d.logMgf(-theta);
}

/**
 * An upper bound on E[(S − x)^+] = ∫_x^∞ P(S > u)du (the service's mass beyond a grid's
 * end): (y)^+ ≤ e^{θy − 1}/θ for every θ > 0, so E[(S − x)^+] ≤ inf_θ E[e^{θS}]e^{−θx}/(eθ)
 * over a log grid of θ; 0 beyond a constant.
 */
export function excessUpper(d: Distribution, x: number): number {
  if (isDeterministic(d)) return Math.max(0, d.mean - x);
  const m = Math.max(d.mean, 1e-300);
  let best = Infinity;
  for (let e = -3; e <= 4; e += 0.02) {
    const th = 10 ** e / m;
    if (!(th < d.thetaSup)) break;
    const v = logMgfUpper(d, th) - th * x - 1 - Math.log(th);
    if (v < best) best = v;
  }
  return Math.exp(best);
}

/**
 * The stochastically larger grid law of S (S rounded up to the grid, or a tail bound
 * rounded up): point masses for constants, convolutions for sums, the exact ccdf where the
 * family has one, the floor lattice for a Rayleigh transfer, and otherwise the Chernoff
 * bound inf_θ e^{−θx}E[e^{θS}] over a log grid of θ.
 */
export function serviceGrid(d: Distribution, h: number, maxPoints: number): GridLaw {
  if (d.kind === "deterministic" || isDeterministic(d)) return gridPoint(h, d.mean);
  if (isTransfer(d)) return gridFromTail(h, (x) => d.ccdfBounds(x).upper, maxPoints);
  if (d.kind === "shifted") {
    const i = inner(d);
    if (i) return gridShift(serviceGrid(i, h, maxPoints), d.params.offset as number);
  }
  if (d.kind === "sum") {
    const ps = parts(d);
    if (ps.length > 0) return ps.map((p) => serviceGrid(p, h, maxPoints)).reduce((a, b) => gridConvolve(a, b, maxPoints));
  }
  const ccdf = d.ccdf;
  if (typeof ccdf === "function") return gridFromTail(h, ccdf, maxPoints);
  const m = d.mean;
  const thetas: number[] = [];
  for (let e = -3; e <= 4; e += 0.02) {
    const th = 10 ** e / m;
    if (th < d.thetaSup) thetas.push(th);
  }
  const lm = thetas.map((th) => d.logMgf(th));
  return gridFromTail(
    h,
    (x) => {
      let best = 0;
      for (let j = 0; j < thetas.length; j++) best = Math.min(best, lm[j] - thetas[j] * x);
      return Math.exp(best);
    },
    maxPoints,
  );
}
