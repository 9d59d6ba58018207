import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nextUint32, rngState, rng } from "../../src/random/rng.js";
import {
  ZIGGURAT_F,
  ZIGGURAT_R,
  ZIGGURAT_RATIO,
  ZIGGURAT_V,
  ZIGGURAT_X,
  zigguratExponential,
  zigguratExponentialTail,
} from "../../src/random/ziggurat.js";

interface Fixture {
  versions: Record<string, string>;
  ziggurat: { layers: number; R: number; V: number; x: number[] };
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/random/random.json", import.meta.url), "utf8")) as Fixture;

describe("ziggurat tables (test/fixtures/random/generate.py, mpmath at 60 digits)", () => {
  it("R and V are the closing constants of the 256-layer exponential ziggurat", () => {
    expect(fx.ziggurat.layers).toBe(256);
    expect(Math.abs(ZIGGURAT_R / fx.ziggurat.R - 1)).toBeLessThan(1e-15);
    expect(Math.abs(ZIGGURAT_V / fx.ziggurat.V - 1)).toBeLessThan(1e-15);
  });
  it("the strip edges x_1 … x_255 match the high-precision recursion", () => {
    fx.ziggurat.x.forEach((x, k) => {
      const got = ZIGGURAT_X[k + 1];
      // The double recursion loses a few ulps per layer (log of a sum near the top).
      if (!(Math.abs(got / x - 1) <= 1e-12)) throw new Error(`x_${k + 1}: expected ${x}, got ${got}`);
    });
    expect(ZIGGURAT_X[256]).toBe(0);
    expect(ZIGGURAT_X[0]).toBeCloseTo(ZIGGURAT_V * Math.exp(ZIGGURAT_R), 12);
  });
  it("every strip has area V, and the sure part of strip i is x_{i+1}/x_i of it", () => {
    expect(ZIGGURAT_X[0] * Math.exp(-ZIGGURAT_R)).toBeCloseTo(ZIGGURAT_V, 15);
    for (let i = 1; i < 256; i++) {
      const area = ZIGGURAT_X[i] * (ZIGGURAT_F[i + 1] - ZIGGURAT_F[i]);
      if (!(Math.abs(area / ZIGGURAT_V - 1) < 1e-9)) throw new Error(`strip ${i}: area ${area}, expected ${ZIGGURAT_V}`);
      expect(ZIGGURAT_RATIO[i]).toBe(ZIGGURAT_X[i + 1] / ZIGGURAT_X[i]);
    }
    // The sure part takes 97.8 % of first words (the same mean of x_{i+1}/x_i from the fixture's edges).
    const xs = [fx.ziggurat.V * Math.exp(fx.ziggurat.R), ...fx.ziggurat.x, 0];
    let sure = 0, expected = 0;
    for (let i = 0; i < 256; i++) {
      sure += ZIGGURAT_RATIO[i] / 256;
      expected += xs[i + 1] / xs[i] / 256;
    }
    expect(Math.abs(sure - expected)).toBeLessThan(1e-12);
    expect(sure).toBeGreaterThan(0.977);
  });
});

describe("zigguratExponential", () => {
  it("reads words from the stream it is given, the tail path included (same words as nextUint32)", () => {
    const st = rngState(5, 2);
    const u = rng(5, 2);
    for (let k = 0; k < 20_000; k++) {
      const a = zigguratExponential(() => nextUint32(st));
      const b = zigguratExponential(() => Math.floor(u() * 4294967296) >>> 0);
      if (a !== b) throw new Error(`draw ${k}: ${a} vs ${b}`);
    }
  });
  it("takes the tail beyond R: a word in strip 0 outside the rectangle returns R plus a fresh variate", () => {
    // Strip 0 with u above R/x_0: tail; the next word (strip 5, u = ½) is accepted at once.
    const words = [(5 | (((1 << 23) >>> 0) << 8)) >>> 0];
    const next = () => words.shift()!;
    const u0 = 0.999;
    const x = zigguratExponentialTail(0, u0, next);
    expect(x).toBeCloseTo(ZIGGURAT_R + (((1 << 23) + 0.5) * 2 ** -24) * ZIGGURAT_X[5], 12);
  });
});
