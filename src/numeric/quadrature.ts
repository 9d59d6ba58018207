/**
 * Gauss–Legendre quadrature rules on [0, 1] (Golub–Welsch values computed by Newton's
 * method on the Legendre recurrence; Abramowitz & Stegun 25.4.29). Internal: the numerical
 * laws (the Rayleigh transfer time) integrate smooth functions per interval with them.
 *
 * @module
 */

/** Nodes and weights of an n-point rule on [0, 1]. */
export interface QuadratureRule {
  /** Nodes in (0, 1), ascending. */
  readonly nodes: Float64Array;
  /** Positive weights summing to 1. */
  readonly weights: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

/**
 * The n-point Gauss–Legendre rule mapped to [0, 1]: exact for polynomials of degree
 * ≤ 2n − 1. Roots of P_n by Newton from the Chebyshev guess cos(π(i − 1/4)/(n + 1/2)),
 * iterated to machine precision; weights 2/((1 − x²)P_n′(x)²), halved for [0, 1].
 * Memoised per n.
 */
export function gaussLegendre(n: number): QuadratureRule {
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      // p1 = P_n(x), p0 = P_{n−1}(x); P_n′ = n(xP_n − P_{n−1})/(x² − 1).
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // Node i is the (i+1)-th largest root; store ascending on [0, 1].
    nodes[n - 1 - i] = 0.5 * (1 + x);
    weights[n - 1 - i] = 1 / ((1 - x * x) * dp * dp);
  }
  const rule = Object.freeze({ nodes, weights });
  cache.set(n, rule);
  return rule;
}
