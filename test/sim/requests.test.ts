/**
 * simulateRequests against an independent store-and-forward simulation written here: an
 * event-by-event simulator with a priority queue of arrival and departure events, FIFO
 * queues and server counters — none of the engine's recursion, heaps or bounds.
 *
 * Exact checks replay the same arrival gaps and service times through both: each stage
 * (and the arrival process) gets its own pre-drawn stream, and both simulators hand the
 * m-th value of a stage's stream to the m-th request that starts service there (FIFO:
 * the m-th to arrive there), so every response time must agree to rounding. Statistical
 * checks run the engine's own samplers (ziggurat exponentials, MMPP, renewal) against the
 * event simulator with independent draws, and against exact queueing results (Pollaczek–
 * Khinchine, the exact M/D/1 tail, Burke's M/M/1 tandem, Erlang C).
 */
import { describe, expect, test } from "vitest";
import { deterministic, erlang, exponential, hyperexponential } from "../../src/distributions/index.js";
import type { Distribution } from "../../src/distributions/types.js";
import {
  computeStage,
  onOffRequests,
  pipeline,
  renewalRequests,
  type Resource,
  type ResourceSpec,
  type Stage,
} from "../../src/pipeline/index.js";
import { rayleighLink } from "../../src/channel/index.js";
import { requestServiceLaw, transferStage } from "../../src/pipeline/index.js";
import { mg1 } from "../../src/queueing/index.js";
import { rng, type Rng } from "../../src/random/index.js";
import { simulateRequests } from "../../src/sim/index.js";

// ---------------------------------------------------------------------------------------
// The independent event simulator.

interface Ev {
  t: number;
  seq: number;
  depart: boolean;
  req: number;
  stage: number;
}

