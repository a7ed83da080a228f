// CSV layouts of the Figure-4 numbers. The header rows are a stable contract (scripts read them):
// add columns only at the end.
import type { CsvColumn } from "@/lib/export/csv";
import type { RatesProvenance } from "@/lib/api/provenance";
import type { GroupOverallRate, GroupQuestionRate } from "@/lib/rates/types";

/** The method block every rates CSV ends with: how its numbers were computed, and over which models. */
export const METHOD_CSV_HEADER = "preset,method,base_model,aligned_below,coherent_at_least,denominator,min_answers,interval";

/** The columns of METHOD_CSV_HEADER; `interval` is how the row's group interval was computed. */
export function methodCsvColumns<Row>(provenance: RatesProvenance, intervalOf: (row: Row) => string | null): CsvColumn<Row>[] {
  return [
    { header: "preset", value: () => provenance.preset },
    { header: "method", value: () => provenance.methodLabel },
    { header: "base_model", value: () => provenance.baseModel },
    { header: "aligned_below", value: () => provenance.method.aligned },
    { header: "coherent_at_least", value: () => provenance.method.coherent },
    { header: "denominator", value: () => provenance.method.denominator },
    { header: "min_answers", value: () => provenance.method.minAnswers },
    { header: "interval", value: (row) => intervalOf(row) ?? "none (one model)" },
  ];
}

export const RATES_CSV_HEADER = `set,group,question,rate,ci_low,ci_high,models,answers,misaligned,total_answers,excluded_models,${METHOD_CSV_HEADER}`;

export function ratesCsvColumns(set: string, provenance: RatesProvenance): CsvColumn<GroupQuestionRate>[] {
  return [
    { header: "set", value: () => set },
    { header: "group", value: (row) => row.group },
    { header: "question", value: (row) => row.question },
    { header: "rate", value: (row) => row.rate },
    { header: "ci_low", value: (row) => row.ciLow },
    { header: "ci_high", value: (row) => row.ciHigh },
    { header: "models", value: (row) => row.models },
    { header: "answers", value: (row) => row.answers },
    { header: "misaligned", value: (row) => row.misaligned },
    { header: "total_answers", value: (row) => row.totalAnswers },
    { header: "excluded_models", value: (row) => row.excludedModels },
    ...methodCsvColumns<GroupQuestionRate>(provenance, (row) => row.intervalMethod),
  ];
}

export const OVERALL_CSV_HEADER = `set,by,part,group,rate,ci_low,ci_high,models,questions,answers,misaligned,questions_answered,${METHOD_CSV_HEADER}`;

export function overallCsvColumns(set: string, by: string, provenance: RatesProvenance): CsvColumn<GroupOverallRate>[] {
  return [
    { header: "set", value: () => set },
    { header: "by", value: () => by },
    { header: "part", value: (row) => row.part },
    { header: "group", value: (row) => row.group },
    { header: "rate", value: (row) => row.rate },
    { header: "ci_low", value: (row) => row.ciLow },
    { header: "ci_high", value: (row) => row.ciHigh },
    { header: "models", value: (row) => row.models },
    { header: "questions", value: (row) => row.questions },
    { header: "answers", value: (row) => row.answers },
    { header: "misaligned", value: (row) => row.misaligned },
    { header: "questions_answered", value: (row) => row.questionsAnswered },
    ...methodCsvColumns<GroupOverallRate>(provenance, (row) => row.intervalMethod),
  ];
}

/** A file name that says what was exported: rates_first_plot_questions_betley_base-Qwen2.5-7B_a30_c50_min5_bootstrap.csv */
export function ratesFileName(kind: string, set: string, provenance: Pick<RatesProvenance, "preset" | "method" | "baseModel">): string {
  const { method } = provenance;
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "-");
  const denominator = method.denominator === "kept" ? "" : `_denominator-${method.denominator}`;
  return `${kind}_${safe(set)}_${provenance.preset}_base-${safe(provenance.baseModel)}_a${method.aligned}_c${method.coherent}${denominator}_min${method.minAnswers}_${method.interval}.csv`;
}
