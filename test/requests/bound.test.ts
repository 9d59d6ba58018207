/**
 * Request-level response time (docs/model.md §9.3–9.4): exact cases against an mpmath
 * generator, every bound against simulateRequests, the tightness targets of the issue,
 * laws as properties, errors.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rayleighLink } from "../../src/channel/index.js";
import { deterministic, erlang, exponential, gammaDistribution } from "../../src/distributions/index.js";
import { mg1 } from "../../src/queueing/index.js";
import {
  computeStage,
  constantRateLink,
  onOffRequests,
  paperScenario,
  paradigms,
  pipeline,
  poissonRequests,
  renewalRequests,
  transferStage,
  type ComputeStage,
  type Pipeline,
} from "../../src/pipeline/index.js";
import { responseTimeAnalysis, responseTimeBound, responseTimeQuantile } from "../../src/requests/index.js";
import { rng } from "../../src/random/index.js";
import { simulateRequests } from "../../src/sim/index.js";
import { probabilityEstimate } from "../../src/sim/stats.js";
import { expectRel, fixture } from "../helpers.js";

const base = paperScenario.params;
const link = (pl: number) => rayleighLink({ ...paperScenario.linkSpec, pathLossDb: pl });
const paper = (pl: number, fue: number, extra = {}) => paradigms({ ...base, terminalFlops: fue, link: link(pl), ...extra });
const collab = paper(120, 60e12).collaborative;
const [edge, downlink, terminal] = collab.stages;
const EDGE = 0.9026; // (0.194 + 20·6.7598)e12 / 150e12 s

describe("exact cases (mpmath generator, test/fixtures/requests)", () => {
  const fx = fixture<{ tools: object; cases: { name: string; tails: { t: number; value: number }[]; quantiles: { epsilon: number; seconds: number }[] }[] }>(
    "requests/requests.json",
  );
  const edgeStage = computeStage({ name: "edge", node: "edge", flops: EDGE * 150e12, flopsPerSecond: 150e12 });
  const pipes: Record<string, Pipeline> = {
    // M/D/1, a constant shared stage no slower (0.137 s) and a constant dedicated one (0.05 s).
    "md1-shift": pipeline("shift", [
      edgeStage,
      computeStage({ node: "t", flops: 0.137, flopsPerSecond: 1 }),
      computeStage({ node: "u", flops: 0.05, flopsPerSecond: 1, resource: "dedicated" }),
    ]),
    // M/D/1, a constant 0.03 s transfer, then each user's own terminal with gamma time.
    "md1-gamma-dedicated": pipeline("gamma", [
      edgeStage,
      transferStage({ linkName: "dl", bits: 0.03e9, link: constantRateLink(1e9) }),
      computeStage({ node: "t", flops: 8.2154e12, flopsPerSecond: 15e12, distribution: gammaDistribution(2, 8.2154e12 / 15e12), resource: "dedicated" }),
    ]),
    // Each user's own random uplink first: the edge still sees Poisson arrivals.
    "exp-prefix-md1": pipeline("prefix", [
      computeStage({ node: "u", flops: 1, flopsPerSecond: 1, distribution: exponential(0.2), resource: "dedicated" }),
      edgeStage,
      computeStage({ node: "t", flops: 0.137, flopsPerSecond: 1, resource: "dedicated" }),
    ]),
  };
  for (const c of fx.cases) {
    it(`${c.name}: P(T > t) and quantiles, exact: true, never below the reference`, () => {
      const a = responseTimeAnalysis(pipes[c.name], { lambda: 0.5 });
      expect(a.exact).toBe(true);
      expect(a.methods).toEqual(["exact"]);
      // Closed form (shift only): mg1's M/D/1 tail (its series, ≤ 1e-7 relative down to
      // 1e-6). With a random part: its grid law rounded up by ≤ one step h ≈ 2.4e-4 s, a
      // relative error ≤ κh·(1 + …) ≈ 2e-3, on the high side.
      const tol = a.gridSeconds === 0 ? 1e-7 : 3e-3;
      for (const { t, value } of c.tails) {
        const got = responseTimeBound(pipes[c.name], { lambda: 0.5 }, t).probability;
        expectRel(got, value, tol, { case: c.name, t, mpmath: fx.tools });
        expect(got).toBeGreaterThanOrEqual(value * (1 - 1e-8));
      }
      for (const { epsilon, seconds } of c.quantiles) {
        const got = responseTimeQuantile(pipes[c.name], { lambda: 0.5 }, epsilon).seconds;
        expectRel(got, seconds, a.gridSeconds === 0 ? 1e-7 : 1e-3, { case: c.name, epsilon });
        expect(got).toBeGreaterThanOrEqual(seconds * (1 - 1e-8));
      }
    });
  }

  it("one shared stage is M/G/1 (mg1's sojourn tail); unstable pipelines are a result", () => {
    const p = pipeline("one", [computeStage({ node: "e", flops: 1, flopsPerSecond: 1, distribution: erlang(3, 1) })]);
    const q = mg1(0.6, erlang(3, 1));
    for (const t of [0.5, 2, 5, 12]) expect(responseTimeBound(p, { lambda: 0.6 }, t).probability).toBe(q.sojournTail(t));
    // The same quantile to the bisections' widths (1e-12 here, mg1's 1e-12), and consistent.
    const got = responseTimeQuantile(p, { lambda: 0.6 }, 1e-4).seconds;
    expectRel(got, q.sojournQuantile(1 - 1e-4), 1e-10, "M/E3/1 quantile");
    expect(responseTimeBound(p, { lambda: 0.6 }, got).probability).toBeLessThanOrEqual(1e-4);
    const u = responseTimeBound(p, { lambda: 1 }, 3);
    expect(u).toMatchObject({ stable: false, probability: 1, method: "unstable", exact: true });
    expect(u.utilisation).toBeCloseTo(1, 12);
    expect(responseTimeQuantile(p, { lambda: 2 }, 0.5).seconds).toBe(Infinity);
  });
});

describe("bounds above simulateRequests (≥ 8 configurations)", () => {
  // At the delays where the bound says 1e-1, 1e-2 and 1e-3, against 95 % intervals of a
  // seeded run of 10^6 requests. A valid bound may not lie below the lower limit (that would reject it at
  // 97.5 %). Bounds with slack (Chernoff sums, Kingman's and the martingale's exponential
  // tails, the one-server comparison for c servers, the union split) must lie above the
  // upper limit. The head route on the paper's pipelines is within grid rounding of the
  // truth (≈ 0.5 % at 1e-1, ≈ 2 % at 1e-3): inside the interval is what a near-exact value
  // looks like, so there the check is the lower limit ("near-exact"), and the tightness
  // block below bounds it from above.
  const st = collab.stages;
  type Config = { name: string; p: Pipeline; o: Parameters<typeof responseTimeAnalysis>[1]; method: string; check: "upper" | "near-exact" | "exact" };
  const configs: Config[] = [
    { name: "collaborative, PL 120 dB, f_UE 60", p: collab, o: { lambda: 0.5 }, method: "head", check: "near-exact" },
    { name: "edge-only, PL 90 dB", p: paper(90, 15e12).edgeOnly, o: { lambda: 0.5 }, method: "head", check: "near-exact" },
    { name: "collaborative, PL 135 dB (≈ 25 coherence intervals per latent)", p: paper(135, 60e12).collaborative, o: { lambda: 0.5 }, method: "head", check: "near-exact" },
    { name: "Markov on–off arrivals", p: collab, o: { arrivals: onOffRequests({ peakRate: 1.5, meanOn: 5, meanOff: 10 }) }, method: "head", check: "upper" },
    { name: "2-server edge, λ = 1.6", p: pipeline("2 GPUs", [computeStage({ ...(edge as ComputeStage), resource: { servers: 2 } }), downlink, terminal]), o: { lambda: 1.6 }, method: "head", check: "upper" },
    { name: "Rayleigh uplink PL 130 dB shared first (bottleneck downstream)", p: pipeline("uplink", [transferStage({ name: "uplink", linkName: "uplink", bits: 1e6, link: link(130) }), st[0], st[1]]), o: { lambda: 0.5 }, method: "split", check: "upper" },
    { name: "gamma bottleneck after a constant stage", p: pipeline("later", [computeStage({ node: "a", flops: 0.2, flopsPerSecond: 1 }), computeStage({ node: "b", flops: 0.32, flopsPerSecond: 1, distribution: gammaDistribution(1 / 1.5, 0.32) })]), o: { lambda: 2.5 }, method: "split", check: "upper" },
    { name: "gamma edge (scv 1/2)", p: paper(120, 60e12, { edgeScv: 0.5 }).collaborative, o: { lambda: 0.5 }, method: "head-split", check: "upper" },
    { name: "Erlang-4 renewal arrivals", p: collab, o: { arrivals: renewalRequests(erlang(4, 2)) }, method: "head", check: "upper" },
    { name: "dedicated Rayleigh uplink PL 130 dB, then shared", p: pipeline("own uplink", [transferStage({ name: "uplink", linkName: "uplink", bits: 1e6, link: link(130), resource: "dedicated" }), st[0], st[1]]), o: { lambda: 0.5 }, method: "head", check: "near-exact" },
    { name: "multi-user: dedicated terminals, constant downlink", p: pipeline("mu", [st[0], transferStage({ linkName: "dl", bits: 1.0486e6, link: constantRateLink(31.8e6) }), computeStage({ ...(terminal as ComputeStage), resource: "dedicated" })]), o: { lambda: 0.5 }, method: "exact", check: "exact" },
  ];
  for (const c of configs) {
    it(`${c.name} (${c.check})`, async () => {
      const a = responseTimeAnalysis(c.p, c.o);
      expect(a.exact).toBe(c.check === "exact");
      const ts = [1e-1, 1e-2, 1e-3].map((e) => a.quantile(e).seconds);
      // An exact value is checked two-sided, at 99.9 % (three delays: a 95 % interval would miss
      // a correct value one run in seven).
      const confidence = c.check === "exact" ? 0.999 : 0.95;
      const sim = await simulateRequests({ pipeline: c.p, ...c.o, requests: 1_000_000, seed: 11, times: ts, quantiles: [], confidence });
      sim.endToEnd.tails.forEach((s) => {
        const b = a.tail(s.t);
        const what = `${c.name} t=${s.t}: bound ${b.probability} (${b.method}) vs simulated ${s.value} [${s.lower}, ${s.upper}]`;
        expect(b.method, what).toBe(c.method);
        expect(b.probability, what).toBeGreaterThanOrEqual(c.check === "upper" ? s.upper : s.lower);
        if (c.check === "exact") expect(b.probability, what).toBeLessThanOrEqual(s.upper);
      });
    }, 600_000);
  }
});

describe("head route on the near-exact configurations: pathwise dominance and the law of the dominating variable", () => {
  // The simulation cannot tell these bounds from the truth (their slack is inside its
  // interval), so the argument they rest on is checked instead (docs/model.md §9.4, Head):
  // on every simulated request, T_n ≤ D_n := U_n + W¹_n + S¹_n + R̃_n (U the dedicated
  // stages before the first shared one, W¹ and S¹ its wait and service, R̃ the later stages'
  // response when fed at spacing s₁, stage 1's minimum service, with the same services),
  // and the law the bound computes for D agrees with the empirical law of D from the same
  // sample paths, two-sided, at 99.9 % (twelve comparisons; a 95 % interval would reject a
  // correct value one run in two). The computed law sits above D's by its grid rounding,
  // which is conservative by construction (+1.1–1.4 % at 3·10⁻², +1.4–1.7 % at 10⁻³
  // against the exact law of the same sum with the later stages made dedicated; +2.5 % at
  // 3·10⁻² and +2.9 % at 10⁻³ with a dedicated Rayleigh uplink in front, whose transfer law
  // is rounded up too), so the upper side allows that stated rounding with room: at most
  // 6 % above the interval.
  //
  // The recursion is written here, independently of simulateRequests: per request, Poisson
  // arrival A, the dedicated prefix's time U, arrival at stage 1 E = A + U (stage 1 serves
  // in order of E), then d_i = max(d_{i−1}, d_i) + S_i through the shared stages; R̃ from
  // the same recursion with stage-2 inputs k·s₁. A Rayleigh transfer of J bits is drawn
  // fade by fade: per coherence interval τ the link serves (1 − ξ)Bτ·log2(1 + γ̄h) bits,
  // h = −ln u ~ Exp(1), the last interval used in part (docs/model.md §9.1).
  const transferSampler = (s: Pipeline["stages"][number]): ((u: () => number) => number) => {
    if (s.kind === "compute") {
      expect(s.distribution).toBeUndefined();
      const c = s.flops / s.flopsPerSecond;
      return () => c;
    }
    const l = s.link as unknown as { kind: string; bandwidthHz: number; meanSnr: number; controlOverhead: number; coherenceSeconds: number };
    expect(l.kind).toBe("rayleigh");
    const perInterval = (1 - l.controlOverhead) * l.bandwidthHz * l.coherenceSeconds;
    return (u) => {
      let left = s.bits;
      for (let k = 0; ; k++) {
        const served = (perInterval * Math.log1p(l.meanSnr * -Math.log(u()))) / Math.LN2;
        if (served >= left) return l.coherenceSeconds * (k + left / served);
        left -= served;
      }
    };
  };
  const simulateHead = (p: Pipeline, lambda: number, requests: number, seed: number, ts: readonly number[]) => {
    const first = p.stages.findIndex((s) => s.resource?.kind !== "dedicated");
    const prefix = p.stages.slice(0, first).map(transferSampler);
    const s1 = p.stages[first] as ComputeStage;
    const s1Time = s1.flops / s1.flopsPerSecond; // constant: its own minimum
    const rest = p.stages.slice(first + 1);
    rest.forEach((s) => expect(s.resource).toBeUndefined()); // one shared server each
    const restDraw = rest.map(transferSampler);
    const warmup = 20_000;
    const n = warmup + requests;
    const u = rng(seed, 0);
    // Draws in arrival order: gap, prefix services, later stages' services.
    const A = new Float64Array(n);
    const E = new Float64Array(n);
    const S = rest.map(() => new Float64Array(n));
    let clock = 0;
    for (let i = 0; i < n; i++) {
      clock += -Math.log(u()) / lambda;
      A[i] = clock;
      let w = clock;
      for (const draw of prefix) w += draw(u);
      E[i] = w;
      S.forEach((col, j) => (col[i] = restDraw[j](u)));
    }
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    if (prefix.length > 0) order.sort((i, j) => E[i] - E[j] || i - j);
    const batches = 32;
    const per = requests / batches;
    const hitsD = ts.map(() => new Array<number>(batches).fill(0));
    const hitsT = ts.map(() => new Array<number>(batches).fill(0));
    let d1 = 0;
    const d = rest.map(() => 0);
    const e = rest.map(() => 0);
    let violations = 0;
    let worst = -Infinity;
    let strict = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const start = Math.max(E[i], d1);
      d1 = start + s1Time;
      let prev = d1;
      let tilde = k * s1Time;
      for (let j = 0; j < rest.length; j++) {
        d[j] = Math.max(prev, d[j]) + S[j][i];
        prev = d[j];
        e[j] = Math.max(tilde, e[j]) + S[j][i];
        tilde = e[j];
      }
      const T = prev - A[i];
      const D = E[i] - A[i] + (start - E[i]) + s1Time + (tilde - k * s1Time);
      // Rounding of absolute times (up to ≈ 2e6 s here): a few ulps of the clock.
      const slack = 8 * Number.EPSILON * (A[i] + k * s1Time + 1);
      if (T > D + slack) violations++;
      if (T < D - slack) strict++;
      worst = Math.max(worst, T - D);
      if (k >= warmup) {
        const b = Math.floor((k - warmup) / per);
        ts.forEach((t, m) => {
          if (D > t) hitsD[m][b]++;
          if (T > t) hitsT[m][b]++;
        });
      }
    }
    const counts = new Array<number>(batches).fill(per);
    return { violations, worst, strict, D: hitsD.map((h) => probabilityEstimate(h, counts, 0.999)), T: hitsT.map((h) => probabilityEstimate(h, counts, 0.999)) };
  };
  /** The grid's stated conservative rounding of a computed law (see above). */
  const GRID_ROUNDING = 1.06;
  const st = collab.stages;
  const cases: { name: string; p: Pipeline }[] = [
    { name: "collaborative, PL 120 dB, f_UE 60", p: collab },
    { name: "edge-only, PL 90 dB, f_UE 15", p: paper(90, 15e12).edgeOnly },
    { name: "collaborative, PL 135 dB", p: paper(135, 60e12).collaborative },
    { name: "dedicated Rayleigh uplink PL 130 dB, then shared", p: pipeline("own uplink", [transferStage({ name: "uplink", linkName: "uplink", bits: 1e6, link: link(130), resource: "dedicated" }), st[0], st[1]]) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const a = responseTimeAnalysis(c.p, { lambda: 0.5 });
      const ts = [3e-2, 1e-2, 1e-3].map((eps) => a.quantile(eps).seconds);
      const sim = simulateHead(c.p, 0.5, 1_000_000, 23, ts);
      expect(sim.violations, `${c.name}: T_n > D_n on ${sim.violations} requests (largest excess ${sim.worst} s)`).toBe(0);
      ts.forEach((t, m) => {
        const b = a.tail(t);
        const dEst = sim.D[m];
        const what = `${c.name} t=${t}: computed P(D > t) ${b.probability} (${b.method}) vs simulated ${dEst.value} [${dEst.lower}, ${dEst.upper}] (99.9 %); T: ${sim.T[m].value}; T < D on ${sim.strict} requests`;
        expect(b.method, what).toBe("head");
        expect(b.probability, what).toBeGreaterThanOrEqual(dEst.lower);
        expect(b.probability, what).toBeLessThanOrEqual(dEst.upper * GRID_ROUNDING);
        // T ≤ D on every path, so its frequency can be no larger.
        expect(sim.T[m].value).toBeLessThanOrEqual(dEst.value);
      });
    }, 600_000);
  }
});

