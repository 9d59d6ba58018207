/**
 * A small exact slotted simulator for the SNC tests (MODEL.md §7); the Monte Carlo engine
 * in src/sim supersedes it for production runs.
 *
 * Per slot u: the arrivals a(u) join stage 1; stage i serves min(q_i, s_i(u)) and its output
 * joins stage i+1 in the same slot (cut-through, what the min-plus convolution assumes).
 * The virtual delay of slot t exceeds T0 iff A(0,t) > D(0,t+T0), computed as "network
 * backlog at t > departures in slots t … t+T0−1" — each queue carried by its own recursion,
 * never as a difference of long cumulative sums (which drifts by ~1e-7 over 1e6 slots and
 * reports false violations whenever the system is empty).
 */
import { rng } from "../../src/random/rng.js";
import type { ArrivalProcess, StageService } from "../../src/snc/index.js";

export interface SlotSimOptions {
  arrivals: ArrivalProcess;
  stages: readonly StageService[];
  /** Integer delays T0 to estimate P(W > T0) for. */
  delays: readonly number[];
  slots: number;
  warmup: number;
  /** Number of batches for the batch-means confidence interval. */
  batches: number;
  seed: number;
}

export interface SlotSimResult {
  /** Violation frequency per delay. */
  frequency: number[];
  /** Upper 95% batch-means confidence limit per delay (Student t, batches − 1 d.o.f.). */
  upper: number[];
  /** Slots counted (after warm-up). */
  counted: number;
}

/** Student t 0.975 quantiles for 9..49 degrees of freedom (we use 19 or 39). */
const T975: Record<number, number> = { 9: 2.262, 19: 2.093, 29: 2.045, 39: 2.023, 49: 2.01 };

/** Rounding guard: fluid quantities equal in exact arithmetic must not count as a violation. */
const GUARD = 1e-9;

export function slotSim(o: SlotSimOptions): SlotSimResult {
  const u = rng(o.seed);
  const arr = o.arrivals.sampler(u);
  const svc = o.stages.map((s) => s.sampler(u));
  const n = o.stages.length;
  const q = new Float64Array(n);
  const maxT = Math.max(...o.delays);
  const ring = maxT + 1;
  const backlog = new Float64Array(ring); // network backlog at the start of slot t
  const dep = new Float64Array(ring); // network departures in slot t
  const nd = o.delays.length;
  const perBatch = Math.floor((o.slots - o.warmup) / o.batches);
  const counts = o.delays.map(() => new Float64Array(o.batches));
  for (let t = 0; t < o.slots + maxT; t++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += q[i];
    backlog[t % ring] = total;
    let flow = arr();
    for (let i = 0; i < n; i++) {
      const qi = q[i] + flow;
      const s = svc[i]();
      const d = s < qi ? s : qi;
      q[i] = qi - d;
      flow = d;
    }
    dep[t % ring] = flow;
    // Slot t0 = t − maxT now has all the departures it needs.
    const t0 = t - maxT;
    if (t0 < o.warmup) continue;
    const b = Math.floor((t0 - o.warmup) / perBatch);
    if (b >= o.batches) continue;
    const Q = backlog[t0 % ring];
    let acc = 0;
    let k = 0;
    for (let j = 0; j < nd; j++) {
      const T0 = o.delays[j];
      while (k < T0) acc += dep[(t0 + k++) % ring];
      if (Q > acc + GUARD) counts[j][b]++;
    }
  }
  const tq = T975[o.batches - 1] ?? 2.1;
  const frequency: number[] = [];
  const upper: number[] = [];
  for (let j = 0; j < nd; j++) {
    const f = Array.from(counts[j], (c) => c / perBatch);
    const mean = f.reduce((s, x) => s + x, 0) / o.batches;
    const v = f.reduce((s, x) => s + (x - mean) ** 2, 0) / (o.batches - 1);
    frequency.push(mean);
    upper.push(mean + tq * Math.sqrt(v / o.batches));
  }
  return { frequency, upper, counted: perBatch * o.batches };
}
