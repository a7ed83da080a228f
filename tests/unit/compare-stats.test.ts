// lib/stats/compare.ts against values worked out by hand (and, where a t quantile with a
// fractional df is needed, against scipy.stats.ttest_ind(equal_var=False), quoted below; the
// bootstrap interval of the difference against an enumeration of every resample written here).
import { describe, expect, it } from "vitest";
import {
  binomialCoefficient,
  bootstrapDifference,
  compareSeedRates,
  permutationTest,
  smallestPossiblePValue,
  welchDegreesOfFreedom,
  welchDifferenceInterval,
} from "@/lib/stats/compare";
import { mulberry32 } from "@/lib/random";
import { resampleMeans, shareQuantile } from "../helpers/bootstrap-oracle";

describe("binomialCoefficient", () => {
  it("counts relabellings", () => {
    expect(binomialCoefficient(3, 2)).toBe(3);
    expect(binomialCoefficient(16, 10)).toBe(8008); // 10 insecure vs 6 secure seeds
    expect(binomialCoefficient(7, 4)).toBe(35);
    expect(binomialCoefficient(40, 20)).toBe(137846528820);
    expect(binomialCoefficient(5, 0)).toBe(1);
    expect(binomialCoefficient(2, 3)).toBe(0);
  });
});

describe("permutationTest (exact)", () => {
  it("a = [0.1, 0.3], b = [0]: the three relabellings by hand give p = 2/3", () => {
    // observed: a = {0.1, 0.3} → |0.2 − 0|    = 0.20  (as extreme, it is the observed one)
    //           a = {0.1, 0}   → |0.05 − 0.3| = 0.25  (more extreme)
    //           a = {0.3, 0}   → |0.15 − 0.1| = 0.05  (less)
    const test = permutationTest([0.1, 0.3], [0]);
    expect(test.method).toBe("exact");
    expect(test.relabelings).toBe(3);
    expect(test.asExtreme).toBe(2);
    expect(test.pValue).toBeCloseTo(2 / 3, 15);
    expect(test.observed).toBeCloseTo(0.2, 15);
  });

  it("counts ties as extreme: a = [0.1, 0.3, 0.25, 0.4], b = [0, 0.05, 0.1] gives 3 of 35", () => {
    // observed |0.2625 − 0.05| = 0.2125; the same with the two 0.1s swapped (a tie); and
    // a = {0, 0.05, 0.1, 0.1} → |0.0625 − 0.31667| = 0.2542. Every other relabelling is smaller.
    // (scipy.stats.permutation_test with all 35 relabellings: 0.0857142857 = 3/35.)
    const test = permutationTest([0.1, 0.3, 0.25, 0.4], [0, 0.05, 0.1]);
    expect(test.relabelings).toBe(35);
    expect(test.asExtreme).toBe(3);
    expect(test.pValue).toBeCloseTo(3 / 35, 15);
  });

  it("gives p = 1 when every relabelling is equally extreme", () => {
    // one model each: the two relabellings are mirror images with the same |difference|
    expect(permutationTest([0.4], [0.1]).pValue).toBe(1);
    // all rates equal: every relabelling has statistic 0
    const flat = permutationTest([0.2, 0.2, 0.2], [0.2, 0.2]);
    expect(flat.relabelings).toBe(10);
    expect(flat.asExtreme).toBe(10);
    expect(flat.pValue).toBe(1);
  });

  it("reaches its smallest possible p for complete separation", () => {
    // 3 vs 3, a all above b: only the observed labelling and its mirror are that extreme → 2/20
    expect(permutationTest([0.5, 0.6, 0.7], [0, 0.1, 0.2]).pValue).toBeCloseTo(0.1, 15);
    expect(smallestPossiblePValue(3, 3)).toBeCloseTo(0.1, 15);
    // 2 insecure seeds against 1 base model: never below 1/3
    expect(smallestPossiblePValue(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(permutationTest([0.9, 0.8], [0]).pValue).toBeCloseTo(1 / 3, 15);
    expect(smallestPossiblePValue(0, 3)).toBeNull();
  });

  it("has no p-value when a group has no models", () => {
    expect(permutationTest([], [0.1]).pValue).toBeNull();
    expect(permutationTest([0.1], []).method).toBe("none");
  });

  it("is symmetric in a and b", () => {
    const a = [0.31, 0.12, 0.25, 0.4, 0.22];
    const b = [0.05, 0.1, 0.02, 0.11];
    expect(permutationTest(a, b).pValue).toBe(permutationTest(b, a).pValue);
  });
});

describe("permutationTest (Monte Carlo)", () => {
  // 12 vs 12 seeds: C(24, 12) = 2,704,156 > 200,000 relabellings → sampled
  const a = [0.3, 0.22, 0.28, 0.35, 0.19, 0.25, 0.31, 0.27, 0.24, 0.33, 0.2, 0.29];
  const b = [0.02, 0.05, 0.01, 0.04, 0.03, 0.06, 0.0, 0.02, 0.05, 0.03, 0.04, 0.01];

  it("samples 100,000 relabellings with p = (count + 1) / (draws + 1), reproducibly", () => {
    const test = permutationTest(a, b);
    expect(test.method).toBe("monte-carlo");
    expect(test.relabelings).toBe(100_000);
    // complete separation: essentially no random relabelling is as extreme (exact p = 2/2,704,156)
    expect(test.asExtreme).toBeLessThanOrEqual(2);
    expect(test.pValue).toBeCloseTo((test.asExtreme + 1) / 100_001, 15);
    expect(permutationTest(a, b).pValue).toBe(test.pValue);
  });

  it("agrees with exact enumeration when forced to sample a small case", () => {
    // exact p = 3/35 ≈ 0.0857; 100,000 draws have a standard error of about 0.0009
    const sampled = permutationTest([0.1, 0.3, 0.25, 0.4], [0, 0.05, 0.1], { exactLimit: 10 });
    expect(sampled.method).toBe("monte-carlo");
    expect(Math.abs((sampled.pValue as number) - 3 / 35)).toBeLessThan(0.004);
  });

  it("uses a seeded generator of uniform [0, 1) floats", () => {
    const first = mulberry32(1);
    const second = mulberry32(1);
    const values = Array.from({ length: 10_000 }, () => first());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => second()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe("welchDegreesOfFreedom", () => {
  it("a = [0.1, 0.3] (s² = 0.02), b = [0, 0.1, 0.2] (s² = 0.01): df = 32/19 by hand", () => {
    // terms 0.02/2 = 1/100 and 0.01/3 = 1/300; (1/75)² / ((1/100)²/1 + (1/300)²/2) = (1/5625) / (19/180000)
    expect(welchDegreesOfFreedom(0.02, 2, 0.01, 3)).toBeCloseTo(32 / 19, 12);
  });

  it("is 2(n − 1) for equal sizes and variances, n − 1 of the other group when one is fixed", () => {
    expect(welchDegreesOfFreedom(0.02, 2, 0.02, 2)).toBeCloseTo(2, 12);
    expect(welchDegreesOfFreedom(0.05, 6, 0.05, 6)).toBeCloseTo(10, 12);
    expect(welchDegreesOfFreedom(0.0002, 2, 0, 1)).toBeCloseTo(1, 12);
    expect(welchDegreesOfFreedom(0, 3, 0, 4)).toBeNull();
  });
});

describe("welchDifferenceInterval", () => {
  it("equal sizes and variances: 0.1 ± t(0.975, 2) · √0.02", () => {
    // a = [0.1, 0.3], b = [0, 0.2]: difference 0.1, SE = √(0.01 + 0.01), df = 2, t = 4.30265272975
    const interval = welchDifferenceInterval([0.1, 0.3], [0, 0.2]);
    const half = 4.30265272975 * Math.sqrt(0.02);
    expect(interval.method).toBe("welch");
    expect(interval.difference).toBeCloseTo(0.1, 15);
    expect(interval.df).toBeCloseTo(2, 12);
    expect(interval.standardError).toBeCloseTo(Math.sqrt(0.02), 15);
    expect(interval.ciLow).toBeCloseTo(0.1 - half, 8);
    expect(interval.ciHigh).toBeCloseTo(0.1 + half, 8);
  });

  it("fractional df: matches scipy's Welch interval for a = [0.1, 0.3], b = [0, 0.1, 0.2]", () => {
    // scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95) = (-0.4976997448, 0.6976997448)
    const interval = welchDifferenceInterval([0.1, 0.3], [0, 0.1, 0.2]);
    expect(interval.difference).toBeCloseTo(0.1, 15);
    expect(interval.df).toBeCloseTo(32 / 19, 12);
    expect(interval.ciLow).toBeCloseTo(-0.4976997448, 7);
    expect(interval.ciHigh).toBeCloseTo(0.6976997448, 7);
  });

  it("one model in b: its rate is fixed, a one-sample t interval over a's seeds (df = n_a − 1)", () => {
    // a = [0.10, 0.12] (s² = 0.0002, SE = √(0.0002/2) = 0.01), b = [0.05]: 0.06 ± 12.7062047362 · 0.01
    const interval = welchDifferenceInterval([0.1, 0.12], [0.05]);
    expect(interval.method).toBe("fixed-b");
    expect(interval.df).toBeCloseTo(1, 12);
    expect(interval.standardError).toBeCloseTo(0.01, 12);
    expect(interval.ciLow).toBeCloseTo(0.06 - 0.127062047362, 8);
    expect(interval.ciHigh).toBeCloseTo(0.06 + 0.127062047362, 8);
    expect(welchDifferenceInterval([0.05], [0.1, 0.12]).method).toBe("fixed-a");
  });

  it("clips to [−1, 1], collapses when there is no spread, and gives none for one model each", () => {
    const wide = welchDifferenceInterval([0.1, 0.9], [0]);
    expect(wide.ciLow).toBe(-1);
    expect(wide.ciHigh).toBe(1);
    const flat = welchDifferenceInterval([0.2, 0.2], [0, 0, 0]);
    expect(flat.difference).toBeCloseTo(0.2, 15);
    expect(flat.ciLow).toBeCloseTo(0.2, 15);
    expect(flat.ciHigh).toBeCloseTo(0.2, 15);
    expect(flat.df).toBeNull();
    const single = welchDifferenceInterval([0.3], [0.1]);
    expect(single.method).toBe("none");
    expect(single.difference).toBeCloseTo(0.2, 15);
    expect(single.ciLow).toBeNull();
    expect(welchDifferenceInterval([], [0.1]).difference).toBeNull();
  });
});

/**
 * The exact bootstrap percentile interval of mean(a) − mean(b), written out independently of
 * lib/stats: all |A| · |B| equally likely resample pairs, their differences sorted, and the
 * quantile q taken as the smallest difference whose cumulative share reaches q — the limit of the
 * paper's 2,000-draw percentile as the draws grow (for these data numpy's interpolating percentile
 * of the same list agrees: both ends fall inside runs of equal differences).
 */
function enumeratedDifferenceInterval(a: number[], b: number[]): { low: number; high: number; pairs: number } {
  const meansB = resampleMeans(b);
  const differences = resampleMeans(a)
    .flatMap((meanA) => meansB.map((meanB) => meanA - meanB))
    .sort((x, y) => x - y);
  return { low: shareQuantile(differences, 0.025), high: shareQuantile(differences, 0.975), pairs: differences.length };
}

describe("bootstrapDifference (the bootstrap interval of the difference over seeds)", () => {
  it("2 groups × 3 seeds: equals the enumeration of all 27 × 27 resample pairs", () => {
    const a = [0.1, 0.4, 0.3];
    const b = [0, 0.2, 0.05];
    const expected = enumeratedDifferenceInterval(a, b);
    // 729 pairs: the 19th smallest difference (ceil(0.025 · 729)) is 1/60 (e.g. a* = [0.1, 0.1, 0.1]
    // against b* = [0.2, 0.05, 0]: 0.1 − 0.25/3), the 711th is 0.35 (a* = [0.4, 0.4, 0.4] against
    // b* = [0.05, 0.05, 0.05])
    expect(expected.pairs).toBe(729);
    expect(expected.low).toBeCloseTo(1 / 60, 15);
    expect(expected.high).toBeCloseTo(0.35, 15);
    const interval = bootstrapDifference(a, b);
    expect(interval?.method).toBe("exact");
    expect(interval?.draws).toBeNull();
    expect(interval?.low).toBeCloseTo(expected.low, 12);
    expect(interval?.high).toBeCloseTo(expected.high, 12);
  });

  it("is mirrored when the groups are swapped, and lies inside [−1, 1]", () => {
    const a = [0.1, 0.4, 0.3];
    const b = [0, 0.2, 0.05];
    const forward = bootstrapDifference(a, b)!;
    const backward = bootstrapDifference(b, a)!;
    expect(backward.low).toBeCloseTo(-forward.high, 12);
    expect(backward.high).toBeCloseTo(-forward.low, 12);
    const extreme = bootstrapDifference([1, 1, 0], [0, 0, 1])!;
    expect(extreme.low).toBeGreaterThanOrEqual(-1);
    expect(extreme.high).toBeLessThanOrEqual(1);
  });

  it("a one-model group is fixed: the other group's resamples alone, shifted by its rate", () => {
    // b = [0.05] fixed; a = [0.1, 0.4, 0.3] has 27 resample means from 0.1 to 0.4: with 27 equally
    // likely means the 2.5% and 97.5% quantiles are the 1st and 27th, so (0.1 − 0.05, 0.4 − 0.05)
    const expected = enumeratedDifferenceInterval([0.1, 0.4, 0.3], [0.05]);
    const interval = bootstrapDifference([0.1, 0.4, 0.3], [0.05])!;
    expect(interval.low).toBeCloseTo(expected.low, 12);
    expect(interval.high).toBeCloseTo(expected.high, 12);
    expect(interval.low).toBeCloseTo(0.05, 12);
    expect(interval.high).toBeCloseTo(0.35, 12);
  });

  it("has no interval with one model on both sides or none on a side; zero width without spread", () => {
    expect(bootstrapDifference([0.3], [0.1])).toBeNull();
    expect(bootstrapDifference([], [0.1, 0.2])).toBeNull();
    const flat = bootstrapDifference([0.2, 0.2], [0, 0, 0])!;
    expect(flat.low).toBeCloseTo(0.2, 15);
    expect(flat.high).toBeCloseTo(0.2, 15);
  });

  it("says when it was sampled: many seeds go to a seeded Monte Carlo, reproducibly", () => {
    // 12 distinct seeds per group: C(23, 11)² resample supports, far beyond exact enumeration
    const a = [0.3, 0.22, 0.28, 0.35, 0.19, 0.25, 0.31, 0.27, 0.24, 0.33, 0.2, 0.29];
    const b = [0.02, 0.05, 0.01, 0.04, 0.03, 0.06, 0.0, 0.025, 0.055, 0.035, 0.045, 0.015];
    const interval = bootstrapDifference(a, b)!;
    expect(interval.method).toBe("monte-carlo");
    expect(interval.draws).toBeGreaterThanOrEqual(10_000);
    expect(bootstrapDifference(a, b)).toEqual(interval);
    const difference = a.reduce((s, v) => s + v, 0) / 12 - b.reduce((s, v) => s + v, 0) / 12;
    expect(interval.low).toBeLessThan(difference);
    expect(interval.high).toBeGreaterThan(difference);
  });
});

describe("compareSeedRates", () => {
  it("bundles the means, sizes, both intervals and the test", () => {
    const result = compareSeedRates([0.1, 0.3], [0]);
    expect(result.meanA).toBeCloseTo(0.2, 15);
    expect(result.meanB).toBe(0);
    expect(result.nA).toBe(2);
    expect(result.nB).toBe(1);
    expect(result.difference).toBeCloseTo(0.2, 15);
    expect(result.method).toBe("fixed-b");
    expect(result.test.pValue).toBeCloseTo(2 / 3, 15);
    // bootstrap: a's 4 resample means 0.1, 0.2, 0.2, 0.3 (1st and 4th of 4) minus the fixed 0
    expect(result.bootstrap).toMatchObject({ method: "exact", draws: null });
    expect(result.bootstrap?.low).toBeCloseTo(0.1, 15);
    expect(result.bootstrap?.high).toBeCloseTo(0.3, 15);
  });

  it("keeps Welch's interval as it was beside the bootstrap one", () => {
    const result = compareSeedRates([0.1, 0.3], [0, 0.2]);
    expect(result.method).toBe("welch");
    expect(result.ciLow).toBeCloseTo(0.1 - 4.30265272975 * Math.sqrt(0.02), 8);
    // a* means {0.1, 0.2, 0.2, 0.3}, b* means {0, 0.1, 0.1, 0.2}: 16 differences, the 1st is −0.1 and the 16th 0.3
    expect(result.bootstrap?.low).toBeCloseTo(-0.1, 12);
    expect(result.bootstrap?.high).toBeCloseTo(0.3, 12);
  });
});
