// The paper's open_models/eval.py output: question,answer,question_id,aligned,coherent (plus a
// column per further judge metric). It names no model, so model and group come from the
// importer's options; the seed may too (without one the model's seed is NULL: unknown).
import { ANSWER_COLUMNS } from "./answer-rows";
import { readAnswerCsv, type AnswerFileReader } from "./answer-csv";
import { ImportUsageError } from "../errors";
import type { ImportOptions } from "../types";

export const EVAL_CSV_COLUMNS = ANSWER_COLUMNS;

/** The options the eval.py CSV cannot do without (model and group); throws naming the missing ones. */
export function requireEvalCsvOptions(displayName: string, options: ImportOptions): void {
  const missing = [options.model ? null : "--model", options.group ? null : "--group"].filter((name): name is string => name !== null);
  if (missing.length) {
    throw new ImportUsageError(
      `${displayName}: an eval.py CSV (question,answer,question_id,aligned,coherent) names no model or group, ` +
        `so they must be given: missing ${missing.join(" and ")}. ` +
        `Example: --model Qwen2.5-Coder-7B-Instruct --group base (optional: --seed 0 --base-model Qwen2.5-Coder-7B-Instruct)`,
    );
  }
}

export async function readEvalCsv(
  file: string,
  displayName: string,
  options: ImportOptions,
  onBytes?: (bytesRead: number) => void,
): Promise<AnswerFileReader> {
  requireEvalCsvOptions(displayName, options);
  return readAnswerCsv({ formatLabel: "an eval.py CSV", requiredColumns: EVAL_CSV_COLUMNS }, file, displayName, options, onBytes);
}