describe("tightness targets (issue: bound quantile ≤ 1.2× simulated at 1e-3, same ranking)", () => {
  // The paper's collaborative and edge-only pipelines, PL 90/120 dB, f_UE 15/60 TFLOP/s, λ = 0.5/s.
  const grid = [90, 120].flatMap((pl) => [15e12, 60e12].map((f) => ({ pl, f, P: paper(pl, f) })));
  for (const { pl, f, P } of grid) {
    it(`PL ${pl} dB, f_UE ${f / 1e12} TFLOP/s`, { timeout: 600_000 }, async () => {
      const out: Record<string, { bound: number; sim: number; lower: number; upper: number }> = {};
      for (const [name, p] of [["collaborative", P.collaborative], ["edgeOnly", P.edgeOnly]] as const) {
        const bound = responseTimeQuantile(p, { lambda: 0.5 }, 1e-3).seconds;
        const q = (await simulateRequests({ pipeline: p, lambda: 0.5, requests: 1_000_000, seed: 5, quantiles: [1e-3] })).endToEnd.quantiles[0];
        out[name] = { bound, sim: q.value, lower: q.lower, upper: q.upper };
        expect(bound / q.value, `${name}: bound ${bound} vs simulated ${q.value}`).toBeLessThanOrEqual(1.2);
        // Valid: not below what the simulation rules out.
        expect(bound).toBeGreaterThanOrEqual(q.lower);
      }
      const c = out.collaborative;
      const e = out.edgeOnly;
      if (Math.abs(c.sim - e.sim) > 0.05 * Math.min(c.sim, e.sim)) {
        expect(c.bound < e.bound, `ranking: bound ${c.bound} vs ${e.bound}, simulated ${c.sim} vs ${e.sim}`).toBe(c.sim < e.sim);
      }
    });
  }
});

