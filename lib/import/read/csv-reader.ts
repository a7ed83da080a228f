// Streams the records of a CSV file with their position: record number (1-based, header not
// counted) and the line where the record starts (answers are multi-line quoted fields, so the
// two differ). Holds one read chunk (1 MiB) plus at most one record in memory; rows come in
// batches (the records of one chunk) so the per-row cost is a loop step, not an await.
//
// A hand-written RFC 4180 parser rather than csv-parse: on a 75 MB answer file csv-parse alone
// took ~2 s per 100k rows, more than the whole import may take. Same rules as the csv-parse
// options used before (bom, skip_empty_lines, relax_column_count): a leading BOM is dropped,
// empty lines are skipped, records end with \n or \r\n, fields are separated by commas and may
// be quoted with "" as the escaped quote; a quote anywhere else is malformed CSV.
import { isAscii } from "node:buffer";
import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { ImportValidationError } from "../errors";
import { maxLineBytes } from "./lines";

export interface CsvRow {
  row: number;
  line: number;
  fields: string[];
}

export interface CsvStream {
  header: string[];
  /** the rows one by one (read either these or `batches`, not both) */
  rows: AsyncGenerator<CsvRow>;
  /** the rows in batches of up to ROW_BATCH_SIZE, never empty */
  batches: AsyncGenerator<CsvRow[]>;
  /** stops reading (closes the file) */
  close(): void;
}

/** Most rows handed out at once by CsvStream.batches. */
export const ROW_BATCH_SIZE = 1024;

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

/** A record that could not be parsed: what is wrong and where the record starts. */
class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** One parse step's result: a complete record, or "need more input". */
export interface ParsedRecord {
  /** record number: 0 for the first record (a header), then 1, 2, ... */
  row: number;
  /** where the record starts */
  line: number;
  fields: string[];
}

/**
 * A record cut by the end of the text fed so far, kept so that the next chunk continues it where
 * it stopped. Before, the parser dropped it and parsed the record again from its start with the
 * next chunk appended: fine for ordinary records, but a field spanning many chunks (an unclosed
 * quote swallows the rest of the file) was re-read and re-copied with every 1 MiB chunk, quadratic:
 * the rest of a file after an unclosed quote took 1.4 s at 8 MB, 8.5 s at 32 MB, 41 s at 64 MB.
 */
interface PartialRecord {
  fields: string[];
  /** where the record starts */
  startLine: number;
  /** characters of the record so far (capped: CsvParserOptions.maxRecordChars) */
  chars: number;
  /**
   * where the cut fell: at the start of a field, inside a quoted field (`value` so far; the text
   * resumes inside the quotes), inside an unquoted field (`value` so far), or right after a
   * closing quote (that field is in `fields`)
   */
  state:
    { in: "fieldStart" } | { in: "quoted"; value: string; quoteLine: number } | { in: "unquoted"; value: string } | { in: "afterQuote" };
}

export interface CsvParserOptions {
  /**
   * The longest record in characters (default: no limit). A longer one is a syntax error, so an
   * unclosed quote in a big file fails after this many characters, not at the end of the file or
   * at V8's string length limit.
   */
  maxRecordChars?: number;
}

