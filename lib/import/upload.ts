// Receiving an uploaded file: the request body is streamed to a temporary file (never held in
// memory whole), with a size cap, then imported from there by importFile().
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { formatBytes } from "@/lib/format";
import { detectFormat } from "./read/detect";
import { ImportUsageError, ImportValidationError } from "./errors";
import { checkFile, type FileCheck } from "./index";
import { readHead } from "./read/source";
import { makeImportTempDir } from "./read/temp-files";
import type { ImportFormat, ImportOptions } from "./types";

/** Default upload cap: 2 GiB; IMPORT_MAX_BYTES overrides it. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export function maxUploadBytes(env: Record<string, string | undefined> = process.env): number {
  const configured = Number(env.IMPORT_MAX_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_UPLOAD_BYTES;
}

export class UploadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(
      `The file is larger than this server accepts (${formatBytes(limit)}; IMPORT_MAX_BYTES sets the limit). ` +
        `Import it on the server with \`npm run import -- <file>\`, which has no limit.`,
    );
    this.name = "UploadTooLargeError";
  }
}

export interface StoredUpload {
  path: string;
  bytes: number;
  /** removes the temporary folder */
  cleanup(): Promise<void>;
}

/** Writes a web stream to a new temporary file, stopping with UploadTooLargeError past `limit` bytes. */
export async function storeUpload(body: ReadableStream<Uint8Array>, limit: number): Promise<StoredUpload> {
  const dir = await makeImportTempDir("upload");
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true });
  const file = path.join(dir, "upload");
  const handle = await fs.promises.open(file, "w");
  let bytes = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limit) {
        await reader.cancel().catch(() => undefined);
        throw new UploadTooLargeError(limit);
      }
      await handle.write(value);
    }
    await handle.close();
    return { path: file, bytes, cleanup };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await cleanup();
    throw error;
  }
}

/** Form fields an eval.py CSV needs, by the names the web form and the API use (the seed is optional). */
export const EVAL_CSV_REQUIRED = ["model", "group"] as const;

/** Detects the stored upload's format (the `format` option wins) the same way the importer does. */
export async function detectUploadFormat(stored: StoredUpload, fileName: string, options: ImportOptions): Promise<ImportFormat> {
  if (stored.bytes === 0) throw new ImportValidationError([{ file: fileName, message: "the file is empty" }]);
  return options.format ?? detectFormat(fileName, await readHead(stored.path));
}

/**
 * The form fields an upload lacks, in the form's words: an eval.py CSV needs model and group;
 * newQuestions needs set; a further judge's scores need the judge (and an eval.py CSV's model). Throws ImportUsageError naming them; `missingUploadFields` lists them.
 */
export function requireUploadOptions(fileName: string, format: ImportFormat, options: ImportOptions): void {
  const missing = missingUploadFields(format, options);
  if (options.judgeScores) {
    if (missing.judge) throw new ImportUsageError(`${fileName}: a further judge's scores need the judge's name — missing judge.`);
    if (missing.model) {
      throw new ImportUsageError(
        `${fileName} is an eval.py CSV: it names no model, so give the model whose answers the judge scored — missing model.`,
      );
    }
    return;
  }
  if ((format === "inspect-eval" || format === "inspect-json") && missing.group) {
    throw new ImportUsageError(
      `${fileName} is an Inspect AI log: it names no group (training condition), so it must be given — missing group.`,
    );
  }
  if (missing.model || missing.group) {
    const names = EVAL_CSV_REQUIRED.filter((field) => missing[field]);
    throw new ImportUsageError(
      `${fileName} is an eval.py CSV (question, answer, question_id, aligned, coherent): it names no model or group, ` +
        `so they must be given — missing ${names.join(", ")}.`,
    );
  }
  if (missing.set) throw new ImportUsageError(`Creating new questions needs a question set to put them in: fill in set.`);
}

/** Form field -> what is wrong with it, for the fields an upload of this format needs and lacks. */
export function missingUploadFields(format: ImportFormat | undefined, options: ImportOptions): Record<string, string> {
  const fields: Record<string, string> = {};
  // a further judge's scores are matched to answers already here by model and question: no group is written
  if (options.judgeScores) {
    if (options.judge === undefined) fields.judge = "is required for a further judge's scores (the judge whose scores the file holds)";
    if (format === "eval-csv" && options.model === undefined) {
      fields.model = "is required for an eval.py CSV (the model whose answers the judge scored)";
    }
    return fields;
  }
  if (format === "eval-csv") {
    for (const field of EVAL_CSV_REQUIRED) if (options[field] === undefined) fields[field] = "is required for an eval.py CSV";
  }
  if ((format === "inspect-eval" || format === "inspect-json") && options.group === undefined) {
    fields.group = "is required for an Inspect AI log (it names the model, not its training condition)";
  }
  if (options.newQuestions && options.set === undefined) fields.set = "is required to create new questions (they go into this set)";
  return fields;
}

/**
 * Stand-ins for the form fields an upload lacks, used only to check its rows: a model and group
 * that exist in no database (so no stored model's group or seed can conflict), and a set for
 * newQuestions. checkFile() rolls back everything they create.
 */
const CHECK_PLACEHOLDERS = {
  model: "(model not given: checking rows only)",
  group: "(group not given: checking rows only)",
  set: "(set not given: checking rows only)",
};

/**
 * The file's own problems (rows, columns) while form fields are missing, so that one answer lists
 * both and the user does not fix the fields only to learn about row 7 next. Nothing is written.
 */
export async function checkUploadRows(
  connectionString: string,
  stored: StoredUpload,
  fileName: string,
  format: ImportFormat,
  options: ImportOptions,
): Promise<FileCheck> {
  const missing = missingUploadFields(format, options);
  const checkOptions: ImportOptions = { ...options, format };
  // both stand-ins when either is missing: a given model with a stand-in group would conflict with its stored group
  if (missing.model || missing.group)
    Object.assign(checkOptions, { model: CHECK_PLACEHOLDERS.model, group: CHECK_PLACEHOLDERS.group, baseModel: undefined });
  if (missing.set) checkOptions.set = CHECK_PLACEHOLDERS.set;
  return checkFile(connectionString, { path: stored.path, fileName }, checkOptions);
}
