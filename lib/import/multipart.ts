// Receiving an experiment from the import page: one multipart/form-data request with a manifest
// (text field) and several files. busboy parses the body as it streams in and each file goes to a
// temporary file (never held in memory whole), with the same size cap as a single upload for the
// whole body, then lib/import/experiment.ts imports them in one transaction.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { ImportUsageError, ImportValidationError } from "./errors";
import { MANIFEST_MAX_BYTES } from "./read/manifest";
import { makeImportTempDir } from "./read/temp-files";
import { UploadTooLargeError } from "./upload";

/** More files than a manifest may name (lib/import/read/manifest.ts) is refused while reading. */
export const MULTIPART_MAX_FILES = 1000;

export interface StoredFiles {
  /** text fields by name (the last one wins) */
  fields: Map<string, string>;
  /** the files, by the names the browser gave them (basenames, each once) */
  files: { name: string; path: string; bytes: number }[];
  cleanup(): Promise<void>;
}

/** A browser's file name as a plain name: no folders, no control characters, at most 255 bytes. */
export function uploadFileName(raw: string): string | null {
  const name = path.posix.basename(raw.replace(/\\/g, "/")).trim();
  if (!name || name === "." || name === ".." || /[\0-\x1f]/.test(name) || Buffer.byteLength(name) > 255) return null;
  return name;
}

/**
 * Streams a multipart body to a temporary folder. Throws UploadTooLargeError past `limit` bytes of
 * files, ImportUsageError for a body that is not what the form sends (a field too long, a file
 * without a name, one name twice, too many files).
 */
export async function storeMultipartUpload(body: ReadableStream<Uint8Array>, contentType: string, limit: number): Promise<StoredFiles> {
  const dir = await makeImportTempDir("experiment");
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true });
  const fields = new Map<string, string>();
  const files: StoredFiles["files"] = [];
  let total = 0;
  let failure: Error | null = null;
  const writes: Promise<void>[] = [];
  try {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        limits: { fieldSize: MANIFEST_MAX_BYTES, files: MULTIPART_MAX_FILES, fields: 20, parts: MULTIPART_MAX_FILES + 20 },
      });
    } catch (error) {
      throw new ImportUsageError(`not a multipart form body: ${(error as Error).message}`);
    }
    const fail = (error: Error) => {
      failure ??= error;
    };
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) fail(new ImportUsageError(`the ${name} field is longer than ${MANIFEST_MAX_BYTES / 1024} KB`));
      else fields.set(name, value);
    });
    parser.on("file", (_field, stream, info) => {
      const name = uploadFileName(info.filename ?? "");
      if (failure || name === null || files.some((file) => file.name === name)) {
        if (!failure) {
          fail(
            name === null
              ? new ImportValidationError([{ file: String(info.filename ?? "(no name)"), message: "a file needs a plain name" }])
              : new ImportValidationError([{ file: name, message: "two files have this name: each file of an experiment needs its own" }]),
          );
        }
        stream.resume();
        return;
      }
      const target = path.join(dir, `${files.length}`);
      const entry = { name, path: target, bytes: 0 };
      files.push(entry);
      stream.on("data", (chunk: Buffer) => {
        entry.bytes += chunk.length;
        total += chunk.length;
        if (total > limit) {
          // stops reading the request: nothing more of it is stored
          fail(new UploadTooLargeError(limit));
          parser.destroy(failure!);
        }
      });
      writes.push(pipeline(stream, fs.createWriteStream(target)).catch((error: Error) => fail(error)));
    });
    parser.on("filesLimit", () => fail(new ImportUsageError(`at most ${MULTIPART_MAX_FILES} files per experiment`)));
    parser.on("fieldsLimit", () => fail(new ImportUsageError("too many form fields")));
    await pipeline(Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>), parser).catch((error: Error) => fail(error));
    await Promise.all(writes);
    if (failure) throw failure;
    return { fields, files, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
