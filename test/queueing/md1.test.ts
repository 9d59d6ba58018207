import { describe, expect, it } from "vitest";
import { md1Series } from "../../src/queueing/md1.js";
import { relErr, fixture } from "../helpers.js";

const fx = fixture<{ md1: { rho: number; d: number; lambda: number; t: number[]; waitTail: number[] }[] }>("queueing/queueing.json");

describe("md1Series: the rounding-error estimate is an honest upper bound", () => {
  it("actual error ≤ estimate (within a factor 2) wherever the estimate is below 1", () => {
    let checked = 0;
    for (const c of fx.md1) {
      c.t.forEach((t, i) => {
        const v = md1Series(c.lambda, c.d, t);
        if (v.relErr < 1) {
          checked++;
          const e = relErr(v.tail, c.waitTail[i]);
          expect(e <= 2 * v.relErr + 1e-15, `ρ=${c.rho} d=${c.d} t=${t}: error ${e} vs estimate ${v.relErr}`).toBe(true);
        }
      });
    }
    expect(checked).toBeGreaterThan(100);
  });
  it("flags the catastrophic cancellation at large t (ρ = 0.8, t = 50)", () => {
    expect(md1Series(0.8, 1, 50).relErr).toBeGreaterThan(1);
  });
});
