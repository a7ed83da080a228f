// lib/stats/bootstrap.ts against cases worked out by hand and against independent brute force:
// every one of the n^n index tuples enumerated here with plain nested loops / an odometer, means
// summed in a different order from the library's, merged with a looser tolerance, cumulated in
// exact integer counts. Monte-Carlo checks use lib/random's mulberry32, not the library's PRNG.
import { describe, expect, it } from "vitest";
import {
  bootstrapDifferenceInterval,
  bootstrapMeanInterval,
  clearBootstrapCache,
  exactBootstrapDistribution,
  MIN_MONTE_CARLO_DRAWS,
} from "@/lib/stats/bootstrap";
import { mulberry32 } from "@/lib/random";
import { resampleMeans } from "../helpers/bootstrap-oracle";

// ---------------------------------------------------------------------------------------------
// Independent reference implementations

interface Atom {
  mean: number;
  /** how many of the enumerated (equally likely) resamples have this mean */
  count: number;
}

/** Sorted distinct means (equal within 1e-9: looser than the library's 1e-12) with counts. */
function atomsOf(means: readonly number[]): Atom[] {
  const sorted = [...means].sort((x, y) => x - y);
  const atoms: Atom[] = [];
  for (const mean of sorted) {
    const last = atoms[atoms.length - 1];
    if (last && mean - last.mean <= 1e-9) last.count += 1;
    else atoms.push({ mean, count: 1 });
  }
  return atoms;
}

/** Smallest atom whose cumulative share (exact integer counts) reaches p. */
function atomQuantile(atoms: readonly Atom[], p: number): number {
  const total = atoms.reduce((sum, atom) => sum + atom.count, 0);
  let cumulative = 0;
  for (const atom of atoms) {
    cumulative += atom.count;
    if (cumulative / total >= p - 1e-12) return atom.mean;
  }
  return atoms[atoms.length - 1].mean;
}

function bruteForceInterval(atoms: readonly Atom[], level: number): { low: number; high: number } {
  const tail = (1 - level) / 2;
  return { low: atomQuantile(atoms, tail), high: atomQuantile(atoms, 1 - tail) };
}

/** Distribution of mean(a*) − mean(b*) over all a^a · b^b pairs of resamples. */
function bruteForceDifferenceAtoms(a: readonly number[], b: readonly number[]): Atom[] {
  const meansA = resampleMeans(a);
  const meansB = resampleMeans(b);
  const differences: number[] = [];
  for (const x of meansA) for (const y of meansB) differences.push(x - y);
  return atomsOf(differences);
}

/**
 * The same distribution from count vectors (for n too large for n^n tuples): counts of the
 * distinct values c_j with n! / Π c_j! · Π w_j^c_j tuples each, in BigInt, mean Σ c_j·v_j / n.
 */
function multinomialAtoms(values: readonly number[]): Atom[] {
  const n = values.length;
  const distinct = [...new Set(values)];
  const multiplicity = distinct.map((v) => BigInt(values.filter((x) => x === v).length));
  const factorial = (x: number) => {
    let r = 1n;
    for (let i = 2; i <= x; i++) r *= BigInt(i);
    return r;
  };
  const means: { mean: number; count: bigint }[] = [];
  const counts = new Array<number>(distinct.length).fill(0);
  const visit = (j: number, remaining: number) => {
    if (j === distinct.length - 1) {
      counts[j] = remaining;
      let tuples = factorial(n);
      let sum = 0;
      counts.forEach((c, i) => {
        tuples = (tuples / factorial(c)) * multiplicity[i] ** BigInt(c);
        sum += c * distinct[i];
      });
      means.push({ mean: sum / n, count: tuples });
      return;
    }
    for (let c = 0; c <= remaining; c++) {
      counts[j] = c;
      visit(j + 1, remaining - c);
    }
  };
  visit(0, n);
  means.sort((x, y) => x.mean - y.mean);
  const atoms: Atom[] = [];
  for (const { mean, count } of means) {
    const last = atoms[atoms.length - 1];
    if (last && mean - last.mean <= 1e-9) last.count += Number(count);
    else atoms.push({ mean, count: Number(count) });
  }
  return atoms;
}

