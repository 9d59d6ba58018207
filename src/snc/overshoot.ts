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

/** Policy improvements at most (each a linear solve), and the margin the solves aim inside. */
const MAX_POLICIES = 40;
const LIFT = 1e-9;
/** GMRES: restart length, iterations at most per solve, relative residual sought. */
const RESTART = 30;
const MAX_GMRES = 900;
const GMRES_TOL = 1e-13;
const LOOSE_TOL = 1e-6;

/**
 * The smallest u ≥ 0 with `T(u) ≤ u` (docs/model.md §10.7), by Howard's policy iteration:
 * T is the maximum over policies (a cell per state, and per next state whether
 * `max(u, 1)` is u or 1) of affine maps `A_π u + c_π` with A_π ≥ 0 below the tilted kernel;
 * each policy's fixed point is solved by restarted GMRES, the policy improved at it, until
 * it no longer changes. The solves seek `u = e^{LIFT}·T(u)`, so that the final check
 * `T(u) ≤ u` in doubles has a margin over the solver's error. `cells` = Z·K grid cells below
 * Z; `start` guides the first policy; `inflate` is the caller's safety factor on every term.
 * Returns null when a solve fails or the final check does.
 */
export function overshootEnvelope(k: BandedKernel, arr: LatticeArrivals, theta: number, cells: number, start: Float64Array, inflate: number): Float64Array | null {
  const { n, nb, K } = k;
  const f = Math.exp(inflate);
  const na = arr.m.length;
  // Arrivals beyond the listed ones (the tail) must lie above every cell and band
  // (X > z_{j+1} whatever f).
  if (!(na > 0 && (arr.tail === 0 || arr.m[na - 1] >= cells + nb - 1))) return null;
  // q_i = P(A = m_i/K)·e^{θ m_i/K}.
  const q = new Float64Array(na);
  for (let i = 0; i < na; i++) q[i] = f * arr.prob[i] * Math.exp((theta * arr.m[i]) / K);
  // P(A ≥ m_i/K) by suffix sums (no cancellation).
  const probFrom = new Float64Array(na + 1);
  probFrom[na] = arr.tail;
  for (let i = na - 1; i >= 0; i--) probFrom[i] = probFrom[i + 1] + arr.prob[i];
  const cum = new Float64Array(n * (nb + 1));
  for (let e = 0; e < n; e++) for (let b = 0; b < nb; b++) cum[e * (nb + 1) + b + 1] = cum[e * (nb + 1) + b] + k.mass[e * nb + b];
  // Per cell j: the weight of the lattice points with m − j ≤ 0 (all of f counts as X ≤ z_j),
  // and the points with m − j ∈ [1, nb] as (band m − j, q) pairs; points above need no term.
  const prefix = new Float64Array(cells);
  const cellStart = new Int32Array(cells + 1);
  const cellB: number[] = [];
  const cellQ: number[] = [];
  // C[e·cells + j] = e^{θ z_{j+1}}·P(X > z_{j+1}), X > z_{j+1} ⇔ band < m − j − 1.
  const C = new Float64Array(cells * n);
  for (let j = 0; j < cells; j++) {
    let lo = 0;
    while (lo < na && arr.m[lo] - j <= 0) prefix[j] += q[lo++];
    let hi = lo;
    while (hi < na && arr.m[hi] - j <= nb) {
      cellB.push(arr.m[hi] - j);
      cellQ.push(q[hi]);
      hi++;
    }
    cellStart[j + 1] = cellB.length;
    // Points with m − j − 1 ≥ nb (all of f below the bound): from the first m ≥ j + 1 + nb.
    let all = lo;
    while (all < na && arr.m[all] - j - 1 < nb) all++;
    const ez = f * Math.exp((theta * (j + 1)) / K);
    for (let e = 0; e < n; e++) {
      let p = probFrom[all] * cum[e * (nb + 1) + nb];
      for (let i = lo; i < all; i++) {
        const b = arr.m[i] - j - 1;
        if (b > 0) p += arr.prob[i] * cum[e * (nb + 1) + b];
      }
      C[e * cells + j] = ez * p;
    }
  }
  const cB = Int32Array.from(cellB);
  const cQ = Float64Array.from(cellQ);
  const mgf = f * Math.exp(arr.logMgf);
  const beyond = f * arr.beyond;
  const sc: Scan = {
    nb,
    cells,
    rowStart: k.rowStart,
    to: k.to,
    band: k.band,
    weight: k.weight,
    prefix,
    C,
    cellStart,
    cB,
    cQ,
    mgf,
    beyond,
    bu: new Float64Array(nb + 1),
    bm: new Float64Array(nb + 1),
    W: new Float64Array(nb + 1),
    arg: -1,
  };
  const { rowStart, to, band, weight } = k;
  const check = (u: Float64Array): boolean => {
    for (let e = 0; e < n; e++) if (!(scanRow(sc, e, u, -2) <= u[e])) return false;
    return true;
  };
  const lift = Math.exp(LIFT);
  const u = Float64Array.from(start);
  const pol = new Int32Array(n).fill(-3);
  const over = new Uint8Array(n);
  // The policy's matrix on merged cells: one per (state, next state), the bands summed.
  const slotOf = new Int32Array(to.length);
  const slotStart = new Int32Array(n + 1);
  const slotTo: number[] = [];
  {
    const stamp = new Int32Array(n).fill(-1);
    const at = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      for (let p = rowStart[e]; p < rowStart[e + 1]; p++) {
        const t = to[p];
        if (stamp[t] !== e) {
          stamp[t] = e;
          at[t] = slotTo.length;
          slotTo.push(t);
        }
        slotOf[p] = at[t];
      }
      slotStart[e + 1] = slotTo.length;
    }
  }
  const sTo = Int32Array.from(slotTo);
  const coef = new Float64Array(sTo.length);
  const c = new Float64Array(n);
  const kS = new Float64Array(nb);
  const kM = new Float64Array(nb);
  // Solves are loose while the policy still changes, tight once it has settled (the policy
  // at a tight solve must then settle again: only that u is returned).
  let tight = false;
  for (let round = 0; ; round++) {
    if (round === MAX_POLICIES) return null;
    // Improve: the policy attaining T at u.
    let changed = false;
    for (let e = 0; e < n; e++) {
      scanRow(sc, e, u, pol[e]);
      if (sc.arg !== pol[e]) changed = true;
      pol[e] = sc.arg;
    }
    for (let e = 0; e < n; e++) {
      const o = u[e] >= 1 ? 1 : 0;
      if (o !== over[e] || round === 0) changed = true;
      over[e] = o;
    }
    if (!changed) {
      if (tight) break;
      tight = true;
    } else tight = false;
    // The policy's affine map: coefficients per entry, constants per state.
    for (let e = 0; e < n; e++) {
      const j = pol[e];
      let ce = j < 0 ? beyond : C[e * cells + j];
      if (j < 0) {
        kS.fill(mgf);
        kM.fill(0);
      } else {
        kS.fill(prefix[j]);
        kM.fill(0);
        for (let t = cellStart[j]; t < cellStart[j + 1]; t++) {
          const b = cB[t];
          for (let x = b; x < nb; x++) kS[x] += cQ[t];
          kM[b - 1] = cQ[t];
        }
      }
      coef.fill(0, slotStart[e], slotStart[e + 1]);
      for (let p = rowStart[e]; p < rowStart[e + 1]; p++) {
        const b = band[p];
        const w = weight[p];
        const o = over[to[p]] === 1;
        if (b === nb) {
          if (o) coef[slotOf[p]] += lift * mgf * w;
          else ce += mgf * w;
        } else {
          coef[slotOf[p]] += lift * (kS[b] + (o ? kM[b] : 0)) * w;
          if (!o) ce += kM[b] * w;
        }
      }
      c[e] = lift * ce;
    }
    // (I − A_π) u = c_π.
    const apply = (x: Float64Array, y: Float64Array) => {
      for (let e = 0; e < n; e++) {
        let acc = x[e];
        for (let q = slotStart[e]; q < slotStart[e + 1]; q++) acc -= coef[q] * x[sTo[q]];
        y[e] = acc;
      }
    };
    if (!gmres(apply, c, u, n, tight ? GMRES_TOL : LOOSE_TOL) && tight) return null;
    // A policy's fixed point is ≥ 0; the solver's error may leave a hair below.
    let top = 0;
    for (let e = 0; e < n; e++) top = Math.max(top, Math.abs(u[e]));
    if (!(top < Infinity)) return null;
    for (let e = 0; e < n; e++) {
      if (u[e] >= 0) continue;
      if (!(u[e] > -1e-9 * top)) return null;
      u[e] = 0;
    }
  }
  return check(u) ? u : null;
}