/** "64 MB", "1.5 MB", "300 characters": a record length in messages (the limit is set in bytes). */
function formatChars(chars: number): string {
  const mb = chars / (1024 * 1024);
  if (mb < 1) return `${chars} characters`;
  return `${mb >= 10 || Number.isInteger(mb) ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

/**
 * Incremental parser: feed() text chunks, take complete records with next(); end() marks the
 * end of input (a record without a final newline is complete then; an open quote is an error).
 */
export class CsvParser {
  private text = "";
  private pos = 0;
  private line = 1;
  private ended = false;
  private first = true;
  private records = 0;
  private partial: PartialRecord | null = null;
  private readonly maxRecordChars: number;

  constructor(options: CsvParserOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? Infinity;
  }

  feed(chunk: string): void {
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.forgetPositions();
  }

  end(): void {
    this.ended = true;
    this.forgetPositions();
  }

  /** The next complete record, or null when more input is needed (or the input is done). */
  next(): ParsedRecord | null {
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    let line = this.line;
    const resumed = this.partial;
    this.partial = null;
    let fields: string[];
    let startLine: number;
    /** the record's length is `before + position in text` */
    let before: number;
    let state: PartialRecord["state"] = { in: "fieldStart" };
    if (resumed) {
      ({ fields, startLine, state } = resumed);
      before = resumed.chars - pos;
    } else {
      // skip empty lines
      for (;;) {
        const c = text.charCodeAt(pos);
        if (c === LF) {
          pos++;
          line++;
        } else if (c === CR && text.charCodeAt(pos + 1) === LF) {
          pos += 2;
          line++;
        } else if (c === CR && pos + 1 === length && !this.ended) {
          return this.wait(pos, line);
        } else break;
      }
      if (pos >= length) return this.wait(pos, line);
      startLine = line;
      fields = [];
      before = -pos;
    }
    /** Keeps the record for the next chunk, which continues it at `at` (in `state`). */
    const cut = (at: number, atLine: number, cutState: PartialRecord["state"]): null => {
      const chars = before + at;
      if (chars > this.maxRecordChars) {
        const size = formatChars(this.maxRecordChars);
        throw new CsvSyntaxError(
          cutState.in === "quoted"
            ? `the quoted field that opens on line ${cutState.quoteLine} is still open after ${size}, the most a record may have ` +
                `(IMPORT_MAX_LINE_BYTES sets the limit): is its closing quote missing?`
            : `the record is longer than ${size}, the most a record may have (IMPORT_MAX_LINE_BYTES sets the limit)`,
          startLine,
        );
      }
      this.partial = { fields, startLine, chars, state: cutState };
      return this.wait(at, atLine);
    };
    for (;;) {
      // one field starting at pos (or its rest, when the record was cut)
      if (state.in === "quoted" || (state.in === "fieldStart" && text.charCodeAt(pos) === QUOTE)) {
        let value = state.in === "quoted" ? state.value : "";
        const quoteLine = state.in === "quoted" ? state.quoteLine : line;
        let from = state.in === "quoted" ? pos : pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            if (!this.ended)
              return cut(length, line + countNewlines(text, from, length), { in: "quoted", value: value + text.slice(from), quoteLine });
            throw new CsvSyntaxError(
              `the quoted field that opens on line ${quoteLine} is never closed (the file ends inside quotes)`,
              startLine,
            );
          }
          line += countNewlines(text, from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          // a quote at the end of the text: it closes the field or starts an escaped quote ("")
          if (close + 1 >= length && !this.ended)
            return cut(close, line, { in: "quoted", value: value + text.slice(from, close), quoteLine });
          value += text.slice(from, close);
          pos = close + 1;
          break;
        }
        fields.push(value);
        state = { in: "afterQuote" };
      }
      if (state.in === "afterQuote") {
        const after = text.charCodeAt(pos);
        if (after === COMMA) {
          pos++;
          state = { in: "fieldStart" };
          continue;
        }
        if (pos >= length) return this.complete(fields, pos, line, startLine);
        if (after === LF) return this.complete(fields, pos + 1, line + 1, startLine);
        if (after === CR) {
          if (pos + 1 >= length && !this.ended) return cut(pos, line, state);
          if (text.charCodeAt(pos + 1) === LF || pos + 1 >= length) return this.complete(fields, pos + 2, line + 1, startLine);
        }
        throw new CsvSyntaxError(
          `a closing quote must be followed by a comma or the end of the line, found ${JSON.stringify(text[pos])}`,
          startLine,
        );
      }
      // nothing of the field in the text yet: it may still start with a quote
      if (state.in === "fieldStart" && pos >= length && !this.ended) return cut(pos, line, state);
      // unquoted field: up to the next comma or line end (found with indexOf, see `after`)
      const head = state.in === "unquoted" ? state.value : "";
      state = { in: "fieldStart" };
      let end = pos;
      for (;;) {
        if (this.nextComma < end) this.nextComma = after(text, ",", end);
        if (this.nextLf < end) this.nextLf = after(text, "\n", end);
        if (this.nextQuote < end) this.nextQuote = after(text, '"', end);
        if (this.nextCr < end) this.nextCr = after(text, "\r", end);
        end = Math.min(this.nextComma, this.nextLf, this.nextQuote, this.nextCr);
        if (end >= length) {
          if (!this.ended) return cut(length, line, { in: "unquoted", value: head + text.slice(pos) });
          fields.push(head + text.slice(pos, end));
          return this.complete(fields, end, line, startLine);
        }
        const c = text.charCodeAt(end);
        if (c === COMMA) {
          fields.push(head + text.slice(pos, end));
          pos = end + 1;
          break;
        }
        if (c === LF) {
          fields.push(head + text.slice(pos, end));
          return this.complete(fields, end + 1, line + 1, startLine);
        }
        if (c === CR) {
          if (end + 1 >= length && !this.ended) return cut(end, line, { in: "unquoted", value: head + text.slice(pos, end) });
          if (end + 1 >= length || text.charCodeAt(end + 1) === LF) {
            fields.push(head + text.slice(pos, end));
            return this.complete(fields, end + 2, line + 1, startLine);
          }
          end++; // a lone carriage return is data
          continue;
        }
        throw new CsvSyntaxError("a quote inside an unquoted field (quote the whole field and double the quote)", startLine);
      }
    }
  }

  private complete(fields: string[], pos: number, line: number, startLine: number): ParsedRecord {
    this.pos = pos;
    this.line = line;
    return { row: this.records++, line: startLine, fields };
  }

  /** Records parsed so far (the one that failed to parse, if any, has this number). */
  get recordCount(): number {
    return this.records;
  }

  /** Waits for more text, which continues at `pos` (the rest of the record is in `partial`). */
  private wait(pos: number, line: number): null {
    this.pos = pos;
    this.line = line;
    this.forgetPositions();
    return null;
  }

  /**
   * The next comma, line feed, quote and carriage return at or after the position last asked
   * about (text.length when there is none): valid while the text stays and positions only grow.
   */
  private nextComma = -1;
  private nextLf = -1;
  private nextQuote = -1;
  private nextCr = -1;

  private forgetPositions(): void {
    this.nextComma = this.nextLf = this.nextQuote = this.nextCr = -1;
  }
}

/** Where `char` next occurs in `text` at or after `from`; text.length when it does not. */
function after(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? text.length : at;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/**
 * Bytes -> text like TextDecoder("utf-8") in streaming mode (a leading BOM dropped, a sequence
 * cut by a chunk's end completed by the next), but faster: an all-ASCII chunk is copied as
 * Latin-1 (no decoding), the others go through Node's StringDecoder (~4x TextDecoder's speed).
 */
export class Utf8ChunkDecoder {
  private readonly decoder = new StringDecoder("utf8");
  private started = false;

  write(bytes: Buffer): string {
    if (bytes.length === 0) return "";
    // ASCII cannot continue a sequence cut at the previous chunk's end: end() flushes it (as U+FFFD)
    let text = isAscii(bytes) ? this.decoder.end() + bytes.toString("latin1") : this.decoder.write(bytes);
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  end(): string {
    const text = this.decoder.end();
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  }
}

/**
 * Opens a CSV file: reads the header, then yields rows. Malformed CSV (an unclosed quote, a
 * stray quote) ends the stream with an ImportValidationError naming the row and line, after
 * the rows before it.
 */
export async function openCsv(file: string, displayName: string, onBytes?: (bytesRead: number) => void): Promise<CsvStream> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const decoder = new Utf8ChunkDecoder();
  // a record is capped like a JSONL line (in characters; a character is at least one byte)
  const parser = new CsvParser({ maxRecordChars: maxLineBytes() });
  let bytesRead = 0;
  let inputDone = false;
  /** a syntax error found after some rows of a batch: thrown once those rows are handed out */
  let pendingError: ImportValidationError | null = null;

  const syntaxError = (error: CsvSyntaxError): ImportValidationError => {
    const row = parser.recordCount; // the record being read when it failed (header = record 0)
    const message = `malformed CSV: ${error.message}`;
    return new ImportValidationError([
      row === 0 ? { file: displayName, line: error.line, message } : { file: displayName, row, line: error.line, message },
    ]);
  };

  /** The next records (at most `max`; fewer at the end of a chunk), or null at the end. */
  const nextBatch = async (max: number): Promise<ParsedRecord[] | null> => {
    if (pendingError) throw pendingError;
    const batch: ParsedRecord[] = [];
    for (;;) {
      let record: ParsedRecord | null;
      try {
        record = parser.next();
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        if (batch.length === 0) throw syntaxError(error);
        pendingError = syntaxError(error);
        return batch;
      }
      if (record) {
        batch.push(record);
        if (batch.length >= max) return batch;
        continue;
      }
      if (batch.length) return batch;
      if (inputDone) return null;
      const chunk = await chunks.next();
      if (chunk.done) {
        inputDone = true;
        parser.feed(decoder.end());
        parser.end();
      } else {
        bytesRead += chunk.value.length;
        onBytes?.(bytesRead);
        parser.feed(decoder.write(chunk.value));
      }
    }
  };

  let first: ParsedRecord[] | null;
  try {
    first = await nextBatch(1);
  } catch (error) {
    input.destroy();
    throw error;
  }
  if (!first) {
    input.destroy();
    throw new ImportValidationError([{ file: displayName, message: "the file is empty (no header, no rows)" }]);
  }
  const header = first[0].fields.map((name) => name.trim());

  async function* batches(): AsyncGenerator<CsvRow[]> {
    try {
      for (let batch = await nextBatch(ROW_BATCH_SIZE); batch; batch = await nextBatch(ROW_BATCH_SIZE)) yield batch;
    } finally {
      input.destroy();
    }
  }
  async function* rows(): AsyncGenerator<CsvRow> {
    for await (const batch of batches()) yield* batch;
  }
  return { header, rows: rows(), batches: batches(), close: () => input.destroy() };
}
