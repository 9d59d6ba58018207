/**
 * Fixed quadrature rules: Gauss–Legendre for smooth integrands and tanh-sinh for integrands
 * with an algebraic singularity at an end (y^k at a kink of a service law; used by the M/G/1
 * offset-service solver, `queueing/volterra.ts`).
 *
 * Kernel only: never throws.
 *
 * @module
 */

/** Nodes and weights of an n-point rule on [−1, 1]. */
export interface Rule {
  readonly x: Float64Array;
  readonly w: Float64Array;
}

const legendreCache = new Map<number, Rule>();

/**
 * The n-point Gauss–Legendre rule on [−1, 1]: nodes are the roots of P_n, found by Newton's
 * method from Tricomi's initial guesses cos(π(i − 1/4)/(n + 1/2)); weights
 * 2/((1 − x²)P_n′(x)²) (Abramowitz–Stegun 25.4.29). Exact for polynomials of degree 2n − 1.
 *
 * @param n - number of nodes, a positive integer
 * @returns the frozen rule (cached per n)
 * @example
 * ```ts
 * gaussLegendre(2).x; // [-0.5773502691896257, 0.5773502691896257]
 * gaussLegendre(2).w; // [1, 1]
 * ```
 */
export function gaussLegendre(n: number): Rule {
  const hit = legendreCache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      // P_n(z) and P_n'(z) by the three-term recurrence.
      let p0 = 1;
      let p1 = z;
      for (let j = 2; j <= n; j++) {
        const p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? z : p1;
      const pm = n === 1 ? 1 : p0;
      dp = (n * (z * pn - pm)) / (z * z - 1);
      const dz = pn / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[n - 1 - i] = z;
    w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  const rule = Object.freeze({ x, w });
  legendreCache.set(n, rule);
  return rule;
}

/** Nodes and weights of an n-point rule on [0, 1]. */
export interface UnitRule {
  /** Nodes in (0, 1), ascending. */
  readonly nodes: Float64Array;
  /** Positive weights summing to 1. */
  readonly weights: Float64Array;
}

const unitCache = new Map<number, UnitRule>();

/**
 * {@link gaussLegendre} mapped to [0, 1]: nodes (1 + x)/2, weights w/2. Exact for
 * polynomials of degree 2n − 1 on [0, 1]; cached per n.
 *
 * @param n - number of nodes, a positive integer
 * @returns the frozen rule
 * @example
 * ```ts
 * gaussLegendreUnit(2).nodes; // [0.2113248654051871, 0.7886751345948129]
 * gaussLegendreUnit(2).weights; // [0.5, 0.5]
 * ```
 */
export function gaussLegendreUnit(n: number): UnitRule {
  const hit = unitCache.get(n);
  if (hit) return hit;
  const { x, w } = gaussLegendre(n);
  const rule = Object.freeze({ nodes: x.map((z) => 0.5 * (1 + z)), weights: w.map((v) => 0.5 * v) });
  unitCache.set(n, rule);
  return rule;
}

/** Abscissa offsets and weights of the tanh-sinh rule on [−1, 1] (computed once). */
interface TanhSinhTable {
  /** Distance of each node from −1 (and, by symmetry, of its mirror from +1). */
  readonly fromEnd: Float64Array;
  /** Distance of each node from +1. */
  readonly toOther: Float64Array;
  readonly w: Float64Array;
}

let tanhSinhTable: TanhSinhTable | null = null;

/**
 * Step 1/12 in τ out to |τ| = 58/12: the outermost nodes lie within 1e-90 of the ends, so
 * an end singularity y^k (k > −0.9) loses at most ≈1e-9 of its mass there; measured
 * ≈1e-16 relative on ∫₀¹ y^{0.25}eʸ and on smooth integrands, 1e-9 on ∫₀¹ y^{−0.9}.
 * The solver only meets end singularities y^k with k > 0 (a cusp of the service law).
 */
function table(): TanhSinhTable {
  if (tanhSinhTable) return tanhSinhTable;
  const h = 1 / 12;
  const J = 58;
  const fromEnd: number[] = [];
  const toOther: number[] = [];
  const w: number[] = [];
  for (let j = -J; j <= J; j++) {
    const tau = j * h;
    const u = (Math.PI / 2) * Math.sinh(tau);
    // 1 + tanh u and 1 − tanh u without cancellation: 2/(1 + e^{∓2u}).
    const e = Math.exp(-2 * Math.abs(u));
    const small = (2 * e) / (1 + e);
    const large = 2 / (1 + e);
    fromEnd.push(u < 0 ? small : large);
    toOther.push(u < 0 ? large : small);
    const c = Math.cosh(u);
    w.push((h * (Math.PI / 2) * Math.cosh(tau)) / (c * c));
  }
  tanhSinhTable = { fromEnd: Float64Array.from(fromEnd), toOther: Float64Array.from(toOther), w: Float64Array.from(w) };
  return tanhSinhTable;
}

/**
 * Calls `visit(x, dLo, dHi, weight)` for every node of the tanh-sinh rule on [lo, hi]
 * (Takahasi–Mori double-exponential quadrature), with the node's distances from both ends
 * given exactly so an integrand singular at an end can be evaluated without cancellation.
 * Σ weight·f(x) approximates ∫_lo^hi f; the rule converges geometrically for integrands
 * analytic inside the interval with algebraic singularities at its ends.
 *
 * @param lo - left end
 * @param hi - right end (> lo)
 * @param visit - called once per node
 * @example
 * ```ts
 * let s = 0;
 * tanhSinhNodes(0, 1, (x, dl, dh, w) => { s += w / Math.sqrt(dl); }); // s ≈ 2
 * ```
 */
export function tanhSinhNodes(lo: number, hi: number, visit: (x: number, dLo: number, dHi: number, w: number) => void): void {
  const t = table();
  const half = 0.5 * (hi - lo);
  for (let i = 0; i < t.w.length; i++) {
    const dl = half * t.fromEnd[i];
    const dh = half * t.toOther[i];
    visit(dl <= dh ? lo + dl : hi - dh, dl, dh, half * t.w[i]);
  }
}

/**
 * Calls `visit(x, weight)` for the n Gauss–Legendre nodes on [lo, hi].
 *
 * @param lo - left end
 * @param hi - right end
 * @param n - number of nodes
 * @param visit - called once per node
 * @example
 * ```ts
 * let s = 0;
 * gaussNodes(0, 1, 3, (x, w) => { s += w * x ** 5; }); // s ≈ 0.166666666666667 (= 1/6)
 * ```
 */
export function gaussNodes(lo: number, hi: number, n: number, visit: (x: number, w: number) => void): void {
  const r = gaussLegendre(n);
  const half = 0.5 * (hi - lo);
  const mid = 0.5 * (hi + lo);
  for (let i = 0; i < n; i++) visit(mid + half * r.x[i], half * r.w[i]);
}