class EventQueue {
  private h: Ev[] = [];
  private before(a: Ev, b: Ev): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }
  get size(): number {
    return this.h.length;
  }
  push(e: Ev): void {
    const h = this.h;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Ev {
    const h = this.h;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l], h[m])) m = l;
        if (r < h.length && this.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Per request: end-to-end response T, and per stage its wait W and service S. */
interface Trace {
  T: number[];
  W: number[][];
  S: number[][];
}

/**
 * Event-by-event store-and-forward simulation: request n arrives at `arrivals[n]`; at
 * stage k it queues FIFO for one of `servers` servers (or starts at once when dedicated),
 * takes the next value of `service(k)`, and on departure arrives at stage k + 1.
 */
function eventSimulation(arrivals: number[], service: (k: number) => number, resources: Resource[]): Trace {
  const K = resources.length;
  const n = arrivals.length;
  const q = new EventQueue();
  let seq = 0;
  const busy = new Array<number>(K).fill(0);
  const queues: number[][] = resources.map(() => []);
  const heads = new Array<number>(K).fill(0);
  const arrivedAt: number[][] = resources.map(() => new Array<number>(n).fill(NaN));
  const trace: Trace = { T: new Array<number>(n).fill(NaN), W: resources.map(() => new Array<number>(n).fill(NaN)), S: resources.map(() => new Array<number>(n).fill(NaN)) };
  const start = (req: number, k: number, t: number) => {
    const s = service(k);
    trace.W[k][req] = t - arrivedAt[k][req];
    trace.S[k][req] = s;
    q.push({ t: t + s, seq: seq++, depart: true, req, stage: k });
  };
  const arrive = (req: number, k: number, t: number) => {
    arrivedAt[k][req] = t;
    const r = resources[k];
    if (r.kind === "dedicated") start(req, k, t);
    else if (busy[k] < r.servers) {
      busy[k]++;
      start(req, k, t);
    } else queues[k].push(req);
  };
  arrivals.forEach((t, req) => q.push({ t, seq: seq++, depart: false, req, stage: 0 }));
  while (q.size > 0) {
    const e = q.pop();
    if (!e.depart) {
      arrive(e.req, 0, e.t);
      continue;
    }
    const k = e.stage;
    if (resources[k].kind === "shared") {
      if (heads[k] < queues[k].length) start(queues[k][heads[k]++], k, e.t);
      else busy[k]--;
    }
    if (k + 1 < K) arrive(e.req, k + 1, e.t);
    else trace.T[e.req] = e.t - arrivals[e.req];
  }
  return trace;
}

// ---------------------------------------------------------------------------------------
// Replay: a law whose sample() returns pre-drawn values in order (the engine then runs its
// generic path and draws exactly these, in the order requests start service).

function replay(values: number[], mean: number): Distribution {
  let i = 0;
  const nan = () => NaN;
  return Object.freeze({
    kind: "replay",
    params: Object.freeze({}),
    mean,
    variance: NaN,
    thetaSup: 0,
    moment: nan,
    lst: nan,
    lstComplex: () => ({ re: NaN, im: NaN }),
    logMgf: nan,
    sample: () => {
      if (i >= values.length) throw new Error("replay stream exhausted");
      return values[i++];
    },
  });
}

const expDraw = (u: Rng, mean: number) => -mean * Math.log(u());
/** A draw law for a replay stream, by name. */
type Gen = (u: Rng) => number;
const gens = {
  exp: (mean: number): Gen => (u) => expDraw(u, mean),
  uniform: (lo: number, hi: number): Gen => (u) => lo + (hi - lo) * u(),
  // A two-point mixture of exponentials (bursty).
  bursty: (mean: number): Gen => (u) => (u() < 0.9 ? expDraw(u, mean * 0.5) : expDraw(u, mean * 5.5)),
};

interface ReplayCase {
  name: string;
  gap: Gen;
  gapMean: number;
  stages: { gen: Gen; mean: number; resource?: ResourceSpec }[];
  /** Optional: arrival times drawn by the test (e.g. an on–off source) instead of i.i.d. gaps. */
  arrivalTimes?: (u: Rng, n: number) => number[];
}

/** On–off arrival times generated here: exponential on/off periods, Poisson at `peak` while on. */
function onOffTimes(u: Rng, n: number, peak: number, meanOn: number, meanOff: number): number[] {
  const out: number[] = [];
  let t = 0;
  let on = u() < meanOn / (meanOn + meanOff);
  let left = expDraw(u, on ? meanOn : meanOff);
  while (out.length < n) {
    if (!on) {
      t += left;
      on = true;
      left = expDraw(u, meanOn);
      continue;
    }
    const gap = expDraw(u, 1 / peak);
    if (gap < left) {
      t += gap;
      left -= gap;
      out.push(t);
    } else {
      t += left;
      on = false;
      left = expDraw(u, meanOff);
    }
  }
  return out;
}

const N = 60_000; // observed requests (one chunk, no warm-up)
const EXTRA = 80 * 1024; // cool-down requests the engine may draw after them

async function runReplay(c: ReplayCase, seed: number) {
  const u = rng(seed, 7);
  const total = N + EXTRA;
  let times: number[];
  if (c.arrivalTimes) times = c.arrivalTimes(u, total);
  else {
    times = [];
    let t = 0;
    for (let i = 0; i < total; i++) times.push((t += c.gap(u)));
  }
  const gaps = times.map((t, i) => (i === 0 ? t : t - times[i - 1]));
  const gapMean = times[total - 1] / total;
  const streams = c.stages.map((s) => Array.from({ length: total * 2 }, () => s.gen(u)));
  const stages: Stage[] = c.stages.map((s, k) =>
    computeStage({ name: `s${k}`, node: `n${k}`, flops: 1, flopsPerSecond: 1, distribution: replay(streams[k], s.mean), resource: s.resource }),
  );
  const p = pipeline(c.name, stages);
  const tails = [0.5, 2, 5, 10];
  const engine = await simulateRequests({
    pipeline: p,
    arrivals: renewalRequests(replay(gaps, gapMean)),
    requests: N,
    warmup: 0,
    seed,
    times: tails,
    quantiles: [0.5, 0.01],
  });
  const next = c.stages.map(() => 0);
  const events = eventSimulation(times, (k) => streams[k][next[k]++], stages.map((s) => stageResourceOf(s)));
  return { engine, events, tails };
}

function stageResourceOf(s: Stage): Resource {
  return s.resource ?? { kind: "shared", servers: 1 };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function close(label: string, got: number, want: number, rel = 1e-9) {
  if (!(Math.abs(got - want) <= rel * Math.max(1, Math.abs(want)))) throw new Error(`${label}: engine ${got}, event simulation ${want}`);
}

const replayCases: ReplayCase[] = [
  { name: "1 stage", gap: gens.exp(1), gapMean: 1, stages: [{ gen: gens.exp(0.8), mean: 0.8 }] },
  { name: "2 stages", gap: gens.exp(1), gapMean: 1, stages: [{ gen: gens.exp(0.5), mean: 0.5 }, { gen: gens.uniform(0, 1.5), mean: 0.75 }] },
  {
    name: "3 stages, 2-server middle (overtaking, reordered before stage 3)",
    gap: gens.exp(1),
    gapMean: 1,
    stages: [{ gen: gens.exp(0.6), mean: 0.6 }, { gen: gens.bursty(1.6), mean: 1.6, resource: { servers: 2 } }, { gen: gens.exp(0.7), mean: 0.7 }],
  },
  {
    name: "4 stages: dedicated random, then 3 servers, then one",
    gap: gens.exp(1),
    gapMean: 1,
    stages: [
      { gen: gens.exp(0.6), mean: 0.6 },
      { gen: gens.bursty(2), mean: 2, resource: "dedicated" },
      { gen: gens.exp(2.1), mean: 2.1, resource: { servers: 3 } },
      { gen: gens.uniform(0.2, 0.8), mean: 0.5 },
    ],
  },
  {
    name: "renewal (bursty gaps) into 2 stages",
    gap: gens.bursty(1),
    gapMean: 1,
    stages: [{ gen: gens.uniform(0.3, 0.9), mean: 0.6 }, { gen: gens.exp(0.5), mean: 0.5, resource: { servers: 1 } }],
  },
  {
    name: "Markov on-off arrivals into a 2-server stage and a shared stage",
    gap: gens.exp(1),
    gapMean: 1,
    arrivalTimes: (u, n) => onOffTimes(u, n, 2, 5, 5),
    stages: [{ gen: gens.exp(1.2), mean: 1.2, resource: { servers: 2 } }, { gen: gens.exp(0.6), mean: 0.6 }],
  },
];

describe("simulateRequests = an independent event-by-event simulation on the same draws", () => {
  for (const c of replayCases) {
    test(c.name, async () => {
      const { engine, events, tails } = await runReplay(c, 11);
      expect(engine.stable).toBe(true);
      expect(engine.requests).toBe(N);
      const T = events.T.slice(0, N);
      expect(T.every(Number.isFinite)).toBe(true);
      close("E[T]", engine.endToEnd.mean.value, mean(T));
      engine.endToEnd.tails.forEach((e, i) => {
        const k = T.filter((x) => x > tails[i]).length;
        expect(e.value, `P(T > ${tails[i]})`).toBe(k / N);
      });
      const sorted = [...T].sort((a, b) => a - b);
      for (const q of engine.endToEnd.quantiles) {
        const want = sorted[Math.ceil((1 - q.p) * N) - 1];
        // The histogram's buckets are 2^−7 ≈ 0.8 % wide.
        expect(Math.abs(q.value / want - 1), `quantile p = ${q.p}: ${q.value} vs ${want}`).toBeLessThan(0.008);
        expect(q.lower).toBeLessThanOrEqual(q.value);
        expect(q.upper).toBeGreaterThanOrEqual(q.value);
      }
      engine.stages.forEach((s, k) => {
        close(`stage ${k} E[W]`, s.wait!.value, mean(events.W[k].slice(0, N)));
        close(`stage ${k} E[S]`, s.service!.value, mean(events.S[k].slice(0, N)));
        close(`stage ${k} E[W + S]`, s.response!.value, mean(events.W[k].slice(0, N)) + mean(events.S[k].slice(0, N)));
        expect(s.queued!.value).toBe(events.W[k].slice(0, N).filter((w) => w > 0).length / N);
      });
      // Per-stage responses add up to the end-to-end response.
      close("Σ stage responses", engine.stages.reduce((a, s) => a + s.response!.value, 0), engine.endToEnd.mean.value);
    });
  }
});

// ---------------------------------------------------------------------------------------
// The engine's own samplers against independent draws and exact results.

/** Batch-means mean and a 99.9 % half-width (normal, 40 batches) of xs. */
function batchMean(xs: number[], batches = 40): { value: number; half: number } {
  const m = Math.floor(xs.length / batches);
  const means = Array.from({ length: batches }, (_, b) => mean(xs.slice(b * m, (b + 1) * m)));
  const v = mean(means);
  const sd = Math.sqrt(means.reduce((a, x) => a + (x - v) ** 2, 0) / (batches - 1));
  return { value: v, half: (3.29 * sd) / Math.sqrt(batches) };
}

const stage = (k: number, distribution: Distribution, resource?: ResourceSpec) =>
  computeStage({ name: `s${k}`, node: `n${k}`, flops: 1, flopsPerSecond: 1, distribution, resource });

describe("simulateRequests' samplers (ziggurat, MMPP, renewal) against independent event simulations", () => {
  const configs = [
    {
      name: "Poisson into shared, 2-server, dedicated exponential, deterministic (reorder after a random dedicated stage)",
      p: pipeline("mix", [stage(0, exponential(0.5)), stage(1, exponential(1.4), { servers: 2 }), stage(2, exponential(1), "dedicated"), stage(3, deterministic(0.6))]),
      lambda: 1,
      arrivals: undefined,
      times: (u: Rng, n: number) => {
        let t = 0;
        return Array.from({ length: n }, () => (t += expDraw(u, 1)));
      },
      draw: [(u: Rng) => expDraw(u, 0.5), (u: Rng) => expDraw(u, 1.4), (u: Rng) => expDraw(u, 1), () => 0.6],
    },
    {
      name: "Markov on–off arrivals into deterministic and exponential stages",
      p: pipeline("onoff", [stage(0, deterministic(0.5)), stage(1, exponential(0.3))]),
      lambda: undefined,
      arrivals: onOffRequests({ peakRate: 3, meanOn: 4, meanOff: 8 }),
      times: (u: Rng, n: number) => onOffTimes(u, n, 3, 4, 8),
      draw: [() => 0.5, (u: Rng) => expDraw(u, 0.3)],
    },
    {
      name: "renewal (Erlang-2 gaps) into a hyperexponential stage",
      p: pipeline("renewal", [stage(0, hyperexponential([0.8, 0.2], [0.4, 2]))]),
      lambda: undefined,
      arrivals: renewalRequests(erlang(2, 1.25)),
      times: (u: Rng, n: number) => {
        let t = 0;
        return Array.from({ length: n }, () => (t += expDraw(u, 0.625) + expDraw(u, 0.625)));
      },
      draw: [(u: Rng) => (u() < 0.8 ? expDraw(u, 0.4) : expDraw(u, 2))],
    },
  ];
  for (const c of configs) {
    test(c.name, async () => {
      const engine = await simulateRequests({ pipeline: c.p, lambda: c.lambda, arrivals: c.arrivals, requests: 800_000, seed: 3, confidence: 0.999, quantiles: [] });
      const u = rng(99, 1);
      const n = 300_000;
      const ev = eventSimulation(c.times(u, n), (k) => c.draw[k](u), c.p.stages.map(stageResourceOf));
      const T = ev.T.slice(20_000); // discard the start-up from empty
      const e = batchMean(T);
      const m = engine.endToEnd.mean;
      const tol = Math.hypot(m.halfWidth, e.half);
      expect(Math.abs(m.value - e.value), `engine ${m.value} ± ${m.halfWidth}, event simulation ${e.value} ± ${e.half}`).toBeLessThan(tol);
      engine.stages.forEach((s, k) => {
        const w = batchMean(ev.W[k].slice(20_000));
        expect(Math.abs(s.wait!.value - w.value), `stage ${k} E[W]: engine ${s.wait!.value}, events ${w.value}`).toBeLessThan(Math.hypot(s.wait!.halfWidth, w.half) + 1e-12);
      });
    });
  }
});

describe("simulateRequests against exact queueing results", () => {
  test("one M/G/1 stage: the Pollaczek–Khinchine mean lies in the 99 % interval (generic sampler path)", async () => {
    const S = hyperexponential([0.7, 0.3], [0.5, 2]);
    const lambda = 0.6;
    const r = await simulateRequests({ pipeline: pipeline("mg1", [stage(0, S)]), lambda, requests: 2e6, seed: 5, confidence: 0.99, quantiles: [] });
    const exact = S.mean + (lambda * S.moment(2)) / (2 * (1 - lambda * S.mean));
    expect(r.endToEnd.mean.lower).toBeLessThanOrEqual(exact);
    expect(r.endToEnd.mean.upper).toBeGreaterThanOrEqual(exact);
    expect(r.stages[0].utilisation).toBeCloseTo(lambda * S.mean, 14);
  });
  test("one M/D/1 stage: exact tails and quantiles (mg1) inside the 99 % intervals", async () => {
    const lambda = 0.5;
    const p = pipeline("md1", [computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e12 })]);
    const r = await simulateRequests({ pipeline: p, lambda, requests: 2e6, seed: 1, confidence: 0.99, times: [1.5, 3, 5], quantiles: [0.1, 0.01, 0.001] });
    const q = mg1(lambda, deterministic(1));
    expect(r.endToEnd.mean.lower).toBeLessThanOrEqual(q.meanSojourn);
    expect(r.endToEnd.mean.upper).toBeGreaterThanOrEqual(q.meanSojourn);
    for (const e of r.endToEnd.tails) {
      const exact = q.sojournTail(e.t);
      expect(e.lower <= exact && exact <= e.upper, `P(T > ${e.t}) = ${exact} outside [${e.lower}, ${e.upper}]`).toBe(true);
    }
    for (const e of r.endToEnd.quantiles) {
      const exact = q.sojournQuantile(1 - e.p);
      expect(e.lower <= exact && exact <= e.upper, `quantile p = ${e.p}: ${exact} outside [${e.lower}, ${e.upper}]`).toBe(true);
    }
  });
  test("an M/M/1 tandem (Burke): E[T] = Σ 1/(μ_i − λ) and the hypoexponential tail, specialised exponential path", async () => {
    const lambda = 0.8;
    const mus = [1.25, 2, 4];
    const p = pipeline("jackson", mus.map((mu, k) => stage(k, exponential(1 / mu))));
    const r = await simulateRequests({ pipeline: p, lambda, requests: 4e6, seed: 2, confidence: 0.99, times: [5, 15], quantiles: [] });
    const rates = mus.map((mu) => mu - lambda);
    const exactMean = rates.reduce((a, x) => a + 1 / x, 0);
    expect(r.endToEnd.mean.lower).toBeLessThanOrEqual(exactMean);
    expect(r.endToEnd.mean.upper).toBeGreaterThanOrEqual(exactMean);
    // Sojourn times at the stages of an M/M/1 tandem are independent Exp(μ_i − λ).
    const tail = (t: number) => rates.reduce((s, ri, i) => s + rates.reduce((pr, rj, j) => (j === i ? pr : (pr * rj) / (rj - ri)), 1) * Math.exp(-ri * t), 0);
    for (const e of r.endToEnd.tails) expect(e.lower <= tail(e.t) && tail(e.t) <= e.upper, `P(T > ${e.t}) = ${tail(e.t)} outside [${e.lower}, ${e.upper}]`).toBe(true);
  });
  test("an M/M/2 stage: Erlang C mean wait in the 99 % interval", async () => {
    const lambda = 1.5;
    const mu = 1;
    const r = await simulateRequests({ pipeline: pipeline("mm2", [stage(0, exponential(1 / mu), { servers: 2 })]), lambda, requests: 2e6, seed: 4, confidence: 0.99, quantiles: [] });
    const a = lambda / mu;
    const rho = a / 2;
    const pWait = (a * a) / 2 / (1 - rho) / (1 + a + (a * a) / 2 / (1 - rho));
    const exactW = pWait / (2 * mu - lambda);
    const w = r.stages[0].wait!;
    expect(w.lower <= exactW && exactW <= w.upper, `E[W] = ${exactW} outside [${w.lower}, ${w.upper}]`).toBe(true);
    const qd = r.stages[0].queued!;
    expect(qd.lower <= pWait && pWait <= qd.upper, `P(W > 0) = ${pWait} outside [${qd.lower}, ${qd.upper}]`).toBe(true);
    expect(r.stages[0].utilisation).toBeCloseTo(0.75, 14);
  });
  test("a Rayleigh transfer samples requestServiceLaw's fade-by-fade law: dedicated T = S against its ccdf bracket, shared against Pollaczek–Khinchine", async () => {
    // PL = 130 dB: γ̄ = 1 (0 dB), about 3.6 coherence intervals of 10 ms per 0.5 Mbit.
    const link = rayleighLink({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 131 });
    const own = transferStage({ linkName: "dl", bits: 0.5e6, link, resource: "dedicated" });
    const law = requestServiceLaw(own) as Distribution & { ccdfBounds(x: number): { lower: number; upper: number } };
    expect(law.kind).toBe("rayleighTransfer");
    const ts = [0.5, 1, 1.5, 2].map((k) => k * law.mean);
    const d = await simulateRequests({ pipeline: pipeline("own", [own]), lambda: 5, requests: 400_000, seed: 6, confidence: 0.99, times: ts, quantiles: [] });
    const sv = d.stages[0].service!;
    expect(sv.lower <= law.mean && law.mean <= sv.upper, `E[S] = ${law.mean} outside [${sv.lower}, ${sv.upper}]`).toBe(true);
    for (const e of d.endToEnd.tails) {
      const b = law.ccdfBounds(e.t);
      expect(e.upper >= b.lower && e.lower <= b.upper, `P(S > ${e.t}): [${e.lower}, ${e.upper}] misses [${b.lower}, ${b.upper}]`).toBe(true);
    }
    const shared = transferStage({ linkName: "dl", bits: 0.5e6, link });
    const lambda = 0.6 / law.mean;
    const r = await simulateRequests({ pipeline: pipeline("shared", [shared]), lambda, requests: 1e6, seed: 7, confidence: 0.99, quantiles: [] });
    const pk = law.mean + (lambda * law.moment(2)) / (2 * (1 - lambda * law.mean));
    expect(r.endToEnd.mean.lower <= pk && pk <= r.endToEnd.mean.upper, `PK ${pk} outside [${r.endToEnd.mean.lower}, ${r.endToEnd.mean.upper}]`).toBe(true);
    // coherenceSeconds reaches the law: longer fades, a wider spread of transfer times.
    const slow = await simulateRequests({ pipeline: pipeline("own", [own]), lambda: 5, requests: 100_000, seed: 6, coherenceSeconds: 0.1, confidence: 0.99, quantiles: [] });
    const m = requestServiceLaw(own, { coherenceSeconds: 0.1 }).mean;
    const ss = slow.stages[0].service!;
    expect(ss.lower <= m && m <= ss.upper, `E[S] at τ_c = 0.1 s: ${m} outside [${ss.lower}, ${ss.upper}]`).toBe(true);
    expect(Math.abs(m - law.mean)).toBeGreaterThan(10 * ss.halfWidth);
  });
  test("a dedicated stage never queues: T = S exactly, whatever λ", async () => {
    const r = await simulateRequests({ pipeline: pipeline("own", [stage(0, deterministic(2), "dedicated")]), lambda: 50, requests: 10_000, seed: 1, times: [1.999, 2.001] });
    expect(r.stable).toBe(true);
    // T = (a + 2) − a: 2 up to the rounding of the absolute times.
    expect(Math.abs(r.endToEnd.mean.value - 2)).toBeLessThan(1e-12);
    expect(r.endToEnd.tails.map((e) => e.value)).toEqual([1, 0]);
    expect(r.stages[0].utilisation).toBeNull();
    expect(r.stages[0].wait!.value).toBe(0);
    expect(r.bottleneck).toBeNull();
  });
});

