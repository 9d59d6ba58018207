import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dbToLinear, dbmToWatts, linearToDb, wattsToDbm } from "../../src/channel/index.js";
import { rayleighLink } from "../../src/channel/index.js";
import { dbmToWattsKernel, dbToLinearKernel } from "../../src/channel/units.js";

describe("dB conversions", () => {
  it("match the defining formulas at the paper's Table 3 values", () => {
    // P = 10^((dBm − 30)/10): 31 dBm → 10^0.1 W, −100 dBm → 1e-13 W.
    expect(Math.abs(dbmToWatts(31) / 10 ** 0.1 - 1)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(dbmToWatts(-100) / 1e-13 - 1)).toBeLessThanOrEqual(1e-15);
    expect(dbmToWatts(30)).toBe(1);
    expect(dbToLinear(0)).toBe(1);
    expect(dbToLinear(-30)).toBeCloseTo(1e-3, 18);
    expect(linearToDb(100)).toBe(20);
    expect(wattsToDbm(1)).toBe(30);
  });

  it("round-trip (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), (db) => {
        const tol = 1e-13 * Math.max(1, Math.abs(db));
        return Math.abs(linearToDb(dbToLinear(db)) - db) <= tol && Math.abs(wattsToDbm(dbmToWatts(db)) - db) <= tol;
      }),
    );
  });

  it("reject invalid input naming function, parameter and value", () => {
    expect(() => dbToLinear(NaN)).toThrow(new RangeError("dbToLinear: db must be a finite number, got NaN"));
    expect(() => dbToLinear(Infinity)).toThrow(/dbToLinear: db .* got Infinity/);
    expect(() => dbmToWatts(-Infinity)).toThrow(/dbmToWatts: dbm .* got -Infinity/);
    expect(() => linearToDb(0)).toThrow(new RangeError("linearToDb: x must be a finite number > 0, got 0"));
    expect(() => linearToDb(-1)).toThrow(/linearToDb: x .* got -1/);
    expect(() => wattsToDbm(-2)).toThrow(new RangeError("wattsToDbm: w must be a finite number > 0, got -2"));
    expect(() => wattsToDbm("1" as unknown as number)).toThrow(TypeError);
  });
});

describe("the conversion kernels are the one home of the formulas", () => {
  it("the validated functions and a link's powers are the kernels' values", () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), (db) => {
        expect(dbToLinear(db)).toBe(dbToLinearKernel(db));
        expect(dbmToWatts(db)).toBe(dbmToWattsKernel(db));
      }),
    );
    const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 });
    expect(link.txPowerW).toBe(dbmToWatts(31));
    expect(link.noiseW).toBe(dbmToWatts(-100));
    expect(link.meanSnr).toBe(dbToLinear(31 - 120 + 100));
  });
  it("kernels do not throw: NaN in, NaN out", () => {
    expect(dbToLinearKernel(NaN)).toBeNaN();
    expect(dbmToWattsKernel(NaN)).toBeNaN();
  });
});
