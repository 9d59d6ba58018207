/**
 * Service-time distributions (docs/model.md §3): deterministic, exponential, Erlang-k,
 * hyperexponential, gamma, a shift, and the independent sum of distributions (a
 * pipeline's end-to-end service time).
 *
 * Every factory checks its parameters and returns a frozen {@link Distribution}. Log-MGFs
 * are written directly with `log1p`/log-sum-exp (Distributions.jl's `cgf`), never as
 * `Math.log(mgf)`: the SNC bounds add them and a linear MGF overflows long before its log.
 *
 * @module
 */

import { type Complex, cadd, cdiv, cexp, clog, cmul, cscale, cx } from "../util/complex.js";
import { logSumExp } from "../util/logspace.js";
import { finiteArray, invalid, nonNegative, positive, positiveInteger, requireNumber, show } from "../util/validate.js";
import { type Rng, standardGamma } from "../random/rng.js";
import type { Distribution } from "./types.js";
import { gammaP, gammaQ } from "../special/gammainc.js";

/**
 * Highest moment order `moment(k)` computes (work limit, docs/robustness.md): a sum's or a
 * shift's moment convolves every lower order (O(k²) per part and level), and no family's
 * moment of order > 1000 is finite and non-zero except on scales near 1.
 */
const MAX_MOMENT_ORDER = 1000;

function checkOrder(kind: string, k: unknown): number {
  const v = requireNumber(`${kind}.moment`, "k", k);
  if (!(Number.isSafeInteger(v) && v >= 0)) invalid(`${kind}.moment`, "k", "a non-negative integer", v);
  if (v > MAX_MOMENT_ORDER) invalid(`${kind}.moment`, "k", `at most ${MAX_MOMENT_ORDER} (work limit)`, v);
  return v;
}

/** Binomial coefficients C(n, j), j = 0..n, as doubles (exact for n ≤ 50). */
function binomials(n: number): number[] {
  const c = [1];
  for (let j = 1; j <= n; j++) c.push((c[j - 1] * (n - j + 1)) / j);
  return c;
}

interface Spec {
  kind: string;
  params: Record<string, unknown>;
  mean: number;
  variance: number;
  thetaSup: number;
  moment: (k: number) => number;
  logMgf: (theta: number) => number;
  lstComplex: (s: Complex) => Complex;
  sample: (rng: Rng) => number;
  /** P(S ≤ x) and P(S > x), both or neither. */
  cdf?: (x: number) => number;
  ccdf?: (x: number) => number;
}

function make(spec: Spec): Distribution {
  const { kind, logMgf } = spec;
  // Moments are memoised: a sum or shift asks its parts for every lower order, so without
  // it a nested sum's moment costs O(k^(2·depth)) (a 3-level sum took 1 s at k = 100).
  const moments: number[] = [];
  return Object.freeze({
    kind,
    params: Object.freeze({ ...spec.params }),
    mean: spec.mean,
    variance: spec.variance,
    thetaSup: spec.thetaSup,
    moment: (k: number) => {
      const v = checkOrder(kind, k);
      return moments[v] ?? (moments[v] = spec.moment(v));
    },
    lst: (s: number) => Math.exp(logMgf(-s)),
    lstComplex: spec.lstComplex,
    logMgf,
    sample: spec.sample,
    ...(spec.cdf && spec.ccdf ? { cdf: spec.cdf, ccdf: spec.ccdf } : {}),
  });
}

/**
 * A constant service time: S = value with probability 1.
 *
 * `logMgf(θ) = θ·value`, `E[S^k] = value^k`, `S*(s) = e^{−s·value}`.
 *
 * @param value - the service time (≥ 0)
 * @throws RangeError if value is negative, NaN or infinite
 * @example
 * ```ts
 * deterministic(2).moment(3); // 8
 * ```
 */
export function deterministic(value: number): Distribution {
  const d = nonNegative("deterministic", "value", value);
  return make({
    kind: "deterministic",
    params: { value: d },
    mean: d,
    variance: 0,
    thetaSup: Infinity,
    moment: (k) => d ** k,
    logMgf: (t) => (Number.isNaN(t) ? NaN : d === 0 ? 0 : t * d),
    lstComplex: (s) => cexp(cscale(s, -d)),
    sample: () => d,
    cdf: (x) => (Number.isNaN(x) ? NaN : x >= d ? 1 : 0),
    ccdf: (x) => (Number.isNaN(x) ? NaN : x >= d ? 0 : 1),
  });
}

