import { describe, expect, it } from "vitest";
import { gammaOffsetSeries } from "../../src/queueing/offset-series.js";
import { fixture } from "../helpers.js";

type Case = { label: string; service: { kind: string; offset?: number; offsets?: number[]; rest: [string, number[]] }; rho: number; lambda: number; t: number[]; waitTail: number[]; sojournTail: number[] };
const fx = fixture<{ cases: Case[] }>("queueing/offset.json");

/** Shape and scale of the gamma part (exponential: shape 1). */
function gammaPart(c: Case): { a: number; k: number; beta: number } | null {
  const [kind, args] = c.service.rest;
  const a = c.service.offset ?? c.service.offsets!.reduce((x, y) => x + y, 0);
  if (kind === "exponential") return { a, k: 1, beta: args[0] };
  if (kind === "erlang" || kind === "gammaDistribution") return { a, k: args[0], beta: args[1] / args[0] };
  return null;
}

describe("the offset series in doubles against the mpmath offset series (generate_offset.py)", () => {
  it("P(W > t) and P(T > t) wherever λt ≤ 3, within the series' own error estimate", () => {
    let checked = 0;
    for (const c of fx.cases) {
      const g = gammaPart(c);
      if (g === null) continue;
      const s = gammaOffsetSeries(c.lambda, c.rho, g.a, g.k, g.beta);
      c.t.forEach((t, i) => {
        if (c.lambda * t > 3) return;
        const w = s.waitTail(t);
        const so = s.sojournTail(t);
        expect(Math.abs(w.tail - c.waitTail[i]), `${c.label} ρ=${c.rho} t=${t} W`).toBeLessThanOrEqual(w.error * c.waitTail[i]);
        expect(Math.abs(so.tail - c.sojournTail[i]), `${c.label} ρ=${c.rho} t=${t} T`).toBeLessThanOrEqual(so.error * c.sojournTail[i]);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(100);
  });
  it("its error estimate flags the cancellation: small where the tail is large, large where it is tiny", () => {
    const s = gammaOffsetSeries(0.5 / 2.05, 0.5, 2, 1, 0.05); // S = 2 + Exp(0.05), ρ = 0.5
    expect(s.waitTail(3).error).toBeLessThan(1e-12);
    expect(s.waitTail(40).error).toBeGreaterThan(1e-6); // e^{2λt} ≈ 3e8 of cancellation, a tail ≈ 1e-14
  });
  it("reduces to Erlang's M/D/1 formula below the first kink: P(W > t) = 1 − (1 − ρ)e^{λt}", () => {
    const s = gammaOffsetSeries(0.5, 0.75, 1, 1, 0.5);
    for (const t of [0, 0.25, 0.5, 0.999]) expect(s.waitTail(t).tail).toBe(1 - 0.25 * Math.exp(0.5 * t));
    expect(s.sojournTail(0.999).tail).toBe(1);
  });
});
