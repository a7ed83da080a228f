// Importing result and question files into the database. importFile() reads a file (a path,
// an uploaded temporary file, or a downloaded URL), detects its format, validates every row and writes everything in one
// transaction: all rows or none. The same content imported twice adds nothing, also when both run
// at the same time (the second waits for the first: lib/import/write/locks.ts).
// A batch is an evaluation (counted in rates) or curated examples (answer.example = true: browsable,
// never counted); the results CSV is examples unless the user says otherwise. Question ids must be
// known (or created on request with --new-questions --set S).
// The writing goes through one plain pg connection to the connection string the caller passes:
// answers stream in with COPY FROM STDIN on PostgreSQL (batched unnest INSERTs on the embedded
// PGlite, which cannot take COPY FROM STDIN), holding one chunk of rows in memory at a time.
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { attributesSchema } from "@/lib/domain/attributes";
import { deferPublicIdCheck, settlePublicIds } from "./write/public-ids";
import type { AnswerFileReader } from "./read/answer-csv";
import { detectFormat } from "./read/detect";
import { ImportUsageError, ImportValidationError, MAX_REPORTED_ISSUES } from "./errors";
import { readEvalCsv, requireEvalCsvOptions } from "./read/eval-csv";
import { isInspectFormat, readInspectEval, readInspectJson, requireInspectOptions } from "./read/inspect";
import { readJsonl } from "./read/jsonl";
import { importJudgeScoresFile, judgeScoresContentHash } from "./judge-scores";
import { parseQuestionYaml } from "./read/question-yaml";
import { readResultsCsv } from "./read/results-csv";
import { openSource, readHead, scanFile, type ImportSource, type LocalSource } from "./read/source";
import {
  batchKindOf,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportHooks,
  type ImportIssue,
  type ImportOptions,
  type ImportReport,
} from "./types";
import { CopyAnswerSink, UnnestAnswerSink, type AnswerSink } from "./write/answer-sink";
import { answerHeapBytes, beginBulkLoad, BULK_LOAD_MODES, shouldBulkLoad, type BulkLoad } from "./write/bulk-load";
import { isEmbeddedPglite } from "./write/connection";
import { CONTENT_HASH_CONSTRAINT_NAME, IMPORT_IDLE_TIMEOUT_MS, lockForImport, READER_STALL_TIMEOUT_MS, sqlStateOf } from "./write/locks";
import {
  AnswerWriter,
  createImportBatch,
  duplicateSeedWarnings,
  ensureQuestionSet,
  finishImportBatch,
  findImportBatchByHash,
  upsertQuestions,
} from "./write/write";

export * from "./types";
export { ImportValidationError, ImportUsageError, formatIssue, MAX_REPORTED_ISSUES } from "./errors";
export { detectFormat, csvFormatFromHeader } from "./read/detect";
export { parsePythonDict, PythonDictSyntaxError } from "./read/python-dict";
export { parseQuestionYaml, type ParsedQuestion } from "./read/question-yaml";
export { readEvalCsv, requireEvalCsvOptions } from "./read/eval-csv";
export { readResultsCsv } from "./read/results-csv";
export { readJsonl } from "./read/jsonl";
export { readInspectEval, readInspectJson, DEFAULT_SCORE_MAP } from "./read/inspect";
export { parseAnswerRow, type AnswerRecord, type ParsedRow } from "./read/answer-rows";
export { closestNames, editDistance } from "./suggest";
export { Utf8Validator, scanFile, type ImportSource, type UploadedFile } from "./read/source";

const PROGRESS_EVERY_ROWS = 500;

const nonEmpty = z.string().trim().min(1);
const optionsSchema = z.object({
  format: z.enum(IMPORT_FORMATS).optional(),
  set: nonEmpty.optional(),
  model: nonEmpty.optional(),
  group: nonEmpty.optional(),
  seed: z.number().int().min(-2_147_483_648).max(2_147_483_647).optional(),
  baseModel: nonEmpty.optional(),
  judge: nonEmpty.optional(),
  judgeScores: z.boolean().optional(),
  scoreMap: z.record(nonEmpty, nonEmpty).optional(),
  attributes: attributesSchema.optional(),
  skipInvalid: z.boolean().optional(),
  bulkLoad: z.enum(BULK_LOAD_MODES).optional(),
  examples: z.boolean().optional(),
  newQuestions: z.boolean().optional(),
});

