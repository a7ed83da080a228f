// JSON Lines: one object per line with the results CSV's fields (model, group, question,
// answer, question_id, aligned, coherent, optional judge_* distributions as objects or Python
// dict strings, seed, base_model, further metrics). Model and group may come from the options.
import fs from "node:fs";
import readline from "node:readline";
import type { AnswerFileReader } from "./answer-csv";
import { ANSWER_COLUMNS, columnLayout, parseAnswerRow, type ParsedRow } from "./answer-rows";
import { ImportValidationError } from "./errors";
import type { ImportOptions } from "./types";

export async function readJsonl(file: string, displayName: string, options: ImportOptions, onBytes?: (bytesRead: number) => void): Promise<AnswerFileReader> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  input.on("data", (chunk) => {
    bytesRead += chunk.length;
    onBytes?.(bytesRead);
  });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });

  async function* rows(): AsyncGenerator<ParsedRow> {
    let lineNumber = 0;
    let row = 0;
    try {
      for await (const rawLine of lines) {
        lineNumber++;
        const text = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
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
      lines.close();
      input.destroy();
    }
  }
  return { rows: rows() };
}
