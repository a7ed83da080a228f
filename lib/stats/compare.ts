// Comparing two model groups' misalignment rates, with seeds (one finetuned model each) as the
// unit, as in ../shared/notes/science.md: every value below is one model's rate (per question, or
// its mean over the pooled questions), never an individual answer.
//
// - Difference: mean of group a's seed-level rates − mean of group b's.
// - 95% interval: Welch's t interval, difference ± t(0.975, df) · √(s_a²/n_a + s_b²/n_b), df from
//   the Welch–Satterthwaite equation. A group with ONE model has no estimable seed variance; we
//   then treat that model's rate as fixed (a known reference, like the single un-finetuned base
//   model) and the interval is the other group's one-sample t interval shifted by it
//   (df = n_other − 1) — the same as Welch's formula with the single model's variance term set to
//   zero. This ignores the single model's own sampling noise, which the UI footnote says. With one
//   model in both groups there is no interval at all.
// - p-value: two-sided permutation test of "both groups' seed-level rates come from the same
//   distribution": statistic |mean_a − mean_b| over every relabelling of the pooled rates into
//   groups of n_a and n_b (exact when there are at most 200,000 relabellings, else 100,000 random
//   relabellings from a seeded generator, p = (count + 1) / (draws + 1)).
// - A second 95% interval, the paper's kind: the bootstrap percentile interval of the difference
//   (lib/stats/bootstrap.ts bootstrapDifferenceInterval): each group's seed-level rates resampled
//   with replacement independently, the 2.5th and 97.5th percentiles of mean_a* − mean_b*,
//   computed exactly over every resample pair while that is cheap (seeded Monte Carlo beyond). A
//   group with one model is fixed, as for Welch. Reported beside Welch, never instead of it: for
//   few seeds the two differ a lot (the bootstrap is narrower), and a reader should see both.

import { mulberry32 } from "@/lib/random";
import { bootstrapDifferenceInterval, type BootstrapMethod } from "./bootstrap";
import { studentTQuantile } from "./confidence";
import type { IntervalMethod as PlottedInterval } from "./method";

/** Relabellings are enumerated exactly up to this many, else sampled. */
export const EXACT_PERMUTATION_LIMIT = 200_000;
/** Random relabellings drawn when exact enumeration is too large. */
export const MONTE_CARLO_DRAWS = 100_000;
/** Fixed seed: the same data always gives the same Monte-Carlo p-value (a reloaded page does not change). */
export const MONTE_CARLO_SEED = 20_250_217;
/** Relabellings whose statistic is within this of the observed one count as "as extreme" (floating-point ties). */
export const TIE_EPSILON = 1e-12;

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Sample variance (n − 1 denominator); undefined for fewer than two values. */
function sampleVariance(values: number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  return values.reduce((sum, value) => sum + (value - m) ** 2, 0) / (values.length - 1);
}

/** Binomial coefficient C(n, k) as a float (exact for the sizes used here). */
export function binomialCoefficient(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const small = Math.min(k, n - k);
  let result = 1;
  for (let i = 1; i <= small; i++) result = (result * (n - small + i)) / i;
  return Math.round(result);
}

/**
 * Welch–Satterthwaite degrees of freedom of (mean_a − mean_b):
 *   (v_a/n_a + v_b/n_b)² / ((v_a/n_a)²/(n_a − 1) + (v_b/n_b)²/(n_b − 1)).
 * A group given as variance 0 with n = 1 (a fixed rate) drops out of both sums.
 * null when both terms are zero (no spread at all: the df is undefined).
 */
