// Agreement between two score sources on the same answers (the judge comparison page, /judges).
// Pure formulas over sums: the sums themselves (n, Σx, Σy, Σxy, Σx², Σy², Σ|x−y|, the 10×10 bin
// counts, the verdict confusion counts) are computed in SQL (lib/queries/agreement.ts), so no answer
// row ever reaches TypeScript; tests feed these functions hand-computed tables.
//
// Cohen's κ and its 95% interval. κ = (p_o − p_e) / (1 − p_e) over a k×k table of proportions
// p_ij (rows: source A's category, columns: source B's), p_o = Σ p_ii, p_e = Σ p_i· p_·i
// (Cohen 1960). Its standard error is the large-sample (non-null) one of Fleiss, Cohen & Everitt
// (1969), "Large sample standard errors of kappa and weighted kappa", Psychological Bulletin 72(5),
// 323–327, eq. (13):
//   Var(κ) = [ Σ_i p_ii (1 − (p_i· + p_·i)(1 − κ))²
//            + (1 − κ)² Σ_{i≠j} p_ij (p_·i + p_j·)²
//            − (κ − p_e (1 − κ))² ] / (n (1 − p_e)²)
// and the interval is κ ± 1.96·SE (Wald), clipped to [−1, 1]. κ is undefined (null, no interval)
// when p_e = 1 — both sources put every answer in the same one category, so chance agreement is
// already perfect — or when the table is empty.
import { isCounted, isMisaligned, type Thresholds } from "./misalignment";

/** 97.5% quantile of the standard normal: the Wald interval's multiplier. */
export const Z_975 = 1.959963984540054;

export interface KappaResult {
  /** answers in the table */
  n: number;
  /** observed agreement p_o */
  observed: number | null;
  /** chance agreement p_e from the margins */
  expected: number | null;
  /** null when undefined (empty table, or p_e = 1: both sources use one and the same category only) */
  kappa: number | null;
  /** large-sample SE (Fleiss, Cohen & Everitt 1969); null when κ is undefined */
  standardError: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** why κ is undefined, in words; null when it is defined */
  undefinedReason: string | null;
}

/** Cohen's κ with its 95% Wald interval (SE of Fleiss, Cohen & Everitt 1969) for a square table of counts. */
export function cohensKappa(table: readonly (readonly number[])[]): KappaResult {
  const k = table.length;
  for (const row of table) if (row.length !== k) throw new Error(`kappa needs a square table, got a row of ${row.length} in ${k}×${k}`);
  const n = table.reduce((sum, row) => sum + row.reduce((s, c) => s + c, 0), 0);
  const none = (reason: string, observed: number | null = null, expected: number | null = null): KappaResult => ({
    n,
    observed,
    expected,
    kappa: null,
    standardError: null,
    ciLow: null,
    ciHigh: null,
    undefinedReason: reason,
  });
  if (n === 0) return none("no answer has a verdict under both sources");
  const p = table.map((row) => row.map((count) => count / n));
  const rowMargin = p.map((row) => row.reduce((s, c) => s + c, 0));
  const columnMargin = p[0].map((_, j) => p.reduce((s, row) => s + row[j], 0));
  const observed = p.reduce((s, row, i) => s + row[i], 0);
  const expected = rowMargin.reduce((s, margin, i) => s + margin * columnMargin[i], 0);
  // p_e = 1 within rounding: every answer in one category under both sources.
  if (expected >= 1 - 1e-12)
    return none("both sources put every answer in the same category, so chance agreement is 1 and κ = 0/0", observed, expected);
  const kappa = (observed - expected) / (1 - expected);
  let diagonal = 0;
  let offDiagonal = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) diagonal += p[i][i] * (1 - (rowMargin[i] + columnMargin[i]) * (1 - kappa)) ** 2;
      else offDiagonal += p[i][j] * (columnMargin[i] + rowMargin[j]) ** 2;
    }
  }
  const numerator = diagonal + (1 - kappa) ** 2 * offDiagonal - (kappa - expected * (1 - kappa)) ** 2;
  // A perfect table gives 0 up to rounding (−1e-17): never a negative variance.
  const variance = Math.max(0, numerator) / (n * (1 - expected) ** 2);
  const standardError = Math.sqrt(variance);
  return {
    n,
    observed,
    expected,
    kappa,
    standardError,
    ciLow: Math.max(-1, kappa - Z_975 * standardError),
    ciHigh: Math.min(1, kappa + Z_975 * standardError),
    undefinedReason: null,
  };
}

/** The sums SQL returns for a pair of score columns over the answers both sources scored. */
export interface PairSums {
  n: number;
  sumX: number;
  sumY: number;
  sumXY: number;
  sumXX: number;
  sumYY: number;
  /** Σ|x − y| (only needed for the mean absolute difference) */
  sumAbsDiff?: number;
}

/**
 * Pearson's r from sums: (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)); null with fewer than two
 * pairs or when either variable is constant (r is 0/0). With 0–100 scores and n ≈ 7,000, nΣx² is
 * about 5·10^11, far inside a double's exact range, so the textbook form loses nothing that matters.
 */
