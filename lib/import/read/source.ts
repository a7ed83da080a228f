// Getting at the bytes of an import: URLs are downloaded (streamed) to a temporary file; a
// first streaming pass computes the sha256 content hash and checks that the file is UTF-8.
import { isUtf8 } from "node:buffer";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { ImportValidationError } from "../errors";
import { makeImportTempDir } from "./temp-files";

export interface LocalSource {
  /** path of the bytes on disk */
  path: string;
  /** what reports and import_batch call it: the basename, or the URL */
  displayName: string;
  /** name used for format detection (has the extension) */
  detectionName: string;
  /** removes the temporary download, if any */
  cleanup(): Promise<void>;
}

/** A file already on disk under another name, e.g. an upload streamed to a temporary file. */
export interface UploadedFile {
  /** where the bytes are */
  path: string;
  /** the name the user gave it (basename; used for format detection and reports) */
  fileName: string;
}

export type ImportSource = string | UploadedFile;

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export async function openSource(source: ImportSource): Promise<LocalSource> {
  if (typeof source !== "string") {
    const name = path.basename(source.fileName);
    // the uploader owns the temporary file and removes it
    return { path: source.path, displayName: name, detectionName: name, cleanup: async () => undefined };
  }
  if (!isUrl(source)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source);
    } catch {
      throw new ImportValidationError([{ file: source, message: "no such file" }]);
    }
    if (!stat.isFile()) throw new ImportValidationError([{ file: source, message: "not a regular file" }]);
    const name = path.basename(source);
    return { path: source, displayName: name, detectionName: name, cleanup: async () => undefined };
  }
  const url = new URL(source);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new ImportValidationError([{ file: source, message: `download failed: HTTP ${response.status} ${response.statusText}` }]);
  }
  const dir = await makeImportTempDir("import");
  const detectionName = decodeURIComponent(path.posix.basename(url.pathname)) || "download";
  const file = path.join(dir, "download");
  try {
    await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>), fs.createWriteStream(file));
  } catch (error) {
    // a download cut short: nobody gets the folder to clean up later
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    path: file,
    displayName: source,
    detectionName,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Where the first invalid UTF-8 sequence starts. */
export interface Utf8Fault {
  byteOffset: number;
  line: number;
}

/** Incremental UTF-8 validator (the WHATWG decoder's state machine) that tracks line numbers. */
export class Utf8Validator {
  private needed = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private offset = 0;
  private line = 1;
  private sequenceStart = 0;
  private sequenceLine = 1;

  /** Feeds the next bytes; returns the first fault, or null. */
  push(bytes: Uint8Array): Utf8Fault | null {
    for (let i = 0; i < bytes.length; i++, this.offset++) {
      const byte = bytes[i];
      if (this.needed === 0) {
        if (byte < 0x80) {
          if (byte === 0x0a) this.line++;
          continue;
        }
        this.sequenceStart = this.offset;
        this.sequenceLine = this.line;
        if (byte >= 0xc2 && byte <= 0xdf) this.needed = 1;
        else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.lower = 0xa0;
          if (byte === 0xed) this.upper = 0x9f;
          this.needed = 2;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.lower = 0x90;
          if (byte === 0xf4) this.upper = 0x8f;
          this.needed = 3;
        } else return { byteOffset: this.offset, line: this.line };
        continue;
      }
      if (byte < this.lower || byte > this.upper) return { byteOffset: this.sequenceStart, line: this.sequenceLine };
      this.lower = 0x80;
      this.upper = 0xbf;
      this.needed--;
    }
    return null;
  }

  /** Call at the end of the input: a sequence cut short is a fault. */
  end(): Utf8Fault | null {
    return this.needed > 0 ? { byteOffset: this.sequenceStart, line: this.sequenceLine } : null;
  }
}

export interface ScanResult {
  sha256: string;
  bytes: number;
}

/**
 * Whether bytes are valid UTF-8, chunk by chunk: Node's native check on each chunk up to its last
 * complete character (the rest is carried into the next chunk). The native check knows no line
 * numbers, so on the first invalid chunk the JavaScript validator rescans the file to say where.
 */
class FastUtf8Check {
  private carry: Uint8Array = new Uint8Array(0);
  valid = true;

  push(chunk: Uint8Array): boolean {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = completeCharactersEnd(bytes);
    this.carry = bytes.subarray(end);
    if (!isUtf8(bytes.subarray(0, end))) this.valid = false;
    return this.valid;
  }

  end(): boolean {
    if (this.carry.length && !isUtf8(this.carry)) this.valid = false;
    return this.valid;
  }
}

/** Where the last character that is complete in `bytes` ends (a lead byte whose continuation bytes are missing starts the rest). */
function completeCharactersEnd(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if (byte < 0x80) return bytes.length; // ASCII: everything before is complete
    if (byte >= 0xc0) {
      // a lead byte: its sequence needs 2, 3 or 4 bytes
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length; // only continuation bytes: leave it to the check to refuse
}

/** The first UTF-8 fault of a file with its line, by the JavaScript validator. */
async function findUtf8Fault(file: string): Promise<Utf8Fault | null> {
  const validator = new Utf8Validator();
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const fault = validator.push(chunk);
    if (fault) return fault;
  }
  return validator.end();
}

/**
 * First pass: sha256 of the content, size, and UTF-8 validity (ImportValidationError if not; `utf8:
 * false` skips that check, for a binary format: an Inspect .eval log is a ZIP, its JSON is checked per member).
 */
export async function scanFile(
  file: string,
  displayName: string,
  onBytes?: (bytesRead: number, totalBytes: number) => void,
  { utf8: checkUtf8 = true }: { utf8?: boolean } = {},
): Promise<ScanResult> {
  const totalBytes = fs.statSync(file).size;
  const hash = crypto.createHash("sha256");
  const utf8 = new FastUtf8Check();
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    onBytes?.(bytes, totalBytes);
    if (checkUtf8 && !utf8.push(chunk)) break;
  }
  const fault = !checkUtf8 || utf8.end() ? null : await findUtf8Fault(file);
  if (fault) {
    throw new ImportValidationError([
      {
        file: displayName,
        line: fault.line,
        message: `invalid UTF-8 at byte offset ${fault.byteOffset}: the file must be UTF-8 encoded (re-save it as UTF-8)`,
      },
    ]);
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** The first `maxBytes` of a file as text (for format detection). */
export async function readHead(file: string, maxBytes = 64 * 1024): Promise<string> {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}
