/**
 * Discrete convolutions (used by the renewal-equation solver, `queueing/volterra.ts`): an FFT
 * convolution and a lower-triangular Toeplitz solve by divide and conquer
 * (O(n log² n) instead of O(n·L) for a kernel of length L).
 *
 * Kernel only: never throws.
 *
 * @module
 */

interface Twiddles {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

const twiddleCache = new Map<number, Twiddles>();

function twiddles(n: number): Twiddles {
  let t = twiddleCache.get(n);
  if (!t) {
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      cos[i] = Math.cos((2 * Math.PI * i) / n);
      sin[i] = Math.sin((2 * Math.PI * i) / n);
    }
    t = { cos, sin };
    twiddleCache.set(n, t);
  }
  return t;
}

/** In-place radix-2 FFT of (re, im), length a power of two; `inverse` conjugates (unscaled). */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  const { cos, sin } = twiddles(n);
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = sign * sin[k * step];
        const a = i + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/**
 * Full linear convolution c_n = Σ_j a_j b_{n−j} for n < outLength, by FFT when both
 * sequences are long and directly otherwise. The FFT's rounding error is ≈1e-16 times
 * Σ|a_j|·max|b| — absolute, which is why the solver convolves tilted (non-decaying) values.
 *
 * @param a - first sequence
 * @param b - second sequence
 * @param outLength - number of output terms wanted
 * @returns the first `outLength` terms of a ∗ b
 * @example
 * ```ts
 * convolve(Float64Array.of(1, 2), Float64Array.of(1, 1), 3); // [1, 3, 2]
 * ```
 */
export function convolve(a: Float64Array, b: Float64Array, outLength: number): Float64Array {
  const out = new Float64Array(outLength);
  const la = Math.min(a.length, outLength);
  const lb = Math.min(b.length, outLength);
  if (la * lb <= 64 * 64 || Math.min(la, lb) <= 48) {
    for (let i = 0; i < la; i++) {
      const ai = a[i];
      if (ai === 0) continue;
      const jmax = Math.min(lb, outLength - i);
      for (let j = 0; j < jmax; j++) out[i + j] += ai * b[j];
    }
    return out;
  }
  const n = pow2(la + lb - 1);
  const ar = new Float64Array(n);
  const ai = new Float64Array(n);
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  ar.set(a.subarray(0, la));
  br.set(b.subarray(0, lb));
  fft(ar, ai, false);
  fft(br, bi, false);
  for (let i = 0; i < n; i++) {
    const r = ar[i] * br[i] - ai[i] * bi[i];
    ai[i] = ar[i] * bi[i] + ai[i] * br[i];
    ar[i] = r;
  }
  fft(ar, ai, true);
  for (let i = 0; i < outLength && i < n; i++) out[i] = ar[i] / n;
  return out;
}

/** Blocks at most this long are solved by direct substitution. */
const BASE = 64;

/**
 * Solves `d·z_m = r_m + Σ_{j=1}^{m−1} ω_j z_{m−j}` for m = 1..n (z_0 is not an unknown:
 * its terms belong in r). Divide and conquer: solve the first half of a block, add its
 * contribution to the second half with one cyclic FFT convolution (the FFTs of the kernel
 * segments are cached per length), recurse. A kernel that vanishes beyond `L` limits each
 * transform to ≈ 2L points, so the work is O(n log² min(n, L)); blocks of at most 64, and
 * kernels of at most 256 terms, are summed directly.
 *
 * @param omega - kernel, omega[j] for j = 1..(used up to n − 1); omega[0] is ignored
 * @param r - right-hand side, r[m] for m = 1..n
 * @param d - the diagonal coefficient
 * @param n - number of unknowns
 * @param L - omega[j] = 0 for j > L
 * @returns z with z[0] = 0
 * @example
 * ```ts
 * // z_m = 1 + z_{m−1}/2 from z_1 = 1
 * solveLowerToeplitz(Float64Array.of(0, 0.5), Float64Array.of(0, 1, 1, 1), 1, 3, 1); // [0, 1, 1.5, 1.75]
 * ```
 */
export function solveLowerToeplitz(omega: Float64Array, r: Float64Array, d: number, n: number, L: number): Float64Array {
  const z = new Float64Array(n + 1);
  if (L <= 4 * BASE) {
    // Short kernel: plain substitution, n·L operations.
    for (let m = 1; m <= n; m++) {
      let s = 0;
      const imin = Math.max(1, m - L);
      for (let i = imin; i < m; i++) s += omega[m - i] * z[i];
      z[m] = (r[m] + s) / d;
    }
    return z;
  }
  const acc = new Float64Array(n + 1);
  const scratch = new Map<number, { re: Float64Array; im: Float64Array }>();
  const kernelFft = new Map<number, { re: Float64Array; im: Float64Array }>();
  const kernel = (size: number) => {
    let f = kernelFft.get(size);
    if (!f) {
      const re = new Float64Array(size);
      const im = new Float64Array(size);
      for (let j = 1; j < size && j <= L && j < omega.length; j++) re[j] = omega[j];
      fft(re, im, false);
      f = { re, im };
      kernelFft.set(size, f);
    }
    return f;
  };
  const direct = (lo: number, hi: number): void => {
    for (let m = lo; m < hi; m++) {
      let s = acc[m];
      const imin = Math.max(lo, m - L);
      for (let i = imin; i < m; i++) s += omega[m - i] * z[i];
      z[m] = (r[m] + s) / d;
    }
  };
  const rec = (lo: number, hi: number): void => {
    if (hi - lo <= BASE) {
      direct(lo, hi);
      return;
    }
    const mid = lo + ((hi - lo) >> 1);
    rec(lo, mid);
    // Contributions of z[lo, mid) to acc[mid, hi); with lags at most L only z[src, mid)
    // reaches, and only acc[mid, dst) receives, so the transform length is ≈ 2·min(block, L).
    const src = Math.max(lo, mid - L);
    const dst = Math.min(hi, mid + L);
    if (mid - src <= BASE) {
      for (let m = mid; m < dst; m++) {
        let s = 0;
        const imin = Math.max(src, m - L);
        for (let i = imin; i < mid; i++) s += omega[m - i] * z[i];
        acc[m] += s;
      }
    } else {
      // Cyclic length ≥ dst − src: products that wrap land below mid − src, never in [mid − src, dst − src).
      const size = pow2(dst - src);
      const k = kernel(size);
      let buf = scratch.get(size);
      if (!buf) {
        buf = { re: new Float64Array(size), im: new Float64Array(size) };
        scratch.set(size, buf);
      }
      const { re, im } = buf;
      re.fill(0);
      im.fill(0);
      for (let i = src; i < mid; i++) re[i - src] = z[i];
      fft(re, im, false);
      for (let i = 0; i < size; i++) {
        const x = re[i] * k.re[i] - im[i] * k.im[i];
        im[i] = re[i] * k.im[i] + im[i] * k.re[i];
        re[i] = x;
      }
      fft(re, im, true);
      for (let m = mid; m < dst; m++) acc[m] += re[m - src] / size;
    }
    rec(mid, hi);
  };
  rec(1, n + 1);
  return z;
}
