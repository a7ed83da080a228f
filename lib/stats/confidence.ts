// Confidence intervals over seeds.
//
// Method: a group's value for a question is the mean of its seeded models' rates, and its 95%
// interval is Student's t interval over those n seed-level rates:
//     mean ± t(0.975, n − 1) · s / √n,   s = sample standard deviation (n − 1 denominator),
// clipped to [0, 1] for rates (clipTo) because a probability cannot leave that range. With one model there is no
// spread to estimate, so no interval (the paper draws no error bar). Seeds, not answers, are the
// unit: answers of one model are not independent draws of the group's behaviour.

/** Natural log of the gamma function (Lanczos approximation, |error| < 2e-10). */
function logGamma(x: number): number {
  const coefficients = [
    76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let series = 1.000000000190015;
  for (const c of coefficients) series += c / ++y;
  return -tmp + Math.log((2.5066282746310005 * series) / x);
}

/** Continued fraction for the regularized incomplete beta function (Numerical Recipes betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Cumulative distribution function of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Quantile of Student's t: the t with P(T ≤ t) = p, found by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile: need 0 < p < 1 and df > 0, got p=${p}, df=${df}`);
  let low = -1e3;
  let high = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

export interface MeanInterval {
  mean: number;
  /** null when fewer than two values: no spread to estimate */
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
}

export interface IntervalOptions {
  /** confidence level, default 0.95 */
  level?: number;
  /** clip the interval to this range, e.g. [0, 1] for probabilities */
  clipTo?: [number, number];
}

/** Mean and t interval from summary statistics (as aggregated in SQL). */
export function meanIntervalFromSummary(
  mean: number,
  sampleStdDev: number | null,
  n: number,
  { level = 0.95, clipTo }: IntervalOptions = {},
): MeanInterval {
  if (n < 2 || sampleStdDev === null) return { mean, ciLow: null, ciHigh: null, n };
  const halfWidth = (studentTQuantile(1 - (1 - level) / 2, n - 1) * sampleStdDev) / Math.sqrt(n);
  let ciLow = mean - halfWidth;
  let ciHigh = mean + halfWidth;
  if (clipTo) {
    ciLow = Math.max(clipTo[0], ciLow);
    ciHigh = Math.min(clipTo[1], ciHigh);
  }
  return { mean, ciLow, ciHigh, n };
}

/** Mean and t interval of a list of values (e.g. seed-level rates). Throws on an empty list. */
export function meanInterval(values: number[], options: IntervalOptions = {}): MeanInterval {
  if (values.length === 0) throw new RangeError("meanInterval: no values");
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const sampleStdDev = n < 2 ? null : Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1));
  return meanIntervalFromSummary(mean, sampleStdDev, n, options);
}
