// CSV of the answer browser's list (/api/answers/csv): a stable header and one formula-safe line
// per answer (lib/export/csv.ts; answers are untrusted).
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
] as const;

/** One CSV line (without the line break); `misaligned` uses the list's thresholds. */
export function answerCsvLine(answer: ExportAnswer, thresholds: Thresholds): string {
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
  ]
    .map(csvCell)
    .join(",");
}
