import type { Rng } from "../random/rng.js";

/**
 * A slotted arrival process (docs/model.md §4). Counts are requests per slot (fractions allowed:
 * the fluid model).
 *
 * Convention (the paper's, eq. (6)): `rho(θ) = ln E[e^{θ a}]` per slot for i.i.d. slots, so
 * `M_A(θ, τ) = e^{τ·rho(θ)}`. Peer SNC texts write θ·ρ(θ) for the same quantity; their
 * ρ is this `rho(θ)/θ`. For a Markov-modulated source `rho(θ)` is the log spectral radius
 * (the asymptotic per-slot rate) and `logMgf(θ, τ)` adds the prefactor.
 */
export interface ArrivalProcess {
  /** Which family: "poisson", "exponential", "bernoulli", "markov", "iid" or a user tag. */
  readonly kind: string;
  /** The parameters the factory was called with (frozen). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Mean requests per slot. */
  readonly meanPerSlot: number;
  /** Supremum of θ for which rho(θ) is finite (Infinity if none). */
  readonly thetaSup: number;
  /** Per-slot log-MGF in the paper's convention (+Infinity outside the domain). */
  rho(theta: number): number;
  /** ln E[e^{θ A(s, s+τ)}] (upper bound for non-i.i.d. sources), τ ≥ 0 slots. */
  logMgf(theta: number, slots: number): number;
  /** A stateful per-slot generator for simulation: each call returns the next slot's arrivals. */
  sampler(rng: Rng): () => number;
  /**
   * Optional prefactor σ(θ) ≥ 0 with `logMgf(θ, τ) ≤ σ(θ) + τ·rho(θ)` for every τ (0 for i.i.d.
   * slots, where the bound engine treats a missing `sigma` as 0).
   */
  sigma?(theta: number): number;
  /**
   * Optional prefactor for Kingman's martingale bound on the backward arrival walk:
   * `P(sup_n [A(t−n, t) − S(t−n, t)] > x) ≤ e^{sigmaMartingale(θ*)} e^{−θ* x}` (0 for i.i.d.).
   */
  sigmaMartingale?(theta: number): number;
}

/**
 * One stage's slotted service process: per-slot service `s(u)` (requests), i.i.d. over slots
 * or constant. `logMgfNeg(θ) = ln E[e^{−θ s}]` per slot (≤ 0), so
 * `M_S(−θ, τ) = e^{τ·logMgfNeg(θ)}` and `r(θ) = −logMgfNeg(θ)/θ` is the effective rate.
 */
export interface StageService {
  /** Which family: "constant", "rayleigh", "iid" or a user tag. */
  readonly kind: string;
  /** The stage's label (a pipeline stage's name). */
  readonly name: string;
  /** The parameters the factory was called with (frozen). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Mean service per slot (requests). */
  readonly meanPerSlot: number;
  /** ln E[e^{−θ s}] per slot, θ > 0. */
  logMgfNeg(theta: number): number;
  /** A stateful per-slot generator for simulation: each call returns the next slot's service. */
  sampler(rng: Rng): () => number;
  /**
   * Optional exact cumulative `ln E[e^{−θ S(s, s+τ)}]` when it is not `τ·logMgfNeg(θ)` — the
   * paper's floored constant rate `−θ⌊cτ⌋` (7). Then `logMgfNeg` is the envelope slope.
   */
  cumulativeLogMgfNeg?(theta: number, slots: number): number;
  /**
   * Optional deterministic deficit δ ≥ 0 (requests): `S(s, t) ≥ r̄·(t − s) − δ` with
   * `−θ·r̄ = logMgfNeg(θ)`, so `ln M_S(−θ, τ) ≤ τ·logMgfNeg(θ) + θδ`. 0 when absent.
   */
  readonly deficit?: number;
  /**
   * Optional per-slot law `P(s ≤ x)` (right-continuous, x ≥ 0) of an i.i.d. stage. The tandem
   * martingale bound needs it for every random stage of a tandem (docs/model.md §10); a
   * stage without it makes that form report another one with the reason.
   */
  slotCdf?(x: number): number;
  /** Optional lattice step L > 0 when the per-slot service takes values in {0, L, 2L, …} only. */
  readonly slotLattice?: number;
}