describe("laws (fast-check)", () => {
  // Small random tandems: a constant shared edge, a gamma or constant second stage that is
  // shared or dedicated, a constant dedicated third stage; each shared stage's utilisation
  // from 2 % (second) or 10 % (first) to 80 %.
  const arbCase = fc.record({
    d1: fc.double({ min: 0.2, max: 2, noNaN: true }),
    u2: fc.double({ min: 0.02, max: 0.8, noNaN: true }),
    scv2: fc.constantFrom(0, 0.3, 1.5),
    dedicated: fc.boolean(),
    d3: fc.double({ min: 0, max: 0.5, noNaN: true }),
    load: fc.double({ min: 0.1, max: 0.8, noNaN: true }),
  });
  type Case = { d1: number; u2: number; scv2: number; dedicated: boolean; d3: number; load: number };
  const build = (c: Case, dedicated = c.dedicated) => {
    const m2 = (c.u2 * c.d1) / c.load; // λ = load/d1
    return pipeline("p", [
      computeStage({ node: "a", flops: c.d1, flopsPerSecond: 1 }),
      computeStage({ node: "b", flops: m2, flopsPerSecond: 1, ...(c.scv2 > 0 ? { distribution: gammaDistribution(1 / c.scv2, m2) } : {}), ...(dedicated ? { resource: "dedicated" as const } : {}) }),
      computeStage({ node: "c", flops: c.d3, flopsPerSecond: 1, resource: "dedicated" }),
    ]);
  };

  it("the bound is non-increasing in t and in [0, 1]; the quantile is the smallest t with bound ≤ ε", () => {
    fc.assert(
      fc.property(arbCase, fc.constantFrom(1e-2, 1e-4), (c, eps) => {
        const p = build(c);
        const o = { lambda: c.load / c.d1 };
        const q = responseTimeQuantile(p, o, eps).seconds;
        expect(Number.isFinite(q)).toBe(true);
        expect(responseTimeBound(p, o, q).probability).toBeLessThanOrEqual(eps);
        const h = responseTimeAnalysis(p, o).gridSeconds || q * 1e-9;
        expect(responseTimeBound(p, o, Math.max(0, q - h)).probability).toBeGreaterThan(eps);
        let prev = 1;
        for (let t = 0; t < 3 * q; t += q / 7) {
          const b = responseTimeBound(p, o, t).probability;
          expect(b >= 0 && b <= prev).toBe(true);
          prev = b;
        }
      }),
      { numRuns: 12 },
    );
  });

  it("the bound is non-decreasing in λ", () => {
    fc.assert(
      fc.property(arbCase, fc.double({ min: 1.05, max: 1.2, noNaN: true }), (c, f) => {
        const p = build(c);
        const lo = responseTimeAnalysis(p, { lambda: c.load / c.d1 });
        const hi = responseTimeAnalysis(p, { lambda: (c.load * f) / c.d1 });
        const q = lo.quantile(1e-3).seconds;
        for (const t of [0.5 * q, q, 1.5 * q]) {
          // The grid ends where a tail falls below 1e-30: beyond, both read ≤ 1e-30.
          expect(hi.tail(t).probability + 1e-30).toBeGreaterThanOrEqual(lo.tail(t).probability);
        }
      }),
      { numRuns: 10 },
    );
  });

  it("the bound is ≥ the exact law of the same pipeline with the later stages made dedicated (no queue)", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const o = { lambda: c.load / c.d1 };
        const shared = responseTimeAnalysis(build(c, false), o);
        const ded = pipeline("d", build(c, false).stages.map((s, i) => (i === 0 ? s : computeStage({ ...(s as ComputeStage), resource: "dedicated" }))));
        const exact = responseTimeAnalysis(ded, o);
        expect(exact.exact).toBe(true);
        const q = exact.quantile(1e-3).seconds;
        for (const t of [0.7 * q, q, 1.3 * q]) expect(shared.tail(t).probability).toBeGreaterThanOrEqual(exact.tail(t).probability * (1 - 1e-9));
      }),
      { numRuns: 6 },
    );
  });
});

