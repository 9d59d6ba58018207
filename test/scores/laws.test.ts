import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { criticWeights, entropyWeights, normalize, NORMALIZATIONS, topsis, weightedSum, type Criterion, type Normalization } from "../../src/scores/index.js";

const METHODS = { weightedSum, topsis } as const;

/** A decision problem: m × n integer matrix (ratio methods: entries ≥ 0), directions, weights summing to 1. */
function problem({ min, max, rows = [2, 6], cols = [1, 5] }: { min: number; max: number; rows?: [number, number]; cols?: [number, number] }) {
  return fc
    .tuple(fc.integer({ min: rows[0], max: rows[1] }), fc.integer({ min: cols[0], max: cols[1] }))
    .chain(([m, n]) =>
      fc.record({
        matrix: fc.array(fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
        benefit: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        // Integer weights normalized: no subnormal weight whose products underflow.
        rawWeights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }).filter((w) => w.some((x) => x > 0)),
      }),
    )
    .map(({ matrix, benefit, rawWeights }) => {
      const s = rawWeights.reduce((a, b) => a + b, 0);
      const criteria: Criterion[] = benefit.map((b, j) => ({ name: `c${j}`, benefit: b, weight: rawWeights[j] / s }));
      return { matrix, criteria };
    });
}

const domainOf = (norm: Normalization) => (norm === "minMax" ? { min: -1000, max: 1000 } : { min: 0, max: 1000 });
const opts = { normalizeWeights: true };

describe("laws on long matrices (no recursion or argument spreading over the rows)", () => {
  // Replicating every alternative K times leaves TOPSIS closeness unchanged (every distance
  // scales by the same factor under each normalization) and entropy weights unchanged
  // (1 − e_j scales by ln m / ln(Km) in every column). At 200 000 rows a Math.max(...column)
  // or Math.hypot(...column) overflows the call stack.
  const small = [[1.07, 2.1, 0.9], [1.12, 5.2, 0.4], [2.39, 0, 0.7], [1.5, 3.3, 0.2]];
  const crit: Criterion[] = [{ name: "latency", benefit: false, weight: 0.5 }, { name: "bandwidth", benefit: false, weight: 0.3 }, { name: "quality", benefit: true, weight: 0.2 }];
  const K = 50_000;
  const long = Array.from({ length: small.length * K }, (_, i) => small[i % small.length]);
  test.each(NORMALIZATIONS)("topsis on 200 000 rows = topsis on the 4 distinct rows (%s)", (norm) => {
    const a = topsis(small, crit, { normalization: norm }).scores;
    const b = topsis(long, crit, { normalization: norm }).scores;
    expect(b.length).toBe(long.length);
    // A recursive sum over n = 2e5 terms errs by up to (n − 1)·2^−53 ≈ 2.2e-11 relative.
    for (let i = 0; i < small.length; i++) expect(Math.abs(b[i] - a[i]), `row ${i}: ${b[i]} vs ${a[i]}`).toBeLessThan(1e-10);
  });
  test("entropyWeights on 200 000 rows = on the 4 distinct rows; weightedSum and criticWeights run", () => {
    const a = entropyWeights(small);
    const b = entropyWeights(long);
    a.forEach((w, j) => expect(Math.abs(b[j] - w), `column ${j}`).toBeLessThan(1e-10));
    const ws = weightedSum(long, crit).scores;
    expect(ws.slice(0, 4)).toEqual(weightedSum(small, crit).scores);
    expect(criticWeights(long).length).toBe(3);
  });
});

