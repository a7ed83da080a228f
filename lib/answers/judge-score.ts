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