describe("the documented example (simulateRequests TSDoc)", () => {
  test("prints what its comments say", async () => {
    const p = pipeline("one", [computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e12 })]);
    const r = await simulateRequests({ pipeline: p, lambda: 0.5, requests: 1e6, seed: 1, times: [3], quantiles: [1e-3] });
    expect(r.endToEnd.mean.value).toBeCloseTo(1.50128, 5);
    expect(r.endToEnd.mean.halfWidth).toBeCloseTo(0.00417, 5);
    expect(r.endToEnd.tails[0].value).toBe(0.053234);
    expect(r.endToEnd.quantiles[0].value).toBeCloseTo(6.11, 3);
    expect([r.endToEnd.quantiles[0].lower, r.endToEnd.quantiles[0].upper]).toEqual([5.96875, 6.25]);
  });
});

describe("simulateRequests: states, reproducibility, progress", () => {
  const p = pipeline("two", [stage(0, exponential(0.5)), stage(1, deterministic(0.4), { servers: 2 })]);
  test("an unstable pipeline (some utilisation ≥ 1) is a result with the limits, not an exception", async () => {
    const r = await simulateRequests({ pipeline: p, lambda: 2, requests: 1000, times: [1, 10], quantiles: [0.01] });
    expect(r.stable).toBe(false);
    expect(r.utilisation).toBe(1);
    expect(r.bottleneck).toBe(0);
    expect(r.requests).toBe(0);
    expect(r.endToEnd.mean).toEqual({ value: Infinity, lower: Infinity, upper: Infinity, halfWidth: 0, batches: 0 });
    expect(r.endToEnd.tails.map((e) => [e.t, e.value, e.lower, e.upper])).toEqual([[1, 1, 1, 1], [10, 1, 1, 1]]);
    expect(r.endToEnd.quantiles).toEqual([{ p: 0.01, value: Infinity, lower: Infinity, upper: Infinity }]);
    expect(r.stages.map((s) => s.utilisation)).toEqual([1, 0.4]);
    expect(r.stages[1].wait).toBeNull();
  });
  test("same seed, same numbers; a different seed, different numbers; results are frozen", async () => {
    const o = { pipeline: p, lambda: 1, requests: 50_000, times: [2] };
    const a = await simulateRequests({ ...o, seed: 8 });
    const b = await simulateRequests({ ...o, seed: 8 });
    const c = await simulateRequests({ ...o, seed: 9 });
    expect(b).toEqual(a);
    expect(c.endToEnd.mean.value).not.toBe(a.endToEnd.mean.value);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.endToEnd.tails[0])).toBe(true);
    expect(a.lambda).toBe(1);
    expect(a.arrivals).toEqual({ kind: "poisson", rate: 1 });
  });
  test("onProgress reports non-decreasing fractions ending at 1; an AbortSignal stops the run", async () => {
    const seen: number[] = [];
    await simulateRequests({ pipeline: p, lambda: 1, requests: 2e6, seed: 1, quantiles: [], onProgress: (f) => seen.push(f), progress: false });
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen[seen.length - 1]).toBe(1);
    const ac = new AbortController();
    let calls = 0;
    const run = simulateRequests({
      pipeline: p,
      lambda: 1,
      requests: 1e8,
      seed: 1,
      signal: ac.signal,
      onProgress: () => {
        if (++calls === 2) ac.abort(new Error("stop here"));
      },
    });
    await expect(run).rejects.toThrow("stop here");
    expect(calls).toBeLessThan(10);
  });
  test("a tiny load keeps full precision: 1 ms of service between arrivals 1e9 s apart", async () => {
    const r = await simulateRequests({ pipeline: pipeline("slow", [stage(0, deterministic(1e-3)), stage(1, exponential(1e-3))]), lambda: 1e-9, requests: 20_000, seed: 1, times: [1e-3 * (1 + 1e-9)], quantiles: [] });
    expect(Math.abs(r.stages[0].response!.value / 1e-3 - 1)).toBeLessThan(1e-9);
    expect(r.stages[0].wait!.value).toBe(0);
    // T = 1 ms + Exp(1 ms): P(T > 1 ms·(1 + 1e-9)) = e^{−1e-9} ≈ 1.
    expect(r.endToEnd.tails[0].value).toBeGreaterThan(0.999);
    expect(Math.abs(r.endToEnd.mean.value / 2e-3 - 1)).toBeLessThan(0.05);
  });
  test("lambda and arrivals: either, or both when they agree", async () => {
    const on = onOffRequests({ peakRate: 2, meanOn: 1, meanOff: 3 });
    const r = await simulateRequests({ pipeline: p, arrivals: on, lambda: on.rate, requests: 1000, quantiles: [] });
    expect(r.lambda).toBe(on.rate);
    expect(r.arrivals).toEqual(on);
  });
});