/**
 * Gamma service time with `shape` α > 0 and mean m (scale β = m/α).
 *
 * `logMgf(θ) = −α·ln(1 − θβ)` for θ < 1/β, `E[S^k] = β^k Γ(α+k)/Γ(α)`,
 * `S*(s) = (1 + sβ)^{−α}`.
 *
 * @param shape - α > 0
 * @param mean - m > 0
 * @throws RangeError for non-positive or non-finite parameters
 * @example
 * ```ts
 * gammaDistribution(2, 1).variance; // 0.5
 * ```
 */
export function gammaDistribution(shape: number, mean: number): Distribution {
  const a = positive("gammaDistribution", "shape", shape);
  const m = positive("gammaDistribution", "mean", mean);
  return gammaLike("gamma", a, m);
}

function gammaLike(kind: string, a: number, m: number): Distribution {
  const beta = m / a;
  const intShape = Number.isInteger(a) && a <= 16;
  return make({
    kind,
    params: { shape: a, mean: m },
    mean: m,
    variance: a * beta * beta,
    thetaSup: 1 / beta,
    moment: (k) => {
      let r = 1;
      for (let j = 0; j < k; j++) r *= beta * (a + j);
      return r;
    },
    logMgf: (t) => (t < 1 / beta ? -a * Math.log1p(-t * beta) : Number.isNaN(t) ? NaN : Infinity),
    lstComplex: (s) => cexp(cscale(clog(cadd(cx(1), cscale(s, beta))), -a)),
    sample: intShape
      ? (u) => {
          // Product of uniforms: one log per draw, exact for integer shape.
          let p = 1;
          for (let i = 0; i < a; i++) p *= u();
          return -beta * Math.log(p);
        }
      : (u) => beta * standardGamma(u, a),
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : gammaP(a, x / beta)),
    ccdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 1) : gammaQ(a, x / beta)),
  });
}

/**
 * Exponential service time with the given mean (rate 1/mean).
 *
 * `logMgf(θ) = −ln(1 − θ·mean)` for θ < 1/mean, `E[S^k] = k!·mean^k`.
 *
 * @param mean - > 0
 * @throws RangeError for a non-positive or non-finite mean
 * @example
 * ```ts
 * exponential(0.5).moment(2); // 0.5
 * ```
 */
export function exponential(mean: number): Distribution {
  const m = positive("exponential", "mean", mean);
  return make({
    kind: "exponential",
    params: { mean: m },
    mean: m,
    variance: m * m,
    thetaSup: 1 / m,
    moment: (k) => {
      let r = 1;
      for (let j = 1; j <= k; j++) r *= j * m;
      return r;
    },
    logMgf: (t) => (t < 1 / m ? -Math.log1p(-t * m) : Number.isNaN(t) ? NaN : Infinity),
    lstComplex: (s) => cdiv(cx(1), cadd(cx(1), cscale(s, m))),
    sample: (u) => -m * Math.log(u()),
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : -Math.expm1(-x / m)),
    ccdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 1) : Math.exp(-x / m)),
  });
}

/**
 * Erlang-k service time: the sum of `shape` exponential phases, total mean `mean`.
 *
 * `logMgf(θ) = −k·ln(1 − θ·mean/k)`, `Var = mean²/k`.
 *
 * @param shape - k, a positive integer
 * @param mean - > 0
 * @throws RangeError if shape is not a positive integer ("erlang: shape must be a positive integer, got 2.5")
 * @example
 * ```ts
 * erlang(2, 1).variance; // 0.5
 * ```
 */
export function erlang(shape: number, mean: number): Distribution {
  const k = positiveInteger("erlang", "shape", shape);
  const m = positive("erlang", "mean", mean);
  return gammaLike("erlang", k, m);
}

/**
 * Hyperexponential: with probability `weights[i]` an exponential of mean `means[i]`.
 *
 * `logMgf(θ) = ln Σ wᵢ/(1 − θmᵢ)`, `E[S^k] = k!·Σ wᵢ mᵢ^k` (note the k! — the Octave
 * `queueing` package drops the 2 in E[S²], docs/peers.md).
 *
 * @param weights - probabilities ≥ 0 summing to 1 (within 1e-9)
 * @param means - branch means > 0, same length
 * @throws RangeError on a length mismatch, a negative weight, weights not summing to 1, or a non-positive mean
 * @example
 * ```ts
 * hyperexponential([0.8, 0.2], [0.5, 3]).moment(2); // 4
 * ```
 */
