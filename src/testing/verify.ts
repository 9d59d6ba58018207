/**
 * `edgecalc verify --scenario file.json`: the laws of this kit run on one scenario — its
 * three paradigms' service-time laws, (13)/(14) against the direct latency comparison on
 * the scenario and around it, the M/G/1 tails' monotonicity, and (optionally) the M/G/1
 * tail against a seeded simulation.
 *
 * @module
 */

import * as fc from "fast-check";
import { PARADIGM_KEYS, paradigms, type ParadigmParams } from "../pipeline/paradigms.js";
import type { ParadigmScenario } from "../pipeline/presets.js";
import { serviceDistribution } from "../pipeline/stages.js";
import { mg1 } from "../queueing/mg1.js";
import { simulateMG1 } from "../sim/mg1.js";
import { violationBound } from "../scenario/delay.js";
import { slotsToSeconds } from "../scenario/slots.js";
import { asCaller, atMost, given, invalid, nonNegative, options, positive, positiveInteger, seedValue, show } from "../util/validate.js";
import { boundLaws } from "./bound-laws.js";
import { comparisonLaws } from "./comparison-laws.js";
import { distributionLaws } from "./distribution-laws.js";
import { checkLaws, formatLawReport, type Law, type LawResult } from "./laws.js";

/** What {@link verifyScenario} needs of a scenario (a `ParadigmScenario` qualifies). */
export type VerifiableScenario = Pick<ParadigmScenario, "params" | "lambda"> & {
  /** Scenario label used in the report (default "scenario"). */
  readonly name?: string;
  /** Slot length Δ (s); when given, the SNC delay-bound laws are checked too. */
  readonly slotSeconds?: number;
};

/** Options of {@link verifyScenario}. */
export interface VerifyOptions {
  /** Runs per property law (default 100). */
  readonly numRuns?: number;
  /** fast-check and sampler seed (default 1). */
  readonly seed?: number;
  /**
   * Also compare each stable paradigm's M/G/1 sojourn tail with a seeded Lindley
   * simulation (default false: it takes a few seconds).
   */
  readonly simulate?: boolean;
  /** Customers per simulation (default 200 000). */
  readonly customers?: number;
}

/** The report of {@link verifyScenario}. */
export interface VerifyReport {
  /** The scenario's name. */
  readonly scenario: string;
  /** One result per law checked. */
  readonly laws: readonly LawResult[];
}

const prefixed = (prefix: string, laws: Law[]): Law[] => laws.map((l) => ({ ...l, name: `${prefix}: ${l.name}` }));

/** Parameter sets within a factor 2 of the scenario's, every numeric field moved independently. */
function around(p: ParadigmParams): fc.Arbitrary<ParadigmParams> {
  const factor = fc.double({ min: -1, max: 1, noNaN: true }).map((e) => 2 ** e);
  const keys = ["edgeFlops", "terminalFlops", "encoderFlops", "decoderFlops", "priorStepFlops", "decoderStepFlops", "imageBits", "latentBits"] as const;
  const rate = p.link?.effectiveRate ?? p.meanRate!;
  return fc.tuple(fc.array(factor, { minLength: keys.length + 1, maxLength: keys.length + 1 }), fc.nat({ max: 4 }), fc.nat({ max: 4 })).map(([fs, dp, dd]) => {
    const q: Record<string, unknown> = { ...p };
    keys.forEach((k, i) => (q[k] = p[k] * fs[i]));
    delete q.link;
    q.meanRate = rate * fs[keys.length];
    q.priorSteps = Math.max(0, p.priorSteps + dp - 2);
    q.decoderSteps = Math.max(0, p.decoderSteps + dd - 2);
    return q as unknown as ParadigmParams;
  });
}

/**
 * Runs the kit's laws on a scenario and reports which hold, with a counterexample for
 * each one that fails:
 *
 * - for each paradigm, `distributionLaws` of its end-to-end service time (docs/model.md §3);
 * - `comparisonLaws`: (13)/(14) ⇔ the direct latency comparison, on the scenario and on
 *   parameter sets within a factor 2 of it; dominated designs never ranked first;
 * - for each paradigm stable at λ, the M/G/1 sojourn tail as a function of (t, λ) is a
 *   probability, non-increasing in t and non-decreasing in λ (`boundLaws` on `mg1`);
 * - with `simulate`, the same tail is not below a seeded simulation's lower limit;
 * - when the scenario has `slotSeconds`, for each paradigm stable in the slotted model, the
 *   SNC delay bound (docs/model.md §4, fluid forms) is a probability, non-increasing in the
 *   deadline (0…200 slots) and non-decreasing in λ.
 *
 * @param scenario - a `ParadigmScenario` (e.g. from `parseScenario`) or `{ params, lambda }`
 * @param opts - {@link VerifyOptions}
 * @throws TypeError / RangeError naming the field for an invalid scenario or option
 *   (`numRuns` ≤ 1e6 and the simulator's limits on `customers`: work limits)
 * @example
 * ```ts
 * const report = await verifyScenario(paperScenario);
 * report.laws.every((l) => l.holds); // true
 * console.log(formatVerifyReport(report));
 * ```
 */