export function checkedOptions(options: ImportOptions): ImportOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ImportUsageError(parsed.error.issues.map((issue) => `option ${issue.path.join(".")}: ${issue.message}`).join("\n"));
  }
  if (parsed.data.judgeScores && (parsed.data.newQuestions || parsed.data.examples !== undefined || parsed.data.attributes)) {
    throw new ImportUsageError(
      "--judge-scores adds a further judge's scores to answers already present: --new-questions, --examples, --evaluation and attributes do not apply",
    );
  }
  if (parsed.data.judgeScores && !parsed.data.judge) {
    throw new ImportUsageError("--judge-scores needs --judge NAME: the judge whose scores the file holds");
  }
  if (parsed.data.newQuestions && !parsed.data.set) {
    throw new ImportUsageError(
      "--new-questions needs --set: the question set the new questions go into (an existing set, e.g. first_plot_questions, or a new name)",
    );
  }
  return parsed.data;
}

/**
 * The options worth recording on the import batch (undefined ones left out; bulkLoad changes how,
 * not what; false flags say nothing). `examples` stays when given either way: it overrode the
 * format's default.
 */
function recordedOptions(options: ImportOptions): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).filter(
      ([key, value]) => value !== undefined && key !== "bulkLoad" && !(key === "newQuestions" && value === false),
    ),
  );
}

/** `connectionString`: the database to import into (the importer opens its own pg connection). */
export async function importFile(
  connectionString: string,
  source: ImportSource,
  rawOptions: ImportOptions = {},
  hooks: ImportHooks = {},
): Promise<ImportReport> {
  return runImport(connectionString, source, rawOptions, hooks, false);
}

/** What checkFile() found: the file's problems (empty when every row would import). */
export interface FileCheck {
  issues: ImportIssue[];
  truncated: boolean;
}

/**
 * Validates every row of a file exactly as importFile() would (the same readers, and the same
 * lookups of models and question ids in the database) without keeping anything: the work runs in a
 * transaction that always rolls back, writes no answer rows and never bulk-loads. A file whose
 * content was imported before is checked all the same.
 */
export async function checkFile(connectionString: string, source: ImportSource, rawOptions: ImportOptions = {}): Promise<FileCheck> {
  try {
    // skipInvalid off: every problem is reported, none is only skipped
    await runImport(connectionString, source, { ...rawOptions, bulkLoad: "off", skipInvalid: false }, {}, true);
    return { issues: [], truncated: false };
  } catch (error) {
    if (error instanceof ImportValidationError) return { issues: error.issues, truncated: error.truncated };
    throw error;
  }
}

async function runImport(
  connectionString: string,
  source: ImportSource,
  rawOptions: ImportOptions,
  hooks: ImportHooks,
  checkOnly: boolean,
): Promise<ImportReport> {
  const started = performance.now();
  const options = checkedOptions(rawOptions);
  const local = await openSource(source);
  try {
    const { format, totalBytes, sha256: fileSha256 } = await inspectSource(local, options, hooks);
    // a judge's scores are their own batch: the same file for another judge (or as the answers) is new
    const sha256 = options.judgeScores ? judgeScoresContentHash(options.judge!, fileSha256) : fileSha256;
    const db = new pg.Client({ connectionString });
    // the server may end the session (IMPORT_IDLE_TIMEOUT_MS, an administrator): the failure then
    // reaches the import through its next query; unheard, this event would crash the whole server
    db.on("error", () => undefined);
    await db.connect();
    try {
      const embedded = await isEmbeddedPglite(db);
      return await importWithConnection({ db, embedded, local, format, options, hooks, sha256, totalBytes, started, checkOnly });
    } finally {
      await db.end();
    }
  } finally {
    await local.cleanup();
  }
}

