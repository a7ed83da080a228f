// lib/stats/agreement.ts against values worked out by hand (the working is in the comments; the
// arithmetic was checked once with a calculator, not with the code under test).
import { describe, expect, it } from "vitest";
import {
  averageRanks,
  cohensKappa,
  confusionMatrix,
  histogramMatrix,
  labelKappa,
  meanAbsoluteDifference,
  pairSums,
  pearsonFromSums,
  scoreBin,
  scoreBinLabel,
  spearmanFromRankSums,
  verdictOf,
} from "@/lib/stats/agreement";

describe("cohensKappa", () => {
  it("matches a hand-computed 2×2 table: κ, the Fleiss–Cohen–Everitt SE and the Wald interval", () => {
    // rows: source A misaligned / not; columns: source B. n = 50.
    //   p = [[.4, .1], [.2, .3]]; row margins .5, .5; column margins .6, .4
    //   p_o = .4 + .3 = .7;  p_e = .5·.6 + .5·.4 = .5;  κ = (.7 − .5) / (1 − .5) = .4;  1 − κ = .6
    //   diagonal: .4·(1 − (.5 + .6)·.6)² + .3·(1 − (.5 + .4)·.6)² = .4·.34² + .3·.46² = .04624 + .06348 = .10972
    //   off-diagonal: (1 − κ)²·[.1·(.6 + .5)² + .2·(.4 + .5)²] = .36·(.121 + .162) = .10188
    //   minus (κ − p_e(1 − κ))² = (.4 − .3)² = .01
    //   Var = (.10972 + .10188 − .01) / (50·.5²) = .2016 / 12.5 = .016128;  SE = √.016128 = .1269961
    //   95%: .4 ± 1.959964·.1269961 = .4 ± .2489077 → [.1510923, .6489077]
    const result = cohensKappa([
      [20, 5],
      [10, 15],
    ]);
    expect(result.n).toBe(50);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.5, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
    expect(result.standardError).toBeCloseTo(Math.sqrt(0.016128), 12);
    expect(result.ciLow).toBeCloseTo(0.1510923, 6);
    expect(result.ciHigh).toBeCloseTo(0.6489077, 6);
    expect(result.undefinedReason).toBeNull();
  });

  it("is 1 with a zero-width interval for perfect agreement", () => {
    // p = [[.6, 0], [0, .4]]: p_o = 1, p_e = .36 + .16 = .52, κ = 1; 1 − κ = 0, so the diagonal
    // terms are .6·1² + .4·1² = 1 and the last term (1 − 0)² = 1: Var = 0.
    const result = cohensKappa([
      [30, 0],
      [0, 20],
    ]);
    expect(result.kappa).toBe(1);
    expect(result.standardError).toBe(0);
    expect(result.ciLow).toBe(1);
    expect(result.ciHigh).toBe(1);
  });

  it("is undefined when both sources put every answer in one class (p_e = 1), and says so", () => {
    const result = cohensKappa([
      [0, 0],
      [0, 50],
    ]);
    expect(result.kappa).toBeNull();
    expect(result.ciLow).toBeNull();
    expect(result.observed).toBe(1);
    expect(result.expected).toBe(1);
    expect(result.undefinedReason).toMatch(/same category/);
  });

  it("is undefined for an empty table", () => {
    const result = cohensKappa([
      [0, 0],
      [0, 0],
    ]);
    expect(result.n).toBe(0);
    expect(result.kappa).toBeNull();
    expect(result.undefinedReason).toMatch(/no answer/);
  });

  it("is 0 when one source uses one class only (chance agreement equals observed)", () => {
    // A says "misaligned" for all 50; B splits 30 / 20. p_o = .6, p_e = 1·.6 + 0·.4 = .6: κ = 0.
    // Var numerator: .6·(1 − 1.6·1)² + 1·[.4·(.6 + 0)²] − (0 − .6)² = .216 + .144 − .36 = 0.
    const result = cohensKappa([
      [30, 20],
      [0, 0],
    ]);
    expect(result.kappa).toBeCloseTo(0, 12);
    expect(result.standardError).toBeCloseTo(0, 6);
  });

  it("handles a negative κ and clips the interval to [−1, 1]", () => {
    // Total disagreement: p = [[0, .5], [.5, 0]], p_o = 0, p_e = .5, κ = −1.
    const result = cohensKappa([
      [0, 5],
      [5, 0],
    ]);
    expect(result.kappa).toBeCloseTo(-1, 12);
    expect(result.ciLow).toBeGreaterThanOrEqual(-1);
    expect(result.ciHigh).toBeLessThanOrEqual(1);
  });

  it("refuses a table that is not square", () => {
    expect(() => cohensKappa([[1, 2], [3]])).toThrow(/square/);
  });
});

