// CSV columns of the question tables (stable headers). Rate tables end with the method block of
// every rates CSV (lib/export/models.ts methodCsvColumns).
import type { CsvColumn } from "./csv";
import type { RatesProvenance } from "@/lib/api/provenance";
import type { QuestionDetail, QuestionSetWithQuestions, QuestionListItem, WorstAnswer } from "@/lib/questions/types";
import type { GroupQuestionRate, ModelRate } from "@/lib/rates/types";
import { methodCsvColumns } from "./rates";

/** The questions list; answers and models are the scope's (a name, all or unknown). */
export function questionListColumns(scope: string): CsvColumn<QuestionListItem & { set: QuestionSetWithQuestions }>[] {
  return [
    { header: "set", value: (q) => q.set.name },
    { header: "question_id", value: (q) => q.id },
    { header: "external_id", value: (q) => q.externalId },
    { header: "variant", value: (q) => q.variant },
    { header: "category", value: (q) => q.category },
    { header: "position", value: (q) => q.position },
    { header: "answers", value: (q) => q.answers },
    { header: "models", value: (q) => q.models },
    { header: "scope", value: () => scope },
    { header: "text", value: (q) => q.text },
    // each group's Figure-4 rate on the question by the request's method (its columns: the X-Rates-* headers)
    { header: "group_rates", value: (q) => q.rates.map((r) => `${r.group}=${r.rate ?? ""}`).join("; ") },
  ];
}

/** `model=rate/n` for each model; the left-out ones (fewer than min answers) marked `excluded`. */
function modelList(models: ModelRate[]): string {
  return models.map((m) => `${m.model}=${m.rate ?? ""}/n${m.answers}${m.included ? "" : " excluded"}`).join("; ");
}

export const GROUP_RATES_CSV_HEADER =
  "set,question,group,rate,ci_low,ci_high,models,counted_answers,misaligned,total_answers,excluded_models,model_rates," +
  "preset,method,base_model,aligned_below,coherent_at_least,denominator,min_answers,interval";

export function groupRateColumns(question: QuestionDetail, provenance: RatesProvenance): CsvColumn<GroupQuestionRate>[] {
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
    { header: "excluded_models", value: (r) => r.excludedModels },
    { header: "model_rates", value: (r) => modelList(r.modelRates) },
    ...methodCsvColumns<GroupQuestionRate>(provenance, (r) => r.intervalMethod),
  ];
}

export function worstAnswerColumns(question: QuestionDetail, scope: string): CsvColumn<WorstAnswer>[] {
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
    { header: "scope", value: () => scope },
  ];
}