export async function verifyScenario(scenario: VerifiableScenario, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const fn = "verifyScenario";
  const s = options<VerifiableScenario>(fn, "scenario", scenario);
  if (scenario === undefined) invalid(fn, "scenario", "a scenario object", scenario);
  const o = options<VerifyOptions>(fn, "opts", opts);
  const numRuns = atMost(fn, "opts.numRuns", positiveInteger(fn, "opts.numRuns", o.numRuns ?? 100), 1e6, "property runs per law");
  const seed = seedValue(fn, "opts.seed", given(o.seed, 1));
  const customers = positiveInteger(fn, "opts.customers", o.customers ?? 200_000);
  if (o.simulate !== undefined && typeof o.simulate !== "boolean") throw new TypeError(`${fn}: opts.simulate must be a boolean, got ${show(o.simulate)}`);
  const lambda = nonNegative(fn, "scenario.lambda", s.lambda);
  const ps = asCaller(fn, () => paradigms(s.params), undefined, "scenario.");

  const laws: Law[] = [];
  for (const k of PARADIGM_KEYS) {
    laws.push(...prefixed(`${k} service time`, distributionLaws(serviceDistribution(ps[k]), { seed })));
  }
  laws.push(...prefixed("scenario", comparisonLaws({ params: fc.constant(s.params), rankers: {} })).map((l) => ({ ...l, numRuns: 1 })));
  laws.push(...prefixed("around the scenario (×½…×2)", comparisonLaws({ params: around(s.params) })));
  for (const k of PARADIGM_KEYS) {
    const S = serviceDistribution(ps[k]);
    if (!(lambda * S.mean < 1)) continue;
    const scale = S.mean + Math.sqrt(S.variance);
    const bound = (t: number, l: number) => mg1(l, S).sojournTail(t);
    // Deadlines from a thousandth of E[S] and loads from a thousandth of λ: mg1's transform
    // inversion is unreliable as t → 0 with λ → 0 (docs/robustness.md), a corner no scenario
    // asks about. The tails are accurate to about 1e-8, hence the slack.
    const deadlines = [1e-3 * S.mean, (20 * scale) / Math.max(1e-9, 1 - lambda * S.mean)] as const;
    laws.push(...prefixed(`${k} M/G/1 sojourn tail`, boundLaws({ bound, deadlines, loads: [1e-3 * lambda, lambda], tolerance: 1e-6 })));
    if (o.simulate && lambda > 0) {
      // mg1's tail is exact, not a bound: it may only be asked not to fall below the interval.
      const sim = boundLaws({
        bound,
        deadlines,
        loads: [lambda, lambda],
        against: "lower",
        simulationRuns: 2,
        simulate: async (t, l, sd) => {
          const r = await simulateMG1({ lambda: l, service: S, customers, seed: sd, tails: [t], quantiles: [] });
          return r.sojournTails[0];
        },
      });
      laws.push(...prefixed(`${k} M/G/1 sojourn tail`, sim.slice(-1)));
    }
  }
  if (s.slotSeconds !== undefined && lambda > 0) {
    const slot = positive(fn, "scenario.slotSeconds", s.slotSeconds);
    const fluid = { model: "fluid" } as const;
    for (const k of PARADIGM_KEYS) {
      // Only stable systems: an unstable one has the vacuous bound 1 everywhere.
      if (!asCaller(fn, () => violationBound(ps[k], { lambda, slotSeconds: slot }, 0, fluid).stable, undefined, "scenario.")) continue;
      laws.push(
        ...prefixed(
          `${k} SNC delay bound (slots of ${slot} s)`,
          boundLaws({
            // Deadlines in seconds, evaluated at whole slots by the scenario layer (⌊t/Δ⌋).
            bound: (t, l) => violationBound(ps[k], { lambda: l, slotSeconds: slot }, t, fluid).probability,
            deadlines: [0, slotsToSeconds(200, slot)],
            loads: [1e-3 * lambda, lambda],
            // The θ search stops at a relative tolerance; monotonicity holds to that accuracy.
            tolerance: 1e-6,
          }),
        ).map((l) => ({ ...l, numRuns: Math.min(numRuns, 30) })),
      );
    }
  }
  const report = await checkLaws(laws, { numRuns, seed });
  return Object.freeze({ scenario: typeof s.name === "string" ? s.name : "scenario", laws: report.laws });
}

/**
 * Renders a {@link VerifyReport}: a header naming the scenario, one `✓`/`✗` line per law
 * and the counterexample under each failing one.
 *
 * @throws TypeError if `report` is not a verify report
 * @example
 * ```ts
 * formatVerifyReport({ scenario: "paper", laws: [{ name: "x", holds: true, runs: 1 }] });
 * // "edgecalc verify — scenario \"paper\"\n✓ x  (1 run)\n1 of 1 laws hold"
 * ```
 */
export function formatVerifyReport(report: VerifyReport): string {
  if (report === null || typeof report !== "object" || !Array.isArray(report.laws)) {
    throw new TypeError(`formatVerifyReport: report must be { scenario, laws: [...] }, got ${show(report)}`);
  }
  const body = asCaller("formatVerifyReport", () => formatLawReport(report));
  return `edgecalc verify — scenario ${JSON.stringify(String(report.scenario))}\n${body}`;
}
