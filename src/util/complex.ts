/**
 * Minimal complex arithmetic on `{ re, im }` pairs for Laplace-transform inversion.
 * Hand-written rather than mathjs's `Complex`: inversion evaluates transforms thousands of
 * times per tail value and mathjs objects are ~30× slower in hot loops.
 *
 * @module
 */

/** A complex number. */
export interface Complex {
  /** Real part. */
  readonly re: number;
  /** Imaginary part. */
  readonly im: number;
}

/** Constructs a complex number. */
export const cx = (re: number, im = 0): Complex => ({ re, im });
/** a + b */
export const cadd = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
/** a · b */
export const cmul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
/** k · a for real k */
export const cscale = (a: Complex, k: number): Complex => ({ re: a.re * k, im: a.im * k });
/** a / b (Smith's algorithm, avoids overflow). */
export function cdiv(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}
/** e^a */
export function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}
/** Principal ln a */
export function clog(a: Complex): Complex {
  return { re: Math.log(Math.hypot(a.re, a.im)), im: Math.atan2(a.im, a.re) };
}
