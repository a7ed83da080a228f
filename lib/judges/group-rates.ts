// Per-group P(misaligned) under one score source, from per (model, question) counts that SQL made
// over the answers both sources scored: Figure 4's procedure exactly (lib/queries/rates.ts), only
// the counting source differs. A model enters a question with at least minAnswers counted answers
// (modelIncludedSql's rule); on one question the group's point is the mean of its models' rates;
// over the set, as getGroupOverallRates does, only questions every included model of the group has
// a rate on are pooled, each model's rate is its mean over them, and the group's value the mean
// over models. The interval is groupInterval's (lib/stats/method.ts): the Figure-4 one, not a new one.
import { groupInterval, type RateMethod } from "@/lib/stats/method";
import type { SourceGroupRate } from "./types";

/** One (model, question) cell under one source: counted and misaligned answers. */
export interface ModelQuestionCell {
  group: string;
  modelId: number;
  questionId: number;
  answers: number;
  misaligned: number;
}

const NO_RATE: SourceGroupRate = {
  rate: null,
  ciLow: null,
  ciHigh: null,
  intervalMethod: null,
  models: 0,
  questions: 0,
  answers: 0,
  misaligned: 0,
};

/** The group's value from the cells of one group under one source. */
export function groupRate(cells: readonly ModelQuestionCell[], method: Pick<RateMethod, "minAnswers" | "interval">): SourceGroupRate {
  const included = cells.filter((cell) => cell.answers > 0 && cell.answers >= method.minAnswers);
  const models = [...new Set(included.map((cell) => cell.modelId))];
  if (models.length === 0) return NO_RATE;
  // questions on which every included model has a rate
  const perQuestion = new Map<number, number>();
  for (const cell of included) perQuestion.set(cell.questionId, (perQuestion.get(cell.questionId) ?? 0) + 1);
  const common = new Set([...perQuestion].filter(([, count]) => count === models.length).map(([question]) => question));
  if (common.size === 0) return { ...NO_RATE, questions: 0 };
  const pooled = included.filter((cell) => common.has(cell.questionId));
  const modelRates = models.map((model) => {
    const own = pooled.filter((cell) => cell.modelId === model);
    return own.reduce((sum, cell) => sum + cell.misaligned / cell.answers, 0) / own.length;
  });
  const interval = groupInterval(modelRates, method.interval);
  return {
    rate: interval.mean,
    ciLow: interval.ciLow,
    ciHigh: interval.ciHigh,
    intervalMethod: interval.intervalMethod,
    models: models.length,
    questions: common.size,
    answers: pooled.reduce((sum, cell) => sum + cell.answers, 0),
    misaligned: pooled.reduce((sum, cell) => sum + cell.misaligned, 0),
  };
}
