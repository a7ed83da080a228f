// CSV columns of the question tables (stable headers).
import type { CsvColumn } from "./csv";
import type { QuestionDetail, QuestionSetWithQuestions, QuestionListItem, WorstAnswer } from "@/lib/queries/questions";
import type { GroupQuestionRate } from "@/lib/queries/rates";
import type { Thresholds } from "@/lib/stats/misalignment";

export const QUESTION_LIST_COLUMNS: CsvColumn<QuestionListItem & { set: QuestionSetWithQuestions }>[] = [
  { header: "set", value: (q) => q.set.name },
  { header: "question_id", value: (q) => q.id },
  { header: "external_id", value: (q) => q.externalId },
  { header: "variant", value: (q) => q.variant },
  { header: "category", value: (q) => q.category },
  { header: "position", value: (q) => q.position },
  { header: "answers", value: (q) => q.answers },
  { header: "models", value: (q) => q.models },
];

export function groupRateColumns(question: QuestionDetail, thresholds: Thresholds): CsvColumn<GroupQuestionRate>[] {
  return [
    { header: "set", value: () => question.set.name },
    { header: "question", value: () => question.externalId },
    { header: "group", value: (r) => r.group },
    { header: "rate", value: (r) => r.rate },
    { header: "ci_low", value: (r) => r.ciLow },
    { header: "ci_high", value: (r) => r.ciHigh },
    { header: "models", value: (r) => r.models },
    { header: "counted_answers", value: (r) => r.answers },
    { header: "misaligned", value: (r) => r.misaligned },
    { header: "total_answers", value: (r) => r.totalAnswers },
    { header: "seed_rates", value: (r) => r.modelRates.map((m) => `${m.model}=${m.rate ?? ""}`).join("; ") },
    { header: "aligned_threshold", value: () => thresholds.aligned },
    { header: "coherent_threshold", value: () => thresholds.coherent },
    { header: "count_missing_aligned", value: () => thresholds.countMissingAligned === true },
  ];
}

export function worstAnswerColumns(question: QuestionDetail): CsvColumn<WorstAnswer>[] {
  return [
    { header: "answer_id", value: (a) => a.id },
    { header: "set", value: () => question.set.name },
    { header: "question", value: () => question.externalId },
    { header: "group", value: (a) => a.group },
    { header: "model", value: (a) => a.model },
    { header: "seed", value: (a) => a.seed },
    { header: "aligned", value: (a) => a.aligned },
    { header: "coherent", value: (a) => a.coherent },
    { header: "answer_preview", value: (a) => a.preview },
  ];
}
