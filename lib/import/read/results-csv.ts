// The paper repository's results CSV: model,group,question,answer,aligned,judge_aligned,
// coherent,judge_coherent,question_id,coherent_binary. judge_* hold the judge's token
// distributions as Python dict literals; coherent_binary is derived and not stored. The paper's
// file is a hand-picked selection, so this format is imported as curated examples (never counted
// in rates) unless the user says it is an evaluation (types.ts defaultBatchKind).
import { ANSWER_COLUMNS } from "./answer-rows";
import { readAnswerCsv, type AnswerFileReader } from "./answer-csv";
import type { ImportOptions } from "../types";

export const RESULTS_CSV_COLUMNS = ["model", "group", ...ANSWER_COLUMNS] as const;

export async function readResultsCsv(
  file: string,
  displayName: string,
  options: ImportOptions,
  onBytes?: (bytesRead: number) => void,
): Promise<AnswerFileReader> {
  return readAnswerCsv({ formatLabel: "a results CSV", requiredColumns: RESULTS_CSV_COLUMNS }, file, displayName, options, onBytes);
}
