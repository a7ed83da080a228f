// What the two CSV answer formats share: header checks, then one validated record per row.
import { canonicalHeader, COLUMN_ALIASES, columnLayout, csvRowParser, type ParsedRow } from "./answer-rows";
import { openCsv } from "./csv-reader";
import { ImportValidationError } from "../errors";
import type { ImportIssue, ImportOptions } from "../types";

export interface AnswerCsvSpec {
  /** format name used in messages */
  formatLabel: string;
  requiredColumns: readonly string[];
}

export interface AnswerFileReader {
  rows: AsyncGenerator<ParsedRow>;
}

/** ` (or "response")` for a column with another accepted name. */
function aliasNote(column: string): string {
  const aliases = Object.entries(COLUMN_ALIASES).flatMap(([alias, canonical]) => (canonical === column ? [`"${alias}"`] : []));
  return aliases.length ? ` (or ${aliases.join(", ")})` : "";
}

export async function readAnswerCsv(
  spec: AnswerCsvSpec,
  file: string,
  displayName: string,
  options: ImportOptions,
  onBytes?: (bytesRead: number) => void,
): Promise<AnswerFileReader> {
  const csv = await openCsv(file, displayName, onBytes);
  const header = canonicalHeader(csv.header);
  const problems: ImportIssue[] = [];
  const missing = spec.requiredColumns.filter((column) => !header.includes(column));
  for (const column of missing) {
    problems.push({
      file: displayName,
      line: 1,
      column,
      message: `missing column "${column}"${aliasNote(column)} (${spec.formatLabel} needs ${spec.requiredColumns.join(", ")}; the header has ${header.join(", ")})`,
    });
  }
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) problems.push({ file: displayName, line: 1, column, message: "the header names this column twice" });
    seen.add(column);
  }
  const { layout, problems: layoutProblems } = columnLayout(header);
  for (const problem of layoutProblems) problems.push({ file: displayName, line: 1, ...problem });
  if (problems.length) {
    csv.close();
    throw new ImportValidationError(problems);
  }

  const parse = csvRowParser(header, layout, displayName, options);
  async function* rows(): AsyncGenerator<ParsedRow> {
    for await (const batch of csv.batches) {
      for (let i = 0; i < batch.length; i++) {
        const { row, line, fields } = batch[i];
        yield parse(fields, row, line);
      }
    }
  }
  return { rows: rows() };
}
