/**
 * An independent simulation of graph pipelines for the tests (never the engine's code): a
 * plain per-request recursion in arrival order. Every shared stage has one server, so no
 * request overtakes another: d = max(a, d_prev) + s per stage, a join takes the max of its
 * branches' departures, a batching server starts its next batch at max(free, first
 * waiting arrival) and takes every request already there, up to b.
 */
import { batchStage, computeStage, type GraphStage, parallelStage } from "../../src/pipeline/index.js";
import type { Distribution } from "../../src/distributions/types.js";
import { rng, type Rng } from "../../src/random/index.js";

/** A plain description the test's recursion reads (never the engine's model). */
export type Plain = { s: Distribution } | { batch: readonly number[] } | { par: Plain[][] };

export const stage = (name: string, d: Distribution): { g: GraphStage; p: Plain } => ({
  g: computeStage({ name, node: name, flops: d.mean, flopsPerSecond: 1, distribution: d }),
  p: { s: d },
});
export const par = (branches: { g: GraphStage; p: Plain }[][]): { g: GraphStage; p: Plain } => ({
  g: parallelStage({ branches: branches.map((b) => b.map((x) => x.g)) }),
  p: { par: branches.map((b) => b.map((x) => x.p)) },
});
export const batch = (name: string, b: number, time: (n: number) => number): { g: GraphStage; p: Plain } => {
  const table = Array.from({ length: b }, (_, i) => time(i + 1));
  return { g: batchStage({ name, node: name, maxBatch: b, time: table }), p: { batch: table } };
};

/** Departure times of a chain of plain steps for arrivals `a` (sorted), one server each. */
export function chainDepartures(steps: readonly Plain[], a: Float64Array, u: Rng): Float64Array {
  let t = a;
  for (const s of steps) {
    const out = new Float64Array(t.length);
    if ("s" in s) {
      let last = -Infinity;
      for (let i = 0; i < t.length; i++) {
        last = Math.max(t[i], last) + s.s.sample(u);
        out[i] = last;
      }
    } else if ("batch" in s) {
      let free = -Infinity;
      let i = 0;
      while (i < t.length) {
        const begin = Math.max(free, t[i]);
        let j = i + 1;
        while (j < t.length && j - i < s.batch.length && t[j] <= begin) j++;
        free = begin + s.batch[j - i - 1];
        for (let k = i; k < j; k++) out[k] = free;
        i = j;
      }
    } else {
      out.fill(-Infinity);
      for (const b of s.par) {
        const d = chainDepartures(b, t, u);
        for (let i = 0; i < t.length; i++) out[i] = Math.max(out[i], d[i]);
      }
    }
    t = out;
  }
  return t;
}

/** Mean and P(T > x) for each x, with 95 % batch-means half-widths (40 batches), from the test's own recursion. */
export function reference(steps: Plain[], lambda: number, n: number, warm: number, xs: readonly number[], seed: number) {
  const u = rng(seed, 7);
  const a = new Float64Array(n + warm);
  let clock = 0;
  for (let i = 0; i < a.length; i++) a[i] = clock += -Math.log(u()) / lambda;
  const d = chainDepartures(steps, a, u);
  const B = 40;
  const per = Math.floor(n / B);
  const means: number[] = [];
  const tails: number[][] = xs.map(() => []);
  for (let b = 0; b < B; b++) {
    let sum = 0;
    const hit = xs.map(() => 0);
    for (let i = warm + b * per; i < warm + (b + 1) * per; i++) {
      const T = d[i] - a[i];
      sum += T;
      xs.forEach((x, k) => (hit[k] += +(T > x)));
    }
    means.push(sum / per);
    hit.forEach((h, k) => tails[k].push(h / per));
  }
  const ci = (xs: number[]) => {
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const v = xs.reduce((s, y) => s + (y - m) ** 2, 0) / (xs.length - 1);
    return { value: m, halfWidth: 2.02 * Math.sqrt(v / xs.length) };
  };
  return { mean: ci(means), tails: tails.map(ci) };
}