describe("memoised by content, and pure", () => {
  it("an equal pipeline built anew gets the same frozen analysis; values do not depend on what was computed before", () => {
    const make = () => paper(120, 15e12).collaborative;
    const a = responseTimeAnalysis(make(), { lambda: 0.5 });
    expect(responseTimeAnalysis(make(), { lambda: 0.5 })).toBe(a);
    const eps = [1e-2, 1e-3, 1e-6];
    const ts = [4, 6, 9];
    const q = eps.map((e) => a.quantile(e).seconds);
    const t = ts.map((x) => a.tail(x).probability);
    // 70 other analyses push it out of the shared memo (64 kept); the recomputed one is a new object with the same values.
    for (let i = 0; i < 70; i++) responseTimeAnalysis(make(), { lambda: 0.3 + i * 1e-3 });
    const b = responseTimeAnalysis(make(), { lambda: 0.5 });
    expect(b).not.toBe(a);
    expect(eps.map((e) => b.quantile(e).seconds)).toEqual(q);
    expect(ts.map((x) => b.tail(x).probability)).toEqual(t);
  }, 600_000);
});

describe("the @example values", () => {
  it("responseTimeAnalysis, responseTimeBound, responseTimeQuantile on the paper scenario", () => {
    const { collaborative, edgeOnly } = paradigms(paperScenario.params);
    const a = responseTimeAnalysis(collaborative, { lambda: 0.5 });
    expect(a.methods).toEqual(["head", "chernoff"]);
    expect(a.quantile(1e-3).seconds.toFixed(2)).toBe("5.16");
    const b = responseTimeBound(collaborative, { lambda: 0.5 }, 6);
    expect(b.method).toBe("head");
    expect(b.probability.toExponential(2)).toBe("2.71e-4");
    expect(responseTimeQuantile(collaborative, { lambda: 0.5 }, 1e-3).seconds.toFixed(2)).toBe("5.16");
    expect(responseTimeQuantile(edgeOnly, { lambda: 0.5 }, 1e-3).seconds.toFixed(2)).toBe("5.80");
  });
});

