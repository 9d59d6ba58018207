/**
 * Work limits (docs/robustness.md, "Work limits"): every entry point whose work grows with a
 * number in its input refuses, before doing the work, a value beyond its stated limit — with
 * a RangeError naming the function, the parameter and the value. Without the limits each row
 * below ran for minutes to hours (or exhausted memory); here each must return at once.
 *
 * The table is also checked against docs/robustness.md: a limit the docs do not list fails.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rayleighLink, rayleighTransferTime } from "../../src/channel/index.js";
import { deterministic, exponential, sumOf } from "../../src/distributions/index.js";
import { sojournWinnerSweep } from "../../src/compare/index.js";
import { computeStage, mmppRequests, paperScenario, pipeline } from "../../src/pipeline/index.js";
import { rankRobustness } from "../../src/scores/index.js";
import { constantService, delayBound, delayBoundCurve, delayQuantile, markovModulated, poissonArrivals, tandem } from "../../src/snc/index.js";
import { importanceSampleWaitTail, simulateMG1, simulateRequests, simulateSlotted } from "../../src/sim/index.js";
import { boundLaws, checkLaws, distributionLaws, verifyScenario } from "../../src/testing/index.js";
import { delayGrid, meanSojournFigure, qualityBoundFigure, qualityMapFigure, regionMapFigure } from "../../src/plot/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const t3 = tandem(constantService(2), constantService(3), constantService(4));
const M = [[1, 2], [2, 1], [3, 3]];
const C = [{ name: "a", benefit: true, weight: 0.5 }, { name: "b", benefit: false, weight: 0.5 }];
const law = { name: "true", property: fc.property(fc.nat(), () => true) };

/** [function, parameter, call beyond the limit]. */
const ROWS: [string, string, () => unknown][] = [
  ["moment", "k", () => exponential(1).moment(1e9)],
  ["delayBound", "delaySlots", () => delayBound(poissonArrivals(1), t3, 3e7)],
  ["delayBoundCurve", "delays.length", () => delayBoundCurve(poissonArrivals(1), t3, new Array(5000).fill(1))],
  ["delayQuantile", "opts.maxSlots", () => delayQuantile(poissonArrivals(1), t3, 1e-3, { maxSlots: 2 ** 30 })],
  ["markovModulated", "transition", () => markovModulated({ transition: Array.from({ length: 100 }, () => new Array(100).fill(0.01)), rates: new Array(100).fill(0) })],
  ["simulateMG1", "customers", () => simulateMG1({ lambda: 0.5, service: exponential(1), customers: 1e12 })],
  ["simulateSlotted", "slots", () => simulateSlotted({ arrivals: poissonArrivals(1), stages: [constantService(2)], slots: 1e12 })],
  ["simulateSlotted", "delays[0]", () => simulateSlotted({ arrivals: poissonArrivals(1), stages: [constantService(2)], slots: 10, delays: [2 ** 30] })],
  ["simulateSlotted", "arrivals.meanPerSlot", () => simulateSlotted({ arrivals: poissonArrivals(1e300), stages: [constantService(2)], slots: 10 })],
  ["simulateRequests", "requests", () => simulateRequests({ pipeline: pipeline("p", [computeStage({ node: "n", flops: 1, flopsPerSecond: 2 })]), lambda: 1, requests: 1e12 })],
  ["mmppRequests", "rates", () => mmppRequests({ rates: new Array(65).fill(1), switching: Array.from({ length: 65 }, () => new Array(65).fill(1)) })],
  ["rayleighTransferTime", "bits", () => rayleighTransferTime(rayleighLink({ bandwidthHz: 1e6, txPowerDbm: 20, noiseDbm: -100, pathLossDb: 110 }), 1e12)],
  ["importanceSampleWaitTail", "samples", () => importanceSampleWaitTail({ lambda: 0.5, service: exponential(1), t: 0, samples: 1e12 })],
  ["rankRobustness", "samples", () => rankRobustness(M, C, { samples: 1e12 })],
  ["sojournWinnerSweep", "points", () => sojournWinnerSweep(paperScenario.params, 1e9)],
  ["delayGrid", "points", () => delayGrid("delayGrid", paperScenario, { points: 1e9, maxDelaySeconds: 1 })],
  ["meanSojournFigure", "points", () => meanSojournFigure(paperScenario, { points: 1e9 })],
  ["qualityMapFigure", "maxPriorSteps", () => qualityMapFigure(paperScenario, { maxPriorSteps: 1e9 })],
  ["qualityBoundFigure", "maxDecoderSteps", () => qualityBoundFigure(paperScenario, { maxDecoderSteps: 1e9, deadlineSeconds: 6 })],
  ["regionMapFigure", "points", () => regionMapFigure(paperScenario, { points: 1e5 })],
  ["checkLaws", "opts.numRuns", () => checkLaws([law], { numRuns: 1e9 })],
  ["distributionLaws", "opts.samples", () => distributionLaws(exponential(1), { samples: 1e12 })],
  ["boundLaws", "opts.simulationRuns", () => boundLaws({ bound: () => 0.5, deadlines: [0, 1], loads: [0.1, 0.5], simulate: async () => ({ value: 0, lower: 0, upper: 0 }), simulationRuns: 1e9 } as never)],
  ["verifyScenario", "opts.numRuns", () => verifyScenario(paperScenario, { numRuns: 1e9 })],
];

describe("work limits: refused before the work, naming function, parameter and value", () => {
  for (const [fn, param, call] of ROWS) {
    it(`${fn}: ${param}`, async () => {
      let err: unknown;
      try {
        await call();
      } catch (e) {
        err = e;
      }
      expect(err, `${fn} did not throw`).toBeInstanceOf(RangeError);
      const msg = (err as Error).message;
      expect(msg.startsWith(`${fn}:`) || msg.includes(`.${fn}:`) || msg.startsWith(`exponential.${fn}:`), msg).toBe(true);
      expect(msg).toContain(param);
      expect(msg).toMatch(/work limit|memory limit|exact integer/);
    });
  }
  it("a nested sum's moment of order 1000 stays polynomial (asked once per order)", () => {
    let calls = 0;
    const base = exponential(1);
    const part = { ...base, moment: (j: number) => (calls++, base.moment(j)) };
    sumOf(deterministic(1), sumOf(part, exponential(2))).moment(1000);
    expect(calls).toBeLessThanOrEqual(1002);
  });
  it("docs/robustness.md lists every limited function in its Work limits table", () => {
    const doc = readFileSync(join(root, "docs/robustness.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Work limits"));
    expect(section.length, "docs/robustness.md has a '## Work limits' section").toBeGreaterThan(20);
    for (const fn of new Set(ROWS.map(([f]) => f))) expect(section, `${fn} missing from the Work limits table`).toContain(`\`${fn}\``);
  });
});
