/**
 * The overshoot-aware envelope of the martingale tandem bound (docs/model.md §10.7).
 *
 * The Snell envelope of §10.2 needs u ≥ 1 wherever a crossing can end: the supermartingale
 * `u(S)e^{θ(X − x₀)}` is ≥ 1 at the crossing whatever the level jumped past the threshold,
 * so it pays `e^{θ·overshoot}` for nothing. With i.i.d. arrivals on a lattice 1/K and the
 * output of each slot split into bands of width 1/K, the function
 * `h(e, y) = e^{θy}u(e)` below the threshold (y ≤ 0) and `h = 1` above it is a supermartingale
 * up to the crossing when, for every z ≥ 0 (z = −y) and X = A − f the level's step,
 *
 * `g_e(z) = E[e^{θX}u(E′); X ≤ z] + e^{θz}P(X > z) ≤ u(e)`.
 *
 * For z in a cell [z_j, z_{j+1}) of the grid z_j = j/K, each term is at most
 * `E[e^{θX}u(E′); X ≤ z_j] + E[e^{θX}max(u(E′), 1); z_j < X ≤ z_{j+1}] + e^{θz_{j+1}}P(X > z_{j+1})`,
 * and for z ≥ Z at most `G_θu(e) + sup_{z ≥ Z} e^{θz}P(A > z)`; the operator below is the
 * maximum of these bounds, and any u ≥ 0 with `T(u) ≤ u` qualifies. u may then fall below 1.
 *
 * Kernels only (no throws): the caller builds the banded system from its chain and decides
 * when the method applies.
 *
 * @module
 */

/**
 * A chain's one-slot kernel split by the band of its output f (band b: f ∈ [b/K, (b+1)/K)),
 * rows in compressed form.
 */
export interface BandedKernel {
  /** States. */
  readonly n: number;
  /** Bands (f < nb/K always). */
  readonly nb: number;
  /** Grid cells per unit of the level: the arrivals and the band edges live on 1/K. */
  readonly K: number;
  readonly rowStart: Int32Array;
  /** Next state of each entry. */
  readonly to: Int32Array;
  /**
   * Band of each entry; `nb` marks an output on a band edge up to rounding, charged
   * `e^{θX}max(u, 1)` in every cell (that bounds both sides of the edge).
   */
  readonly band: Int32Array;
  /** `E[e^{−θf}; entry]` at the θ of the system. */
  readonly weight: Float64Array;
  /** `P(f in band b)` per state (n·nb, θ-free; edge entries not included). */
  readonly mass: Float64Array;
}

/** Per-slot arrivals on the lattice 1/K: value m/K with probability `prob[i]` at `m[i]`. */
export interface LatticeArrivals {
  readonly m: Int32Array;
  readonly prob: Float64Array;
  /** P(A > largest m/K listed). */
  readonly tail: number;
  /** `sup_{z ≥ Z} e^{θz}P(A > z)` for the Z = `cells`/K the caller chose. */
  readonly beyond: number;
  /** ln E[e^{θA}]. */
  readonly logMgf: number;
}

/** Sweeps of the iteration at most, and its relative stopping change. */
const MAX_SWEEPS = 300;
const SWEEP_TOL = 1e-7;

/**
 * The smallest envelope reachable from `start` (a u with `T(u) ≤ u`, e.g. the standard
 * Snell envelope, which is one): Gauss–Seidel sweeps `u(e) ← T(u)(e)` (each keeps
 * `T(u) ≤ u`, T being monotone), with extrapolated candidates kept only when they pass the
 * check. `cells` = Z·K grid cells below Z. The weights and masses carry the caller's safety
 * factor. Returns null when the final u fails the check `T(u) ≤ u` in doubles.
 */