/** What a scan of T reads, and the policy it found (`arg`). */
interface Scan {
  readonly nb: number;
  readonly cells: number;
  readonly rowStart: Int32Array;
  readonly to: Int32Array;
  readonly band: Int32Array;
  readonly weight: Float64Array;
  readonly prefix: Float64Array;
  readonly C: Float64Array;
  readonly cellStart: Int32Array;
  readonly cB: Int32Array;
  readonly cQ: Float64Array;
  readonly mgf: number;
  readonly beyond: number;
  readonly bu: Float64Array;
  readonly bm: Float64Array;
  readonly W: Float64Array;
  arg: number;
}

/**
 * T(u)(e) (the largest of the cells' bounds and the z ≥ Z one) and the policy attaining it in
 * `sc.arg` (cell j, or −1 for z ≥ Z); a previous policy `keep` that ties up to rounding is
 * kept (no cycling between equal policies).
 */
function scanRow(sc: Scan, e: number, u: Float64Array, keep: number): number {
  const { nb, cells, rowStart, to, band, weight, prefix, C, cellStart, cB, cQ, bu, bm, W } = sc;
  bu.fill(0);
  bm.fill(0);
  for (let p = rowStart[e]; p < rowStart[e + 1]; p++) {
    const v = u[to[p]];
    const w = weight[p];
    const b = band[p];
    bu[b] += w * v;
    bm[b] += w * (v > 1 ? v : 1);
  }
  // W[b] = S[b] + bm[b − 1], S[b] = Σ_{b' ≥ b} bu[b'] (what a lattice point m = j + b adds).
  let S = 0;
  for (let b = nb - 1; b >= 1; b--) {
    S += bu[b];
    W[b] = S + bm[b - 1];
  }
  W[nb] = bm[nb - 1];
  const S0 = S + bu[0];
  // The edge entries are charged alike in every bound: added once.
  const edge = sc.mgf * bm[nb];
  let best = sc.mgf * S0 + sc.beyond;
  let arg = -1;
  let kept = keep === -1 ? best : -Infinity;
  const base = e * cells;
  for (let j = 0; j < cells; j++) {
    let g = prefix[j] * S0 + C[base + j];
    const end = cellStart[j + 1];
    for (let t = cellStart[j]; t < end; t++) g += cQ[t] * W[cB[t]];
    if (g > best) {
      best = g;
      arg = j;
    }
    if (j === keep) kept = g;
  }
  if (keep !== arg && kept >= best * (1 - 1e-15)) arg = keep;
  sc.arg = arg;
  return best + edge;
}

