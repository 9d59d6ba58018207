/**
 * The request-level kernel for graph pipelines (docs/model.md §11): fork–join steps and
 * batching servers, by discrete events (a binary heap of service completions and the next
 * arrival), since a join and a batch couple requests the per-stage recursion of
 * `requests-kernel.ts` keeps apart.
 *
 * A request reaching a stage joins its FIFO queue (in order of arrival at the stage); a
 * free server takes the first request (the first min(b, queue) for a batching server)
 * at once; a dedicated stage serves at once. At a fork the request enters every branch
 * at the same instant; at the join it continues when the last branch finishes. Statistics
 * are those of `requests-kernel.ts` (same result type), per leaf stage in depth-first
 * order. After the last observed request, unobserved requests keep arriving until every
 * observed one has left (a later request can join an observed one's batch).
 *
 * A kernel: it never throws; the entry point checks every argument.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import type { GraphStage } from "../pipeline/graph.js";
import { nextUint32, rngState } from "../random/rng.js";
import { SLICE_UNITS } from "./plan.js";
import { BLOCK, type EndToEndStats, type KernelArrivals, type RequestsChunkResult, type RequestsTask, exp1, type Rand, recordResponse } from "./requests-kernel.js";
import { HIST_BUCKETS } from "./stats.js";

const TWO_NEG_32 = 2 ** -32;
const HROW = HIST_BUCKETS + 3;

/** A leaf stage as the graph kernel runs it. */
export interface GraphStation {
  /** 0: shared (`servers` servers, one FIFO queue); 2: dedicated. */
  readonly resource: 0 | 2;
  readonly servers: number;
  /** Largest batch (1 for a plain stage). */
  readonly maxBatch: number;
  /** Batch times by size − 1 (a batching stage), else null and the law is drawn. */
  readonly batchSeconds: readonly number[] | null;
  /** 0 `law.sample(u)`, 1 the constant `a`, 2 `a`·Exp(1). */
  readonly code: 0 | 1 | 2;
  readonly a: number;
  readonly law: Distribution | null;
}

/** The compiled graph: stations in depth-first order, the steps referring to them. */
export interface GraphKernelModel {
  readonly stations: readonly GraphStation[];
  readonly steps: readonly GraphStep[];
  readonly joins: number;
  readonly arrivals: KernelArrivals;
}

/** A step of the compiled graph: a station (by index) or a fork (branches of steps, join number). */
export type GraphStep = { readonly station: number } | { readonly branches: readonly (readonly GraphStep[])[]; readonly join: number };

/** Compiles graph steps against the leaf numbering of `graphLeaves` (depth-first). */
export function compileSteps(steps: readonly GraphStage[], counter = { leaf: 0, join: 0 }): GraphStep[] {
  return steps.map((s) => {
    if (s.kind === "parallel") {
      const join = counter.join++;
      return { join, branches: s.branches.map((b) => compileSteps(b, counter)) };
    }
    return { station: counter.leaf++ };
  });
}

/** Where a request goes next: a chain of steps and the position in it, then the continuation. */
interface Cursor {
  readonly steps: readonly GraphStep[];
  readonly pos: number;
  readonly parent: Cursor | null;
  /** The join this chain ends in (−1 for the top level). */
  readonly join: number;
}

interface Req {
  origin: number;
  tag: number;
  /** Branches still running, per join. */
  left: Int32Array;
}

interface Waiting {
  req: Req;
  at: number;
  cursor: Cursor;
}

interface Event {
  time: number;
  seq: number;
  /** −1: the next external arrival; else the station finishing `batch`. */
  station: number;
  batch: Waiting[];
}

function less(a: Event, b: Event): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

function push(h: Event[], e: Event): void {
  let i = h.length;
  h.push(e);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(h[i], h[p])) return;
    [h[i], h[p]] = [h[p], h[i]];
    i = p;
  }
}

function pop(h: Event[]): Event {
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const m = r < h.length && less(h[r], h[l]) ? r : l;
      if (!less(h[m], h[i])) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
  return top;
}