describe("laws (fast-check)", () => {
  test.each(NORMALIZATIONS)("normalized values and scores lie in [0, 1] (%s)", (norm) => {
    fc.assert(
      fc.property(problem(domainOf(norm)), ({ matrix, criteria }) => {
        for (const row of normalize(matrix, criteria, { normalization: norm })) for (const x of row) expect(x >= 0 && x <= 1).toBe(true);
        for (const f of Object.values(METHODS)) {
          for (const s of f(matrix, criteria, { normalization: norm, ...opts }).scores) expect(s >= 0 && s <= 1).toBe(true);
        }
      }),
    );
  });

  test.each(NORMALIZATIONS)("an alternative that dominates on every criterion ranks first under any weights (%s)", (norm) => {
    fc.assert(
      fc.property(
        problem({ min: 10, max: 1000 }),
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 5, maxLength: 5 }),
        ({ matrix, criteria }, k0, margin) => {
          const k = k0 % matrix.length;
          const m = matrix.map((r) => r.slice());
          criteria.forEach((c, j) => {
            const col = m.map((r) => r[j]);
            // Strictly better than every other alternative: above the max of a benefit, below the min of a cost.
            m[k][j] = c.benefit ? Math.max(...col) + margin[j] : Math.min(...col) - margin[j];
          });
          for (const [name, f] of Object.entries(METHODS)) {
            const r = f(m, criteria, { normalization: norm, ...opts });
            if (r.ranking[0] !== k) throw new Error(`${name}/${norm}: dominating alternative ${k} ranked ${r.rank[k]}; scores ${r.scores}`);
          }
        },
      ),
    );
  });

  test("min–max scores are invariant to a positive affine rescaling of a criterion", () => {
    fc.assert(
      fc.property(
        problem({ min: -1000, max: 1000 }),
        fc.nat(),
        fc.double({ min: 1e-2, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        ({ matrix, criteria }, j0, a, b) => {
          const j = j0 % criteria.length;
          const scaled = matrix.map((r) => r.map((x, c) => (c === j ? a * x + b : x)));
          for (const f of Object.values(METHODS)) {
            const before = f(matrix, criteria, { normalization: "minMax", ...opts }).scores;
            const after = f(scaled, criteria, { normalization: "minMax", ...opts }).scores;
            // Cancellation in a·x + b − (a·min + b) costs up to ~ulp·|b|/(a·range): 1e-9 covers a ≥ 1e-2, |b| ≤ 1e3.
            after.forEach((s, i) => {
              if (!(Math.abs(s - before[i]) <= 1e-9)) throw new Error(`a=${a} b=${b} column ${j}: ${before[i]} vs ${s}`);
            });
          }
        },
      ),
    );
  });

  test("min–max: a cost column x gives exactly what the benefit column −x gives", () => {
    fc.assert(
      fc.property(problem({ min: -1000, max: 1000 }), fc.nat(), ({ matrix, criteria }, j0) => {
        const j = j0 % criteria.length;
        const negated = matrix.map((r) => r.map((x, c) => (c === j ? -x : x)));
        const flipped = criteria.map((c, k) => (k === j ? { ...c, benefit: !c.benefit } : c));
        expect(normalize(negated, flipped)).toEqual(normalize(matrix, criteria));
        for (const f of Object.values(METHODS)) {
          expect(f(negated, flipped, { normalization: "minMax", ...opts }).scores).toEqual(
            f(matrix, criteria, { normalization: "minMax", ...opts }).scores,
          );
        }
      }),
    );
  });

  test.each(["vector", "sum", "max"] as const)("%s: the law does not apply — a negated column is outside the ratio-scale domain and is rejected", (norm) => {
    fc.assert(
      fc.property(problem({ min: 1, max: 1000 }), fc.nat(), ({ matrix, criteria }, j0) => {
        const j = j0 % criteria.length;
        const negated = matrix.map((r) => r.map((x, c) => (c === j ? -x : x)));
        const flipped = criteria.map((c, k) => (k === j ? { ...c, benefit: !c.benefit } : c));
        expect(() => normalize(negated, flipped, { normalization: norm })).toThrow(RangeError);
      }),
    );
  });

  test.each(["vector", "sum", "max"] as const)("%s: a cost column x is not the benefit column max(x) − x (counterexample)", (norm) => {
    const x = [[1], [2], [4]];
    const reflected = x.map(([v]) => [4 - v]);
    const asCost = normalize(x, [{ benefit: false }], { normalization: norm });
    const asBenefit = normalize(reflected, [{ benefit: true }], { normalization: norm });
    expect(asCost).not.toEqual(asBenefit);
  });

  test("entropy and CRITIC weights are ≥ 0, sum to 1, and ignore a positive rescaling of a column (CRITIC: any positive affine map)", () => {
    fc.assert(
      fc.property(
        problem({ min: 0, max: 1000 }),
        fc.nat(),
        fc.double({ min: 1e-2, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        ({ matrix, criteria }, j0, a, b) => {
          const j = j0 % criteria.length;
          const scaled = matrix.map((r) => r.map((x, c) => (c === j ? a * x : x)));
          const shifted = matrix.map((r) => r.map((x, c) => (c === j ? a * x + b : x)));
          for (const [name, w, w2] of [
            ["entropy", entropyWeights(matrix), entropyWeights(scaled)],
            ["CRITIC", criticWeights(matrix, criteria), criticWeights(shifted, criteria)],
          ] as const) {
            for (const x of w) expect(x >= 0).toBe(true);
            expect(Math.abs(w.reduce((p, q) => p + q, 0) - 1)).toBeLessThanOrEqual(1e-12);
            w.forEach((x, k) => {
              if (!(Math.abs(x - w2[k]) <= 1e-9)) throw new Error(`${name} weight ${k}: ${x} vs ${w2[k]} after rescaling column ${j} by a=${a}, b=${b}`);
            });
          }
        },
      ),
    );
  });
});
