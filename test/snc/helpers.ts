/** Shared test helpers: build processes from fixture specs, relative-error reporting. */
import {
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