export function hyperexponential(weights: readonly number[], means: readonly number[]): Distribution {
  const w = finiteArray("hyperexponential", "weights", weights);
  const ms = finiteArray("hyperexponential", "means", means);
  if (w.length !== ms.length) invalid("hyperexponential", "means", `an array of the same length as weights (${w.length})`, ms);
  w.forEach((x, i) => {
    if (x < 0) invalid("hyperexponential", `weights[${i}]`, "≥ 0", x);
  });
  ms.forEach((x, i) => positive("hyperexponential", `means[${i}]`, x));
  const total = w.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-9) invalid("hyperexponential", "weights", "probabilities summing to 1", `${show(w)} (sum ${total})`);
  const mean = w.reduce((a, x, i) => a + x * ms[i], 0);
  // Var = Σwᵢmᵢ² + Σwᵢ(mᵢ − mean)² (= 2Σwᵢmᵢ² − mean²): a sum of non-negative terms, so
  // no cancellation and no ∞ − ∞ when the second moment overflows (Infinity is then the
  // correct, overflowed variance).
  const variance = w.reduce((a, x, i) => a + x * ms[i] * ms[i] + x * (ms[i] - mean) ** 2, 0);
  const mmax = Math.max(...ms.filter((_, i) => w[i] > 0));
  const logW = w.map(Math.log);
  const cum = w.map(((s) => (x: number) => (s += x))(0));
  return make({
    kind: "hyperexponential",
    params: { weights: w, means: ms },
    mean,
    variance,
    thetaSup: 1 / mmax,
    moment: (k) => {
      let f = 1;
      for (let j = 2; j <= k; j++) f *= j;
      return f * w.reduce((a, x, i) => a + x * ms[i] ** k, 0);
    },
    logMgf: (t) => {
      if (Number.isNaN(t)) return NaN;
      if (t >= 1 / mmax) return Infinity;
      if (t === 0) return 0;
      if (t === -Infinity) return -Infinity; // P(S = 0) = 0
      // Σwᵢ/(1 − θmᵢ) = 1 + Σwᵢθmᵢ/(1 − θmᵢ) (weights summing to 1, as the mean assumes):
      // log1p of the excess is relative-accurate near θ = 0 (≈ mean·θ), where ln Σ would
      // keep only absolute accuracy (Σwᵢ is 1 only to rounding). Far below 0 the excess
      // nears −1 and cancels, so there the log-sum-exp of the branch terms is the accurate one.
      let excess = 0;
      for (let i = 0; i < w.length; i++) if (w[i] > 0) excess += (w[i] * t * ms[i]) / (1 - t * ms[i]);
      if (excess > -0.5) return Math.log1p(excess);
      return logSumExp(logW.flatMap((lw, i) => (w[i] > 0 ? [lw - Math.log1p(-t * ms[i])] : [])));
    },
    lstComplex: (s) => w.reduce((acc: Complex, x, i) => cadd(acc, cscale(cdiv(cx(1), cadd(cx(1), cscale(s, ms[i]))), x)), cx(0)),
    sample: (u) => {
      const v = u();
      let i = 0;
      while (i < cum.length - 1 && v > cum[i]) i++;
      return -ms[i] * Math.log(u());
    },
    // Σwᵢ(1 − e^{−x/mᵢ}) with expm1: relative-accurate for small x, where 1 − Σwᵢe^{−x/mᵢ} cancels.
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : Math.min(1, -w.reduce((acc, wi, i) => acc + wi * Math.expm1(-x / ms[i]), 0))),
    ccdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 1) : Math.min(1, w.reduce((acc, wi, i) => acc + wi * Math.exp(-x / ms[i]), 0))),
  });
}

function checkDistribution(fn: string, param: string, d: unknown): Distribution {
  const o = d as Distribution;
  if (o === null || typeof o !== "object" || typeof o.logMgf !== "function" || typeof o.moment !== "function" || typeof o.sample !== "function") {
    throw new TypeError(`${fn}: ${param} must be a distribution (an object from edgecalc's factories), got ${show(d)}`);
  }
  return o;
}

/**
 * A distribution shifted by a constant: S' = offset + S (e.g. a fixed set-up time).
 *
 * `logMgf'(θ) = θ·offset + logMgf(θ)`, `S'*(s) = e^{−s·offset} S*(s)`.
 *
 * @param offset - ≥ 0
 * @param dist - the distribution to shift
 * @throws RangeError for a negative offset; TypeError if dist is not a distribution
 * @example
 * ```ts
 * shifted(1, exponential(2)).mean; // 3
 * ```
 */
