/**
 * Exponential variates by the ziggurat method (Marsaglia & Tsang, "The Ziggurat Method
 * for Generating Random Variables", J. Stat. Software 5(8), 2000), 256 layers.
 *
 * Why: `−ln U` costs a logarithm per variate, which dominates a queueing simulation's
 * inner loop; the ziggurat needs one 32-bit word, a table lookup, a multiply and a compare
 * for 97.8 % of the variates, and a logarithm or exponential only for the rest.
 *
 * Layout: f(x) = e^{−x} is covered by 256 strips of equal area V. Strip 0 is the base
 * `[0, R] × [0, f(R)]` plus the tail beyond R (virtual width x_0 = V/f(R)); strip i ≥ 1
 * spans heights f(x_i)…f(x_{i+1}) with width x_i, where x_1 = R,
 * x_{i+1} = −ln(e^{−x_i} + V/x_i), x_256 = 0. One xoshiro word r gives the strip
 * `i = r & 255` (its low 8 bits) and, from its other 24 bits, `u = (⌊r/256⌋ + ½)·2^−24`;
 * `x = u·x_i` is accepted at once when `x < x_{i+1}` (inside the next strip's width).
 * Otherwise strip 0 falls in the tail (R plus a fresh variate: the exponential is
 * memoryless), and strip i ≥ 1 accepts x when a fresh uniform height
 * `f(x_i) + v·(f(x_{i+1}) − f(x_i))` lies below e^{−x}, else starts again with a new word.
 * The position has 24 bits, so x lies on a grid of x_i·2^−24 within its strip (a relative
 * CDF error below 6e-8): the index and the position use disjoint bits, which avoids the
 * index–position correlation of the original 32-bit scheme (Doornik, "An improved ziggurat
 * method to generate normal random samples", 2005).
 *
 * Internal to edgecalc (the random module's index does not re-export this file): the public
 * sampler is `standardExponential(u)` in rng.ts; the request simulator inlines the first step.
 *
 * Reproducible: the tables are computed at load with `Math.log`/`Math.exp` (V8's fdlibm
 * port, identical on every platform), and the variate is a function of the word stream.
 *
 * @module
 */

/** R, the right edge of the base strip's rectangle (Marsaglia & Tsang's constant for 256 layers). */
export const ZIGGURAT_R = 7.69711747013104972;
/** V, the area of every strip: (R + 1)e^{−R}. */
export const ZIGGURAT_V = 0.0039496598225815571993;

/** Strip widths x_0 … x_256 (x_0 the base strip's virtual width V/f(R), x_256 = 0). */
export const ZIGGURAT_X = new Float64Array(257);
/** f(x_i) = e^{−x_i} for i = 1 … 256 (f(x_256) = 1; entry 0 unused). */
export const ZIGGURAT_F = new Float64Array(257);
/** x_{i+1}/x_i: a position u below it is accepted without a further draw. */
export const ZIGGURAT_RATIO = new Float64Array(256);

ZIGGURAT_X[0] = ZIGGURAT_V / Math.exp(-ZIGGURAT_R);
ZIGGURAT_X[1] = ZIGGURAT_R;
for (let i = 1; i < 255; i++) ZIGGURAT_X[i + 1] = -Math.log(Math.exp(-ZIGGURAT_X[i]) + ZIGGURAT_V / ZIGGURAT_X[i]);
ZIGGURAT_X[256] = 0;
for (let i = 1; i <= 256; i++) ZIGGURAT_F[i] = Math.exp(-ZIGGURAT_X[i]);
for (let i = 0; i < 256; i++) ZIGGURAT_RATIO[i] = ZIGGURAT_X[i + 1] / ZIGGURAT_X[i];

const TWO_NEG_24 = 2 ** -24;
const TWO_NEG_32 = 2 ** -32;

/**
 * The rare path of the exponential ziggurat, after a first word put position `u` in strip
 * `i` outside the strip's sure part: the tail (strip 0) or the wedge test (strips 1–255),
 * drawing further 32-bit words from `word`. The simulator's kernel inlines the first step
 * and calls this; {@link zigguratExponential} runs both through the same code.
 *
 * Kernel: no argument checks.
 */
export function zigguratExponentialTail(i: number, u: number, word: () => number): number {
  let offset = 0;
  for (;;) {
    if (i === 0) {
      // Beyond R: R + Exp(1), the exponential being memoryless.
      offset += ZIGGURAT_R;
    } else {
      const x = u * ZIGGURAT_X[i];
      const v = (word() + 0.5) * TWO_NEG_32;
      if (ZIGGURAT_F[i] + v * (ZIGGURAT_F[i + 1] - ZIGGURAT_F[i]) < Math.exp(-x)) return offset + x;
    }
    const r = word();
    i = r & 255;
    u = ((r >>> 8) + 0.5) * TWO_NEG_24;
    if (u < ZIGGURAT_RATIO[i]) return offset + u * ZIGGURAT_X[i];
  }
}

/**
 * One Exp(1) variate from a stream of 32-bit words (module comment): the sure part
 * inline, the rest through {@link zigguratExponentialTail}. The public sampler is the
 * random module's `standardExponential(u)`.
 *
 * Kernel: no argument checks.
 */
export function zigguratExponential(word: () => number): number {
  const r = word();
  const i = r & 255;
  const u = ((r >>> 8) + 0.5) * TWO_NEG_24;
  if (u < ZIGGURAT_RATIO[i]) return u * ZIGGURAT_X[i];
  return zigguratExponentialTail(i, u, word);
}
