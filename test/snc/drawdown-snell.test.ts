/**
 * The Snell envelope of the drawdown walk (docs/model.md §10.9): its values against an
 * independent implementation (test/fixtures/snc/generate_drawdown_snell.py), its lemma at real
 * (not lattice) states with the expectation over the link's density, the bound on the values
 * above D̄ as a property, and its laws. Its bounds against simulation are in
 * simulation.test.ts (the martingale form with `overshoot: true` on the committed runs).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantService, delayBound, poissonArrivals, tandem } from "../../src/index.js";
import { drawdownLog } from "../../src/snc/drawdown.js";
import { drawdownSnellEnvelope, drawdownSnellLog } from "../../src/snc/drawdown-snell.js";
import { cdf, density, GL, plan, ray, upper } from "./drawdown-law.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/snc/drawdown-snell.json", import.meta.url), "utf8"));

describe("drawdown Snell envelope: values of the independent implementation", () => {
  it("matches generate_drawdown_snell.py at fixed θ (to 1e-9 in ln), with the constants merged and with a faster one after the link kept", () => {
    expect(upper).toBeCloseTo(fixture.upper, 12);
    expect(fixture.fixed.filter((r: { feed?: number }) => r.feed !== undefined).length).toBeGreaterThanOrEqual(4);
    for (const r of fixture.fixed) {
      const v = drawdownSnellLog(plan(r.c, r.lambda, r.feed), r.T, 0, r.theta).logValue;
      expect(Math.abs(v - r.logValue), `c=${r.c} feed=${r.feed} λ=${r.lambda} θ=${r.theta} T=${r.T}: ${v} vs ${r.logValue}`).toBeLessThan(1e-9);
    }
  });
});

type Env = NonNullable<ReturnType<typeof drawdownSnellEnvelope>>;

/**
 * The envelope's function at a real state (M, D), D ≤ D̄: linear on the triangles of the
 * square holding it, cut along constant G (on G = 0, at D̄, and where the fold across that
 * diagonal is ≥ 0) or along the other diagonal.
 */
const interp = (env: Env, M: number, D: number): number => {
  const { g, J } = env;
  const i = Math.floor(M / g + 1e-12);
  const j = Math.min(i, Math.floor(D / g + 1e-12));
  const mu = Math.min(1, Math.max(0, M / g - i));
  const tau = Math.min(1, Math.max(0, D / g - j));
  const v00 = env.v(i, j);
  const v10 = env.v(i + 1, j);
  const v11 = env.v(i + 1, j + 1);
  if (i === j || j >= J) return mu >= tau ? (1 - mu) * v00 + (mu - tau) * v10 + tau * v11 : NaN;
  const v01 = env.v(i, j + 1);
  if (v10 - v11 + (v01 - v00) >= 0) return mu >= tau ? (1 - mu) * v00 + (mu - tau) * v10 + tau * v11 : (1 - tau) * v00 + (tau - mu) * v01 + mu * v11;
  return mu + tau <= 1 ? (1 - mu - tau) * v00 + mu * v10 + tau * v01 : (1 - tau) * v10 + (1 - mu) * v01 + (mu + tau - 1) * v11;
};

/**
 * `k·E[v(next)]` of the capped process at a real state: the backlog y = max(0, D + c_f − σ)
 * (c_f the feeding constant, c_f = c when merged), the record max(M + c_f − c, y); above D̄ the
 * content is thrown away and charged, the value e^{θs}v at (max(M + c_f − c, y) − s, D̄),
 * s = y − D̄. The expectation over the link's density, split where the integrand bends
 * (lattice rows and columns, the record, D̄, the square diagonals).
 */
const rhs = (env: Env, theta: number, M0: number, D: number): number => {
  const { g, cf, J } = env;
  const M = M0 + (cf - env.c);
  const top = J * g;
  const y0 = D + cf;
  const next = (sigma: number) => {
    const y = Math.max(0, y0 - sigma);
    if (y <= top) return interp(env, Math.max(M, y), y);
    const s = y - top;
    return Math.exp(theta * s) * interp(env, Math.max(M, y) - s, top);
  };
  const cuts = new Set<number>([0, y0, y0 - M, y0 - top, Math.max(upper, y0) + 1]);
  for (let l = -200; l <= 400; l++) {
    for (const y of [l * g, M - l * g, l * g - M, top + M - l * g]) if (y0 - y > 0 && y0 - y < y0) cuts.add(y0 - y);
  }
  const xs = [...cuts].filter((x) => x >= 0).sort((p, q) => p - q);
  let e = 0;
  for (let i = 0; i + 1 < xs.length; i++) e += GL((x) => next(x) * density(x), xs[i], xs[i + 1], 2);
  e += next(xs[xs.length - 1] + 1) * (1 - cdf(xs[xs.length - 1]));
  return env.k * e;
};

/**
 * The lemma at the real state D = u·D̄, M = D + w·span·g: the interpolant at least
 * max(e^{θM}, k·E[v(next)]) (to 1e-12, relative).
 */
