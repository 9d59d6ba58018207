/**
 * The chains' two kernels, each plain and compiled (src/snc/chain-kernels.ts): the compiled
 * sparse product gives the bits of the plain loop on any matrix, reloads a matrix exactly when
 * its key or version changes, keeps two at once, and grows its memory for a large one; the
 * compiled fill and the compiled drawdown band product give their plain loops' bits; the bytes
 * are those the committed .wat compiles to.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bandCompiled, bandTimes, gatherCompiled, gatherPieces, kernelsCompiled, rowsTimes, sparseTimes } from "../../src/snc/chain-kernels.js";

interface Csr {
  n: number;
  start: Int32Array;
  idx: Int32Array;
  w: Float64Array;
}

/** A random square matrix in compressed rows: row lengths from 0 to `most`, columns below n. */
const csr = (nMax: number, most: number) =>
  fc.integer({ min: 1, max: nMax }).chain((n) =>
    fc
      .array(fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.double({ min: -1e300, max: 1e300, noNaN: true })), { maxLength: most }), { minLength: n, maxLength: n })
      .map((rows): Csr => {
        const start = new Int32Array(n + 1);
        rows.forEach((r, i) => (start[i + 1] = start[i] + r.length));
        const flat = rows.flat();
        return { n, start, idx: Int32Array.from(flat, (e) => e[0]), w: Float64Array.from(flat, (e) => e[1]) };
      }),
  );

/** A vector of n doubles spanning the ranges the chains meet (tiny to large, zeros). */
const vec = (n: number) => fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e-300, max: 1e-290, noNaN: true }), fc.constant(0), fc.double({ min: -1e10, max: 1e10, noNaN: true })), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));

const plain = (A: Csr, x: Float64Array) => {
  const y = new Float64Array(A.n);
  sparseTimes(A.n, A.start, A.idx, A.w, x, y);
  return y;
};

const compiled = (slot: 0 | 1, key: object, version: number, A: Csr, x: Float64Array) => {
  const y = new Float64Array(A.n).fill(NaN);
  rowsTimes(slot, key, version, A.n, A.start, A.idx, A.w, x, y);
  return y;
};

/** Same bits, entry by entry (Object.is: −0 and NaN are told apart). */
const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe("sparseTimes (plain)", () => {
  it("multiplies a small matrix", () => {
    // [[1, 2, 0], [0, 0, 0], [4, 0, 5]] · [1, 10, 100]
    const y = plain({ n: 3, start: Int32Array.of(0, 2, 2, 4), idx: Int32Array.of(0, 1, 0, 2), w: Float64Array.of(1, 2, 4, 5) }, Float64Array.of(1, 10, 100));
    expect(Array.from(y)).toEqual([21, 0, 504]);
  });

  it("adds a row's entries as four partial sums, (s0 + s1) + (s2 + s3), the last group's rest into s0", () => {
    // Six entries: s0 = e0 + e4 + e5, s1 = e1, s2 = e2, s3 = e3 — chosen so that the plain
    // left-to-right sum rounds to another number (3 against 0).
    const e = [1e16, 1, -1e16, 1, 1, 1];
    const y = plain({ n: 1, start: Int32Array.of(0, 6), idx: Int32Array.of(0, 0, 0, 0, 0, 0), w: Float64Array.from(e) }, Float64Array.of(1));
    expect(y[0]).toBe(e[0] + e[4] + e[5] + e[1] + (e[2] + e[3]));
    expect(y[0]).toBe(0);
    expect(e.reduce((s, v) => s + v, 0)).toBe(3);
  });
});

