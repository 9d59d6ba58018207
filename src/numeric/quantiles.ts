/**
 * Quantiles of the normal and Student-t laws, for confidence intervals. Kernels: NaN
 * outside the domain, never a throw.
 *
 * @module
 */

/**
 * Standard normal quantile Φ⁻¹(p) by Acklam's rational approximation (relative error
 * below 1.2e-9 on (0, 1)), enough for confidence levels.
 *
 * Kernel: returns NaN outside (0, 1), ±Infinity at 0 and 1.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * P(|T| ≤ t) for Student's t with an integer number ν of degrees of freedom, by the finite
 * trigonometric sums of Abramowitz & Stegun 26.7.3–26.7.4 (θ = atan(t/√ν)).
 */
function studentTCentral(t: number, nu: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(nu));
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const c2 = c * c;
  if (nu % 2 === 1) {
    if (nu === 1) return (2 * theta) / Math.PI;
    let term = c;
    let sum = c;
    for (let k = 3; k <= nu - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= nu - 2; k += 2) {
    term *= (c2 * (k - 1)) / k;
    sum += term;
  }
  return s * sum;
}

/**
 * Student-t quantile t_ν⁻¹(p). Integer ν ≤ 400: bisection on the exact CDF (finite sums of
 * A&S 26.7.3–4, so the quantile is good to ~1e-13); larger or non-integer ν: the
 * Cornish–Fisher expansion in 1/ν (A&S 26.7.5), accurate to ~1e-6 there.
 *
 * Kernel: NaN for p outside (0, 1) or ν ≤ 0.
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1) || !(nu > 0)) return NaN;
  if (!Number.isFinite(nu)) return normalQuantile(p);
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  if (p === 0.5) return 0;
  if (Number.isInteger(nu) && nu <= 400) {
    const target = 2 * p - 1; // P(|T| ≤ t)
    let lo = 0;
    let hi = 1;
    while (studentTCentral(hi, nu) < target && hi < 1e300) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      if (studentTCentral(mid, nu) < target) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4;
}
