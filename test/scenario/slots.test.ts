import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coveringSlots, deadlineSlots, slotsToSeconds } from "../../src/scenario/index.js";

/** A decimal literal m·10^−p as a user writes it ("0.6", "13.1"), parsed once (correctly rounded). */
const dec = (m: number, p: number) => Number(`${m}e-${p}`);

describe("deadlineSlots: ⌊d/Δ⌋ with float noise snapped", () => {
  it("evaluates a deadline at whole slots, never a later one", () => {
    expect(0.6 / 0.1).toBe(5.999999999999999); // the noise the rule exists for
    expect(deadlineSlots(0.6, 0.1)).toBe(6);
    expect(deadlineSlots(6, 0.1)).toBe(60);
    expect(deadlineSlots(6.05, 0.1)).toBe(60); // Math.round would say 61: a later slot, a smaller probability
    expect(deadlineSlots(6.09999, 0.1)).toBe(60);
    expect(deadlineSlots(13.1, 0.1)).toBe(131);
    expect(deadlineSlots(1.15, 0.05)).toBe(23);
  });
  it("gives 0 slots for a deadline below one slot (P(D > 0): a result, not an error)", () => {
    expect(deadlineSlots(0, 0.1)).toBe(0);
    expect(deadlineSlots(0.05, 0.1)).toBe(0);
    expect(deadlineSlots(0.0999999, 0.1)).toBe(0);
    expect(deadlineSlots(1e-300, 0.1)).toBe(0);
  });
  it("law: a deadline written as k slots in decimals is k slots (k ≤ 10⁷, Δ = m·10^−p)", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 6 }), (k, m, p) => {
        expect(deadlineSlots(dec(k * m, p), dec(m, p))).toBe(k);
      }),
    );
  });
  it("law: a deadline strictly between k and k + 1 slots is k slots", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 4 }), (k, m, j, p) => {
        // d = (k + j/10)·Δ written in decimals: one more digit than Δ.
        expect(deadlineSlots(dec(k * m * 10 + j * m, p + 1), dec(m, p))).toBe(k);
      }),
    );
  });
  it("law: ⌊d/Δ⌋·Δ ≤ d < (⌊d/Δ⌋ + 1)·Δ, up to the 4-ulp snap", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1e-4, max: 10, noNaN: true }), (d, slot) => {
        const k = deadlineSlots(d, slot);
        expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
        expect(k * slot).toBeLessThanOrEqual(d * (1 + 1e-14));
        expect((k + 1) * slot).toBeGreaterThan(d);
      }),
    );
  });
  it("rejects what is not a deadline, naming the parameter and value", () => {
    expect(() => deadlineSlots(-1, 0.1)).toThrow(new RangeError("deadlineSlots: deadlineSeconds must be a finite number ≥ 0, got -1"));
    expect(() => deadlineSlots(NaN, 0.1)).toThrow(/^deadlineSlots: deadlineSeconds must be a finite number ≥ 0, got NaN$/);
    expect(() => deadlineSlots(Infinity, 0.1)).toThrow(RangeError);
    expect(() => deadlineSlots(1, 0)).toThrow(new RangeError("deadlineSlots: slotSeconds must be a finite number > 0, got 0"));
    expect(() => deadlineSlots("6" as never, 0.1)).toThrow(TypeError);
    expect(() => deadlineSlots(1e300, 1e-3)).toThrow(/^deadlineSlots: deadlineSeconds must be at most 9007199254740991 slots of 0\.001 s, got 1e\+300$/);
  });
});

describe("coveringSlots: ⌈d/Δ⌉ with the same snap", () => {
  it("spans the seconds with whole slots", () => {
    expect(coveringSlots(0.6, 0.1)).toBe(6);
    expect(coveringSlots(0.61, 0.1)).toBe(7);
    expect(coveringSlots(0, 0.1)).toBe(0);
    expect(coveringSlots(0.01, 0.1)).toBe(1);
  });
  it("law: deadlineSlots ≤ coveringSlots ≤ deadlineSlots + 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1e-4, max: 10, noNaN: true }), (d, slot) => {
        const lo = deadlineSlots(d, slot);
        const hi = coveringSlots(d, slot);
        expect(hi >= lo && hi <= lo + 1).toBe(true);
      }),
    );
  });
  it("rejects a negative span by name", () => {
    expect(() => coveringSlots(-1, 0.1)).toThrow(new RangeError("coveringSlots: seconds must be a finite number ≥ 0, got -1"));
  });
});

describe("slotsToSeconds", () => {
  it("is kΔ, and round-trips through deadlineSlots", () => {
    expect(slotsToSeconds(131, 0.1)).toBe(131 * 0.1);
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.double({ min: 1e-4, max: 10, noNaN: true }), (k, slot) => {
        expect(deadlineSlots(slotsToSeconds(k, slot), slot)).toBe(k);
      }),
    );
  });
  it("rejects negative or infinite slots by name", () => {
    expect(() => slotsToSeconds(-1, 0.1)).toThrow(new RangeError("slotsToSeconds: slots must be a finite number ≥ 0, got -1"));
    expect(() => slotsToSeconds(1, -0.1)).toThrow(/^slotsToSeconds: slotSeconds/);
  });
});
