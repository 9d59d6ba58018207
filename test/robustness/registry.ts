/**
 * The fuzz table: one entry per exported function of edgecalc (root and subpaths). Each
 * entry generates VALID argument lists (from the edgecalc/testing arbitraries) and states
 * what a valid call must return (finite, in range, or a documented legitimate state).
 * Invalid inputs are derived generically in fuzz.test.ts by corrupting one leaf of a valid
 * argument list. fuzz.test.ts fails when an exported function has no entry here.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { deterministic, exponential, hyperexponential } from "../../src/distributions/index.js";
import { rng } from "../../src/random/index.js";
import {
  arbDistribution,
  arbLoad,
  arbParadigmParams,
  arbPipeline,
  distributionLaws,
  logUniform,
} from "../../src/testing/index.js";
import { constantService, poissonArrivals, tandem } from "../../src/snc/index.js";
import { rayleighLink, rayleighMeanRate } from "../../src/channel/index.js";
import { computeStage, onOffRequests, paperScenario, paradigms, pipeline, transferStage, type ResourceSpec } from "../../src/pipeline/index.js";
import { arbComputeStage, arbLinkSpec, arbScenario, arbStage, arbTransferStage } from "../../src/testing/index.js";
import { qualityMapFigure } from "../../src/plot/index.js";

/** [pipeline, { lambda }, t] for the request-level analyses: 1–3 constant stages, the first shared, λ at 10–80 % of its capacity. */
const reqArgs = fc
  .tuple(fc.array(logUniform(1e-3, 1), { minLength: 1, maxLength: 3 }), fc.double({ min: 0.1, max: 0.8, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }))
  .map(([secs, load, tf]) => {
    const stages = secs.map((s, i) => computeStage({ node: `n${i}`, flops: s, flopsPerSecond: 1, ...(i === 0 ? {} : { resource: i % 2 ? "shared" : "dedicated" }) }));
    const p = { name: "fuzz", stages };
    return [p, { lambda: load / secs[0] }, tf * secs.reduce((a, b) => a + b, 0)] as const;
  });

/** One function's fuzz entry. */
export interface FuzzEntry {
  /** Valid argument lists. */
  readonly args: fc.Arbitrary<readonly unknown[]>;
  /** Range checks on a valid call's result; throw (expect) on violation. */
  readonly check?: (out: any, args: readonly any[]) => void;
  /** Fraction of the default run count (expensive functions); the nightly size ignores it. */
  readonly scale?: number;
  /** Function names its error messages may start with (default: the export name). */
  readonly names?: readonly string[];
  /** Argument paths (regular expressions over "0.field.1") where a NaN or a string is legitimately accepted (ignored fields). */
  readonly lenient?: readonly string[];
  /** Skip the generic invalid-input fuzz, with the reason (type guards accept anything). */
  readonly anyInput?: string;
  /** Call with `new` (a class export). */
  readonly construct?: boolean;
}

const prob = (p: number, what = "probability") => expect(p >= 0 && p <= 1, `${what} ${p} not in [0, 1]`).toBe(true);
const nonNeg = (x: number, what = "value") => expect(x >= 0, `${what} ${x} not ≥ 0`).toBe(true);
const finiteNum = (x: number, what = "value") => expect(Number.isFinite(x), `${what} ${x} not finite`).toBe(true);
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const u = seed.map((s) => rng(s, 0));
const mean = logUniform(1e-3, 1e3);
const dist = arbDistribution();
const small = (k: number) => fc.integer({ min: 1, max: k });
const matrix = fc
  .record({ rows: fc.integer({ min: 2, max: 5 }), cols: fc.integer({ min: 2, max: 4 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      matrix: fc.array(fc.array(fc.double({ min: 0.01, max: 1e3, noNaN: true }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      criteria: fc.array(fc.record({ name: fc.constantFrom("latency", "energy", "quality", "bandwidth"), benefit: fc.boolean(), weight: fc.double({ min: 0.05, max: 1, noNaN: true }) }), { minLength: cols, maxLength: cols }),
    }),
  )
  .map(({ matrix, criteria }) => {
    const s = criteria.reduce((a, c) => a + c.weight, 0);
    return { matrix, criteria: criteria.map((c) => ({ ...c, weight: c.weight / s })) };
  });
const checkScores = (r: any) => {
  for (const s of r.scores) prob(s, "score");
  expect([...r.ranking].sort((a: number, b: number) => a - b)).toEqual(r.scores.map((_: unknown, i: number) => i));
};
/** A stable single-queue SNC system: Poisson arrivals at a load of a constant-rate tandem. */
// Loads up to 0.9 and at most 3 stages: the bound engine takes seconds per call near ρ → 1
// with long tandems (docs/robustness.md; the extremes are timed in bench/robustness.bench.mjs).
const sncSystem = fc
  .record({ rho: fc.double({ min: 0.01, max: 0.9, noNaN: true }), c: logUniform(0.1, 100), n: small(3) })
  .map(({ rho, c, n }) => ({ arrivals: poissonArrivals(rho * c), service: tandem(...Array.from({ length: n }, (_, i) => constantService(c * (1 + i)))) }));
const checkBound = (r: any) => {
  prob(r.probability, "bound");
  expect(typeof r.stable).toBe("boolean");
  expect(["exact", "paper", "martingale"]).toContain(r.formUsed);
};
/** The bound forms, the tandem martingale and "tightest" included (docs/model.md §10). */
const sncForm = fc.constantFrom({}, { form: "paper" }, { form: "martingale" }, { form: "tightest" });

const rayleigh = arbLinkSpec({ hard: true }).map(rayleighLink);
const params = arbParadigmParams({ range: "wide" });
const paramsRayleigh = fc.tuple(arbParadigmParams(), rayleigh).map(([p, link]) => { const { meanRate: _m, ...rest } = p; return { ...rest, link }; });
const anyParams = fc.oneof(params, paramsRayleigh);
const checkCondition = (c: any) => { expect(typeof c.holds).toBe("boolean"); finiteNum(c.lhs, "lhs"); finiteNum(c.rhs, "rhs"); };
const pipe = arbPipeline({ withDistributions: true });


// plot (edgecalc/plot): a figure is Plotly data + layout + a table of equal-width rows, and
// every number in its traces is finite or null (Plotly draws null as a gap; NaN is a bug).
function finiteTraceNumbers(v: unknown, path: string): void {
  if (typeof v === "number") return finiteNum(v, path);
  if (v === null || typeof v !== "object") return;
  for (const [k, x] of Object.entries(v)) finiteTraceNumbers(x, `${path}.${k}`);
}
const checkFigure = (fig: any) => {
  expect(Array.isArray(fig.data), "data is an array").toBe(true);
  expect(fig.layout !== null && typeof fig.layout === "object", "layout is an object").toBe(true);
  fig.data.forEach((t: unknown, i: number) => finiteTraceNumbers(t, `data[${i}]`));
  fig.table.rows.forEach((r: unknown[], i: number) => expect(r.length, `table row ${i} width`).toBe(fig.table.columns.length));
};
// Scenarios for the figure builders; the delay grid, deadlines and simulations are kept tiny.
const scen = arbScenario();
const scenWithLink = fc.tuple(arbScenario(), arbLinkSpec()).map(([s, linkSpec]) => {
  const { meanRate: _m, ...rest } = s.params as any;
  return { ...s, linkSpec, params: { ...rest, link: rayleighLink(linkSpec) } };
});
const gridOpts = (s: { slotSeconds: number }) => fc.record({ points: fc.integer({ min: 2, max: 6 }), slots: fc.integer({ min: 1, max: 20 }) }).map(({ points, slots }) => ({ points, maxDelaySeconds: slots * s.slotSeconds }));
const deadline = (s: { slotSeconds: number }) => fc.integer({ min: 0, max: 20 }).map((k) => (k + 0.5) * s.slotSeconds);
const calmScen = scen.map((s) => ({ ...s, lambda: 0.45 * s.lambda }));
const load = fc.record({ lambda: logUniform(1e-6, 10), slotSeconds: logUniform(1e-3, 10) });
const checkViolation = (v: any) => {
  prob(v.probability, "bound");
  expect(typeof v.stable).toBe("boolean");
  // ⌊d/Δ⌋·Δ ≤ d, up to the snapping of d/Δ within 4 ulps.
  expect(v.evaluatedSeconds).toBeLessThanOrEqual(v.deadlineSeconds * (1 + 1e-14));
};
const figureArb = fc.tuple(fc.nat(4), fc.nat(3)).map(([p, d]) => qualityMapFigure(paperScenario, { maxPriorSteps: p, maxDecoderSteps: d }));
const probs = (n: number) => fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n });
const intervals = (n: number) => fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map((t) => t.sort((a, b) => a - b)).map(([lower, value, upper]) => ({ value, lower, upper })), { minLength: n, maxLength: n });
const xsArb = (n: number) => fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: n, maxLength: n });
const axisSpec = fc.record({ title: fc.string({ maxLength: 8 }), log: fc.boolean(), range: fc.tuple(fc.double({ min: -10, max: 0, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })) }, { requiredKeys: ["title"] });