describe("rowsTimes (compiled where available) against sparseTimes", () => {
  it("is compiled here (Node has WebAssembly): the properties below test the compiled kernel", () => {
    expect(kernelsCompiled()).toBe(true);
  });

  it("gives the same bits on random matrices, below and above the size where it compiles", () => {
    fc.assert(
      fc.property(
        csr(300, 12).chain((A) => fc.tuple(fc.constant(A), vec(A.n))),
        ([A, x]) => {
          const key = {};
          return sameBits(compiled(0, key, 1, A, x), plain(A, x));
        },
      ),
      { numRuns: 200, seed: 14 },
    );
  });

  it("reloads the weights when the version changes, and only then", () => {
    const n = 120;
    const start = Int32Array.from({ length: n + 1 }, (_, i) => 4 * i);
    const idx = Int32Array.from({ length: 4 * n }, (_, q) => (q * 7) % n);
    const w = Float64Array.from({ length: 4 * n }, (_, q) => 1 + (q % 5));
    const A = { n, start, idx, w };
    const x = Float64Array.from({ length: n }, (_, i) => i + 0.5);
    const key = {};
    const first = compiled(0, key, 1, A, x);
    expect(sameBits(first, plain(A, x))).toBe(true);
    w.fill(2);
    // A new version: the new weights.
    expect(sameBits(compiled(0, key, 2, A, x), plain(A, x))).toBe(true);
    // A new key with the same version number: reloaded too.
    expect(sameBits(compiled(0, {}, 2, A, x), plain(A, x))).toBe(true);
  });

  it("keeps two matrices in its two slots, each reloaded when another takes its slot", () => {
    fc.assert(
      fc.property(csr(200, 10), csr(200, 10), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }), (A, B, order) => {
        const keys = [{}, {}];
        const xa = Float64Array.from({ length: A.n }, (_, i) => 1 / (i + 1));
        const xb = Float64Array.from({ length: B.n }, (_, i) => i - 3);
        // 0, 1: A, B in their own slots; 2, 3: A, B in each other's slot.
        return order.every((o) => {
          const M = o % 2 === 0 ? A : B;
          const x = o % 2 === 0 ? xa : xb;
          const slot = (o < 2 ? o : 1 - (o - 2)) as 0 | 1;
          return sameBits(compiled(slot, keys[o % 2], 1, M, x), plain(M, x));
        });
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it("grows its memory for a large matrix and still agrees after", () => {
    const n = 40000;
    const per = 9;
    const start = Int32Array.from({ length: n + 1 }, (_, i) => per * i);
    const idx = Int32Array.from({ length: per * n }, (_, q) => (q * 7919) % n);
    const w = Float64Array.from({ length: per * n }, (_, q) => Math.sin(q) * 1e-3);
    const big = { n, start, idx, w };
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    expect(sameBits(compiled(1, {}, 1, big, x), plain(big, x))).toBe(true);
    const small = { n: 50, start: Int32Array.from({ length: 51 }, (_, i) => 8 * i), idx: Int32Array.from({ length: 400 }, (_, q) => q % 50), w: Float64Array.from({ length: 400 }, (_, q) => q) };
    const xs = Float64Array.from({ length: 50 }, (_, i) => i);
    expect(sameBits(compiled(0, {}, 1, small, xs), plain(small, xs))).toBe(true);
  });
});

/** A small deterministic generator in [0, 1) (the values only need to vary), seeded by fast-check. */
const lcg = (seed: number) => {
  let st = seed >>> 0 || 1;
  return () => (st = (st * 1103515245 + 12345) >>> 0) / 2 ** 32;
};

/** Random pieces: ends into a table of `nt` entries, cells below nc, args below na. */
const pieces = fc
  .record({ np: fc.integer({ min: 1, max: 2000 }), nc: fc.integer({ min: 1, max: 600 }), nt: fc.integer({ min: 2, max: 400 }), na: fc.integer({ min: 1, max: 60 }), seed: fc.integer() })
  .map(({ np, nc, nt, na, seed }) => {
    const rnd = lcg(seed);
    const int = (m: number) => Math.floor(rnd() * m);
    const cum = Float64Array.from({ length: nt }, () => (rnd() < 0.1 ? 0 : rnd() * 10 ** (int(40) - 20)));
    return {
      up: Int32Array.from({ length: np }, () => int(nt)),
      down: Int32Array.from({ length: np }, () => int(nt)),
      cell: Int32Array.from({ length: np }, () => int(nc)),
      arg: Int32Array.from({ length: np }, () => int(na)),
      cum,
      expArg: Float64Array.from({ length: na }, () => Math.exp(-rnd() * 30)),
      nc,
    };
  });

describe("gatherCompiled (compiled where available) against gatherPieces", () => {
  it("gives the same bits on random pieces, below and above the size where it compiles", () => {
    fc.assert(
      fc.property(pieces, (p) => {
        const a = new Float64Array(p.nc).fill(NaN);
        const b = new Float64Array(p.nc).fill(NaN);
        gatherPieces(p.up, p.down, p.cell, p.arg, p.cum, p.expArg, a);
        gatherCompiled({}, p.up, p.down, p.cell, p.arg, p.cum, p.expArg, b);
        return sameBits(a, b);
      }),
      { numRuns: 150, seed: 16 },
    );
  });

  it("keeps a chain's pieces between fills and takes the tables of each fill", () => {
    const np = 1000;
    const up = Int32Array.from({ length: np }, (_, q) => (q * 13) % 50);
    const down = Int32Array.from({ length: np }, (_, q) => (q * 7) % 50);
    const cell = Int32Array.from({ length: np }, (_, q) => q % 300);
    const arg = Int32Array.from({ length: np }, (_, q) => q % 9);
    const key = {};
    for (const scale of [1, 3, 0.5]) {
      const cum = Float64Array.from({ length: 50 }, (_, i) => scale * i * i);
      const expArg = Float64Array.from({ length: 9 }, (_, i) => Math.exp(-scale * i));
      const a = new Float64Array(300);
      const b = new Float64Array(300);
      gatherPieces(up, down, cell, arg, cum, expArg, a);
      gatherCompiled(key, up, down, cell, arg, cum, expArg, b);
      expect(sameBits(a, b)).toBe(true);
    }
    // Other pieces under a new key are loaded, not the old ones reused.
    const cell2 = Int32Array.from({ length: np }, (_, q) => (q * 5) % 300);
    const cum = Float64Array.from({ length: 50 }, (_, i) => i);
    const expArg = new Float64Array(9).fill(1);
    const a = new Float64Array(300);
    const b = new Float64Array(300);
    gatherPieces(up, down, cell2, arg, cum, expArg, a);
    gatherCompiled({}, up, down, cell2, arg, cum, expArg, b);
    expect(sameBits(a, b)).toBe(true);
  });
});

/** A random drawdown band: n rows, band width M + 1, U ≤ M (the walk's lattice moves). */
const bands = fc
  .record({ n: fc.integer({ min: 1, max: 120 }), M: fc.integer({ min: 1, max: 40 }), dU: fc.integer({ min: 0, max: 40 }), seed: fc.integer() })
  .map(({ n, M, dU, seed }) => {
    const U = Math.min(M, dU);
    const rnd = lcg(seed);
    return {
      n,
      U,
      M,
      col0: Float64Array.from({ length: n }, () => rnd() * 10 ** (Math.floor(rnd() * 30) - 15)),
      band: Float64Array.from({ length: n * (M + 1) }, () => (rnd() < 0.2 ? 0 : rnd() * 10 ** (Math.floor(rnd() * 30) - 15))),
      x: Float64Array.from({ length: n }, () => rnd() * 10 ** (Math.floor(rnd() * 40) - 20)),
    };
  });

describe("bandCompiled (compiled where available) against bandTimes", () => {
  it("gives the same bits on random bands, below and above the size where it compiles", () => {
    fc.assert(
      fc.property(bands, (b) => {
        const a = new Float64Array(b.n).fill(NaN);
        const c = new Float64Array(b.n).fill(NaN);
        bandTimes(b.n, b.U, b.M, b.col0, b.band, b.x, a);
        bandCompiled(b.band, b.n, b.U, b.M, b.col0, b.band, b.x, c);
        // Again with the band already loaded, on another vector.
        const x2 = b.x.map((v) => v * 0.5 + 1);
        const a2 = new Float64Array(b.n);
        const c2 = new Float64Array(b.n);
        bandTimes(b.n, b.U, b.M, b.col0, b.band, x2, a2);
        bandCompiled(b.band, b.n, b.U, b.M, b.col0, b.band, x2, c2);
        return sameBits(a, c) && sameBits(a2, c2);
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});

describe("the compiled bytes", () => {
  it("are what src/snc/chain-kernels.wat compiles to (scripts/wasm.mjs --check)", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const r = spawnSync(process.execPath, [join(root, "scripts/wasm.mjs"), "--check"], { cwd: root, encoding: "utf8" });
    expect(r.stdout.trim()).toBe("chain-kernels-wasm.ts matches chain-kernels.wat");
    expect(r.status).toBe(0);
  });

  it("form a valid module with the exported function and memory the product uses", async () => {
    const { CHAIN_KERNELS_WASM } = await import("../../src/snc/chain-kernels-wasm.js");
    expect(WebAssembly.validate(CHAIN_KERNELS_WASM as BufferSource)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(CHAIN_KERNELS_WASM as BufferSource)).map((e) => `${e.kind} ${e.name}`);
    expect(names.sort()).toEqual(["function band", "function gather", "function times", "memory memory"]);
  });
});