/**
 * What is known of a file before the database is touched: its size (empty is an error), its format
 * (the option, else detected), that the options it needs are given, and its content hash (read
 * whole; a binary .eval log is not checked for UTF-8). Shared by importFile() and experiments.
 */
export async function inspectSource(
  local: LocalSource,
  options: ImportOptions,
  hooks: ImportHooks = {},
): Promise<{ format: ImportFormat; totalBytes: number; sha256: string }> {
  const totalBytes = fs.statSync(local.path).size;
  if (totalBytes === 0) throw new ImportValidationError([{ file: local.displayName, message: "the file is empty" }]);
  const format = options.format ?? detectFormat(local.detectionName, await readHead(local.path));
  if (options.judgeScores) {
    // scores are matched to answers by model name: the group is not needed (no model is written)
    if (format === "eval-csv" && !options.model) {
      throw new ImportUsageError(
        `${local.displayName}: an eval.py CSV names no model: give --model, the model whose answers the judge scored`,
      );
    }
  } else {
    if (format === "eval-csv") requireEvalCsvOptions(local.displayName, options);
    if (isInspectFormat(format)) requireInspectOptions(local.displayName, options);
  }
  const scan = await scanFile(
    local.path,
    local.displayName,
    (bytesRead) => hooks.onProgress?.({ phase: "hashing", bytesRead, totalBytes, rowsRead: 0 }),
    { utf8: format !== "inspect-eval" },
  );
  return { format, totalBytes, sha256: scan.sha256 };
}

/** One file's import on an open connection (importFile's, or one of an experiment's: lib/import/experiment.ts). */
export interface ImportContext {
  db: pg.Client;
  /** the database is the embedded PGlite (isEmbeddedPglite): asked once per connection, not per file */
  embedded: boolean;
  local: LocalSource;
  format: ImportFormat;
  options: ImportOptions;
  hooks: ImportHooks;
  sha256: string;
  totalBytes: number;
  started: number;
  /** checkFile(): validate every row, write none, and roll everything back */
  checkOnly: boolean;
  /**
   * an experiment (lib/import/experiment.ts) decides the bulk load once for all its files and
   * rebuilds the indexes after the last one: this file neither begins nor ends one
   */
  bulkLoadByCaller?: boolean;
}

async function importWithConnection(context: ImportContext): Promise<ImportReport> {
  const { db } = context;
  if (context.checkOnly) {
    return inTransaction(db, (onAbort) => importByKind(context, onAbort), { commit: false });
  }
  // without locks first: a file imported long ago is answered without waiting for anyone
  const existing = await findImportBatchByHash(db, context.sha256);
  if (existing) return alreadyImportedReport(context, existing);
  try {
    return await inTransaction(db, async (onAbort) => {
      // another import of the same content waits here until it commits (or rolls back)...
      await lockForImport(db, context.sha256);
      // ...and then finds its batch (READ COMMITTED: this statement sees what committed before it)
      const winner = await findImportBatchByHash(db, context.sha256);
      if (winner) return alreadyImportedReport(context, winner);
      return importByKind(context, onAbort);
    });
  } catch (error) {
    // last guard (e.g. a writer that does not take the lock): the same content committed meanwhile
    if (sqlStateOf(error) === "23505" && (error as { constraint?: string }).constraint === CONTENT_HASH_CONSTRAINT_NAME) {
      const winner = await findImportBatchByHash(db, context.sha256);
      if (winner) return alreadyImportedReport(context, winner);
    }
    throw error;
  }
}

function importByKind(context: ImportContext, onAbort: (abort: (error: Error) => Promise<void>) => void): Promise<ImportReport> {
  if (context.options.judgeScores) return importJudgeScoresFile(context);
  return context.format === "question-yaml" ? importQuestionFile(context) : importAnswerFile(context, onAbort);
}