describe("errors and legitimate states", () => {
  const p = pipeline("one", [computeStage({ node: "e", flops: 1, flopsPerSecond: 1 })]);
  it("name the function, the parameter and the value", () => {
    expect(() => responseTimeBound(p, { lambda: 0 }, 1)).toThrow(/^responseTimeBound: opts\.lambda must be a finite number > 0, got 0$/);
    expect(() => responseTimeBound(p, { lambda: -1 }, 1)).toThrow(/^responseTimeBound: opts\.lambda must be a finite number > 0, got -1$/);
    expect(() => responseTimeBound(p, {}, 1)).toThrow(/^responseTimeBound: opts\.lambda must be a finite number > 0 \(or give opts\.arrivals\), got undefined$/);
    expect(() => responseTimeBound(p, { lambda: 0.5 }, -1)).toThrow(/^responseTimeBound: t must be a number ≥ 0 \(seconds\), got -1$/);
    expect(() => responseTimeBound(p, { lambda: 0.5 }, NaN)).toThrow(/^responseTimeBound: t must be a number ≥ 0 \(seconds\), got NaN$/);
    expect(() => responseTimeQuantile(p, { lambda: 0.5 }, 0)).toThrow(/^responseTimeQuantile: epsilon must be in \(0, 1\), got 0$/);
    expect(() => responseTimeQuantile(p, { lambda: 0.5 }, 1)).toThrow(/^responseTimeQuantile: epsilon must be in \(0, 1\), got 1$/);
    expect(() => responseTimeQuantile(p, { lambda: 0.5, arrivals: poissonRequests(0.7) }, 0.1)).toThrow(
      /^responseTimeQuantile: opts\.lambda must be the arrivals' long-run rate 0\.7 \(or left out\), got 0\.5$/,
    );
    expect(() => responseTimeAnalysis(p, { lambda: 0.5, coherenceSeconds: -1 })).toThrow(/^responseTimeAnalysis: opts\.coherenceSeconds must be a finite number > 0, got -1$/);
    expect(() => responseTimeBound({ ...p, stages: [{ ...p.stages[0], resource: { kind: "gpu" } }] } as never, { lambda: 0.5 }, 1)).toThrow(
      /^responseTimeBound: pipeline\.stages\[0\]\.resource must be/,
    );
    expect(() => responseTimeAnalysis(p, { lambda: 0.5 }).tail(-2)).toThrow(/^responseTimeAnalysis\.tail: t must be a number ≥ 0, got -2$/);
    expect(() => responseTimeAnalysis(p, { lambda: 0.5 }).quantile(2)).toThrow(/^responseTimeAnalysis\.quantile: epsilon must be in \(0, 1\), got 2$/);
    const far = pipeline("far", [transferStage({ linkName: "dl", bits: 1e12, link: link(120) })]);
    expect(() => responseTimeBound(far, { lambda: 0.5 }, 1)).toThrow(/^responseTimeBound: pipeline\.stages\[0\] must have a request service-time law \(rayleighTransferTime: bits/);
  });

  it("a shape with no valid bound is method none with its reason, probability 1", () => {
    const over = pipeline("overtaking", [
      computeStage({ node: "a", flops: 0.5, flopsPerSecond: 1, distribution: exponential(0.5), resource: { servers: 2 } }),
      computeStage({ node: "b", flops: 0.1, flopsPerSecond: 1 }),
    ]);
    const b = responseTimeBound(over, { lambda: 1 }, 5);
    expect(b).toMatchObject({ probability: 1, method: "none", exact: false, stable: true });
    expect(b.reason).toMatch(/overtake/);
    expect(responseTimeQuantile(over, { lambda: 1 }, 1e-3).seconds).toBe(Infinity);
  });

  it("a dedicated-only pipeline is the sum of its stages, exactly", () => {
    const d = pipeline("own", [computeStage({ node: "t", flops: 0.4, flopsPerSecond: 1, resource: "dedicated" }), computeStage({ node: "u", flops: 0.1, flopsPerSecond: 1, resource: "dedicated" })]);
    const a = responseTimeAnalysis(d, { lambda: 3 });
    expect(a.exact).toBe(true);
    expect(a.tail(0.49).probability).toBe(1);
    expect(a.tail(0.5).probability).toBe(0);
    expect(a.quantile(0.5).seconds).toBeCloseTo(0.5, 9);
    void deterministic;
  });
});
