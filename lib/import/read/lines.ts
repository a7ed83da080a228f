// The lines of a text file with a cap on a line's length, for JSON Lines. Not node:readline: it
// builds each line as one growing string, and a line longer than V8's largest string (~512 MiB)
// threw "Invalid string length" inside the read stream's 'data' handler, outside any promise the
// importer awaits: the import never ended and its transaction kept the answer table locked.
// Here a line is collected as Buffers and only decoded once complete; a line over the cap is
// reported (its number, its length so far) and skipped up to its end without being kept.
// Line ends are readline's (crlfDelay: Infinity): \n, \r\n and a lone \r.
import fs from "node:fs";

/**
 * Default longest line: 64 MiB. The longest line in ../shared/data is ~7 kB (one answer with its
 * judge scores), so this is ~10,000x what a real file needs, and a line of that size is held about
 * five times over while it is parsed and written (bytes, string, parsed object, COPY text: ~320 MB),
 * which a server can afford; far below V8's ~512 MiB string limit. IMPORT_MAX_LINE_BYTES lowers or
 * raises it.
 */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** V8's longest string is 2^29 - 24 UTF-16 units: a longer line cannot become a string at all. */
const V8_MAX_STRING_LENGTH = 2 ** 29 - 24;

export function maxLineBytes(env: Record<string, string | undefined> = process.env): number {
  const configured = Number(env.IMPORT_MAX_LINE_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? Math.min(configured, V8_MAX_STRING_LENGTH) : DEFAULT_MAX_LINE_BYTES;
}

export type FileLine =
  /** a complete line (without its line end), 1-based line number */
  | { line: number; text: string; tooLong?: undefined }
  /** a line longer than the cap: not kept; `bytes` is how long it is */
  | { line: number; text?: undefined; tooLong: true; bytes: number };

const LF = 10;
const CR = 13;

/** Where the next \n or \r is in `chunk` at or after `from`; -1 when there is none. */
function nextLineEnd(chunk: Buffer, from: number): number {
  const lf = chunk.indexOf(LF, from);
  const cr = chunk.indexOf(CR, from);
  if (lf === -1) return cr;
  if (cr === -1) return lf;
  return Math.min(lf, cr);
}

/**
 * Streams the lines of `stream` (UTF-8; callers check that beforehand). A last line without a line
 * end is a line; the file's end right after a line end adds none. Lines longer than `maxBytes`
 * come as `{ tooLong: true }`.
 */
export async function* readLines(stream: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<FileLine> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let line = 1;
  /** the previous chunk ended with \r: a \n starting this one belongs to it */
  let skipLf = false;
  let pending = false; // bytes of an unfinished line were seen (maybe all dropped as too long)

  /** `copy`: the piece outlives its chunk (the stream may reuse the chunk's memory) */
  const take = (piece: Buffer, copy: boolean) => {
    pending = true;
    partBytes += piece.length;
    if (tooLong) return;
    if (partBytes > maxBytes) {
      tooLong = true;
      parts = [];
      return;
    }
    if (piece.length) parts.push(copy ? Buffer.from(piece) : piece);
  };
  const finishLine = (): FileLine => {
    const done: FileLine = tooLong
      ? { line, tooLong: true, bytes: partBytes }
      : { line, text: parts.length === 1 ? parts[0].toString("utf8") : Buffer.concat(parts, partBytes).toString("utf8") };
    parts = [];
    partBytes = 0;
    tooLong = false;
    pending = false;
    line++;
    return done;
  };

  for await (const chunk of stream) {
    let from = 0;
    if (skipLf) {
      skipLf = false;
      if (chunk[0] === LF) from = 1;
    }
    for (;;) {
      const end = nextLineEnd(chunk, from);
      if (end === -1) {
        if (from < chunk.length) take(chunk.subarray(from), true);
        break;
      }
      take(chunk.subarray(from, end), false);
      yield finishLine();
      if (chunk[end] === CR) {
        if (end + 1 === chunk.length) {
          skipLf = true;
          break;
        }
        from = chunk[end + 1] === LF ? end + 2 : end + 1;
      } else from = end + 1;
    }
  }
  if (pending) yield finishLine();
}

/** The lines of a file (see readLines), with the bytes read so far reported to `onBytes`. */
export async function* readFileLines(file: string, maxBytes: number, onBytes?: (bytesRead: number) => void): AsyncGenerator<FileLine> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      onBytes?.(bytesRead);
      yield chunk;
    }
  }
  try {
    yield* readLines(counted(), maxBytes);
  } finally {
    input.destroy();
  }
}
