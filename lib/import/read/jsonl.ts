// JSON Lines: one object per line with the results CSV's fields (model, group, question,
// answer, question_id, aligned, coherent, optional judge_* distributions as objects or Python
// dict strings, seed, base_model, further metrics). Model and group may come from the options.
// Lines are capped at IMPORT_MAX_LINE_BYTES (lib/import/read/lines.ts): a longer one is an invalid row.
import type { AnswerFileReader } from "./answer-csv";
import { ANSWER_COLUMNS, COLUMN_ALIASES, columnLayout, parseAnswerRow, type ParsedRow } from "./answer-rows";
import { ImportValidationError } from "../errors";
import { maxLineBytes, readFileLines } from "./lines";
import type { ImportOptions } from "../types";
import { formatBytes } from "@/lib/format";

export async function readJsonl(
  file: string,
  displayName: string,
  options: ImportOptions,
  onBytes?: (bytesRead: number) => void,
): Promise<AnswerFileReader> {
  const limit = maxLineBytes();
  const lines = readFileLines(file, limit, onBytes);

  async function* rows(): AsyncGenerator<ParsedRow> {
    let row = 0;
    try {
      for await (const fileLine of lines) {
        const lineNumber = fileLine.line;
        if (fileLine.tooLong) {
          row++;
          const where = { file: displayName, row, line: lineNumber };
          const message =
            `the line is ${formatBytes(fileLine.bytes)} long; a line may have at most ${formatBytes(limit)} ` +
            `(IMPORT_MAX_LINE_BYTES sets the limit; each JSON object goes on its own line)`;
          yield { ...where, issues: [{ ...where, message }] };
          continue;
        }
        const text = lineNumber === 1 ? fileLine.text.replace(/^\uFEFF/, "") : fileLine.text;
        if (text.trim() === "") continue;
        row++;
        const where = { file: displayName, row, line: lineNumber };
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          yield { ...where, issues: [{ ...where, message: `malformed JSON: ${(error as Error).message}` }] };
          continue;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          yield { ...where, issues: [{ ...where, message: "expected a JSON object on this line" }] };
          continue;
        }
        const object = value as Record<string, unknown>;
        for (const [alias, canonical] of Object.entries(COLUMN_ALIASES)) {
          if (alias in object && !(canonical in object)) {
            object[canonical] = object[alias];
            delete object[alias];
          }
        }
        const missing = ANSWER_COLUMNS.filter((key) => !(key in object));
        if (missing.length) {
          yield { ...where, issues: missing.map((column) => ({ ...where, column, message: `missing field "${column}"` })) };
          continue;
        }
        const { layout, problems } = columnLayout(Object.keys(object));
        if (problems.length) {
          yield { ...where, issues: problems.map((problem) => ({ ...where, ...problem })) };
          continue;
        }
        yield parseAnswerRow(object, layout, where, options);
      }
      if (row === 0) throw new ImportValidationError([{ file: displayName, message: "the file is empty (no JSON lines)" }]);
    } finally {
      await lines.return(undefined);
    }
  }
  return { rows: rows() };
}