const expectLemmaAt = (env: Env, theta: number, u: number, w: number, span: number, label: string) => {
  const D = u * env.J * env.g;
  const M = D + w * span * env.g;
  const r = Math.max(Math.exp(theta * M), rhs(env, theta, M, D));
  expect(interp(env, M, D), `${label} θ=${theta} M=${M} D=${D}`).toBeGreaterThanOrEqual(r * (1 - 1e-12));
};

/** The lattice states (i, j) of `points` where the field 1e-6 lower fails the lemma (where stopping is best, v is exactly e^{θM}). */
const failingLower = (env: Env, theta: number, points: number[][]) => {
  const low: Env = { ...env, v: (i, j) => env.v(i, j) * (1 - 1e-6) };
  return points.filter(([i, j]) => interp(low, i * env.g, j * env.g) < Math.max(Math.exp(theta * i * env.g), rhs(low, theta, i * env.g, j * env.g)));
};

/** The check bites: at 0.9 of the plan's limit, the field 1e-6 lower fails at some of `points`. */
const expectLowerFails = (p: ReturnType<typeof plan>, points: number[][]) => {
  const theta = 0.9 * p.limit();
  expect(failingLower(drawdownSnellEnvelope(p, theta)!, theta, points).length).toBeGreaterThan(0);
};

describe("drawdown Snell envelope: the lemma at real states", () => {
  const envs = new Map<string, Env | null>();
  const envAt = (lambda: number, frac: number) => {
    const key = `${lambda}|${frac}`;
    if (!envs.has(key)) {
      const p = plan(2.7, lambda);
      envs.set(key, drawdownSnellEnvelope(p, frac * p.limit()));
    }
    return envs.get(key) ?? null;
  };
  const cases = fc.record({
    lambda: fc.constantFrom(2.0, 2.43),
    frac: fc.constantFrom(0.75, 0.9),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
    w: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  it("v(M, D) ≥ max(e^{θM}, k·E[v(next)]) at random real states, the expectation over the density", () => {
    let checked = 0;
    fc.assert(
      fc.property(cases, ({ lambda, frac, u, w }) => {
        const env = envAt(lambda, frac);
        if (env === null) return;
        expectLemmaAt(env, frac * plan(2.7, lambda).limit(), u, w, 44, `λ=${lambda}`);
        checked++;
      }),
      { numRuns: 60, seed: 11 },
    );
    expect(checked, "cases with a certified envelope").toBeGreaterThan(40);
  });
  it("the same across constants, loads and θ (five random states per envelope)", () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 2.3, max: 3, noNaN: true }),
        fc.double({ min: 0.7, max: 0.95, noNaN: true }),
        fc.double({ min: 0.6, max: 0.95, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 5, maxLength: 5 }),
        (c, load, frac, states) => {
          const p = plan(c, load * Math.min(c, ray.meanPerSlot));
          const theta = frac * p.limit();
          const env = drawdownSnellEnvelope(p, theta);
          if (env === null) return;
          for (const [u, w] of states) expectLemmaAt(env, theta, u, w, 44, `c=${c} load=${load}`);
          checked++;
        },
      ),
      { numRuns: 24, seed: 12 },
    );
    expect(checked, "certified envelopes").toBeGreaterThan(12);
  });
  it("the same where the constant after the link is faster and kept (3.0 and 3.4 after 2.7: the record pushed d steps per slot)", () => {
    const envs2 = new Map<string, Env | null>();
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom([3.0, 2.511], [3.0, 2.3], [3.4, 2.45]),
        fc.constantFrom(0.75, 0.9),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([feed, lambda], frac, u, w) => {
          const p = plan(2.7, lambda, feed);
          const theta = frac * p.limit();
          const key = `${feed}|${lambda}|${frac}`;
          if (!envs2.has(key)) envs2.set(key, drawdownSnellEnvelope(p, theta));
          const env = envs2.get(key) ?? null;
          if (env === null) return;
          expect(env.cf).toBeGreaterThan(env.c * 1.05);
          expectLemmaAt(env, theta, u, w, 80, `feed=${feed} λ=${lambda}`);
          checked++;
        },
      ),
      { numRuns: 48, seed: 13 },
    );
    expect(checked, "cases with a certified envelope").toBeGreaterThan(36);
    // The check bites here too: a field 1e-6 lower fails at some lattice state.
    expectLowerFails(plan(2.7, 2.511, 3.0), [
      [0, 0],
      [4, 1],
      [110, 30],
      [160, 72],
    ]);
  });
  it("and fails for a field 1e-6 lower (the check bites)", () => {
    expectLowerFails(plan(2.7, 2.43), [
      [0, 0],
      [3, 1],
      [40, 10],
      [66, 22],
    ]);
  });
  it("the values above D̄ (shifted along G, e^{θg} per lattice step) bound the capped content's value within 1 + ε", () => {
    // Row D̄ holds a_{k−1}, a_k, a_{k+1} with a_k/a_{k−1}, a_{k+1}/a_k in [1, e^x] (checked on
    // every field); the strip above is interpolated on the triangles of constant G.
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 0.6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, r1, r2, mu, tau) => {
          const a = [1, Math.exp(r1 * x), Math.exp(r1 * x + r2 * x)]; // a_{k−1}, a_k, a_{k+1}
          const aPL = (z: number) => (z <= 0 ? a[0] + (a[1] - a[0]) * (z + 1) : a[1] + (a[2] - a[1]) * z); // z in [−1, 1], 0 at k
          // Vertices (k, J), (k + 1, J), (k, J + 1) = e^x a_{k−1}, (k + 1, J + 1) = e^x a_k.
          const V = mu >= tau ? (1 - mu) * a[1] + (mu - tau) * a[2] + tau * Math.exp(x) * a[1] : (1 - tau) * a[1] + (tau - mu) * Math.exp(x) * a[0] + mu * Math.exp(x) * a[1];
          const T = Math.exp(tau * x) * aPL(mu - tau);
          let eps = 0;
          for (let t = 0; t <= 1; t += 1 / 4096) eps = Math.max(eps, Math.exp(t * x) * (1 - t * -Math.expm1(-x)) - 1);
          expect(T).toBeLessThanOrEqual((1 + eps + 1e-6 * x * x) * V);
        },
      ),
      { numRuns: 400, seed: 5 },
    );
    // The closed form the code uses is at least that maximum.
    const p = plan(2.7, 2.43);
    for (const frac of [0.5, 0.9]) {
      const env = drawdownSnellEnvelope(p, frac * p.limit())!;
      const x = frac * p.limit() * env.g;
      let eps = 0;
      for (let t = 0; t <= 1; t += 1 / 65536) eps = Math.max(eps, Math.exp(t * x) * (1 - t * -Math.expm1(-x)) - 1);
      expect(env.eps).toBeGreaterThanOrEqual(eps);
      expect(env.eps).toBeLessThan(eps * (1 + 1e-6) + 1e-15);
    }
  });
});

