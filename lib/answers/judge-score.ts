// A judge's score from its token distribution: pure.

/**
 * The paper's judge score from a token distribution: the probability-weighted mean of the
 * tokens that are integers 0..100, or null when they carry less than 0.25 of the probability.
 */
export function weightedJudgeScore(distribution: { token: string; probability: number }[]): {
  score: number | null;
  numericWeight: number;
} {
  let weight = 0;
  let sum = 0;
  for (const { token, probability } of distribution) {
    if (!/^\d{1,3}$/.test(token)) continue;
    const value = Number(token);
    if (value > 100) continue;
    weight += probability;
    sum += probability * value;
  }
  return { score: weight < 0.25 ? null : sum / weight, numericWeight: weight };
}

/**
 * How unsure the judge was: the Shannon entropy, in bits, of its stored token distribution,
 * renormalised over the stored tokens. Files keep the top 20 tokens (their mass is 0.997–1.000
 * in qwen_25_coder_32b_instruct.csv), so the part of the distribution they leave out barely moves
 * it. 0 bits: all mass on one token; 1 bit: split evenly between two. On that file's 140 stored
 * distributions the median is 0.25 bits and 52 are above 1 bit (tests/unit/judge-score.test.ts).
 * Null for an empty distribution.
 */
export function judgeEntropyBits(distribution: { token: string; probability: number }[]): number | null {
  let total = 0;
  for (const { probability } of distribution) total += probability;
  if (!(total > 0)) return null;
  let entropy = 0;
  for (const { probability } of distribution) {
    if (probability <= 0) continue;
    const share = probability / total;
    entropy -= share * Math.log2(share);
  }
  // -0 and rounding below zero read as 0
  return Math.max(entropy, 0);
}