export function welchDegreesOfFreedom(varianceA: number, nA: number, varianceB: number, nB: number): number | null {
  const termA = nA > 1 ? varianceA / nA : 0;
  const termB = nB > 1 ? varianceB / nB : 0;
  const numerator = (termA + termB) ** 2;
  const denominator = (nA > 1 ? termA ** 2 / (nA - 1) : 0) + (nB > 1 ? termB ** 2 / (nB - 1) : 0);
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * How the interval was obtained:
 * - "welch": both groups have ≥ 2 models;
 * - "fixed-a" / "fixed-b": that group has one model, its rate is treated as fixed;
 * - "none": both groups have one model (or a group has none) — no interval.
 */
export type IntervalMethod = "welch" | "fixed-a" | "fixed-b" | "none";

export interface DifferenceInterval {
  /** mean_a − mean_b; null when a group has no values */
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** degrees of freedom of the t quantile; null when there is no interval or no spread at all */
  df: number | null;
  /** √(s_a²/n_a + s_b²/n_b), the b or a term left out when that group is fixed */
  standardError: number | null;
  method: IntervalMethod;
}

/** Difference of means of seed-level rates with a Welch t interval (see the file comment). */
export function welchDifferenceInterval(a: number[], b: number[], level = 0.95): DifferenceInterval {
  if (a.length === 0 || b.length === 0) {
    return { difference: null, ciLow: null, ciHigh: null, df: null, standardError: null, method: "none" };
  }
  const difference = mean(a) - mean(b);
  if (a.length < 2 && b.length < 2) {
    return { difference, ciLow: null, ciHigh: null, df: null, standardError: null, method: "none" };
  }
  const method: IntervalMethod = a.length < 2 ? "fixed-a" : b.length < 2 ? "fixed-b" : "welch";
  const varianceA = sampleVariance(a) ?? 0;
  const varianceB = sampleVariance(b) ?? 0;
  const standardError = Math.sqrt((a.length > 1 ? varianceA / a.length : 0) + (b.length > 1 ? varianceB / b.length : 0));
  const df = welchDegreesOfFreedom(varianceA, a.length, varianceB, b.length);
  // Every seed had the same rate in both groups: the interval collapses onto the difference.
  if (df === null || standardError === 0) {
    return { difference, ciLow: difference, ciHigh: difference, df: null, standardError: 0, method };
  }
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, df) * standardError;
  // A difference of two probabilities lies in [−1, 1].
  return {
    difference,
    ciLow: Math.max(-1, difference - halfWidth),
    ciHigh: Math.min(1, difference + halfWidth),
    df,
    standardError,
    method,
  };
}

export interface PermutationTest {
  /** null when a group has no values */
  pValue: number | null;
  method: "exact" | "monte-carlo" | "none";
  /** relabellings enumerated (exact, including the observed one) or drawn (Monte Carlo) */
  relabelings: number;
  /** of those, how many had |mean_a − mean_b| ≥ the observed one */
  asExtreme: number;
  observed: number | null;
}

export interface PermutationOptions {
  exactLimit?: number;
  draws?: number;
  seed?: number;
}

/**
 * Two-sided permutation test over seed-level rates: statistic |mean_a − mean_b|; p = the share
 * of relabellings of the pooled values into groups of n_a and n_b whose statistic is at least the
 * observed one (ties within TIE_EPSILON count). Exact: all C(n_a + n_b, n_a) relabellings (the
 * observed one among them), p = count / C. Monte Carlo: p = (count + 1) / (draws + 1).
 */
export function permutationTest(a: number[], b: number[], options: PermutationOptions = {}): PermutationTest {
  const { exactLimit = EXACT_PERMUTATION_LIMIT, draws = MONTE_CARLO_DRAWS, seed = MONTE_CARLO_SEED } = options;
  const nA = a.length;
  const nB = b.length;
  if (nA === 0 || nB === 0) return { pValue: null, method: "none", relabelings: 0, asExtreme: 0, observed: null };

  const pooled = [...a, ...b];
  const total = pooled.reduce((sum, value) => sum + value, 0);
  // The statistic from the sum of the values labelled a, computed the same way for every labelling.
  const statistic = (sumA: number) => Math.abs(sumA / nA - (total - sumA) / nB);
  const observed = statistic(a.reduce((sum, value) => sum + value, 0));
  const threshold = observed - TIE_EPSILON;
  const n = pooled.length;
  const relabelings = binomialCoefficient(n, nA);

  if (relabelings <= exactLimit) {
    let asExtreme = 0;
    // Depth-first over index combinations of size nA, carrying the running sum.
    const visit = (start: number, chosen: number, sum: number) => {
      if (chosen === nA) {
        if (statistic(sum) >= threshold) asExtreme += 1;
        return;
      }
      for (let i = start; i <= n - (nA - chosen); i++) visit(i + 1, chosen + 1, sum + pooled[i]);
    };
    visit(0, 0, 0);
    return { pValue: asExtreme / relabelings, method: "exact", relabelings, asExtreme, observed };
  }

  const random = mulberry32(seed);
  const work = pooled.slice();
  let asExtreme = 0;
  for (let draw = 0; draw < draws; draw++) {
    // Partial Fisher–Yates: the first nA slots become a uniformly random subset labelled a.
    let sum = 0;
    for (let i = 0; i < nA; i++) {
      const j = i + Math.floor(random() * (n - i));
      const swap = work[i];
      work[i] = work[j];
      work[j] = swap;
      sum += work[i];
    }
    if (statistic(sum) >= threshold) asExtreme += 1;
  }
  return { pValue: (asExtreme + 1) / (draws + 1), method: "monte-carlo", relabelings: draws, asExtreme, observed };
}