export function overshootEnvelope(k: BandedKernel, arr: LatticeArrivals, theta: number, cells: number, start: Float64Array, inflate: number): Float64Array | null {
  const { n, nb, K } = k;
  const f = Math.exp(inflate);
  const na = arr.m.length;
  // The tail's arrivals must lie above every cell and band (X > z_{j+1} whatever f).
  if (!(na > 0 && arr.m[na - 1] >= cells + nb - 1)) return null;
  // q_i = P(A = m_i/K)·e^{θ m_i/K}, and prefix sums over the sorted lattice points.
  const q = new Float64Array(na);
  for (let i = 0; i < na; i++) q[i] = f * arr.prob[i] * Math.exp((theta * arr.m[i]) / K);
  // Per cell j and state: e^{θ z_{j+1}}·P(X > z_{j+1}) = e^{θ(j+1)/K}·Σ_i p_i P(f < (m_i − j − 1)/K), u-free.
  const cum = new Float64Array(n * (nb + 1));
  for (let e = 0; e < n; e++) for (let b = 0; b < nb; b++) cum[e * (nb + 1) + b + 1] = cum[e * (nb + 1) + b] + k.mass[e * nb + b];
  const C = new Float64Array(cells * n);
  // Lattice points (sorted) that matter in cell j: m − j ∈ [0, nb]; below that, all of f
  // counts as X ≤ z_j (prefix weight); above, X > z_{j+1} whatever f.
  const first = new Int32Array(cells);
  const last = new Int32Array(cells);
  const prefix = new Float64Array(cells);
  for (let j = 0; j < cells; j++) {
    let lo = 0;
    while (lo < na && arr.m[lo] - j <= 0) prefix[j] += q[lo++];
    let hi = lo;
    while (hi < na && arr.m[hi] - j <= nb) hi++;
    first[j] = lo;
    last[j] = hi;
    const ez = f * Math.exp((theta * (j + 1)) / K);
    for (let e = 0; e < n; e++) {
      let p = arr.tail;
      for (let i = 0; i < na; i++) {
        const b = arr.m[i] - j - 1; // X > z_{j+1} ⇔ band < m − j − 1
        if (b <= 0) continue;
        p += arr.prob[i] * (b >= nb ? cum[e * (nb + 1) + nb] : cum[e * (nb + 1) + b]);
      }
      C[e * cells + j] = ez * p;
    }
  }
  const mgf = f * Math.exp(arr.logMgf);
  const beyond = f * arr.beyond;
  const bu = new Float64Array(nb + 1);
  const bm = new Float64Array(nb + 1);
  const S = new Float64Array(nb + 1);
  const { rowStart, to, band, weight } = k;
  // T(u)(e), reading u (in place for Gauss–Seidel, or a copy for the check).
  const rowValue = (e: number, u: Float64Array): number => {
    bu.fill(0);
    bm.fill(0);
    for (let p = rowStart[e]; p < rowStart[e + 1]; p++) {
      const v = u[to[p]];
      const w = weight[p];
      bu[band[p]] += w * v;
      bm[band[p]] += w * (v > 1 ? v : 1);
    }
    S[nb] = 0;
    for (let b = nb - 1; b >= 0; b--) S[b] = S[b + 1] + bu[b];
    const edge = mgf * bm[nb];
    let best = mgf * S[0] + edge + beyond;
    for (let j = 0; j < cells; j++) {
      let g = prefix[j] * S[0] + C[e * cells + j] + edge;
      for (let i = first[j]; i < last[j]; i++) {
        const b = arr.m[i] - j;
        g += q[i] * (S[b] + bm[b - 1]);
      }
      if (g > best) best = g;
    }
    return best;
  };
  // The iteration seeks a u with e^{inflate}·T(u) ≤ u (T carries the inflation once
  // already), so the final check T(u) ≤ u has a margin for the rounding of a fixed point.
  const lift = f;
  const u = Float64Array.from(start);
  const prev = new Float64Array(n);
  const prev2 = new Float64Array(n);
  const check = new Float64Array(n);
  const passes = (v: Float64Array, factor: number): boolean => {
    for (let e = 0; e < n; e++) {
      check[e] = factor * rowValue(e, v);
      if (!(check[e] <= v[e])) return false;
    }
    return true;
  };
  // From a start that passes, every sweep keeps passing (T is monotone) and only lowers u.
  // A start that does not (the standard envelope solved exactly, a fixed point up to
  // rounding) gains nothing worth the sweeps: none.
  if (!passes(u, lift)) return null;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    prev2.set(prev);
    prev.set(u);
    let change = 0;
    for (let e = 0; e < n; e++) {
      const v = lift * rowValue(e, u);
      if (!(v < u[e])) continue;
      const d = Math.abs(u[e] - v) / u[e];
      if (d > change) change = d;
      u[e] = v;
    }
    if (change <= SWEEP_TOL) break;
    // Every 8 sweeps: extrapolate along the slowest mode (geometric decrease with ratio r,
    // from the last two decrements), kept only when it passes the check.
    if (sweep % 8 === 7) {
      let d1 = 0;
      let d2 = 0;
      for (let e = 0; e < n; e++) {
        d1 += prev2[e] - prev[e];
        d2 += prev[e] - u[e];
      }
      const r = d2 / d1;
      if (r > 0 && r < 1) {
        for (const gamma of [1, 0.5, 0.25]) {
          const s = (gamma * r) / (1 - r);
          let ok = true;
          for (let e = 0; e < n && ok; e++) {
            prev2[e] = u[e] - s * (prev[e] - u[e]);
            ok = prev2[e] > 0;
          }
          if (ok && passes(prev2, lift)) {
            u.set(check);
            break;
          }
        }
      }
    }
  }
  return passes(u, 1) ? u : null;
}
