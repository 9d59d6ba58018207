/**
 * The link and law the drawdown envelopes' tests share (docs/model.md §10.8–10.9): the README's
 * close-rate Rayleigh stage, its per-slot CDF and the range the plan takes, an independent
 * density (by the chain rule, not slotCdf), a Gauss–Legendre rule on panels, and a plan at
 * (c, λ) for Poisson arrivals.
 */
import { rayleighLink } from "../../src/channel/index.js";
import { poissonArrivals, rayleighService } from "../../src/snc/index.js";
import { type DrawdownPlan, drawdownPlan } from "../../src/snc/drawdown.js";
import { gaussLegendre } from "../../src/numeric/index.js";

export const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 121, controlOverhead: 0 });
export const ray = rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6 });
export const cdf = (x: number) => ray.slotCdf!(x);

/** The law's range as the plan takes it (twice the mean, times 1.5 until the tail is below 1e-18). */
export const upper = (() => {
  let u = 2 * ray.meanPerSlot;
  while (1 - cdf(u) > 1e-18) u *= 1.5;
  return u;
})();

/** A drawdown plan for constants c around the link (or c before it and a faster `feed` after it) and Poisson(λ) arrivals (θ up to 64). */
export const plan = (c: number, lambda: number, feed?: number): DrawdownPlan => drawdownPlan(poissonArrivals(lambda), { c, cdf, upper, feed }, {}, 64, "drawdown");

/** Per-slot service x = a·log2(1 + γ̄X), X ~ Exp(1): density by the chain rule (independent of slotCdf). */
const A = (1e7 * 0.1) / 1.0486e6;
export const density = (x: number) => (x <= 0 ? 0 : (Math.LN2 / A) * (2 ** (x / A) / 10) * Math.exp(-(2 ** (x / A) - 1) / 10));

/** 20-point Gauss–Legendre on `panels` equal panels of [a, b]. */
export const GL = (f: (t: number) => number, a: number, b: number, panels = 4) => {
  const { x, w } = gaussLegendre(20);
  const h = (b - a) / panels;
  let s = 0;
  for (let q = 0; q < panels; q++) for (let i = 0; i < x.length; i++) s += 0.5 * h * w[i] * f(a + q * h + 0.5 * h * (1 + x[i]));
  return s;
};
