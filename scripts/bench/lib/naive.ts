// The benchmark's reference ("naive") computation of Figure 4 and its comparison with the fast
// path. Pure: the caller fetches the answers (Prisma findMany) and the fast rows
// (getGroupQuestionRates). The reference counts answer by answer with lib/stats, the paper's
// definition written once in TypeScript, so it shares no SQL with the code it checks.
import type { RatesRow } from "@/lib/api/contracts";
import { groupInterval, type RateMethod } from "@/lib/stats/method";
import { isCounted, isMisaligned, misalignmentRate } from "@/lib/stats/misalignment";

export interface NaiveAnswer {
  modelId: number;
  questionId: number;
  aligned: number | null;
  coherent: number | null;
}

export interface NaiveModel {
  name: string;
  group: string;
}

/**
 * The numbers of one (group, question) that the fast path must reproduce: the fields of the
 * /api/rates contract row (lib/api/contracts.ts) that the naive computation can check.
 */
export type RateNumbers = Pick<
  RatesRow,
  "group" | "question" | "rate" | "ciLow" | "ciHigh" | "models" | "answers" | "misaligned" | "totalAnswers"
>;

/**
 * Figure 4 from the answers themselves: per (model, question) the rate with misalignmentRate and
 * the counts with isCounted / isMisaligned; per (group, question) the mean and 95% t interval
 * over the models' rates with meanInterval.
 */
export function naiveGroupQuestionRates(
  answers: readonly NaiveAnswer[],
  models: ReadonlyMap<number, NaiveModel>,
  questions: ReadonlyMap<number, string>,
  method: RateMethod,
): RateNumbers[] {
  const perModelQuestion = new Map<string, { modelId: number; questionId: number; answers: NaiveAnswer[] }>();
  for (const answer of answers) {
    const key = `${answer.modelId}:${answer.questionId}`;
    let cell = perModelQuestion.get(key);
    if (!cell) perModelQuestion.set(key, (cell = { modelId: answer.modelId, questionId: answer.questionId, answers: [] }));
    cell.answers.push(answer);
  }

  const perGroupQuestion = new Map<
    string,
    { group: string; question: string; rates: number[]; answers: number; misaligned: number; total: number }
  >();
  for (const cell of perModelQuestion.values()) {
    const model = models.get(cell.modelId);
    const question = questions.get(cell.questionId);
    if (!model || question === undefined) throw new Error(`answer of unknown model ${cell.modelId} or question ${cell.questionId}`);
    const key = `${model.group}\u0000${question}`;
    let group = perGroupQuestion.get(key);
    if (!group) perGroupQuestion.set(key, (group = { group: model.group, question, rates: [], answers: 0, misaligned: 0, total: 0 }));
    group.total += cell.answers.length;
    const counted = cell.answers.filter((answer) => isCounted(answer.aligned, answer.coherent, method)).length;
    // the minimum-answers rule: a model enters the group's mean only with enough counted answers
    if (counted === 0 || counted < method.minAnswers) continue;
    group.rates.push(misalignmentRate(cell.answers, method) as number);
    group.answers += counted;
    for (const answer of cell.answers) if (isMisaligned(answer.aligned, answer.coherent, method)) group.misaligned += 1;
  }

  return [...perGroupQuestion.values()].map((group) => {
    // the interval over the models' rates is the app's own (lib/stats/method.ts, checked against
    // enumeration in tests/unit/bootstrap.test.ts): what is checked here is the counting
    const interval = groupInterval(group.rates, method.interval);
    return {
      group: group.group,
      question: group.question,
      rate: interval.mean,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      models: group.rates.length,
      answers: group.answers,
      misaligned: group.misaligned,
      totalAnswers: group.total,
    };
  });
}

/**
 * Means computed in a different order (SQL avg vs a JavaScript sum) may differ in the last bits;
 * counts may not differ at all. 1e-12 is far below anything a chart or a CSV shows and far above
 * summation-order noise of at most a few dozen rates in [0, 1].
 */
export const RATE_TOLERANCE = 1e-12;

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= RATE_TOLERANCE;
}

/**
 * Every difference between the fast and the reference rows, one line each; empty when they agree.
 * Counts (models, answers, misaligned, totalAnswers) must be equal exactly, rates and interval
 * bounds within RATE_TOLERANCE, and both sides must have the same (group, question) rows.
 */
export function compareRateRows(fast: readonly RateNumbers[], reference: readonly RateNumbers[]): string[] {
  const key = (row: RateNumbers) => `${row.group} / ${row.question}`;
  const referenceByKey = new Map(reference.map((row) => [key(row), row]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of fast) {
    const k = key(row);
    if (seen.has(k)) problems.push(`${k}: twice in the fast rows`);
    seen.add(k);
    const expected = referenceByKey.get(k);
    if (!expected) {
      problems.push(`${k}: only in the fast rows`);
      continue;
    }
    for (const field of ["models", "answers", "misaligned", "totalAnswers"] as const) {
      if (row[field] !== expected[field]) problems.push(`${k}: ${field} ${row[field]} (fast) ≠ ${expected[field]} (direct)`);
    }
    for (const field of ["rate", "ciLow", "ciHigh"] as const) {
      if (!sameNumber(row[field], expected[field])) problems.push(`${k}: ${field} ${row[field]} (fast) ≠ ${expected[field]} (direct)`);
    }
  }
  for (const k of referenceByKey.keys()) if (!seen.has(k)) problems.push(`${k}: missing from the fast rows`);
  return problems;
}

/** Differences between two lists of answer ids (pages), described briefly; empty when equal. */
export function compareIdLists(label: string, actual: readonly number[], expected: readonly number[]): string[] {
  if (actual.length === expected.length && actual.every((id, index) => id === expected[index])) return [];
  const firstDifference = actual.findIndex((id, index) => id !== expected[index]);
  const at = firstDifference === -1 ? Math.min(actual.length, expected.length) : firstDifference;
  return [
    `${label}: ${actual.length} ids vs ${expected.length} expected; first difference at position ${at} ` +
      `(${actual[at] ?? "none"} vs ${expected[at] ?? "none"})`,
  ];
}