describe("simulateRequests: argument errors name the parameter and value", () => {
  const p = pipeline("one", [stage(0, exponential(0.5))]);
  const base = { pipeline: p, lambda: 1, requests: 1000 };
  const cases: [object, RegExp][] = [
    [{ lambda: 0 }, /^simulateRequests: lambda must be a finite number > 0, got 0$/],
    [{ lambda: -1 }, /^simulateRequests: lambda must be a finite number > 0, got -1$/],
    [{ lambda: 5e-324 }, /^simulateRequests: lambda must be a number whose reciprocal \(the mean gap\) is finite, got 5e-324$/],
    [{ lambda: undefined }, /^simulateRequests: lambda must be a finite number > 0 \(or give arrivals\), got undefined$/],
    [{ lambda: 0.3, arrivals: onOffRequests({ peakRate: 2, meanOn: 1, meanOff: 3 }) }, /^simulateRequests: lambda must be the arrivals' long-run rate 0\.5 \(or left out\), got 0\.3$/],
    [{ arrivals: { kind: "bursts" } }, /^simulateRequests: arrivals\.kind must be "poisson", "renewal" or "mmpp", got "bursts"$/],
    [{ requests: 0 }, /^simulateRequests: requests must be a positive integer, got 0$/],
    [{ requests: 2e10 }, /^simulateRequests: requests must be at most 10000000000 \(work limit: requests ≤ 1e10, ≈ 10 min on one core for 3 exponential stages, ≈ 45 min for the paper's pipeline with its Rayleigh transfer\), got 20000000000$/],
    [{ requests: 1.5 }, /^simulateRequests: requests must be a positive integer, got 1\.5$/],
    [{ warmup: 1000 }, /^simulateRequests: warmup must be smaller than requests \(1000\), got 1000$/],
    [{ warmup: -1 }, /^simulateRequests: warmup must be a non-negative integer, got -1$/],
    [{ times: [1, -0.5] }, /^simulateRequests: times\[1\] must be ≥ 0, got -0\.5$/],
    [{ times: [NaN] }, /^simulateRequests: times\[0\] must be a finite number, got NaN$/],
    [{ quantiles: [0] }, /^simulateRequests: quantiles\[0\] must be in \(0, 1\), got 0$/],
    [{ quantiles: [0.5, 1] }, /^simulateRequests: quantiles\[1\] must be in \(0, 1\), got 1$/],
    [{ seed: 1.5 }, /^simulateRequests: seed must be a safe integer, got 1\.5$/],
    [{ workers: 0 }, /^simulateRequests: workers must be a positive integer, got 0$/],
    [{ confidence: 1 }, /^simulateRequests: confidence must be in \(0, 1\), got 1$/],
    [{ coherenceSeconds: 0 }, /^simulateRequests: coherenceSeconds must be a finite number > 0, got 0$/],
    [{ pipeline: { name: "x", stages: [{ ...p.stages[0], resource: { kind: "gpu" } }] } }, /^simulateRequests: pipeline\.stages\[0\]\.resource must be \{ kind: "shared", servers: c \} or \{ kind: "dedicated" \}, got \{"kind":"gpu"\}$/],
    [{ pipeline: { name: "x", stages: [{ ...p.stages[0], resource: { kind: "shared", servers: 0 } }] } }, /^simulateRequests: pipeline\.stages\[0\]\.resource\.servers must be a positive integer, got 0$/],
    [{ pipeline: { name: "x", stages: [] } }, /^simulateRequests: pipeline must be a pipeline \(an object with a non-empty stages array\)/],
    [{ pipeline: undefined }, /^simulateRequests: pipeline must be a pipeline/],
    [{ onProgress: 3 }, /^simulateRequests: onProgress must be a function, got 3$/],
  ];
  for (const [o, re] of cases) {
    test(re.source, async () => {
      await expect(simulateRequests({ ...base, ...o } as never)).rejects.toThrow(re);
    });
  }
  for (const key of ["lambda", "arrivals", "seed", "warmup", "workers", "times", "quantiles", "confidence", "coherenceSeconds"]) {
    test(`${key}: null is rejected, naming the option and the value (only undefined takes the default)`, async () => {
      await expect(simulateRequests({ ...base, [key]: null } as never)).rejects.toThrow(new RegExp(`^simulateRequests: ${key} must be .*got null$`));
    });
  }
  test("a non-object options bag is a TypeError", async () => {
    await expect(simulateRequests(3 as never)).rejects.toThrow(TypeError);
  });
});
