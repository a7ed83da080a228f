// Summaries of a model's rates: pure.

/**
 * A model's mean over questions of its per-question rates, over the questions where its rate
 * enters Figure 4 (at least minAnswers answers in the denominator); the others are left out.
 */
export function meanOverQuestions(rates: { rate: number | null; included: boolean }[]): { mean: number | null; questions: number } {
  const defined = rates.flatMap((r) => (r.included && r.rate !== null ? [r.rate] : []));
  return { mean: defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length, questions: defined.length };
}