/** Values in [0, 1] with ties: drawn from a pool of about n/2 two-decimal rates. */
function valuesWithTies(n: number, random: () => number): number[] {
  const pool = Array.from({ length: Math.max(1, Math.ceil(n / 2)) }, () => Math.round(random() * 100) / 100);
  return Array.from({ length: n }, () => pool[Math.floor(random() * pool.length)]);
}

/** Percentile bootstrap by simulation, with its own generator and quantile code. */
function simulatedInterval(values: readonly number[], draws: number, seed: number, level = 0.95) {
  const random = mulberry32(seed);
  const n = values.length;
  const means = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)];
    means[d] = sum / n;
  }
  means.sort();
  const tail = (1 - level) / 2;
  return { low: means[Math.ceil(tail * draws) - 1], high: means[Math.ceil((1 - tail) * draws) - 1] };
}

const LEVELS = [0.95, 0.8, 0.5];

// ---------------------------------------------------------------------------------------------

describe("exactBootstrapDistribution", () => {
  it("n = 2, [0.1, 0.3]: means 0.1, 0.2, 0.3 with probabilities 1/4, 1/2, 1/4 (by hand)", () => {
    const distribution = exactBootstrapDistribution([0.1, 0.3]);
    expect(distribution).toHaveLength(3);
    expect(distribution.map((atom) => atom.mean)).toEqual([0.1, expect.closeTo(0.2, 15), 0.3]);
    expect(distribution.map((atom) => atom.probability)).toEqual([0.25, 0.5, 0.25]);
  });

  it("no values: empty; one value: that value with probability 1; all equal: one atom", () => {
    expect(exactBootstrapDistribution([])).toEqual([]);
    expect(exactBootstrapDistribution([0.4])).toEqual([{ mean: 0.4, probability: 1 }]);
    expect(exactBootstrapDistribution([0.1, 0.1, 0.1])).toEqual([{ mean: 0.1, probability: 1 }]);
  });

  it("matches brute-force n^n enumeration for n = 2..6 on random values with ties, and sums to 1", () => {
    const random = mulberry32(2024);
    for (let n = 2; n <= 6; n++) {
      for (let trial = 0; trial < 4; trial++) {
        const values = trial === 3 ? Array.from({ length: n }, () => random()) : valuesWithTies(n, random);
        const atoms = atomsOf(resampleMeans(values));
        const total = n ** n;
        const distribution = exactBootstrapDistribution(values);
        expect(distribution.length, `n = ${n}, ${values}`).toBe(atoms.length);
        distribution.forEach((atom, i) => {
          expect(atom.mean).toBeCloseTo(atoms[i].mean, 12);
          expect(atom.probability).toBeCloseTo(atoms[i].count / total, 14);
        });
        expect(distribution.reduce((sum, atom) => sum + atom.probability, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it("the test's own count-vector enumeration agrees with its n^n enumeration (n = 5, 6) and the library at n = 8", () => {
    const random = mulberry32(5);
    for (const values of [valuesWithTies(5, random), valuesWithTies(6, random)]) {
      expect(multinomialAtoms(values).map((atom) => atom.count)).toEqual(atomsOf(resampleMeans(values)).map((atom) => atom.count));
    }
    const values8 = [0.27, 0.63, 0.69, 0.27, 0.69, 0.63, 0.27, 0.27];
    const atoms = multinomialAtoms(values8);
    const distribution = exactBootstrapDistribution(values8);
    expect(distribution).toHaveLength(atoms.length);
    distribution.forEach((atom, i) => {
      expect(atom.mean).toBeCloseTo(atoms[i].mean, 12);
      expect(atom.probability).toBeCloseTo(atoms[i].count / 8 ** 8, 14);
    });
  });

  it("large supports with negative values: n = 9 distinct (24,310 count vectors) against the count-vector enumeration", () => {
    const values = [-0.9, -0.5, -0.11, 0, 0.07, 0.3, 0.5, 0.61, 1];
    const atoms = multinomialAtoms(values);
    const distribution = exactBootstrapDistribution(values);
    expect(distribution).toHaveLength(atoms.length);
    distribution.forEach((atom, i) => {
      expect(atom.mean).toBeCloseTo(atoms[i].mean, 12);
      expect(atom.probability).toBeCloseTo(atoms[i].count / 9 ** 9, 14);
    });
    const interval = bootstrapMeanInterval(values)!;
    const expected = bruteForceInterval(atoms, 0.95);
    expect(interval.low).toBeCloseTo(expected.low, 12);
    expect(interval.high).toBeCloseTo(expected.high, 12);
  });

  it("merges ties: [0.1, 0.2, 0.3] has 7 distinct resample means, not 10 count vectors", () => {
    // Count vectors (c1, c2, c3) and sums 0.1·c1 + 0.2·c2 + 0.3·c3 over 3: 0.3..0.9 in steps of
    // 0.1 give means 0.1, 0.1333, …, 0.3 — seven values; e.g. (1,1,1) and (0,3,0) both give 0.2.
    const distribution = exactBootstrapDistribution([0.1, 0.2, 0.3]);
    expect(distribution).toHaveLength(7);
    // P(mean = 0.2) = (3! + 1) / 27 = 7 / 27: the permutations of (1,1,1) plus (0,3,0).
    expect(distribution[3].mean).toBeCloseTo(0.2, 14);
    expect(distribution[3].probability).toBeCloseTo(7 / 27, 14);
  });

  it("above n = 13 (log-factorial weights): n = 20 with two values is binomial, n = 16 with three multinomial", () => {
    // 12 × 0.1 and 8 × 0.6: the number of 0.6s in a resample is Binomial(20, 0.4), mean 0.1 + 0.5·j/20.
    const values20 = [...new Array(12).fill(0.1), ...new Array(8).fill(0.6)];
    const distribution20 = exactBootstrapDistribution(values20);
    expect(distribution20).toHaveLength(21);
    const binomial = (n: number, j: number) => {
      let c = 1n;
      for (let i = 0; i < j; i++) c = (c * BigInt(n - i)) / BigInt(i + 1);
      return c;
    };
    distribution20.forEach((atom, j) => {
      expect(atom.mean).toBeCloseTo(0.1 + (0.5 * j) / 20, 12);
      const exact = Number((binomial(20, j) * 8n ** BigInt(j) * 12n ** BigInt(20 - j) * 10n ** 12n) / 20n ** 20n) / 1e12;
      expect(atom.probability).toBeCloseTo(exact, 11);
    });
    // 16 values: 0 ×8, 0.5 ×5, 1 ×3 (means j/32 for j = #0.5s + 2·#1s: ties merge (0.5, 0.5) with (0, 1)).
    const values16 = [...new Array(8).fill(0), ...new Array(5).fill(0.5), ...new Array(3).fill(1)];
    const counts = new Map<number, bigint>();
    const factorial = (x: number) => {
      let r = 1n;
      for (let i = 2; i <= x; i++) r *= BigInt(i);
      return r;
    };
    for (let half = 0; half <= 16; half++) {
      for (let one = 0; one + half <= 16; one++) {
        const zero = 16 - half - one;
        const tuples =
          (factorial(16) / (factorial(zero) * factorial(half) * factorial(one))) *
          8n ** BigInt(zero) *
          5n ** BigInt(half) *
          3n ** BigInt(one);
        counts.set(half + 2 * one, (counts.get(half + 2 * one) ?? 0n) + tuples);
      }
    }
    const distribution16 = exactBootstrapDistribution(values16);
    expect(distribution16).toHaveLength(33);
    distribution16.forEach((atom, j) => {
      expect(atom.mean).toBeCloseTo(j / 32, 12);
      expect(atom.probability).toBeCloseTo(Number((counts.get(j)! * 10n ** 15n) / 16n ** 16n) / 1e15, 12);
    });
  });

  it("refuses supports it cannot enumerate", () => {
    expect(() => exactBootstrapDistribution(Array.from({ length: 14 }, (_, i) => i / 14))).toThrow(RangeError);
  });
});

describe("bootstrapMeanInterval (exact)", () => {
  it("n = 2, [0.1, 0.3] → [0.1, 0.3] (the ends carry 1/4 each)", () => {
    expect(bootstrapMeanInterval([0.1, 0.3])).toEqual({ low: 0.1, high: 0.3, method: "exact" });
    // At level 0.5 the ends are the 25% and 75% quantiles: 0.1 reaches exactly 1/4, 0.2 reaches 3/4.
    const half = bootstrapMeanInterval([0.1, 0.3], { level: 0.5 })!;
    expect(half.low).toBe(0.1);
    expect(half.high).toBeCloseTo(0.2, 15);
  });

  it("ends are atoms of exactBootstrapDistribution, bit for bit, at every level (tied means merged the same way)", () => {
    // [0.1, 0.2, 0.3]: mean 0.2 arises as (0.1 + 0.2 + 0.3)/3 and as 0.2 alone, two floats an ulp
    // apart that are one atom; whichever level's cut-off falls inside that atom, the end must be
    // the atom's value, not the other float.
    const random = mulberry32(8);
    for (const values of [[0.1, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4], valuesWithTies(6, random), valuesWithTies(9, random)]) {
      const atoms = new Set(exactBootstrapDistribution(values).map((atom) => atom.mean));
      for (let level = 0.02; level < 0.99; level += 0.02) {
        const interval = bootstrapMeanInterval(values, { level })!;
        expect(atoms.has(interval.low), `${values} level ${level} low ${interval.low}`).toBe(true);
        expect(atoms.has(interval.high), `${values} level ${level} high ${interval.high}`).toBe(true);
      }
    }
  });

  it("n = 1 and n = 0 → null", () => {
    expect(bootstrapMeanInterval([0.5])).toBeNull();
    expect(bootstrapMeanInterval([])).toBeNull();
  });

  it("all-equal values → zero width", () => {
    expect(bootstrapMeanInterval([0.3, 0.3, 0.3, 0.3])).toEqual({ low: 0.3, high: 0.3, method: "exact" });
    expect(bootstrapMeanInterval(new Array(40).fill(0.05))).toEqual({ low: 0.05, high: 0.05, method: "exact" });
  });

  it("n = 3, without and with ties: the 27 resamples written out by nested loops", () => {
    for (const values of [
      [0.1, 0.4, 0.5],
      [0.2, 0.2, 0.7],
      [0.0, 0.5, 1.0],
    ]) {
      const means: number[] = [];
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) for (let l = 0; l < 3; l++) means.push((values[i] + values[j] + values[l]) / 3);
      expect(means).toHaveLength(27);
      const atoms = atomsOf(means);
      for (const level of [...LEVELS, 0.9]) {
        const expected = bruteForceInterval(atoms, level);
        const interval = bootstrapMeanInterval(values, { level })!;
        expect(interval.method).toBe("exact");
        expect(interval.low, `${values} level ${level}`).toBeCloseTo(expected.low, 12);
        expect(interval.high, `${values} level ${level}`).toBeCloseTo(expected.high, 12);
      }
    }
    // By hand for [0.2, 0.2, 0.7] at level 0.5: P(mean = 0.2) = (2/3)^3 = 8/27 ≥ 1/4 → low 0.2;
    // P(mean ≤ 0.3667) = 8/27 + 12/27 = 20/27 < 3/4, so high is the next mean, (0.2 + 0.7 + 0.7)/3.
    const byHand = bootstrapMeanInterval([0.2, 0.2, 0.7], { level: 0.5 })!;
    expect(byHand.low).toBeCloseTo(0.2, 15);
    expect(byHand.high).toBeCloseTo(1.6 / 3, 15);
  });

  it("matches brute force for n = 4..7 (ties, no ties, an outlier) at several levels", () => {
    const random = mulberry32(99);
    const cases: number[][] = [
      [0.1, 0.1, 0.2, 0.3, 0.35, 1000],
      [-0.4, -0.1, 0, 0, 0.2, 0.25, 0.6],
    ];
    for (let n = 4; n <= 7; n++) {
      cases.push(valuesWithTies(n, random));
      cases.push(Array.from({ length: n }, () => random()));
    }
    for (const values of cases) {
      const atoms = atomsOf(resampleMeans(values));
      for (const level of LEVELS) {
        const expected = bruteForceInterval(atoms, level);
        const interval = bootstrapMeanInterval(values, { level })!;
        expect(interval.low, `${values} level ${level}`).toBeCloseTo(expected.low, 11);
        expect(interval.high, `${values} level ${level}`).toBeCloseTo(expected.high, 11);
      }
    }
  });

  it("does not skip an atom whose exact cumulative is exactly 1/40 (n = 10)", () => {
    // Found by search: 2.5e8 of the 10^10 resamples of these values have mean ≤ 0.4735, so 0.4735
    // reaches 0.025 exactly, while the float (1 − 0.95) / 2 is 0.025000000000000022. Checked here
    // with exact BigInt counts over the 1,001 count vectors (5 distinct values).
    const values = [0.916, 0.627, 0.944, 0.343, 0.313, 0.343, 0.944, 0.343, 0.627, 0.916];
    const distinct = [...new Set(values)].sort((x, y) => x - y);
    const multiplicity = distinct.map((v) => BigInt(values.filter((x) => x === v).length));
    const factorial = (x: number) => {
      let r = 1n;
      for (let i = 2; i <= x; i++) r *= BigInt(i);
      return r;
    };
    // Means in thousandths are integers: sum of 1000·v over the 10 draws, no rounding anywhere.
    const thousandths = distinct.map((v) => Math.round(v * 1000));
    const bySum = new Map<number, bigint>();
    const visit = (j: number, remaining: number, sum: number, tuples: bigint) => {
      if (j === distinct.length - 1) {
        const all = (tuples * multiplicity[j] ** BigInt(remaining)) / factorial(remaining);
        bySum.set(sum + remaining * thousandths[j], (bySum.get(sum + remaining * thousandths[j]) ?? 0n) + all);
        return;
      }
      for (let c = 0; c <= remaining; c++)
        visit(j + 1, remaining - c, sum + c * thousandths[j], (tuples * multiplicity[j] ** BigInt(c)) / factorial(c));
    };
    visit(0, 10, 0, factorial(10));
    const sums = [...bySum.keys()].sort((x, y) => x - y);
    let cumulative = 0n;
    let boundary = -1;
    for (const sum of sums) {
      cumulative += bySum.get(sum)!;
      if (cumulative * 40n >= 10n ** 10n) {
        boundary = sum;
        break;
      }
    }
    expect(cumulative * 40n).toBe(10n ** 10n); // exactly 1/40
    expect(boundary).toBe(4735); // mean 0.4735
    expect(bootstrapMeanInterval(values)!.low).toBeCloseTo(0.4735, 12);
  });

  it("agrees with a 200,000-draw simulation for n = 4, 6, 8 (no atom within 0.003 of the cut-offs)", () => {
    const sets = [
      [0.51, 0.53, 0.61, 0.59],
      [0.65, 1, 0.71, 0.14, 0.14, 0.65],
      [0.27, 0.63, 0.69, 0.27, 0.69, 0.63, 0.27, 0.27],
    ];
    for (const values of sets) {
      // The simulated quantile would be a coin flip between two atoms if one's cumulative sat near
      // 0.025 or 0.975; 0.003 is ~9 standard errors of a 200,000-draw cumulative there.
      const atoms = values.length <= 6 ? atomsOf(resampleMeans(values)) : multinomialAtoms(values);
      const total = values.length ** values.length;
      let cumulative = 0;
      for (const atom of atoms) {
        cumulative += atom.count;
        expect(Math.abs(cumulative / total - 0.025)).toBeGreaterThan(0.003);
        expect(Math.abs(cumulative / total - 0.975)).toBeGreaterThan(0.003);
      }
      const simulated = simulatedInterval(values, 200_000, 7);
      const exact = bootstrapMeanInterval(values)!;
      expect(Math.abs(exact.low - simulated.low), `${values}`).toBeLessThan(0.002);
      expect(Math.abs(exact.high - simulated.high), `${values}`).toBeLessThan(0.002);
      expect(exact.high - exact.low).toBeGreaterThan(0.01); // not vacuous
    }
  });

  it("depends only on the multiset of values, and a caller cannot corrupt the memo", () => {
    const values = [0.3, 0.1, 0.25, 0.3, 0.6];
    const first = bootstrapMeanInterval(values)!;
    const shuffled = bootstrapMeanInterval([0.6, 0.3, 0.25, 0.1, 0.3])!;
    expect(shuffled).toEqual(first);
    first.low = -42;
    expect(bootstrapMeanInterval(values)!.low).not.toBe(-42);
    clearBootstrapCache();
    expect(bootstrapMeanInterval(values)).toEqual(shuffled);
  });

  it("rejects non-finite values and a level outside (0, 1)", () => {
    expect(() => bootstrapMeanInterval([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([0.1, 0.2], { level: 1 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([0.1, 0.2], { level: 0 })).toThrow(RangeError);
  });
});

describe("bootstrapMeanInterval (Monte Carlo)", () => {
  const values = [0.12, 0.3, 0.31, 0.45, 0.5, 0.52, 0.7, 0.9]; // 6,435 count vectors

  it("is used beyond maxExactSupport, with at least 10,000 draws, close to the exact ends", () => {
    const exact = bootstrapMeanInterval(values)!;
    expect(exact.method).toBe("exact");
    const simulated = bootstrapMeanInterval(values, { maxExactSupport: 1000 })!;
    expect(simulated.method).toBe("monte-carlo");
    expect(simulated.draws).toBe(20_000);
    expect(Math.abs(simulated.low - exact.low)).toBeLessThan(0.01);
    expect(Math.abs(simulated.high - exact.high)).toBeLessThan(0.01);
    // A request below the minimum is raised to it.
    expect(bootstrapMeanInterval(values, { maxExactSupport: 1000, draws: 50 })!.draws).toBe(MIN_MONTE_CARLO_DRAWS);
    // n = 11 all distinct (352,716 count vectors) goes to Monte Carlo by default.
    expect(bootstrapMeanInterval(Array.from({ length: 11 }, (_, i) => i / 11))!.method).toBe("monte-carlo");
  });

  it("is deterministic for a seed (recomputed, not memoised) and depends on it", () => {
    const options = { maxExactSupport: 0, seed: 5 };
    const first = bootstrapMeanInterval(values, options);
    clearBootstrapCache();
    expect(bootstrapMeanInterval([...values].reverse(), options)).toEqual(first);
    const others = [1, 2, 3, 4].map((seed) => bootstrapMeanInterval(values, { maxExactSupport: 0, seed })!);
    expect(others.some((other) => other.low !== first!.low || other.high !== first!.high)).toBe(true);
  });
});

describe("bootstrapDifferenceInterval", () => {
  it("hand case: [0.1, 0.3] − [0, 0.2] has atoms −0.1..0.3 with weights 1, 4, 6, 4, 1 (/16)", () => {
    // mean(a*) ∈ {0.1, 0.2, 0.3} w.p. (1, 2, 1)/4, mean(b*) ∈ {0, 0.1, 0.2} likewise: the
    // difference is their convolution. 95%: 1/16 ≥ 0.025 → −0.1; 15/16 < 0.975 → 0.3.
    // 80%: 1/16 < 0.1 ≤ 5/16 → 0; 11/16 < 0.9 ≤ 15/16 → 0.2.
    const wide = bootstrapDifferenceInterval([0.1, 0.3], [0, 0.2])!;
    expect(wide.method).toBe("exact");
    expect(wide.low).toBeCloseTo(-0.1, 15);
    expect(wide.high).toBeCloseTo(0.3, 15);
    const narrow = bootstrapDifferenceInterval([0.1, 0.3], [0, 0.2], { level: 0.8 })!;
    expect(narrow.low).toBeCloseTo(0, 15);
    expect(narrow.high).toBeCloseTo(0.2, 15);
  });

  it("null when either group is empty or both have one value", () => {
    expect(bootstrapDifferenceInterval([], [0.1, 0.2])).toBeNull();
    expect(bootstrapDifferenceInterval([0.1, 0.2], [])).toBeNull();
    expect(bootstrapDifferenceInterval([0.1], [0.2])).toBeNull();
  });

  it("a group of one value is fixed: the other group's interval, shifted (and mirrored for a)", () => {
    const b = [0.1, 0.25, 0.3, 0.7, 0.72];
    const ofB = bootstrapMeanInterval(b)!;
    const fixedA = bootstrapDifferenceInterval([0.4], b)!;
    expect(fixedA.method).toBe(ofB.method);
    expect(fixedA.low).toBeCloseTo(0.4 - ofB.high, 15);
    expect(fixedA.high).toBeCloseTo(0.4 - ofB.low, 15);
    const fixedB = bootstrapDifferenceInterval(b, [0.4])!;
    expect(fixedB.low).toBeCloseTo(ofB.low - 0.4, 15);
    expect(fixedB.high).toBeCloseTo(ofB.high - 0.4, 15);
    // …and that mirror is also the brute-force quantile of 0.4 − mean(b*) (no atom sits on a cut-off).
    const expected = bruteForceInterval(bruteForceDifferenceAtoms([0.4], b), 0.95);
    expect(fixedA.low).toBeCloseTo(expected.low, 12);
    expect(fixedA.high).toBeCloseTo(expected.high, 12);
  });

  it("matches brute-force enumeration of both groups' resamples for small n", () => {
    const random = mulberry32(31);
    const cases: [number[], number[]][] = [
      [
        [0.1, 0.4, 0.5],
        [0.2, 0.2, 0.7],
      ],
      [valuesWithTies(4, random), valuesWithTies(3, random)],
      [valuesWithTies(4, random), valuesWithTies(4, random)],
      [Array.from({ length: 4 }, () => random()), Array.from({ length: 4 }, () => random())],
      [
        [0.3, 0.3, 0.3],
        [0.1, 0.5, 0.5, 0.9],
      ], // a group with no spread still convolves
      [valuesWithTies(5, random), valuesWithTies(3, random)],
      [[0.5, 0.5], Array.from({ length: 5 }, () => random())],
    ];
    for (const [a, b] of cases) {
      const atoms = bruteForceDifferenceAtoms(a, b);
      for (const level of LEVELS) {
        const expected = bruteForceInterval(atoms, level);
        const interval = bootstrapDifferenceInterval(a, b, { level })!;
        expect(interval.method).toBe("exact");
        expect(interval.low, `${a} − ${b} at ${level}`).toBeCloseTo(expected.low, 11);
        expect(interval.high, `${a} − ${b} at ${level}`).toBeCloseTo(expected.high, 11);
      }
    }
  });

  it("a group with a large support (n = 9 distinct, negative values) against count vectors convolved here", () => {
    const a = [-0.9, -0.5, -0.11, 0, 0.07, 0.3, 0.5, 0.61, 1];
    const b = [0.2, 0.5, 0.5];
    const pairs: { mean: number; count: number }[] = [];
    for (const x of multinomialAtoms(a))
      for (const y of multinomialAtoms(b)) pairs.push({ mean: x.mean - y.mean, count: x.count * y.count });
    pairs.sort((x, y) => x.mean - y.mean);
    const atoms: Atom[] = [];
    for (const pair of pairs) {
      const last = atoms[atoms.length - 1];
      if (last && pair.mean - last.mean <= 1e-9) last.count += pair.count;
      else atoms.push({ ...pair });
    }
    for (const level of LEVELS) {
      const expected = bruteForceInterval(atoms, level);
      const interval = bootstrapDifferenceInterval(a, b, { level })!;
      expect(interval.method).toBe("exact"); // 24,310 · 4 count vectors
      expect(interval.low).toBeCloseTo(expected.low, 11);
      expect(interval.high).toBeCloseTo(expected.high, 11);
    }
  });

  it("Monte Carlo beyond maxExactSupport: deterministic, ≥ 10,000 draws, within 0.01 of exact", () => {
    const a = [0.2, 0.35, 0.4, 0.41, 0.6, 0.62];
    const b = [0.05, 0.1, 0.1, 0.3, 0.33, 0.5];
    const exact = bootstrapDifferenceInterval(a, b)!;
    expect(exact.method).toBe("exact"); // 462 · 210 count vectors
    const simulated = bootstrapDifferenceInterval(a, b, { maxExactSupport: 1000 })!;
    expect(simulated.method).toBe("monte-carlo");
    expect(simulated.draws).toBeGreaterThanOrEqual(10_000);
    expect(Math.abs(simulated.low - exact.low)).toBeLessThan(0.01);
    expect(Math.abs(simulated.high - exact.high)).toBeLessThan(0.01);
    clearBootstrapCache();
    expect(bootstrapDifferenceInterval([...a].reverse(), b, { maxExactSupport: 1000 })).toEqual(simulated);
    // 10 vs 10 distinct seeds: 92,378² count-vector pairs → Monte Carlo by default.
    const ten = Array.from({ length: 10 }, (_, i) => i / 10);
    expect(bootstrapDifferenceInterval(ten, ten)!.method).toBe("monte-carlo");
  });
});