export function pearsonFromSums(sums: PairSums): number | null {
  const { n, sumX, sumY, sumXY, sumXX, sumYY } = sums;
  if (n < 2) return null;
  const covariance = n * sumXY - sumX * sumY;
  const varianceX = n * sumXX - sumX * sumX;
  const varianceY = n * sumYY - sumY * sumY;
  // relative tolerance: a constant column can leave a rounding residue instead of an exact 0
  if (varianceX <= 1e-12 * n * sumXX || varianceY <= 1e-12 * n * sumYY) return null;
  const r = covariance / Math.sqrt(varianceX * varianceY);
  return Math.max(-1, Math.min(1, r));
}

/** Spearman's ρ: Pearson's r of the ranks, ties given their average rank (the SQL sums are over those ranks). */
export const spearmanFromRankSums = pearsonFromSums;

/** Mean absolute difference Σ|x − y| / n; null without pairs. */
export function meanAbsoluteDifference(sums: { n: number; sumAbsDiff: number }): number | null {
  return sums.n === 0 ? null : sums.sumAbsDiff / sums.n;
}

/**
 * Average ranks (1-based; tied values share the mean of the ranks they occupy): the TypeScript
 * twin of the SQL rank() + (ties − 1) / 2, for tests over small arrays.
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    const rank = (start + 1 + end + 1) / 2;
    for (let i = start; i <= end; i++) ranks[order[i].index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** The sums of pairs, computed in TypeScript (tests: the twin of the SQL aggregate). */
export function pairSums(xs: readonly number[], ys: readonly number[]): Required<PairSums> {
  if (xs.length !== ys.length) throw new Error("pairSums needs two arrays of the same length");
  const sums = { n: xs.length, sumX: 0, sumY: 0, sumXY: 0, sumXX: 0, sumYY: 0, sumAbsDiff: 0 };
  xs.forEach((x, i) => {
    const y = ys[i];
    sums.sumX += x;
    sums.sumY += y;
    sums.sumXY += x * y;
    sums.sumXX += x * x;
    sums.sumYY += y * y;
    sums.sumAbsDiff += Math.abs(x - y);
  });
  return sums;
}

/** Bins per axis of the 2-D histogram: 10-point bins [0,10), [10,20), …, [90,100] (100 goes in the last). */
export const SCORE_BINS = 10;

/** The bin (0..9) of a 0–100 score; the SQL twin is least(floor(x / 10), 9) with greatest(…, 0). */
export function scoreBin(score: number): number {
  return Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score / (100 / SCORE_BINS))));
}

/** "0–9", "10–19", …, "90–100": the label of a bin. */
export function scoreBinLabel(bin: number): string {
  const width = 100 / SCORE_BINS;
  const low = bin * width;
  return bin === SCORE_BINS - 1 ? `${low}–100` : `${low}–${low + width - 1}`;
}

/** SQL's sparse bin counts as a dense matrix: cells[binA][binB]. */
export function histogramMatrix(rows: readonly { binA: number; binB: number; count: number }[]): number[][] {
  const cells = Array.from({ length: SCORE_BINS }, () => new Array<number>(SCORE_BINS).fill(0));
  for (const row of rows) {
    if (!(row.binA >= 0 && row.binA < SCORE_BINS && row.binB >= 0 && row.binB < SCORE_BINS))
      throw new Error(`histogram bin (${row.binA}, ${row.binB}) is outside 0..${SCORE_BINS - 1}`);
    cells[row.binA][row.binB] += row.count;
  }
  return cells;
}

/** An answer's verdict under one source at the current thresholds and denominator. */
export const VERDICTS = ["misaligned", "not-misaligned", "excluded"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_TEXT: Record<Verdict, string> = {
  misaligned: "misaligned",
  "not-misaligned": "not misaligned",
  excluded: "excluded",
};

/**
 * misaligned (isMisaligned); not misaligned (counted in the denominator, not misaligned); excluded
 * (not in the denominator: incoherent, or CODE/REFUSAL under "kept"). The SQL twin is verdictSql in
 * lib/queries/agreement.ts, built from lib/db/rate-rule.ts.
 */
export function verdictOf(aligned: number | null, coherent: number | null, thresholds: Thresholds): Verdict {
  if (isMisaligned(aligned, coherent, thresholds)) return "misaligned";
  return isCounted(aligned, coherent, thresholds) ? "not-misaligned" : "excluded";
}

/** The 3×3 verdict confusion matrix (rows: A, columns: B, in VERDICTS order) from SQL's sparse counts. */
export function confusionMatrix(rows: readonly { verdictA: Verdict; verdictB: Verdict; count: number }[]): number[][] {
  const index = (verdict: Verdict) => {
    const at = VERDICTS.indexOf(verdict);
    if (at < 0) throw new Error(`unknown verdict ${String(verdict)}`);
    return at;
  };
  const cells = VERDICTS.map(() => VERDICTS.map(() => 0));
  for (const row of rows) cells[index(row.verdictA)][index(row.verdictB)] += row.count;
  return cells;
}

/**
 * κ on the misaligned label: the 2×2 of answers both sources count (misaligned / not misaligned),
 * i.e. the confusion matrix without the "excluded" row and column. An answer one source excludes
 * has no label to agree on under that source; the confusion matrix shows how many there are.
 */
export function labelKappa(confusion: readonly (readonly number[])[]): KappaResult {
  return cohensKappa([
    [confusion[0][0], confusion[0][1]],
    [confusion[1][0], confusion[1][1]],
  ]);
}
