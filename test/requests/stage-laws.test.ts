import { describe, expect, it } from "vitest";
import { rayleighTransferTime } from "../../src/channel/index.js";
import { deterministic, erlang, exponential, gammaDistribution, hyperexponential, shifted, sumOf } from "../../src/distributions/index.js";
import { gridTail } from "../../src/requests/grid.js";
import { excessUpper, logLstUpper, logMgfUpper, minService, serviceGrid } from "../../src/requests/stage-laws.js";

const transfer = rayleighTransferTime({ bandwidthHz: 10e6, meanSnr: 12.589254117941675 }, 1.0486e6);
const laws = [
  deterministic(0.9),
  exponential(0.3),
  erlang(3, 0.5),
  gammaDistribution(0.6, 0.4),
  hyperexponential([0.7, 0.3], [0.1, 1]),
  shifted(0.2, exponential(0.1)),
  sumOf(deterministic(0.1), gammaDistribution(2, 0.3)),
  transfer,
];

describe("stage laws for the bounds (docs/model.md §9.4)", () => {
  it("the service grid is stochastically larger than the law (exact tail, or the transfer's upper bracket)", () => {
    for (const d of laws) {
      const h = d.mean / 64;
      const g = serviceGrid(d, h, 1 << 18);
      for (let k = 0; k < 400; k++) {
        const x = (k + 0.5) * h * 0.7;
        const truth = d.kind === "rayleighTransfer" ? transfer.ccdfBounds(x).upper : d.ccdf ? d.ccdf(x) : NaN;
        if (Number.isNaN(truth)) continue; // sum of two random parts: no closed-form tail
        expect(gridTail(g, x), `${d.kind} x=${x}`).toBeGreaterThanOrEqual(truth * (1 - 1e-12));
      }
      // Rounding up adds at most one step to the mean.
      let mean = 0;
      for (let k = 0; k < g.tail.length; k++) mean += g.tail[k] * h;
      expect(mean).toBeGreaterThanOrEqual(d.mean * (1 - 1e-9));
      expect(mean).toBeLessThanOrEqual(d.mean + h * 1.001);
    }
  });

  it("MGF and LST upper bounds: exact for closed forms, above the law for the transfer", () => {
    for (const d of laws) {
      for (const f of [0.1, 1, 3]) {
        const th = f / d.mean;
        if (d.kind === "rayleighTransfer") {
          expect(logMgfUpper(d, th)).toBeGreaterThanOrEqual(d.logMgf(th));
          expect(logLstUpper(d, th)).toBeGreaterThanOrEqual(d.logMgf(-th));
        } else if (th < d.thetaSup) {
          expect(logMgfUpper(d, th)).toBeCloseTo(d.logMgf(th), 12);
          expect(logLstUpper(d, th)).toBeCloseTo(d.logMgf(-th), 12);
        }
      }
    }
  });

  it("E[(S − x)^+] bound: exact for constants, above the exponential's m·e^{−x/m}", () => {
    expect(excessUpper(deterministic(2), 0.5)).toBe(1.5);
    expect(excessUpper(deterministic(2), 3)).toBe(0);
    for (const x of [0, 0.5, 3, 10]) expect(excessUpper(exponential(0.5), x)).toBeGreaterThanOrEqual(0.5 * Math.exp(-x / 0.5));
    expect(excessUpper(exponential(0.5), 10) / (0.5 * Math.exp(-20))).toBeLessThan(60); // e(x/m + 1)-ish, not vacuous
  });

  it("minimum service: constants and offsets; 0 for laws reaching 0", () => {
    expect(minService(deterministic(0.9))).toBe(0.9);
    expect(minService(shifted(0.2, exponential(1)))).toBe(0.2);
    expect(minService(sumOf(deterministic(0.1), shifted(0.3, gammaDistribution(2, 1))))).toBeCloseTo(0.4, 15);
    expect(minService(transfer)).toBe(0);
    expect(minService(exponential(1))).toBe(0);
  });
});
