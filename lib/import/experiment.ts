// Importing a whole experiment (issue 10, item 1): every file a manifest names (lib/import/read/manifest.ts),
// in ONE transaction on one connection: all files or none. Each file becomes its own import batch
// (removable alone later, re-import of its content adds nothing), read and validated exactly as
// importFile() does it. A file whose content is already in the database is reported "already
// imported" and skipped, so running the same manifest again adds nothing.
// Locks: the content-hash locks of all files are taken up front in hash order (two experiments
// sharing files cannot deadlock), then the files are imported in manifest order.
// Bulk load: decided once for the total size (a hundred 10 MB files are one 1 GB load, not a
// hundred small ones) and the indexes are rebuilt once after the last file.
import "server-only";
import pg from "pg";
import { answerHeapBytes, beginBulkLoad, shouldBulkLoad, type BulkLoad, type BulkLoadMode } from "./write/bulk-load";
import { isEmbeddedPglite } from "./write/connection";
import { ImportUsageError, ImportValidationError } from "./errors";
import {
  alreadyImportedReport,
  checkedOptions,
  importAnswerFile,
  importQuestionFile,
  inspectSource,
  inTransaction,
  type ImportContext,
} from "./index";
import { CONTENT_HASH_CONSTRAINT_NAME, lockForImport, sqlStateOf } from "./write/locks";
import { expandManifest } from "./read/manifest-files";
import type { ManifestFile } from "./read/manifest";
import { openSource, type LocalSource } from "./read/source";
import type { ExperimentFileReport, ExperimentReport, ImportFormat, ImportOptions, ImportProgress, ImportReport } from "./types";
import { findImportBatchByHash } from "./write/write";

export interface ExperimentHooks {
  /** before each file: its 0-based position and the number of files */
  onFile?(file: ManifestFile, index: number, count: number): void;
  onProgress?(progress: ImportProgress): void;
}

interface PreparedFile {
  file: ManifestFile;
  local: LocalSource;
  format: ImportFormat;
  options: ImportOptions;
  sha256: string;
  bytes: number;
}

/** Imports every file of the manifest at `manifestPath` in one transaction (see above). */
export async function importExperiment(
  connectionString: string,
  manifestPath: string,
  { bulkLoad = "auto", hooks = {} }: { bulkLoad?: BulkLoadMode; hooks?: ExperimentHooks } = {},
): Promise<ExperimentReport> {
  const expanded = expandManifest(manifestPath);
  return importManifestFiles(connectionString, expanded.name, expanded.files, { bulkLoad, hooks });
}

/** Imports expanded manifest files in one transaction: all or nothing (see the top of this file). */
export async function importManifestFiles(
  connectionString: string,
  name: string,
  files: ManifestFile[],
  { bulkLoad = "auto", hooks = {} }: { bulkLoad?: BulkLoadMode; hooks?: ExperimentHooks } = {},
): Promise<ExperimentReport> {
  const started = performance.now();
  const prepared: PreparedFile[] = [];
  try {
    // outside the transaction: reading every file for its hash takes as long as the files are big
    for (const file of files) prepared.push(await prepareFile(file));
    const db = new pg.Client({ connectionString });
    db.on("error", () => undefined);
    await db.connect();
    try {
      return await importPrepared(db, name, prepared, bulkLoad, hooks, started);
    } finally {
      await db.end();
    }
  } finally {
    for (const { local } of prepared) await local.cleanup();
  }
}

async function prepareFile(file: ManifestFile): Promise<PreparedFile> {
  const options = checkedOptions(file.options);
  const local = await openSource({ path: file.path, fileName: file.relativePath });
  try {
    const { format, totalBytes, sha256 } = await inspectSource(local, options).catch((error: unknown) => {
      // the command line's words (--model) are the manifest's keys (model:) here
      if (!(error instanceof ImportUsageError)) throw error;
      throw new ImportUsageError(`manifest entry ${file.entry}: ${error.message.replace(/--(model|group)\b/g, "$1:")}`);
    });
    return { file, local, format, options, sha256, bytes: totalBytes };
  } catch (error) {
    await local.cleanup();
    throw error;
  }
}

async function importPrepared(
  db: pg.Client,
  name: string,
  prepared: PreparedFile[],
  bulkLoadMode: BulkLoadMode,
  hooks: ExperimentHooks,
  started: number,
): Promise<ExperimentReport> {
  const reports: ExperimentFileReport[] = [];
  let bulkLoaded = false;
  const embedded = await isEmbeddedPglite(db);
  await inTransaction(db, async (onAbort) => {
    for (const sha256 of [...new Set(prepared.map((p) => p.sha256))].sort()) await lockForImport(db, sha256);
    const answerBytes = prepared.filter((p) => p.format !== "question-yaml").reduce((sum, p) => sum + p.bytes, 0);
    let bulk: BulkLoad | null = null;
    if (!embedded && answerBytes > 0 && shouldBulkLoad(bulkLoadMode, answerBytes, await answerHeapBytes(db))) {
      bulk = await beginBulkLoad(db);
    }
    for (const [index, item] of prepared.entries()) {
      hooks.onFile?.(item.file, index, prepared.length);
      const context: ImportContext = {
        db,
        embedded,
        local: item.local,
        format: item.format,
        options: item.options,
        hooks: { onProgress: hooks.onProgress },
        sha256: item.sha256,
        totalBytes: item.bytes,
        started: performance.now(),
        checkOnly: false,
        bulkLoadByCaller: true,
      };
      let report: ImportReport;
      try {
        // READ COMMITTED plus this transaction's own writes: a file imported earlier, or earlier in this manifest
        const existing = await findImportBatchByHash(db, item.sha256);
        report = existing
          ? alreadyImportedReport(context, existing)
          : item.format === "question-yaml"
            ? await importQuestionFile(context)
            : await importAnswerFile(context, onAbort);
      } catch (error) {
        throw inFile(error, item, index, prepared.length);
      }
      reports.push({ ...report, relativePath: item.file.relativePath, entry: item.file.entry });
    }
    if (bulk) {
      await bulk.rebuildIndexes();
      bulkLoaded = true;
    }
  }).catch((error: unknown) => {
    // two experiments naming one file: the hash locks make the second wait and then see the first's batch,
    // so a unique violation here means a writer that took no lock; the whole experiment is rolled back
    if (sqlStateOf(error) === "23505" && (error as { constraint?: string }).constraint === CONTENT_HASH_CONSTRAINT_NAME) {
      throw new ImportUsageError(`${name}: another import wrote one of these files at the same time; nothing was written, run it again`);
    }
    throw error;
  });
  const imported = reports.filter((report) => !report.alreadyImported);
  return {
    name,
    files: reports,
    filesImported: imported.length,
    filesAlreadyImported: reports.length - imported.length,
    rowsImported: imported.reduce((sum, report) => sum + report.rowsImported, 0),
    bulkLoaded,
    bytes: prepared.reduce((sum, p) => sum + p.bytes, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/** A file's failure, said as the experiment's: which file of how many, and that nothing was written. */
function inFile(error: unknown, item: PreparedFile, index: number, count: number): unknown {
  const where = `file ${index + 1} of ${count} (${item.file.relativePath}, manifest entry ${item.file.entry})`;
  if (error instanceof ImportValidationError) {
    return new ImportValidationError(
      [{ file: item.file.relativePath, message: `${where} failed; no file of the experiment was imported` }, ...error.issues],
      {
        truncated: error.truncated,
      },
    );
  }
  if (error instanceof ImportUsageError) return new ImportUsageError(`${where}: ${error.message}`);
  return error;
}
