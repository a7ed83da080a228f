// CSV layouts of the Figure-4 numbers. The header rows are a stable contract (scripts read them):
// add columns only at the end.
import type { CsvColumn } from "@/lib/export/csv";
import type { GroupOverallRate, GroupQuestionRate } from "@/lib/queries/rates";

export const RATES_CSV_HEADER = "set,group,question,rate,ci_low,ci_high,models,answers,misaligned,total_answers";

export function ratesCsvColumns(set: string): CsvColumn<GroupQuestionRate>[] {
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
  ];
}

export const OVERALL_CSV_HEADER = "set,by,part,group,rate,ci_low,ci_high,models,questions,answers,misaligned";

export function overallCsvColumns(set: string, by: string): CsvColumn<GroupOverallRate>[] {
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
  ];
}

/** A file name that says what was exported: rates_first_plot_questions_a30_c50.csv */
export function ratesFileName(kind: string, set: string, thresholds: { aligned: number; coherent: number; countMissingAligned?: boolean }): string {
  const missing = thresholds.countMissingAligned ? "_missing-counted" : "";
  return `${kind}_${set}_a${thresholds.aligned}_c${thresholds.coherent}${missing}.csv`;
}