export function shifted(offset: number, dist: Distribution): Distribution {
  const a = nonNegative("shifted", "offset", offset);
  const d = checkDistribution("shifted", "dist", dist);
  return make({
    kind: "shifted",
    params: { offset: a, dist: d },
    mean: a + d.mean,
    variance: d.variance,
    thetaSup: d.thetaSup,
    moment: (k) => {
      d.moment(k); // highest order first: a sum fills its table of every lower order in one pass
      const c = binomials(k);
      let r = 0;
      // A zero factor contributes exactly 0, even against an infinite moment (0·∞ would be NaN).
      for (let j = 0; j <= k; j++) {
        const f = a ** (k - j);
        if (f !== 0) r += c[j] * f * d.moment(j);
      }
      return r;
    },
    logMgf: (t) => (a === 0 ? 0 : t * a) + d.logMgf(t),
    lstComplex: (s) => cmul(cexp(cscale(s, -a)), d.lstComplex(s)),
    sample: (u) => a + d.sample(u),
    ...shiftedCdf(a, d),
  });
}

/**
 * The independent sum S = S₁ + … + Sₙ — a pipeline's end-to-end service time.
 *
 * Log-MGFs add, LSTs multiply, raw moments follow the binomial convolution
 * `E[(X+Y)^k] = Σ_j C(k,j) E[X^j] E[Y^{k−j}]`.
 *
 * @param dists - one or more distributions
 * @throws RangeError for an empty list; TypeError for a non-distribution
 * @example
 * ```ts
 * sumOf(deterministic(1), exponential(2)).variance; // 4
 * ```
 */
export function sumOf(...dists: Distribution[]): Distribution {
  if (dists.length === 0) invalid("sumOf", "dists", "at least one distribution", dists);
  const ds = dists.map((d, i) => checkDistribution("sumOf", `dists[${i}]`, d));
  // E[S^j] for every j up to the highest order asked so far: one convolution pass serves all
  // lower orders (the memo in make() then answers them without another pass).
  let table: readonly number[] = [1];
  const sumMoment = (k: number): number => {
    if (k < table.length) return table[k];
    // cur[j] = E[(partial sum)^j], j = 0..k
    const orders = Array.from({ length: k + 1 }, (_, j) => j);
    let cur: number[] = orders.map((j) => (j === 0 ? 1 : 0));
    for (const d of ds) {
      d.moment(k); // highest order first (see shifted)
      const dm = orders.map((j) => d.moment(j));
      const next = orders.map((n) => {
        const c = binomials(n);
        let r = 0;
        // Skip exact zeros: 0·∞ would turn an infinite moment (overflow) into NaN.
        for (let j = 0; j <= n; j++) if (cur[j] !== 0 && dm[n - j] !== 0) r += c[j] * cur[j] * dm[n - j];
        return r;
      });
      cur = next;
    }
    table = cur;
    return cur[k];
  };
  return make({
    kind: "sum",
    params: { dists: Object.freeze(ds.slice()) },
    mean: ds.reduce((a, d) => a + d.mean, 0),
    variance: ds.reduce((a, d) => a + d.variance, 0),
    thetaSup: Math.min(...ds.map((d) => d.thetaSup)),
    moment: sumMoment,
    logMgf: (t) => {
      let r = 0;
      for (const d of ds) r += d.logMgf(t);
      return r;
    },
    lstComplex: (s) => ds.reduce((acc: Complex, d) => cmul(acc, d.lstComplex(s)), cx(1)),
    sample: (u) => {
      let r = 0;
      for (const d of ds) r += d.sample(u);
      return r;
    },
    ...sumCdf(ds),
  });
}

/** The CDF pair of `a + d`, when d has one. */
function shiftedCdf(a: number, d: Distribution): Pick<Spec, "cdf" | "ccdf"> {
  const { cdf, ccdf } = d;
  if (typeof cdf !== "function" || typeof ccdf !== "function") return {};
  return { cdf: (x) => cdf(x - a), ccdf: (x) => ccdf(x - a) };
}

/**
 * A sum whose parts are all deterministic but at most one is that one part shifted by the
 * others' total (the pipeline case: fixed stages plus one variable stage); any other sum
 * needs a convolution and has no CDF here.
 */
function sumCdf(ds: readonly Distribution[]): Pick<Spec, "cdf" | "ccdf"> {
  let offset = 0;
  let rest: Distribution | null = null;
  for (const d of ds) {
    if (d.kind === "deterministic") offset += d.mean;
    else if (rest === null) rest = d;
    else return {};
  }
  return shiftedCdf(offset, rest ?? deterministic(0));
}

/** True when `d` looks like an edgecalc distribution (duck-typed). */
export function isDistribution(d: unknown): d is Distribution {
  const o = d as Distribution;
  return o !== null && typeof o === "object" && typeof o.logMgf === "function" && typeof o.moment === "function" && typeof o.sample === "function";
}