/** One chunk of a graph pipeline, as steps yielding progress (see `requestsChunkSteps`). */
export function* graphChunkSteps(task: RequestsTask, model: GraphKernelModel): Generator<number, RequestsChunkResult, void> {
  const st = rngState(task.seed, task.chunk);
  const r: Rand = { st, word: () => nextUint32(st), u: () => (nextUint32(st) + 0.5) * TWO_NEG_32 };
  const stations = model.stations;
  const ns = stations.length;
  const nb = task.batchSizes.length;
  const times = task.times;
  const nt = times.length;
  const wantHist = task.histBase >= 0;
  const base = task.histBase - 3;
  const sumS = stations.map(() => new Float64Array(nb + 1));
  const sumW = stations.map(() => new Float64Array(nb + 1));
  const queued = stations.map(() => new Float64Array(nb + 1));
  const queues: Waiting[][] = stations.map(() => []);
  const heads = new Int32Array(ns);
  const busy = new Int32Array(ns);
  const counts = new Array<number>(nb).fill(0);
  const sumT = new Array<number>(nb).fill(0);
  const hits = new Array<number>(nb * nt).fill(0);
  const hist = wantHist ? new Float64Array(nb * HROW) : new Float64Array(0);
  const e2e: EndToEndStats = { counts, sumT, hits, hist, times, wantHist, base };
  const events: Event[] = [];
  let seq = 0;

  const arr = model.arrivals;
  let mmppState = 0;
  if (arr.code === 3) {
    const v = r.u();
    const cum = arr.cumStationary;
    while (mmppState < cum.length - 1 && !(v < cum[mmppState])) mmppState++;
  }
  const gap = (): number => {
    if (arr.code === 2) return arr.a * exp1(r);
    if (arr.code === 1) return arr.a;
    if (arr.code === 0) return arr.law!.sample(r.u);
    let t = 0;
    for (;;) {
      const total = arr.totals[mmppState];
      t += exp1(r) / total;
      const v = r.u() * total;
      const rate = arr.rates[mmppState];
      if (v < rate) return t;
      const cum = arr.cumSwitch[mmppState];
      const x = v - rate;
      let k = 0;
      while (k < cum.length - 1 && !(x < cum[k])) k++;
      mmppState = k;
    }
  };
  const draw = (s: GraphStation): number => (s.code === 1 ? s.a : s.code === 2 ? s.a * exp1(r) : s.law!.sample(r.u));

  let outstanding = 0;
  const finish = (req: Req, t: number): void => {
    const b = req.tag;
    if (b < 0) return;
    recordResponse(e2e, b, t - req.origin);
    outstanding--;
  };

  const start = (k: number, t: number): void => {
    const s = stations[k];
    const q = queues[k];
    while (busy[k] < s.servers && heads[k] < q.length) {
      const n = Math.min(s.maxBatch, q.length - heads[k]);
      const batch = q.slice(heads[k], heads[k] + n);
      heads[k] += n;
      if (heads[k] > 1024 && heads[k] * 2 > q.length) {
        q.splice(0, heads[k]);
        heads[k] = 0;
      }
      const S = s.batchSeconds !== null ? s.batchSeconds[n - 1] : draw(s);
      for (const w of batch) {
        const tag = w.req.tag + 1;
        const W = t - w.at;
        sumS[k][tag] += S;
        sumW[k][tag] += W;
        queued[k][tag] += +(W > 0);
      }
      busy[k]++;
      push(events, { time: t + S, seq: seq++, station: k, batch });
    }
  };

  /** Moves a request along from `cursor` at time t until it queues somewhere or leaves. */
  const advance = (req: Req, cursor: Cursor | null, t: number): void => {
    while (cursor !== null) {
      if (cursor.pos >= cursor.steps.length) {
        // End of a chain: a branch reaching its join, or the request leaving.
        if (cursor.join < 0) {
          finish(req, t);
          return;
        }
        if (--req.left[cursor.join] > 0) return;
        cursor = cursor.parent;
        continue;
      }
      const step = cursor.steps[cursor.pos];
      const next: Cursor = { steps: cursor.steps, pos: cursor.pos + 1, parent: cursor.parent, join: cursor.join };
      if ("station" in step) {
        const k = step.station;
        const s = stations[k];
        if (s.resource === 2) {
          const S = draw(s);
          sumS[k][req.tag + 1] += S;
          push(events, { time: t + S, seq: seq++, station: k, batch: [{ req, at: t, cursor: next }] });
        } else {
          queues[k].push({ req, at: t, cursor: next });
          start(k, t);
        }
        return;
      }
      req.left[step.join] = step.branches.length;
      for (const b of step.branches) advance(req, { steps: b, pos: 0, parent: next, join: step.join }, t);
      return;
    }
  };

  const top: Cursor = { steps: model.steps, pos: 0, parent: null, join: -1 };
  const planned = task.warmup + task.batchSizes.reduce((a, b) => a + b, 0);
  const cap = planned + 1000 * BLOCK + 10 * planned;
  let generated = 0;
  let batchIndex = 0;
  let inBatch = 0;
  let clock = 0;
  let sliceEnd = SLICE_UNITS;
  push(events, { time: gap(), seq: seq++, station: -1, batch: [] });
  while (events.length > 0) {
    const e = pop(events);
    if (e.station < 0) {
      if (generated >= planned && (outstanding === 0 || generated >= cap)) continue;
      clock = e.time;
      let tag = -1;
      if (generated >= task.warmup && generated < planned) {
        while (inBatch >= task.batchSizes[batchIndex]) {
          batchIndex++;
          inBatch = 0;
        }
        tag = batchIndex;
        inBatch++;
        outstanding++;
      }
      generated++;
      push(events, { time: clock + gap(), seq: seq++, station: -1, batch: [] });
      advance({ origin: clock, tag, left: new Int32Array(model.joins) }, top, clock);
      if (generated >= sliceEnd && generated <= planned) {
        sliceEnd = generated + SLICE_UNITS;
        yield generated;
      }
      continue;
    }
    const k = e.station;
    if (stations[k].resource !== 2) busy[k]--;
    for (const w of e.batch) advance(w.req, w.cursor, e.time);
    if (stations[k].resource !== 2) start(k, e.time);
    if (generated >= planned && outstanding === 0) break;
  }

  const flat = (acc: Float64Array[]): number[] => {
    const out: number[] = [];
    for (const a of acc) for (let b = 0; b < nb; b++) out.push(a[b + 1]);
    return out;
  };
  return { chunk: task.chunk, counts, sumT, hits, hist, sumS: flat(sumS), sumW: flat(sumW), queued: flat(queued) };
}