/** Entries by export name. */
export const FUZZ: Readonly<Record<string, FuzzEntry>> = {
  // random
  rng: { args: fc.tuple(seed, fc.nat(1000)), check: (g) => { const x = g(); expect(x > 0 && x < 1).toBe(true); } },
  normal: { args: u.map((g) => [g]), check: (x) => finiteNum(x) },
  standardExponential: { args: u.map((g) => [g]), check: (x) => { finiteNum(x); nonNeg(x); } },
  standardGamma: { args: fc.tuple(u, logUniform(1e-2, 1e3)), check: (x) => nonNeg(x) },
  poisson: { args: fc.tuple(u, fc.oneof(fc.constant(0), logUniform(1e-6, 1e6))), check: (x) => expect(Number.isInteger(x) && x >= 0).toBe(true) },
  logFactorial: { args: fc.tuple(fc.nat(1e6)), check: (x) => nonNeg(x) },
  // distributions
  deterministic: { args: fc.tuple(fc.oneof(fc.constant(0), mean)), check: (d) => expect(d.mean).toBeGreaterThanOrEqual(0) },
  exponential: { args: fc.tuple(mean), check: (d) => finiteNum(d.variance) },
  erlang: { args: fc.tuple(small(100), mean), check: (d) => finiteNum(d.variance) },
  gammaDistribution: { args: fc.tuple(logUniform(1e-2, 1e3), mean), check: (d) => finiteNum(d.variance) },
  hyperexponential: {
    args: fc.tuple(fc.double({ min: 0.01, max: 0.99, noNaN: true }), mean, mean).map(([p, a, b]) => [[p, 1 - p], [a, b]]),
    check: (d) => finiteNum(d.variance),
  },
  shifted: { args: fc.tuple(mean, dist), check: (d) => finiteNum(d.mean) },
  sumOf: { args: fc.array(dist, { minLength: 1, maxLength: 4 }), check: (d) => finiteNum(d.mean) },
  isDistribution: { args: fc.tuple(fc.oneof(dist, fc.anything())), check: (b) => expect(typeof b).toBe("boolean"), anyInput: "a type guard: any input is valid" },
  // special
  expint1: { args: fc.tuple(logUniform(1e-300, 700)), check: (x) => nonNeg(x) },
  expintE: { args: fc.tuple(logUniform(1e-3, 1e3), logUniform(1e-3, 700)), check: (x) => nonNeg(x) },
  logExpintE: { args: fc.tuple(logUniform(1e-3, 1e3), logUniform(1e-3, 1e6)), check: (x) => expect(x).not.toBeNaN() },
  // queueing
  mg1: {
    args: fc.tuple(dist, arbLoad({ hard: true })).map(([d, rho]) => [rho / d.mean, d]),
    scale: 0.05,
    check: (q) => {
      nonNeg(q.meanWait, "E[W]");
      expect(q.meanSojourn).toBeGreaterThanOrEqual(q.meanWait);
      for (const t of [0, q.meanSojourn, 10 * q.meanSojourn]) {
        prob(q.waitTail(t), `P(W > ${t})`);
        prob(q.sojournTail(t), `P(T > ${t})`);
      }
    },
  },
  pollaczekKhinchine: { args: fc.tuple(dist, arbLoad({ hard: true })).map(([d, rho]) => [rho / d.mean, d]), check: (w) => nonNeg(w, "E[W]") },
  paperMeanWait: { args: fc.tuple(dist, arbLoad({ hard: true })).map(([d, rho]) => [rho / d.mean, d]), check: (w) => nonNeg(w, "E[W]") },
  mm1: { args: fc.tuple(mean, arbLoad({ hard: true })).map(([mu, rho]) => [rho * mu, mu]), check: (q) => { nonNeg(q.meanWait); prob(q.waitTail(1)); } },
  cramerLundberg: {
    args: fc.tuple(arbDistribution({ kinds: ["deterministic", "exponential", "erlang", "gamma", "hyperexponential"] }), arbLoad()).map(([d, rho]) => [rho / d.mean, d]),
    scale: 0.2,
    check: (r) => { if (r !== null) { expect(r.kappa).toBeGreaterThan(0); nonNeg(r.C); } },
  },
  // channel
  dbToLinear: { args: fc.tuple(fc.double({ min: -300, max: 300, noNaN: true })), check: (x) => nonNeg(x) },
  linearToDb: { args: fc.tuple(logUniform(1e-300, 1e300)), check: (x) => finiteNum(x) },
  dbmToWatts: { args: fc.tuple(fc.double({ min: -300, max: 300, noNaN: true })), check: (x) => nonNeg(x) },
  wattsToDbm: { args: fc.tuple(logUniform(1e-300, 1e300)), check: (x) => finiteNum(x) },
  rayleighMeanRate: { args: fc.tuple(logUniform(1e3, 1e10), fc.double({ min: -30, max: 60, noNaN: true }).map((db) => 10 ** (db / 10))), check: (r) => { finiteNum(r); nonNeg(r); } },
  rayleighSlotLogMgfNeg: {
    args: fc.tuple(logUniform(1e-6, 1e2), logUniform(1e3, 1e10), fc.double({ min: -30, max: 60, noNaN: true }), logUniform(1e-3, 1), logUniform(1e2, 1e8), fc.boolean())
      // The floor form's documented domain: its series must end within 1e7 terms, so
      // B·Δ/J (requests per slot per bit/s/Hz) is kept ≤ 1e5 for it; beyond that the function
      // throws a RangeError saying to use the fluid form (tested in test/channel).
      .map(([theta, bandwidthHz, db, slotSeconds, bitsPerRequest, floor]) => {
        const q = (bandwidthHz * slotSeconds) / bitsPerRequest;
        const B = floor && q > 1e5 ? (bandwidthHz * 1e5) / q : bandwidthHz;
        return [theta, { bandwidthHz: B, meanSnr: 10 ** (db / 10), slotSeconds, bitsPerRequest, floor }];
      }),
    scale: 0.2,
    check: (x) => expect(x <= 0, `ln E[e^(−θs)] = ${x} > 0`).toBe(true),
  },
  rayleighLink: { args: arbLinkSpec({ hard: true }).map((l) => [l]), check: (l) => { finiteNum(l.effectiveRate); nonNeg(l.effectiveRate); } },
  // Transfers of 0.01 to 20 mean coherence intervals (the law is built lazily, ≈ 0.1–0.5 s,
  // and the NaN scan reads mean and variance, hence few runs): sample, mean and variance must be finite.
  rayleighTransferTime: {
    args: fc
      .tuple(logUniform(1e5, 1e9), logUniform(1e-2, 1e5), fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })), logUniform(1e-3, 0.1), logUniform(1e-2, 20))
      .map(([bandwidthHz, meanSnr, controlOverhead, coherenceSeconds, K]) => [
        { bandwidthHz, meanSnr, controlOverhead, coherenceSeconds },
        K * (1 - controlOverhead) * rayleighMeanRate(bandwidthHz, meanSnr) * coherenceSeconds,
      ]),
    check: (d) => { expect(d.kind).toBe("rayleighTransfer"); nonNeg(d.sample(rng(1, 0)), "sample"); finiteNum(d.mean, "mean"); nonNeg(d.variance, "variance"); },
    scale: 0.01,
  },
  // pipeline
  computeSeconds: { args: fc.tuple(fc.oneof(fc.constant(0), logUniform(1, 1e18)), logUniform(1e6, 1e18)), check: (t) => nonNeg(t, "time") },
  transferSeconds: { args: fc.tuple(fc.oneof(fc.constant(0), logUniform(1, 1e10)), logUniform(1, 1e12)), check: (t) => nonNeg(t, "time") },
  constantRateLink: { args: fc.tuple(logUniform(1, 1e12)), check: (l) => nonNeg(l.effectiveRate) },
  computeStage: { args: arbComputeStage().map((s) => [{ node: s.node, flops: s.flops, flopsPerSecond: s.flopsPerSecond }]), check: (s) => nonNeg(s.flops), lenient: ["0.name"] },
  transferStage: { args: arbTransferStage().map((s) => [{ linkName: s.linkName, bits: s.bits, link: s.link }]), check: (s) => nonNeg(s.bits), lenient: ["0.name"] },
  pipeline: { args: fc.tuple(fc.constant("p"), fc.array(arbStage(), { minLength: 1, maxLength: 5 })), check: (p) => expect(p.stages.length).toBeGreaterThan(0) },
  parallelStage: {
    args: fc.tuple(fc.record({ name: fc.constant("fork"), branches: fc.array(fc.array(arbStage(), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }) })),
    check: (s) => expect(s.branches.length).toBeGreaterThanOrEqual(2),
  },
  batchStage: {
    args: fc.tuple(fc.integer({ min: 1, max: 8 }).chain((b) => fc.record({ node: fc.constant("llm"), maxBatch: fc.constant(b), time: fc.array(logUniform(1e-3, 10), { minLength: b, maxLength: b }) }))),
    check: (s) => expect(s.batchSeconds.length).toBe(s.maxBatch),
  },
  stageLatency: { args: fc.tuple(arbStage({ withDistributions: true })), check: (t) => nonNeg(t, "latency") },
  pipelineLatency: { args: fc.tuple(pipe), check: (l) => { nonNeg(l.total, "total"); nonNeg(l.inference); nonNeg(l.transfer); } },
  stageDistribution: { args: fc.tuple(arbStage({ withDistributions: true })), check: (d) => nonNeg(d.mean) },
  stageResource: {
    args: fc.tuple(arbStage(), fc.constantFrom<ResourceSpec | undefined>(undefined, "shared", "dedicated", { servers: 3 })).map(([s, resource]) => [s.kind === "compute" ? computeStage({ ...s, resource }) : transferStage({ ...s, resource })]),
    check: (r) => expect(r.kind === "dedicated" || (r.kind === "shared" && Number.isSafeInteger(r.servers) && r.servers >= 1)).toBe(true),
  },
  serviceDistribution: { args: fc.tuple(pipe), check: (d) => nonNeg(d.mean) },
  requestServiceLaw: {
    args: fc.tuple(
      fc.oneof(
        arbStage({ withDistributions: true }),
        fc.tuple(arbLinkSpec({ minSnrDb: 0, maxSnrDb: 40 }), logUniform(1e-2, 20)).map(([l, K]) => {
          const link = rayleighLink(l);
          return transferStage({ linkName: "downlink", bits: K * link.effectiveRate * link.coherenceSeconds, link });
        }),
      ),
    ),
    check: (d, [s]) => { nonNeg(d.sample(rng(1, 0)), "sample"); finiteNum(d.mean, "mean"); expect(d.kind === "rayleighTransfer").toBe(s.kind === "transfer" && s.link.kind === "rayleigh" && !s.distribution); },
    names: ["requestServiceLaw", "rayleighTransferTime"],
    scale: 0.02,
  },
  // requests: small tandems of constant stages (the analysis costs ≈ 0.1–1 s per call).
  responseTimeAnalysis: { args: reqArgs.map(([p, o]) => [p, o]), check: (a) => { prob(a.tail(0).probability); nonNeg(a.quantile(1e-3).seconds); }, scale: 0.02, lenient: ["0.name", "0.stages.*.name"] },
  responseTimeBound: { args: reqArgs, check: (b) => prob(b.probability), scale: 0.02, lenient: ["0.name", "0.stages.*.name"] },
  responseTimeQuantile: { args: reqArgs.map(([p, o]) => [p, o, 1e-3]), check: (q) => nonNeg(q.seconds), scale: 0.02, lenient: ["0.name", "0.stages.*.name"] },
  paradigms: { args: fc.tuple(anyParams), check: (p) => expect(p.terminalOnly.stages.length).toBe(1) },
  paradigmLatencies: { args: fc.tuple(anyParams), check: (t) => [t.collaborative, t.edgeOnly, t.terminalOnly].forEach((x: any) => nonNeg(x.total, "latency")) },
  collaborativeBeatsEdgeOnly: { args: fc.tuple(anyParams), check: checkCondition },
  collaborativeBeatsTerminalOnly: { args: fc.tuple(anyParams), check: checkCondition },
  savings: { args: fc.tuple(anyParams), check: (r) => { expect(r.etaT).toBeLessThanOrEqual(1); prob(r.etaJ >= 0 ? r.etaJ : 0, "η_J"); } },
  fastestParadigm: { args: fc.tuple(anyParams), check: (k) => expect(["collaborative", "edgeOnly", "terminalOnly"]).toContain(k) },
  poissonRequests: { args: fc.tuple(logUniform(1e-6, 1e6)), check: (a) => expect(a.rate).toBeGreaterThan(0) },
  renewalRequests: { args: fc.tuple(dist), check: (a) => { finiteNum(a.rate); expect(a.rate).toBeGreaterThan(0); } },
  mmppRequests: {
    args: fc.tuple(fc.array(logUniform(1e-3, 1e3), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })).map(([rates, s]) => {
      const g = rng(s, 0);
      return [{ rates, switching: rates.map((_, i) => rates.map((__, j) => (i === j ? 0 : 0.01 + 10 * g()))) }];
    }),
    check: (a) => { finiteNum(a.rate); expect(a.rate).toBeGreaterThan(0); a.stationary.forEach((p: number) => prob(p, "π")); },
  },
  onOffRequests: { args: fc.record({ peakRate: logUniform(1e-3, 1e3), meanOn: logUniform(1e-3, 1e3), meanOff: logUniform(1e-3, 1e3) }).map((o) => [o]), check: (a) => { finiteNum(a.rate); expect(a.rate).toBeGreaterThan(0); } },
  cnnSplitPreset: { args: fc.tuple(fc.nat(6), fc.record({ terminalFlopsPerSecond: logUniform(1e9, 1e15), edgeFlopsPerSecond: logUniform(1e9, 1e16), uplinkBitsPerSecond: logUniform(1e3, 1e10) })), check: (p) => expect(p.pipeline.stages.length).toBeGreaterThan(0) },
  scenarioFromJson: {
    args: fc.record({ pathLossDb: fc.double({ min: 60, max: 160, noNaN: true }), lambda: logUniform(1e-3, 1) }).map(({ pathLossDb, lambda }) => [{ extends: "paper", name: "fuzz", link: { pathLossDb }, lambda }]),
    check: (s) => expect(s.params.link.effectiveRate).toBeGreaterThan(0),
  },
  parseScenario: {
    args: fc.record({ pathLossDb: fc.double({ min: 60, max: 160, noNaN: true }) }).map(({ pathLossDb }) => [JSON.stringify({ extends: "paper", name: "fuzz", link: { pathLossDb } })]),
    check: (s) => expect(s.params.link.effectiveRate).toBeGreaterThan(0),
  },
  scenarioToJson: { args: fc.constant([paperScenario]), check: (j) => expect(j.name).toBe("paper") },
  // compare
  // Means only: the delay tail (a response-time analysis per paradigm) is fuzzed through the
  // scenario layer's entries; on arbitrary links a Rayleigh transfer can exceed the request
  // law's stated work limit (a RangeError by design, not a valid-input result).
  compareParadigms: { args: fc.tuple(anyParams, logUniform(1e-6, 10), fc.constant({ tail: false })), scale: 0.2, check: (c) => Object.values(c.paradigms).forEach((q: any) => { nonNeg(q.meanSojourn, "E[T]"); nonNeg(q.rho); }) },
  sojournWinnerSweep: { args: fc.tuple(anyParams, fc.integer({ min: 1, max: 16 })), scale: 0.05, check: (rows) => expect(rows.length).toBeGreaterThan(0) },
  // snc
  poissonArrivals: { args: fc.tuple(fc.oneof(fc.constant(0), logUniform(1e-6, 1e6))), check: (a) => nonNeg(a.meanPerSlot) },
  exponentialArrivals: { args: fc.tuple(logUniform(1e-3, 1e3)), check: (a) => nonNeg(a.meanPerSlot) },
  bernoulliArrivals: { args: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), logUniform(1e-3, 1e3)), check: (a) => nonNeg(a.meanPerSlot) },
  iidArrivals: { args: fc.tuple(logUniform(1e-3, 10).map((l) => (t: number) => l * Math.expm1(t)), fc.constant({ mean: 1 })), check: (a) => expect(a.rho(0.1)).not.toBeNaN(), lenient: ["1.mean"] },
  markovModulated: {
    args: fc.tuple(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), logUniform(1e-3, 10)).map(([a, b, r]) => [{ transition: [[1 - a, a], [b, 1 - b]], rates: [0, r] }]),
    check: (a) => nonNeg(a.meanPerSlot),
  },
  markovOnOff: {
    args: fc.record({ pOnOff: fc.double({ min: 0.01, max: 0.99, noNaN: true }), pOffOn: fc.double({ min: 0.01, max: 0.99, noNaN: true }), peak: logUniform(1e-3, 10) }).map((o) => [o]),
    check: (a) => nonNeg(a.meanPerSlot),
  },
  constantService: { args: fc.tuple(fc.oneof(fc.constant(0), logUniform(1e-6, 1e6)), fc.record({ floor: fc.boolean() })), check: (s) => nonNeg(s.meanPerSlot) },
  rayleighService: { args: fc.tuple(arbLinkSpec({ hard: true }), logUniform(1e-3, 1), logUniform(1e2, 1e8), fc.boolean()).map(([l, slotSeconds, bitsPerRequest]) => [{ link: rayleighLink(l), slotSeconds, bitsPerRequest }]),
    scale: 0.2,
    check: (sv) => { nonNeg(sv.meanPerSlot); expect(sv.logMgfNeg(0.1)).toBeLessThanOrEqual(0); },
  },
  iidService: { args: fc.tuple(logUniform(1e-3, 10).map((c) => (t: number) => -c * t), fc.constant({ mean: 1 })), check: (s) => nonNeg(s.meanPerSlot), lenient: ["1.mean"] },
  tandem: { args: fc.array(logUniform(1e-3, 1e3).map((c) => constantService(c)), { minLength: 1, maxLength: 50 }), check: (t) => expect(t.stages.length).toBeGreaterThan(0) },
  pipelineService: { args: fc.tuple(arbPipeline({ hard: true }), fc.record({ slotSeconds: logUniform(1e-3, 10) })), check: (t) => expect(t.stages.length).toBeGreaterThan(0) },
  delayBound: { args: fc.tuple(sncSystem, fc.nat(200), sncForm).map(([s, T, o]) => [s.arrivals, s.service, T, o]), scale: 0.02, check: checkBound },
  delayBoundCurve: { args: fc.tuple(sncSystem, fc.array(fc.nat(200), { minLength: 1, maxLength: 5 }), sncForm).map(([s, T, o]) => [s.arrivals, s.service, T, o]), scale: 0.02, check: (rs) => rs.forEach(checkBound) },
  delayQuantile: { args: fc.tuple(sncSystem, logUniform(1e-9, 0.5), sncForm).map(([s, e, o]) => [s.arrivals, s.service, e, o]), scale: 0.01, check: (r) => nonNeg(r.delaySlots, "quantile") },
  backlogBound: { args: fc.tuple(sncSystem, logUniform(1e-3, 1e4), sncForm).map(([s, b, o]) => [s.arrivals, s.service, b, o]), scale: 0.02, check: checkBound },
  backlogQuantile: { args: fc.tuple(sncSystem, logUniform(1e-9, 0.5)).map(([s, e]) => [s.arrivals, s.service, e]), scale: 0.01, check: (r) => {
    // A stable system has a finite backlog quantile at a θ > 0; an unstable one says so (∞, θ = 0).
    if (r.stable) { finiteNum(r.backlog, "backlog"); nonNeg(r.backlog, "backlog"); expect(r.theta).toBeGreaterThan(0); }
    else { expect(r.backlog).toBe(Infinity); expect(r.theta).toBe(0); }
  } },
  sncStability: { args: fc.tuple(logUniform(1e-6, 1e3), arbPipeline()), check: (r) => { nonNeg(r.rhoTot); expect(typeof r.stable).toBe("boolean"); } },
  // scores
  normalize: { args: matrix.map(({ matrix, criteria }) => [matrix, criteria]), check: (r) => r.forEach((row: number[]) => row.forEach((x) => prob(x, "normalized"))) },
  weightedSum: { args: matrix.map(({ matrix, criteria }) => [matrix, criteria]), check: checkScores },
  topsis: { args: matrix.map(({ matrix, criteria }) => [matrix, criteria]), check: checkScores },
  presetWeights: { args: fc.tuple(fc.constantFrom("realTime", "offline", "balanced"), fc.uniqueArray(fc.constantFrom("latency", "energy", "quality", "bandwidth", "compute", "storage", "reliability"), { minLength: 1 })), check: (w) => w.forEach((x: number) => prob(x, "weight")) },
  entropyWeights: { args: matrix.map(({ matrix }) => [matrix]), check: (w) => w.forEach((x: number) => prob(x, "weight")) },
  criticWeights: { args: matrix.map(({ matrix, criteria }) => [matrix, criteria]), check: (w) => w.forEach((x: number) => prob(x, "weight")) },
  rankRobustness: { args: fc.tuple(matrix, seed).map(([m, s]) => [m.matrix, m.criteria, { samples: 200, seed: s }]), scale: 0.05, check: (r, [m]) => {
    expect(r.probabilityFirst.length).toBe(m.length);
    r.probabilityFirst.forEach((p: number) => prob(p, "P(first)"));
    expect(Math.abs(r.probabilityFirst.reduce((a: number, b: number) => a + b, 0) - 1)).toBeLessThan(1e-9);
    expect(r.top >= 0 && r.top < m.length).toBe(true);
  } },
  criticalWeightChange: { args: matrix.map(({ matrix, criteria }) => [matrix, criteria]), scale: 0.05, check: (r, [m, c]) => {
    expect(r.top >= 0 && r.top < m.length).toBe(true);
    expect(typeof r.flips).toBe("boolean");
    // Either no weight change flips the top alternative, or the named criterion's change does, to a valid weight vector.
    if (r.flips) {
      expect(r.criterionName).toBe(c[r.criterion].name ?? "");
      finiteNum(r.delta, "delta");
      r.weights.forEach((w: number) => prob(w, "weight"));
      expect(r.challenger).not.toBe(r.top);
    } else {
      expect([r.criterion, r.challenger, r.delta, r.weights.length]).toEqual([-1, -1, Infinity, 0]);
    }
  } },
  designMetrics: { args: fc.tuple(arbPipeline(), fc.record({ lambda: logUniform(1e-6, 10) })), scale: 0.2, check: (r, [, o]) => {
    nonNeg(r.latency.meanService, "mean service");
    expect(r.latency.rho).toBeCloseTo(o.lambda * r.latency.meanService, 9);
    expect(r.latency.stable).toBe(r.latency.rho < 1);
    // Mean sojourn ≥ mean service when stable; +∞ when not (a result, not an exception).
    if (r.latency.stable) expect(r.latency.meanSojourn).toBeGreaterThanOrEqual(r.latency.meanService);
    else expect(r.latency.meanSojourn).toBe(Infinity);
    nonNeg(r.bandwidthBits, "bandwidth");
  } },
  illustrativeQuality: { args: fc.record({ priorSteps: fc.nat(1000), decoderSteps: fc.nat(1000) }).map((s) => [s]), check: (q) => prob(q, "quality") },
  scoreParadigms: { args: fc.tuple(arbParadigmParams(), logUniform(1e-3, 1)).map(([params, lambda]) => [{ params, lambda }]), scale: 0.05, check: (r) => {
    expect(r.alternatives.length).toBeGreaterThanOrEqual(3);
    expect(r.ranking.every((i: number) => i >= 0 && i < r.alternatives.length)).toBe(true);
    expect(new Set(r.ranking).size).toBe(r.ranking.length);
  } },
  sncDelayEngine: { args: fc.tuple(logUniform(1e-3, 1), fc.nat(100)).map(([slotSeconds, deadline]) => [{ slotSeconds, deadline }]), check: (e) => expect(typeof e).toBe("function") },
  // util (root re-exports)
  logAddExp: { args: fc.tuple(fc.double({ min: -1e6, max: 700, noNaN: true }), fc.double({ min: -1e6, max: 700, noNaN: true })), check: (x) => expect(x).not.toBeNaN() },
  logSumExp: { args: fc.tuple(fc.array(fc.double({ min: -1e6, max: 700, noNaN: true }), { minLength: 1, maxLength: 20 })), check: (x) => expect(x).not.toBeNaN() },
  log1mExp: { args: fc.tuple(fc.double({ min: -1e6, max: -1e-300, noNaN: true })), check: (x) => expect(x).not.toBeNaN() },
  logSubExp: { args: fc.tuple(fc.double({ min: -1e6, max: 700, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true })).map(([a, d]) => [a, a - d]), check: (x) => expect(x).not.toBeNaN() },
  // sim (edgecalc/sim)
  simulateMG1: {
    args: fc.tuple(arbDistribution({ kinds: ["deterministic", "exponential", "erlang", "hyperexponential"] }), arbLoad(), seed).map(([d, rho, s]) => [{ lambda: rho / d.mean, service: d, customers: 2000, seed: s, tails: [d.mean] }]),
    scale: 0.005,
    check: (r) => { nonNeg(r.wait.value, "E[W] estimate"); r.waitTails.forEach((t: any) => prob(t.value)); },
  },
  simulateSlotted: {
    args: fc.tuple(arbLoad(), logUniform(0.5, 10), seed).map(([rho, c, s]) => [{ arrivals: poissonArrivals(rho * c), stages: [constantService(c)], slots: 2000, delays: [0, 3], seed: s }]),
    scale: 0.005,
    check: (r) => r.endToEnd.forEach((v: any) => prob(v.value, "violation frequency")),
  },
  simulateRequests: {
    args: fc
      .tuple(arbDistribution({ kinds: ["deterministic", "exponential", "erlang", "hyperexponential"] }), arbLoad(), fc.constantFrom<ResourceSpec | undefined>(undefined, "dedicated", { servers: 2 }), fc.boolean(), seed)
      .map(([d, rho, resource, onOff, s]) => {
        const p = pipeline("p", [
          computeStage({ node: "a", flops: 1, flopsPerSecond: 1, distribution: d }),
          computeStage({ node: "b", flops: 1, flopsPerSecond: 1, distribution: d, resource }),
        ]);
        const lambda = rho / d.mean;
        const arrivals = onOff ? onOffRequests({ peakRate: 2 * lambda, meanOn: 10 * d.mean, meanOff: 10 * d.mean }) : undefined;
        return [{ pipeline: p, ...(onOff ? { arrivals } : { lambda }), requests: 2000, seed: s, times: [d.mean], quantiles: [0.1] }];
      }),
    scale: 0.005,
    check: (r) => {
      expect(typeof r.stable).toBe("boolean");
      r.endToEnd.tails.forEach((t: any) => prob(t.value, "P(T > t)"));
      if (r.stable) nonNeg(r.endToEnd.mean.value, "E[T]");
    },
  },
  capacityFigure: {
    // A one-stage design (few leaves to corrupt: each valid call is a bisection of bounds).
    args: fc.tuple(fc.double({ min: 1e-4, max: 0.1, noNaN: true }), fc.double({ min: 0.05, max: 0.9, noNaN: true })).map(([e, s]) => [
      [{ name: "d", description: "", pipeline: pipeline("p", [computeStage({ node: "a", flops: s, flopsPerSecond: 1 })]), lambda: 0.5, deadline: 5, values: [] }],
      { points: 2, epsilon: e },
    ]),
    lenient: ["0.0.description", "0.0.values", "0.0.pipeline.name", "0.0.pipeline.stages.*.name"],
    scale: 0.01,
    check: (f) => expect(f.data.length).toBe(3),
  },
  parseGraphScenario: {
    args: fc.tuple(fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.integer({ min: 1, max: 4 })).map(([x, b]) => [
      JSON.stringify({ lambda: 1, deadline: 5, pipeline: { stages: [{ kind: "parallel", branches: [[{ kind: "compute", node: "a", flops: x, flopsPerSecond: 1 }], [{ kind: "batch", node: "b", maxBatch: b, time: Array.from({ length: b }, (_, i) => x * (i + 1)) }]] }] } }),
    ]),
    check: (s) => expect(s.pipeline.stages[0].kind).toBe("parallel"),
  },
  maxThroughput: {
    args: fc
      .tuple(arbDistribution({ kinds: ["deterministic", "exponential"] }), fc.double({ min: 2, max: 20, noNaN: true }), fc.double({ min: 1e-4, max: 0.1, noNaN: true }))
      .map(([d, k, e]) => [pipeline("p", [computeStage({ node: "a", flops: 1, flopsPerSecond: 1, distribution: d })]), { deadline: k * d.mean, epsilon: e, tolerance: 0.05 }]),
    scale: 0.02,
    check: (r) => {
      expect(r.lambda >= 0 && r.lambda <= r.stabilityLimit, `capacity ${r.lambda} outside [0, ${r.stabilityLimit}]`).toBe(true);
      if (r.lambda > 0) expect(r.probability).toBeLessThanOrEqual(r.epsilon);
    },
  },
  importanceSampleWaitTail: {
    args: fc.tuple(fc.constantFrom(exponential(1), hyperexponential([0.8, 0.2], [0.5, 3]), deterministic(1)), arbLoad(), logUniform(0.1, 100), seed).map(([d, rho, t, s]) => [{ lambda: rho / d.mean, service: d, t, samples: 200, seed: s }]),
    scale: 0.01,
    check: (r) => prob(r.value),
  },
  lundbergExponent: { args: fc.tuple(dist, arbLoad()).map(([d, rho]) => [rho / d.mean, d]), scale: 0.2, check: (k) => expect(k).not.toBeNaN() },
  // testing (edgecalc/testing): arbitrary factories return arbitraries; law factories return laws
  logUniform: { args: fc.tuple(logUniform(1e-300, 1), logUniform(1, 1e300)), check: (a) => expect(typeof a.generate).toBe("function") },
  arbDistribution: { args: fc.tuple(fc.record({ hard: fc.boolean() })), check: (a) => expect(typeof a.generate).toBe("function") },
  arbLoad: { args: fc.tuple(fc.record({ hard: fc.boolean() })), check: (a) => expect(typeof a.generate).toBe("function"), lenient: ["0.hard"] },
  arbLinkSpec: { args: fc.tuple(fc.record({ hard: fc.boolean() })), check: (a) => expect(typeof a.generate).toBe("function"), lenient: ["0.hard"] },
  arbLink: { args: fc.constant([{}]), check: (a) => expect(typeof a.generate).toBe("function") },
  arbComputeStage: { args: fc.tuple(fc.record({ withDistributions: fc.boolean() })), check: (a) => expect(typeof a.generate).toBe("function"), lenient: ["0.withDistributions"] },
  arbTransferStage: { args: fc.constant([{}]), check: (a) => expect(typeof a.generate).toBe("function") },
  arbStage: { args: fc.constant([{}]), check: (a) => expect(typeof a.generate).toBe("function") },
  arbPipeline: { args: fc.tuple(fc.record({ hard: fc.boolean() })), check: (a) => expect(typeof a.generate).toBe("function"), lenient: ["0.hard"] },
  arbParadigmParams: { args: fc.tuple(fc.record({ range: fc.constantFrom("table3", "wide") })), check: (a) => expect(typeof a.generate).toBe("function") },
  arbScenario: { args: fc.tuple(fc.record({ hard: fc.boolean() })), check: (a) => expect(typeof a.generate).toBe("function"), lenient: ["0.hard"] },
  arbDominatedDecision: { args: fc.constant([]), check: (a) => expect(typeof a.generate).toBe("function"), anyInput: "takes no arguments" },
  arbRayleighLink: { args: fc.tuple(fc.record({ hard: fc.boolean() })), check: (a) => expect(typeof a.generate).toBe("function"), lenient: ["0.hard"] },
  lawCheck: { args: fc.tuple(fc.constant(true), fc.constant(() => "never")), check: (x) => expect(x).toBeUndefined(), anyInput: "an assertion helper: any truthy/falsy input is meaningful" },
  LawViolation: { args: fc.constant([]), construct: true, anyInput: "an Error subclass: any message is valid", check: (e) => expect(e).toBeInstanceOf(Error) },
  distributionLaws: { args: fc.tuple(dist), scale: 0.1, check: (laws) => expect(laws.length).toBeGreaterThan(5) },
  boundLaws: { args: fc.constant([{ bound: () => 0.5, deadlines: [0, 1], loads: [0, 1] }]), check: (laws) => expect(laws.length).toBe(3) },
  comparisonLaws: { args: fc.constant([{}]), check: (laws) => expect(laws.length).toBe(4) },
  checkLaws: { args: dist.map((d) => [distributionLaws(d, { skipSampler: true }), { numRuns: 2 }]), scale: 0.01, check: (r) => expect(r.laws.every((l: any) => l.holds)).toBe(true) },
  assertLaws: { args: dist.map((d) => [distributionLaws(d, { skipSampler: true }), { numRuns: 2 }]), scale: 0.01, check: (r) => expect(r.laws.length).toBeGreaterThan(0) },
  formatLawReport: { args: fc.constant([{ laws: [{ name: "x", holds: false, runs: 1, counterexample: "c" }] }]), check: (s) => expect(s).toMatch(/✗ x/) },
  formatVerifyReport: { args: fc.constant([{ scenario: "s", laws: [] }]), check: (s) => expect(s).toMatch(/scenario "s"/) },
  verifyScenario: {
    args: fc.tuple(arbParadigmParams(), arbLoad()).map(([params, rho]) => [{ params, lambda: rho * 0.1 }, { numRuns: 3 }]),
    scale: 0.002,
    check: (r) => expect(r.laws.length).toBeGreaterThan(10),
  },
  // plot (edgecalc/plot)
  baseLayout: { args: fc.tuple(fc.string({ maxLength: 8 }), axisSpec, axisSpec), check: (l, [, x, y]) => {
    expect(l.xaxis.type === "log").toBe(x.log === true);
    expect(l.yaxis.type === "log").toBe(y.log === true);
  } },
  axis: { args: fc.tuple(axisSpec), check: (a, [s]) => {
    expect(typeof a.title.text).toBe("string");
    expect(a.type === "log").toBe(s.log === true);
    if (s.range) expect(a.range).toEqual([...s.range]);
  } },
  meanSojournFigure: { args: fc.tuple(scen, fc.record({ points: fc.integer({ min: 1, max: 8 }) })), scale: 0.05, check: checkFigure },
  regionWinners: {
    args: fc.tuple(scen, fc.nat(30)).map(([s, k]) => [s.params, s.lambda, s.slotSeconds, k]),
    scale: 0.05,
    check: (w) => Object.values(w).forEach((k) => expect([null, "collaborative", "edgeOnly", "terminalOnly"]).toContain(k)),
  },
  regionMapFigure: { args: scenWithLink.chain((s) => fc.tuple(fc.constant(s), fc.record({ points: fc.integer({ min: 1, max: 2 }), delayPoints: fc.constant(1), deadlineSeconds: deadline(s), model: fc.constant("fluid") }))), scale: 0.005, check: checkFigure },
  delayGrid: {
    args: scen.chain((s) => fc.tuple(fc.constant("delayGrid"), fc.constant(s), gridOpts(s))),
    scale: 0.05,
    check: (d) => d.forEach((t: number, i: number) => expect(Number.isSafeInteger(t) && (i === 0 || t > d[i - 1])).toBe(true)),
  },
  // Loads ≤ 0.45 of the collaborative limit: delayQuantile takes seconds per call near ρ → 1
  // (the snc row of docs/robustness.md), and quantileDeadline calls it three times.
  quantileDeadline: { args: fc.tuple(scen.map((s) => ({ ...s, lambda: 0.45 * s.lambda })), logUniform(1e-6, 0.5)), scale: 0.005, check: (t) => { finiteNum(t, "deadline"); nonNeg(t, "deadline"); } },
  // It reads λ and Δ only (a scenario qualifies): the fuzz gives it just those.
  scenarioArrivals: { args: fc.tuple(scen.map(({ lambda, slotSeconds }) => ({ lambda, slotSeconds }))), scale: 0.1, check: (a) => nonNeg(a.meanPerSlot) },
  // scenario layer (root): seconds ↔ slots, a scenario's arrivals/services, analyses in seconds.
  // Loads ≤ 0.45 of the collaborative limit for the bounds, as quantileDeadline's entry says.
  deadlineSlots: { args: fc.tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), logUniform(1e-3, 10)), check: (k) => expect(Number.isSafeInteger(k) && k >= 0).toBe(true) },
  coveringSlots: { args: fc.tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), logUniform(1e-3, 10)), check: (k) => expect(Number.isSafeInteger(k) && k >= 0).toBe(true) },
  slotsToSeconds: { args: fc.tuple(fc.nat(1e6), logUniform(1e-3, 10)), check: (t) => { finiteNum(t); nonNeg(t); } },
  scenarioService: { args: fc.tuple(arbPipeline({ hard: true }), load), check: (t) => expect(t.stages.length).toBeGreaterThan(0) },
  pipelineMg1: { args: fc.tuple(arbPipeline(), logUniform(1e-6, 10)), scale: 0.2, check: (q) => { nonNeg(q.rho, "ρ"); expect(q.stable).toBe(q.rho < 1); } },
  meanLatency: { args: fc.tuple(arbPipeline()), check: (t) => nonNeg(t, "latency") },
  violationBound: { args: calmScen.chain((s) => fc.tuple(fc.constant(paradigms(s.params).collaborative), fc.constant(s), deadline(s))), scale: 0.01, check: checkViolation },
  violationBoundCurve: {
    args: calmScen.chain((s) => fc.tuple(fc.constant(paradigms(s.params).edgeOnly), fc.constant(s), fc.array(deadline(s), { minLength: 1, maxLength: 4 }))),
    scale: 0.01,
    check: (rs) => rs.forEach(checkViolation),
  },
  violationQuantile: { args: calmScen.chain((s) => fc.tuple(fc.constant(paradigms(s.params).collaborative), fc.constant(s), logUniform(1e-6, 0.5))), scale: 0.005, check: (q) => nonNeg(q.seconds, "quantile") },
  simulateDelays: {
    args: calmScen.chain((s) => fc.tuple(fc.constant(paradigms(s.params).collaborative), fc.constant(s), fc.oneof(fc.record({ deadlines: fc.array(deadline(s), { minLength: 1, maxLength: 3 }), requests: fc.constant(2000), seed }), fc.record({ model: fc.constant("fluid"), deadlines: fc.array(deadline(s), { minLength: 1, maxLength: 3 }), slots: fc.constant(1000), seed })))),
    scale: 0.005,
    check: (r) => r.endToEnd.forEach((e: any) => prob(e.value, "violation frequency")),
  },
  perParadigm: { args: fc.tuple(scen.map(({ params }) => ({ params })), fc.constant((p: { stages: unknown[] }) => p.stages.length)), check: (r) => expect(r.terminalOnly).toBe(1) },
  paradigmMeanLatencies: { args: fc.tuple(scen.map(({ params }) => ({ params }))), scale: 0.2, check: (r) => Object.values(r).forEach((t) => nonNeg(t as number, "latency")) },
  paradigmMg1: { args: fc.tuple(scen.map(({ params, lambda }) => ({ params, lambda }))), scale: 0.1, check: (r) => Object.values(r).forEach((q: any) => nonNeg(q.rho, "ρ")) },
  paradigmViolations: { args: calmScen.chain((s) => fc.tuple(fc.constant(s), deadline(s))), scale: 0.005, check: (r) => Object.values(r).forEach(checkViolation) },
  paradigmQuantiles: { args: fc.tuple(calmScen, logUniform(1e-6, 0.5)), scale: 0.005, check: (r) => Object.values(r).forEach((q: any) => nonNeg(q.seconds, "quantile")) },
  simulationTrace: {
    args: fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(fc.string({ maxLength: 6 }), xsArb(n), intervals(n), fc.constant("#000000"), fc.constantFrom("circle-open", "x"))),
    check: (t) => finiteTraceNumbers(t, "trace"),
  },
  boundTrace: {
    args: fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(fc.string({ maxLength: 6 }), xsArb(n), probs(n), fc.constant("#000000"), fc.constantFrom("solid", "dash"))),
    check: (t) => finiteTraceNumbers(t, "trace"),
  },
  paradigmBoundsFigure: { args: scen.chain((s) => fc.tuple(fc.constant(s), gridOpts(s))), scale: 0.01, check: checkFigure },
  stageViolationFigure: {
    args: scen.chain((s) => fc.tuple(fc.constant(s), gridOpts(s).map((g) => ({ ...g, slots: 1000, requests: 2000, simulatedPoints: 3, seed: 1 })))),
    scale: 0.005,
    check: checkFigure,
  },
  delayModelsFigure: {
    args: scen.chain((s) => fc.tuple(fc.constant(s), fc.tuple(gridOpts(s), fc.constantFrom("collaborative", "edgeOnly", "terminalOnly")).map(([g, paradigm]) => ({ ...g, paradigm, requests: 2000, slots: 1000, seed: 2 })))),
    scale: 0.005,
    check: checkFigure,
  },
  tightnessFigure: {
    args: scen.chain((s) => fc.tuple(fc.constant(s), fc.tuple(gridOpts(s), fc.constantFrom("collaborative", "edgeOnly", "terminalOnly")).map(([g, paradigm]) => ({ ...g, paradigm, customers: 1000, slots: 1000, seed: 2 })))),
    scale: 0.005,
    check: checkFigure,
  },
  qualityMapFigure: { args: fc.tuple(scen, fc.record({ maxPriorSteps: fc.nat(6), maxDecoderSteps: fc.nat(4) })), scale: 0.2, check: checkFigure },
  qualityBoundFigure: {
    args: scen.chain((s) => fc.tuple(fc.constant(s), fc.record({ maxPriorSteps: fc.nat(4), maxDecoderSteps: fc.nat(2), priorStep: fc.integer({ min: 1, max: 3 }), deadlineSeconds: deadline(s) }))),
    scale: 0.01,
    check: checkFigure,
  },
  scoreBreakdownFigure: { args: fc.tuple(scen), scale: 0.005, check: checkFigure },
  figureToCsv: { args: fc.tuple(figureArb), scale: 0.25, check: (t) => expect(t.split("\n")[0]).toBe("prior_steps,decoder_steps,quality"), lenient: ["0\\.layout(\\..*)?", "0\\.data(\\..*)?"] },
  figureToHtml: { args: fc.tuple(figureArb, fc.constant("/* fake plotly */")), scale: 0.25, check: (h) => expect(h.startsWith("<!doctype html>")).toBe(true), lenient: ["0\\.layout(\\..*)?", "0\\.table(\\..*)?", "0\\.id"] },
};
