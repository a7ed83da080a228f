// Streams the records of a CSV file with their position: record number (1-based, header not
// counted) and the line where the record starts (answers are multi-line quoted fields, so the
// two differ). Never holds more than one record in memory.
import fs from "node:fs";
import { CsvError, parse } from "csv-parse";
import { ImportValidationError } from "./errors";

export interface CsvRow {
  row: number;
  line: number;
  fields: string[];
}

export interface CsvStream {
  header: string[];
  rows: AsyncGenerator<CsvRow>;
}

/**
 * Opens a CSV file: reads the header, then yields rows. Malformed CSV (an unclosed quote, a
 * stray quote) ends the stream with an ImportValidationError naming the row and line.
 */
export async function openCsv(file: string, displayName: string, onBytes?: (bytesRead: number) => void): Promise<CsvStream> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  let bytesRead = 0;
  input.on("data", (chunk) => {
    bytesRead += chunk.length;
    onBytes?.(bytesRead);
  });
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);

  let lastEndLine = 0;
  let lastEmptyLines = 0;
  let recordCount = 0;
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number; empty_lines: number } }>;

  const next = async (): Promise<CsvRow | null> => {
    let result: IteratorResult<{ record: string[]; info: { lines: number; empty_lines: number } }>;
    try {
      result = await iterator.next();
    } catch (error) {
      if (error instanceof CsvError) {
        const startLine = lastEndLine + 1;
        const row = recordCount; // the record being read when it failed (header = record 0)
        const message =
          error.code === "CSV_QUOTE_NOT_CLOSED"
            ? `malformed CSV: a quoted field opened in this record is never closed (the file ends inside quotes)`
            : `malformed CSV: ${error.message}`;
        throw new ImportValidationError([
          row === 0 ? { file: displayName, line: startLine, message } : { file: displayName, row, line: startLine, message },
        ]);
      }
      throw error;
    }
    if (result.done) return null;
    const { record, info } = result.value;
    const line = lastEndLine + 1 + (info.empty_lines - lastEmptyLines);
    lastEndLine = info.lines;
    lastEmptyLines = info.empty_lines;
    const row = recordCount++;
    return { row, line, fields: record };
  };

  const first = await next();
  if (!first) throw new ImportValidationError([{ file: displayName, message: "the file is empty (no header, no rows)" }]);
  const header = first.fields.map((name) => name.trim());

  async function* rows(): AsyncGenerator<CsvRow> {
    try {
      for (let row = await next(); row; row = await next()) yield row;
    } finally {
      input.destroy();
      parser.destroy();
    }
  }
  return { header, rows: rows() };
}
