/** Shared test helpers: build processes from fixture specs, relative-error reporting, the martingale search compared with its full run. */
import { expect } from "vitest";
import { martingaleLog, planMartingale } from "../../src/snc/martingale-tandem.js";
import {
  delayBound,
  bernoulliArrivals,
  constantService,
  exponentialArrivals,
  iidService,
  markovOnOff,
  poissonArrivals,
  tandem,
  type ArrivalProcess,
  type NetworkService,
  type StageService,
} from "../../src/snc/index.js";

export type Spec = Record<string, unknown> & { kind: string };

export function arrivalsFrom(a: Spec): ArrivalProcess {
  switch (a.kind) {
    case "poisson":
      return poissonArrivals(a.perSlot as number);
    case "exponential":
      return exponentialArrivals(a.rate as number);
    case "bernoulli":
      return bernoulliArrivals(a.p as number, a.size as number);
    case "markovOnOff":
      return markovOnOff({ pOnOff: a.pOnOff as number, pOffOn: a.pOffOn as number, peak: a.peak as number });
    default:
      throw new Error(`unknown arrivals ${a.kind}`);
  }
}

export function stageFrom(s: Spec): StageService {
  switch (s.kind) {
    case "constant":
      return constantService(s.perSlot as number, { floor: Boolean(s.floor) });
    case "expService": {
      const m = s.mean as number;
      return iidService((t) => -Math.log1p(t * m), { mean: m, name: "exp" });
    }
    case "bernoulliService": {
      const p = s.p as number;
      const b = s.size as number;
      return iidService((t) => Math.log1p(p * Math.expm1(-t * b)), { mean: p * b, name: "bernoulli" });
    }
    default:
      throw new Error(`unknown stage ${s.kind}`);
  }
}

export function serviceFrom(stages: Spec[]): NetworkService {
  return stages.length === 1 ? stageFrom(stages[0]) : tandem(...stages.map(stageFrom));
}

export function relErr(got: number, expected: number): number {
  if (got === expected) return 0;
  return Math.abs(got - expected) / Math.abs(expected);
}

export function report(name: string, input: unknown, expected: number, got: number, tol: number): string {
  return `${name}: input=${JSON.stringify(input)} expected=${expected} got=${got} relErr=${relErr(got, expected)} tol=${tol}`;
}

/**
 * The martingale bound at delay T on two new plans, one with the searches that stop where a
 * chain cannot win and one with every search run to its end (docs/model.md §10.5): expects
 * the same bound, θ and method bit for bit, and returns the method.
 */
export function expectSameAsFullSearch(a: ArrivalProcess, stages: readonly StageService[], T: number): string {
  const tMax = delayBound(a, stages.length === 1 ? stages[0] : tandem(...stages), T).thetaMax;
  // Two plans (each with its own memo of critical θ), the chains shared through the stages.
  const stopped = martingaleLog(planMartingale(a, stages, tMax), T, 0);
  const full = martingaleLog(planMartingale(a, stages, tMax), T, 0, undefined, false, false);
  const msg = `T=${T}: ${stopped.logValue} (${stopped.method}) vs ${full.logValue} (${full.method})`;
  expect(Object.is(stopped.logValue, full.logValue), msg).toBe(true);
  expect(Object.is(stopped.theta, full.theta), msg).toBe(true);
  expect(stopped.method, msg).toBe(full.method);
  return full.method;
}