describe("drawdown Snell envelope: laws and where it is used", () => {
  it("non-increasing in the delay, at fixed θ and optimised", () => {
    const p = plan(2.7, 2.43);
    const theta = 0.85 * p.limit();
    let prev = Infinity;
    let prevOpt = Infinity;
    for (let T = 0; T <= 40; T += 3) {
      const v = drawdownSnellLog(p, T, 0, theta).logValue;
      expect(v).toBeLessThanOrEqual(prev + 1e-12);
      prev = v;
      const o = drawdownSnellLog(p, T, 0).logValue;
      expect(o).toBeLessThanOrEqual(prevOpt + 0.05);
      prevOpt = Math.min(prevOpt, o);
    }
  });
  it("a pure function of its plan: the same bits fresh and after other delays", () => {
    const fresh = drawdownSnellLog(plan(2.7, 2.43), 20, 0);
    const p = plan(2.7, 2.43);
    for (const T of [3, 30, 11]) drawdownSnellLog(p, T, 0);
    const again = drawdownSnellLog(p, 20, 0);
    expect(again.logValue).toBe(fresh.logValue);
    expect(again.theta).toBe(fresh.theta);
  });
  it("below the drawdown envelope at heavy load, and what the martingale form reports with overshoot: true", () => {
    const p = plan(2.7, 2.43);
    const s = drawdownSnellLog(p, 20, 0);
    const d = drawdownLog(p, 20, 0);
    expect(s.logValue).toBeLessThan(d.logValue - 1.5);
    const service = tandem(constantService(2.7), ray, constantService(2.7));
    const b = delayBound(poissonArrivals(2.43), service, 20, { form: "martingale", overshoot: true });
    expect(b.method).toMatch(/drawdown envelope .*, Snell envelope/);
    const plain = delayBound(poissonArrivals(2.43), service, 20, { form: "martingale" });
    expect(plain.method).not.toMatch(/Snell/);
    expect(b.probability).toBeLessThan(plain.probability / 4);
  });
  it("keeping a faster constant after the link lowers the bound, and the method says so", () => {
    // 2.7 / link / 3.0 at load 0.93: the excess 0.3 is one step of g = 2.7/9.
    const merged = drawdownSnellLog(plan(2.7, 2.511), 28, 0);
    const kept = drawdownSnellLog(plan(2.7, 2.511, 3.0), 28, 0);
    expect(kept.logValue).toBeLessThan(merged.logValue - 0.3);
    const service = tandem(constantService(2.7), ray, constantService(3));
    const b = delayBound(poissonArrivals(2.511), service, 28, { form: "martingale", overshoot: true });
    expect(b.method).toMatch(/the one after it kept at 3\.000\), Snell envelope$/);
    // The other way round (the faster constant before the link) nothing is kept.
    const rev = delayBound(poissonArrivals(2.511), tandem(constantService(3), ray, constantService(2.7)), 28, { form: "martingale", overshoot: true });
    expect(rev.method).not.toMatch(/kept/);
  });
});
