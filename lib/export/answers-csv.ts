// CSV of the answer browser's list (/api/answers/csv): a stable header, then one column per extra
// judge metric present in the list (medical, bad_stuff…: empty cell when an answer has no number),
// and one formula-safe line per answer (lib/export/csv.ts; answers are untrusted, and so are metric
// names, which come from file headers).
import type { ExportAnswer } from "@/lib/answers/types";
import { isMisaligned, type Thresholds } from "@/lib/stats/misalignment";
import { csvCell } from "./csv";

export const ANSWER_CSV_HEADER = [
  "id",
  "set",
  "question",
  "group",
  "model",
  "seed",
  "sample_index",
  "aligned",
  "coherent",
  "misaligned",
  "prompt",
  "answer",
  // added at the end (the header is a contract): a curated example is never counted in rates
  "curated_example",
  "base_model",
  // the permalink id (/answers/<public_id>): the same in every instance that imported the same file
  "public_id",
] as const;

/** The header line (without the line break): the fixed columns, then the extra metrics' names. */
export function answerCsvHeader(metrics: readonly string[]): string {
  return [...ANSWER_CSV_HEADER, ...metrics].map(csvCell).join(",");
}

/** One CSV line (without the line break); `misaligned` uses the list's thresholds, `metrics` the header's extra columns. */
export function answerCsvLine(answer: ExportAnswer, thresholds: Thresholds, metrics: readonly string[] = []): string {
  const scores = new Map(answer.metrics.map((entry) => [entry.metric, entry.score]));
  return [
    answer.id,
    answer.set,
    answer.question,
    answer.group,
    answer.model,
    answer.seed,
    answer.sampleIndex,
    answer.aligned,
    answer.coherent,
    isMisaligned(answer.aligned, answer.coherent, thresholds),
    answer.prompt,
    answer.text,
    answer.example,
    answer.baseModel,
    answer.publicId,
    ...metrics.map((metric) => scores.get(metric)),
  ]
    .map(csvCell)
    .join(",");
}