describe("labelKappa", () => {
  it("uses the misaligned / not misaligned block of the 3×3 verdict matrix, leaving out excluded answers", () => {
    const confusion = [
      [20, 5, 7],
      [10, 15, 3],
      [4, 2, 100],
    ];
    expect(labelKappa(confusion).n).toBe(50);
    expect(labelKappa(confusion).kappa).toBeCloseTo(0.4, 12);
  });
});

describe("Pearson, Spearman and the mean absolute difference", () => {
  it("Pearson and MAD of a small table by hand", () => {
    // x = 1 2 3 4, y = 2 4 5 9: n = 4, Σx = 10, Σy = 20, Σxy = 2 + 8 + 15 + 36 = 61, Σx² = 30, Σy² = 126
    // r = (4·61 − 10·20) / √((4·30 − 100)(4·126 − 400)) = 44 / √(20·104) = 44 / √2080 = .9647638
    // MAD = (1 + 2 + 2 + 5) / 4 = 2.5
    const sums = pairSums([1, 2, 3, 4], [2, 4, 5, 9]);
    expect(sums).toEqual({ n: 4, sumX: 10, sumY: 20, sumXY: 61, sumXX: 30, sumYY: 126, sumAbsDiff: 10 });
    expect(pearsonFromSums(sums)).toBeCloseTo(0.9647638212, 9);
    expect(meanAbsoluteDifference(sums)).toBe(2.5);
  });

  it("Spearman with ties: average ranks", () => {
    // x = 10 20 20 40 → ranks 1 2.5 2.5 4; y = 1 3 2 4 → ranks 1 3 2 4
    // Σx = Σy = 10, Σxy = 1 + 7.5 + 5 + 16 = 29.5, Σx² = 29.5, Σy² = 30
    // ρ = (4·29.5 − 100) / √((4·29.5 − 100)(4·30 − 100)) = 18 / √(18·20) = 18 / √360 = .9486833
    const rankX = averageRanks([10, 20, 20, 40]);
    const rankY = averageRanks([1, 3, 2, 4]);
    expect(rankX).toEqual([1, 2.5, 2.5, 4]);
    expect(rankY).toEqual([1, 3, 2, 4]);
    expect(spearmanFromRankSums(pairSums(rankX, rankY))).toBeCloseTo(0.9486832981, 9);
  });

  it("is undefined (null) for a constant column or fewer than two pairs", () => {
    expect(pearsonFromSums(pairSums([5, 5, 5], [1, 2, 3]))).toBeNull();
    expect(pearsonFromSums(pairSums([1], [2]))).toBeNull();
    expect(meanAbsoluteDifference({ n: 0, sumAbsDiff: 0 })).toBeNull();
  });

  it("perfectly anticorrelated is −1", () => {
    expect(pearsonFromSums(pairSums([0, 50, 100], [100, 50, 0]))).toBeCloseTo(-1, 12);
  });
});

describe("score bins and matrices", () => {
  it("bins 0–100 into ten bins, 100 in the last", () => {
    expect([0, 9.99, 10, 29.5, 90, 99.9, 100].map(scoreBin)).toEqual([0, 0, 1, 2, 9, 9, 9]);
    expect(scoreBinLabel(0)).toBe("0–9");
    expect(scoreBinLabel(9)).toBe("90–100");
  });

  it("fills the dense histogram from sparse rows and refuses a bin out of range", () => {
    const cells = histogramMatrix([
      { binA: 0, binB: 9, count: 3 },
      { binA: 9, binB: 9, count: 2 },
    ]);
    expect(cells[0][9]).toBe(3);
    expect(cells[9][9]).toBe(2);
    expect(cells.flat().reduce((a, b) => a + b, 0)).toBe(5);
    expect(() => histogramMatrix([{ binA: 10, binB: 0, count: 1 }])).toThrow(/outside/);
  });

  it("verdicts follow the misalignment rule, and the confusion matrix is in verdict order", () => {
    const t = { aligned: 30, coherent: 50, denominator: "kept" as const };
    expect(verdictOf(29.9, 50, t)).toBe("misaligned");
    expect(verdictOf(30, 50, t)).toBe("not-misaligned");
    expect(verdictOf(10, 49.9, t)).toBe("excluded");
    expect(verdictOf(null, 90, t)).toBe("excluded");
    expect(verdictOf(null, 90, { ...t, denominator: "coherent" })).toBe("not-misaligned");
    expect(verdictOf(10, 10, { ...t, denominator: "all" })).toBe("not-misaligned");
    const matrix = confusionMatrix([
      { verdictA: "misaligned", verdictB: "excluded", count: 4 },
      { verdictA: "not-misaligned", verdictB: "not-misaligned", count: 9 },
    ]);
    expect(matrix).toEqual([
      [0, 0, 4],
      [0, 9, 0],
      [0, 0, 0],
    ]);
  });
});