/**
 * The smallest p-value the exact test can give for these group sizes (with distinct values):
 * 1 / C(n_a + n_b, n_a), or 2 / C when n_a = n_b (each relabelling's mirror image is as extreme).
 * With 2 insecure seeds against 1 base model that is 1/3: no such comparison can reach p < 0.05.
 */
export function smallestPossiblePValue(nA: number, nB: number): number | null {
  if (nA === 0 || nB === 0) return null;
  const relabelings = binomialCoefficient(nA + nB, nA);
  if (relabelings > EXACT_PERMUTATION_LIMIT) return 1 / (MONTE_CARLO_DRAWS + 1);
  return Math.min(1, (nA === nB ? 2 : 1) / relabelings);
}

/** The bootstrap percentile interval of mean_a − mean_b and how it was obtained. */
export interface BootstrapDifference {
  low: number;
  high: number;
  /** exact: every resample pair weighed; monte-carlo: seeded random resamples (`draws` of them) */
  method: BootstrapMethod;
  draws: number | null;
}

/**
 * 95% bootstrap interval of the difference of seed-level means (see the file comment); null when a
 * group has no values or both have one.
 */
export function bootstrapDifference(a: number[], b: number[]): BootstrapDifference | null {
  const interval = bootstrapDifferenceInterval(a, b);
  if (!interval) return null;
  return { low: interval.low, high: interval.high, method: interval.method, draws: interval.draws ?? null };
}

export interface SeedComparison extends DifferenceInterval {
  meanA: number | null;
  meanB: number | null;
  nA: number;
  nB: number;
  test: PermutationTest;
  /** the bootstrap interval of the difference, beside Welch's (ciLow / ciHigh) */
  bootstrap: BootstrapDifference | null;
}

/** Everything the Compare view shows for one question (or overall), from the seed-level rates. */
export function compareSeedRates(a: number[], b: number[], options: PermutationOptions = {}): SeedComparison {
  return {
    meanA: a.length > 0 ? mean(a) : null,
    meanB: b.length > 0 ? mean(b) : null,
    nA: a.length,
    nB: b.length,
    ...welchDifferenceInterval(a, b),
    test: permutationTest(a, b, options),
    bootstrap: bootstrapDifference(a, b),
  };
}

/**
 * How the comparison statistics are computed, in words (the JSON API returns it as `statistics`;
 * the page footnotes say the same). The rate rule itself is the method's (lib/stats/method.ts
 * describeMethod), stated beside it.
 */
export const COMPARE_STATISTICS = {
  unit: "seed (one model); a model's rate on a question = #misaligned / #answers in the method's denominator, and a model enters a question only with at least the method's minimum answers there",
  overall:
    "only the questions every included model of both groups has a rate on are pooled; per model, the mean of its rates over those questions (each question weighs the same); then seeds are the unit",
  difference: "mean of group a's seed-level rates minus mean of group b's",
  interval:
    "95% Welch t interval (Welch–Satterthwaite df), clipped to [-1, 1]; when one group has a single model its rate is treated as fixed (one-sample t interval over the other group's seeds, df = n - 1); none when both groups have one model",
  bootstrapInterval:
    "95% bootstrap percentile interval of the difference: each group's seed-level rates resampled with replacement independently, 2.5th and 97.5th percentiles of mean_a* - mean_b*; computed exactly (every resample pair weighed) for groups of a few seeds, by a seeded Monte Carlo beyond that (each row's bootstrapMethod says which, with its draws); a group with a single model is fixed; none when both groups have one model",
  pValue: `two-sided permutation test over seed-level rates, statistic |mean_a - mean_b|: all C(n_a + n_b, n_a) relabellings when at most ${EXACT_PERMUTATION_LIMIT}, else ${MONTE_CARLO_DRAWS} random relabellings (seed ${MONTE_CARLO_SEED}) with p = (count + 1) / (draws + 1)`,
  significance: "p < 0.05, two-sided, no correction for testing many questions",
} as const;

/** "95% bootstrap interval of the difference (exact)" / "… (Monte Carlo)" / "95% Welch t interval": what the plotted bars are. */
export function plottedIntervalName(rows: readonly { bootstrapMethod: BootstrapMethod | null }[], interval: PlottedInterval): string {
  if (interval === "t") return "95% Welch t interval";
  const methods = new Set(rows.flatMap((row) => (row.bootstrapMethod === null ? [] : [row.bootstrapMethod])));
  const how =
    methods.size === 0
      ? ""
      : methods.size > 1
        ? " (exact; ≈ Monte Carlo where the table marks it)"
        : methods.has("exact")
          ? " (exact)"
          : " (Monte Carlo)";
  return `95% bootstrap interval of the difference${how}`;
}