/**
 * Restarted GMRES (Saad and Schultz, 1986; modified Gram–Schmidt, Givens rotations) for
 * `M x = b` from the x given, in place: true when the residual falls below tol·|b|.
 */
function gmres(apply: (x: Float64Array, y: Float64Array) => void, b: Float64Array, x: Float64Array, n: number, tol: number): boolean {
  const m = Math.min(RESTART, n);
  const V = new Float64Array((m + 1) * n);
  const H = new Float64Array((m + 1) * m);
  const cs = new Float64Array(m);
  const sn = new Float64Array(m);
  const g = new Float64Array(m + 1);
  const r = new Float64Array(n);
  const w = new Float64Array(n);
  let bnorm = 0;
  for (let i = 0; i < n; i++) bnorm += b[i] * b[i];
  bnorm = Math.sqrt(bnorm);
  if (!(bnorm > 0)) {
    x.fill(0);
    return true;
  }
  const goal = tol * bnorm;
  let its = 0;
  while (its < MAX_GMRES) {
    apply(x, r);
    let beta = 0;
    for (let i = 0; i < n; i++) {
      r[i] = b[i] - r[i];
      beta += r[i] * r[i];
    }
    beta = Math.sqrt(beta);
    if (!(beta > goal)) return beta === beta;
    for (let i = 0; i < n; i++) V[i] = r[i] / beta;
    g.fill(0);
    g[0] = beta;
    let k = 0;
    for (; k < m && its < MAX_GMRES; k++) {
      // Counted here: a step that ends the cycle early (converged, or the space exhausted)
      // counts too, so a residual that rounding keeps above the goal cannot loop forever.
      its++;
      apply(V.subarray(k * n, (k + 1) * n), w);
      for (let i = 0; i <= k; i++) {
        let h = 0;
        const vi = i * n;
        for (let t = 0; t < n; t++) h += w[t] * V[vi + t];
        H[i * m + k] = h;
        for (let t = 0; t < n; t++) w[t] -= h * V[vi + t];
      }
      let hn = 0;
      for (let t = 0; t < n; t++) hn += w[t] * w[t];
      hn = Math.sqrt(hn);
      H[(k + 1) * m + k] = hn;
      if (hn > 0) for (let t = 0; t < n; t++) V[(k + 1) * n + t] = w[t] / hn;
      for (let i = 0; i < k; i++) {
        const a = H[i * m + k];
        const d = H[(i + 1) * m + k];
        H[i * m + k] = cs[i] * a + sn[i] * d;
        H[(i + 1) * m + k] = -sn[i] * a + cs[i] * d;
      }
      const a = H[k * m + k];
      const d = H[(k + 1) * m + k];
      const rad = Math.hypot(a, d);
      if (!(rad > 0)) return false;
      cs[k] = a / rad;
      sn[k] = d / rad;
      H[k * m + k] = rad;
      H[(k + 1) * m + k] = 0;
      g[k + 1] = -sn[k] * g[k];
      g[k] = cs[k] * g[k];
      if (!(Math.abs(g[k + 1]) > goal) || hn === 0) {
        k++;
        break;
      }
    }
    // x += V_k y, H_k y = g (upper triangular).
    const y = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      let acc = g[i];
      for (let t = i + 1; t < k; t++) acc -= H[i * m + t] * y[t];
      y[i] = acc / H[i * m + i];
    }
    for (let i = 0; i < k; i++) for (let t = 0; t < n; t++) x[t] += y[i] * V[i * n + t];
  }
  apply(x, r);
  let res = 0;
  for (let i = 0; i < n; i++) res += (b[i] - r[i]) ** 2;
  return Math.sqrt(res) <= goal;
}
