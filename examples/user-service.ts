/**
 * Example: verify a user-defined service-time law with edgecalc/testing.
 *
 * An inference server whose time per request is inverse Gaussian (the first-passage time
 * of a drifting random walk — a common fit for GPU kernel queues with jitter), defined by
 * its log-MGF, LST, moments and a sampler. Before using it in M/G/1 we check it obeys the
 * laws every distribution must: logMgf(0) = 0, logMgf′(0) = mean, logMgf″(0) = variance,
 * convexity, LST ↔ log-MGF ↔ moments, and a sampler that matches mean and variance within
 * a stated confidence. Then we check that mg1's sojourn tail with this service is a
 * probability, monotone, and not below a seeded simulation's confidence interval.
 *
 * A user writes `from "edgecalc"` / `from "edgecalc/testing"`; this file imports the
 * sources so it type-checks and runs in CI without a build (test/testing/example.test.ts).
 *
 * Inverse Gaussian IG(μ, λ) (Chhikara & Folks, The Inverse Gaussian Distribution, 1989, §2):
 *   ln E[e^{θS}] = (λ/μ)(1 − √(1 − 2μ²θ/λ)),  θ < λ/(2μ²);
 *   E[S] = μ, Var[S] = μ³/λ,  E[S^k] = μ^k Σ_{i<k} (k−1+i)!/(i!(k−1−i)!) (μ/2λ)^i.
 */
import type { Distribution, Rng } from "../src/index.js";
import { mg1, normal } from "../src/index.js";
import { simulateMG1 } from "../src/sim/index.js";
import { assertLaws, boundLaws, distributionLaws, formatLawReport, type LawReport } from "../src/testing/index.js";

interface Complex {
  re: number;
  im: number;
}

// 1 − √(1 − z) = z / (1 + √(1 − z)): no cancellation for small z (θ near 0 is where the
// derivative laws look).
const oneMinusSqrt = (z: number) => z / (1 + Math.sqrt(1 - z));

/** Principal square root of a complex number, written to avoid cancellation. */
function csqrt({ re, im }: Complex): Complex {
  const r = Math.hypot(re, im);
  if (r === 0) return { re: 0, im: 0 };
  const a = Math.sqrt((r + Math.abs(re)) / 2);
  return re >= 0 ? { re: a, im: im / (2 * a) } : { re: Math.abs(im) / (2 * a), im: im >= 0 ? a : -a };
}

/**
 * The inverse Gaussian law IG(mean, shape) as an edgecalc Distribution.
 *
 * @example
 * ```ts
 * inverseGaussian(0.2, 1).variance; // 0.008000000000000002
 * ```
 */
export function inverseGaussian(mean: number, shape: number): Distribution {
  if (!(Number.isFinite(mean) && mean > 0)) throw new RangeError(`inverseGaussian: mean must be a finite number > 0, got ${mean}`);
  if (!(Number.isFinite(shape) && shape > 0)) throw new RangeError(`inverseGaussian: shape must be a finite number > 0, got ${shape}`);
  const mu = mean;
  const lam = shape;
  const thetaSup = lam / (2 * mu * mu);
  const moment = (k: number): number => {
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`inverseGaussian.moment: k must be a non-negative integer, got ${k}`);
    if (k === 0) return 1;
    let sum = 0;
    let term = 1; // (k−1+i)!/(i!(k−1−i)!) (μ/2λ)^i, built by ratios to stay finite
    for (let i = 0; i < k; i++) {
      sum += term;
      term *= ((k + i) * (k - 1 - i)) / (i + 1) * (mu / (2 * lam));
    }
    return mu ** k * sum;
  };
  return Object.freeze({
    kind: "inverseGaussian",
    params: Object.freeze({ mean, shape }),
    mean: mu,
    variance: (mu * mu * mu) / lam,
    thetaSup,
    moment,
    logMgf: (theta: number) => (theta >= thetaSup ? Infinity : (lam / mu) * oneMinusSqrt((2 * mu * mu * theta) / lam)),
    lst: (s: number) => (s <= -thetaSup ? Infinity : Math.exp((lam / mu) * oneMinusSqrt((-2 * mu * mu * s) / lam))),
    lstComplex: (s: Complex): Complex => {
      // exp((λ/μ)(1 − √(1 + 2μ²s/λ)))
      const root = csqrt({ re: 1 + (2 * mu * mu * s.re) / lam, im: (2 * mu * mu * s.im) / lam });
      const k = lam / mu;
      const mag = Math.exp(k * (1 - root.re));
      return { re: mag * Math.cos(-k * root.im), im: mag * Math.sin(-k * root.im) };
    },
    // Michael, Schucany & Haas (1976): one normal and one uniform per draw.
    sample: (u: Rng) => {
      const nu = normal(u);
      const y = nu * nu;
      const x = mu + (mu * mu * y) / (2 * lam) - (mu / (2 * lam)) * Math.sqrt(4 * mu * lam * y + mu * mu * y * y);
      return u() <= mu / (mu + x) ? x : (mu * mu) / x;
    },
  });
}

/** Runs the checks; resolves with the two reports or rejects with the formatted failures. */
export async function main({ log = false } = {}): Promise<{ distribution: LawReport; queue: LawReport }> {
  const S = inverseGaussian(0.2, 1); // mean 200 ms, SCV 0.2
  const distribution = await assertLaws(distributionLaws(S, { samples: 50_000 }), { numRuns: 200 });
  const lambda = 3; // ρ = 0.6
  const queue = await assertLaws(
    boundLaws({
      bound: (t, l) => mg1(l, S).sojournTail(t),
      deadlines: [0.01, 3],
      loads: [0.1, lambda],
      tolerance: 1e-6,
      // mg1's tail is exact, so it may only be asked not to fall below the interval.
      against: "lower",
      simulationRuns: 2,
      simulate: async (t, l, seed) => (await simulateMG1({ lambda: l, service: S, customers: 200_000, seed, tails: [t], quantiles: [] })).sojournTails[0],
    }),
    { numRuns: 50 },
  );
  if (log) console.log(`${formatLawReport(distribution)}\n${formatLawReport(queue)}`);
  return { distribution, queue };
}