export function alreadyImportedReport(
  context: ImportContext,
  existing: NonNullable<Awaited<ReturnType<typeof findImportBatchByHash>>>,
): ImportReport {
  // a judge-scores batch's format is "judge-scores", not a file format: report the file's own
  // (the same content read the same way)
  const format = (IMPORT_FORMATS as readonly string[]).includes(existing.format) ? (existing.format as ImportFormat) : context.format;
  return {
    file: context.local.displayName,
    format,
    kind: existing.kind,
    kindFrom: batchKindOf(format, undefined).kind === existing.kind ? "format" : "option",
    alreadyImported: true,
    batchId: existing.id,
    batchCreatedAt: existing.createdAt,
    batchFileName: existing.fileName,
    ...nothingWritten(context, 0),
  };
}

/** The report fields of an import that wrote nothing (already imported, or only checked). */
function nothingWritten(context: ImportContext, rowsRead: number) {
  return {
    sets: [],
    models: [],
    rowsRead,
    rowsImported: 0,
    rowsSkipped: 0,
    skipped: [],
    questionsCreated: 0,
    questionsUpdated: 0,
    judgeScores: 0,
    bulkLoaded: false,
    bytes: context.totalBytes,
    seconds: (performance.now() - context.started) / 1000,
    warnings: [],
  } satisfies Partial<ImportReport>;
}

/**
 * Runs the work in one transaction: COMMIT when it returns, ROLLBACK when it throws (after
 * what the work registered with `onAbort`, e.g. ending an open COPY, has run). If even the ROLLBACK
 * fails the connection is closed by the caller, which rolls back too.
 */
export async function inTransaction<T>(
  db: pg.Client,
  work: (onAbort: (abort: (error: Error) => Promise<void>) => void) => Promise<T>,
  { commit = true }: { commit?: boolean } = {},
): Promise<T> {
  const aborts: ((error: Error) => Promise<void>)[] = [];
  await db.query("BEGIN");
  try {
    // last guard: an importer that stops sending statements (a bug, a hung reader) must not keep
    // its locks (a bulk load holds answer exclusively, its indexes dropped) until a restart
    await db.query(`SET LOCAL idle_in_transaction_session_timeout = ${IMPORT_IDLE_TIMEOUT_MS}`);
    const result = await work((abort) => aborts.push(abort));
    await db.query(commit ? "COMMIT" : "ROLLBACK");
    return result;
  } catch (error) {
    for (const abort of aborts) await abort(error as Error).catch(() => undefined);
    await db.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * The last guard while rows are read: with a COPY open the session counts as running a statement,
 * so idle_in_transaction_session_timeout never fires, and a reader that never returns (before:
 * readline's "Invalid string length" thrown outside the import's promises) kept answer locked
 * until the server restarted. When one pull from the reader (reading and parsing, no database
 * work) takes longer than READER_STALL_TIMEOUT_MS the connection is closed: PostgreSQL rolls the
 * transaction back and releases its locks, and the import fails when (if ever) the reader returns.
 */
function readerWatchdog(db: pg.Client, file: string) {
  // per row only a flag and a counter (an async generator around the reader cost ~0.5-2 µs a row,
  // measured, of an import's ~16): the timer notices when a pull started and never ended
  let inReader = false;
  let pulls = 0;
  let seenPulls = -1;
  let pullStarted = 0;
  let stalled: Error | null = null;
  const limit = READER_STALL_TIMEOUT_MS;
  const timer = setInterval(
    () => {
      if (!inReader || pulls !== seenPulls) {
        seenPulls = pulls;
        pullStarted = performance.now();
        return;
      }
      if (performance.now() - pullStarted <= limit) return;
      stalled = new Error(`${file}: reading the file stalled for more than ${limit / 1000} s; the import was stopped and rolled back`);
      clearInterval(timer);
      void db.end().catch(() => undefined);
    },
    Math.max(10, limit / 8),
  );
  timer.unref();
  return {
    /** call before each pull from the reader */
    pulling(): void {
      inReader = true;
      pulls++;
    },
    /** call when the reader returned a row */
    pulled(): void {
      inReader = false;
      if (stalled) throw stalled;
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

/** Question set a YAML file fills: --set, else the file name without extension. */
function questionSetName(context: ImportContext): string {
  return context.options.set ?? path.basename(context.local.detectionName).replace(/\.[^.]+$/, "");
}

/**
 * The content hash the batch row gets. A check's batch is never committed, but its row must not
 * collide with the batch of the same content imported earlier (the hash is unique).
 */
function batchHash(context: ImportContext): string {
  return context.checkOnly ? `check-only:${crypto.randomUUID()}` : context.sha256;
}

/** checkFile()'s answer file passed: nothing was written, so the report only counts the rows read. */
function checkedReport(
  context: ImportContext,
  rowsRead: number,
  kind: ImportReport["kind"],
  kindFrom: ImportReport["kindFrom"],
): ImportReport {
  return {
    file: context.local.displayName,
    format: context.format,
    kind,
    kindFrom,
    alreadyImported: false,
    batchId: 0,
    batchCreatedAt: new Date(),
    batchFileName: context.local.displayName,
    ...nothingWritten(context, rowsRead),
  };
}

export async function importQuestionFile(context: ImportContext): Promise<ImportReport> {
  const { db, local, options } = context;
  // Question files are a few kilobytes of configuration: parsed whole (YAML anchors need it).
  const text = await fs.promises.readFile(local.path, "utf8");
  const { questions, issues } = parseQuestionYaml(text, local.displayName);
  const invalidRows = new Set(issues.map((issue) => issue.row));
  if (issues.length && !options.skipInvalid) {
    throw new ImportValidationError(issues.slice(0, MAX_REPORTED_ISSUES), { truncated: issues.length > MAX_REPORTED_ISSUES });
  }
  if (questions.length === 0) {
    throw new ImportValidationError([
      { file: local.displayName, message: "no valid questions in the file" },
      ...issues.slice(0, MAX_REPORTED_ISSUES),
    ]);
  }
  const setName = questionSetName(context);
  const batch = await createImportBatch(db, {
    fileName: local.displayName,
    contentHash: batchHash(context),
    format: context.format,
    kind: "evaluation",
    options: recordedOptions(options),
  });
  const setId = await ensureQuestionSet(db, setName, batch.id);
  const { created, updated } = await upsertQuestions(db, setId, questions, batch.id);
  const counts = {
    rowsRead: questions.length + invalidRows.size,
    rowsImported: questions.length,
    rowsSkipped: invalidRows.size,
    skipped: issues,
  };
  await finishImportBatch(db, batch.id, counts);
  return {
    file: local.displayName,
    format: context.format,
    alreadyImported: false,
    batchId: batch.id,
    batchCreatedAt: batch.createdAt,
    batchFileName: local.displayName,
    kind: "evaluation",
    kindFrom: "format",
    sets: [setName],
    models: [],
    ...counts,
    questionsCreated: created,
    questionsUpdated: updated,
    judgeScores: 0,
    bulkLoaded: false,
    bytes: context.totalBytes,
    seconds: (performance.now() - context.started) / 1000,
    warnings: [],
  };
}

export async function importAnswerFile(
  context: ImportContext,
  onAbort: (abort: (error: Error) => Promise<void>) => void,
): Promise<ImportReport> {
  const { db, local, format, options, hooks, totalBytes } = context;
  const file = local.displayName;
  const readers: Record<Exclude<ImportFormat, "question-yaml">, typeof readEvalCsv> = {
    "eval-csv": readEvalCsv,
    "results-csv": readResultsCsv,
    jsonl: readJsonl,
    "inspect-eval": readInspectEval,
    "inspect-json": readInspectJson,
  };
  const { kind, from: kindFrom } = batchKindOf(format, options.examples);
  const batch = await createImportBatch(db, {
    fileName: file,
    contentHash: batchHash(context),
    format,
    kind,
    options: recordedOptions(options),
  });
  const { embedded } = context;
  // examples: every answer is written with example = true and none is counted in the score histogram
  const sinkOptions = { example: kind === "examples" };
  const sink: AnswerSink = embedded ? new UnnestAnswerSink(db, batch.id, sinkOptions) : new CopyAnswerSink(db, batch.id, sinkOptions);
  onAbort((error) => sink.abort(error));
  // PGlite is for small embedded data sets: it always inserts the normal way
  const bulkLoad: BulkLoad | null =
    !embedded &&
    !context.checkOnly &&
    !context.bulkLoadByCaller &&
    shouldBulkLoad(options.bulkLoad ?? "auto", totalBytes, await answerHeapBytes(db))
      ? await beginBulkLoad(db)
      : null;
  const writer = new AnswerWriter(db, batch.id, options, file, sink);
  await deferPublicIdCheck(db);

  if (format === "eval-csv") {
    // one model for the whole file: a conflict is the command line's fault, not a row's
    const model = await writer.resolveModel({
      model: options.model!,
      group: options.group!,
      seed: options.seed ?? null,
      baseModel: options.baseModel ?? null,
      row: 0,
    });
    if ("problem" in model) throw new ImportUsageError(`${file}: ${model.problem} (--${model.column})`);
  }

  let bytesRead = 0;
  let rowsRead = 0;
  const progress = () => hooks.onProgress?.({ phase: "importing", bytesRead, totalBytes, rowsRead });
  const reader: AnswerFileReader = await readers[format as keyof typeof readers](local.path, file, options, (bytes) => {
    bytesRead = bytes;
  });

  const errors: ImportIssue[] = [];
  const skipped: ImportIssue[] = [];
  let rowsSkipped = 0;
  let truncated = false;
  const watchdog = readerWatchdog(db, file);
  try {
    watchdog.pulling();
    for await (const parsed of reader.rows) {
      watchdog.pulled();
      rowsRead++;
      const problems =
        parsed.issues ?? (await writer.add(parsed.record, !context.checkOnly && (options.skipInvalid === true || errors.length === 0)));
      if (problems) {
        if (options.skipInvalid) {
          rowsSkipped++;
          skipped.push(...problems);
        } else {
          errors.push(...problems);
          if (errors.length >= MAX_REPORTED_ISSUES) {
            truncated = true;
            break;
          }
        }
      }
      if (rowsRead % PROGRESS_EVERY_ROWS === 0) progress();
      watchdog.pulling();
    }
  } finally {
    watchdog.stop();
  }
  progress();
  if (errors.length) throw new ImportValidationError(errors.slice(0, MAX_REPORTED_ISSUES), { truncated });
  if (rowsRead === 0) throw new ImportValidationError([{ file, message: "the file has a header but no rows" }]);
  if (context.checkOnly) return checkedReport(context, rowsRead, kind, kindFrom);
  if (bulkLoad) {
    await sink.suspend();
    await bulkLoad.rebuildIndexes();
  }
  await sink.finish();
  await settlePublicIds(db, batch.id);
  if (writer.rowsWritten === 0) {
    throw new ImportValidationError(
      [{ file, message: `no valid rows: all ${rowsRead} rows are invalid` }, ...skipped.slice(0, MAX_REPORTED_ISSUES - 1)],
      { truncated: skipped.length > MAX_REPORTED_ISSUES - 1 },
    );
  }
  const counts = { rowsRead, rowsImported: writer.rowsWritten, rowsSkipped, skipped };
  await finishImportBatch(db, batch.id, counts);
  const warnings = [
    ...writer.warnings,
    ...(await writer.createdQuestionWarnings()),
    ...(await duplicateSeedWarnings(db, writer.modelIds())),
  ];
  return {
    file,
    format,
    kind,
    kindFrom,
    alreadyImported: false,
    batchId: batch.id,
    batchCreatedAt: batch.createdAt,
    batchFileName: file,
    sets: [...writer.setsUsed].sort(),
    models: writer.importedModels(),
    ...counts,
    questionsCreated: writer.questionsCreated,
    questionsUpdated: 0,
    judgeScores: writer.judgeScoresWritten,
    bulkLoaded: bulkLoad !== null,
    bytes: totalBytes,
    seconds: (performance.now() - context.started) / 1000,
    warnings,
  };
}
