// Shared types of the importers: what callers pass in, what they get back.

import type { BulkLoadMode } from "./bulk-load";

export const IMPORT_FORMATS = ["question-yaml", "eval-csv", "results-csv", "jsonl"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** overrides format detection */
  format?: ImportFormat;
  /** question set: the set a YAML file creates/updates, or where answer files look questions up */
  set?: string;
  /** model name, group and seed: required for the eval.py CSV, which carries none of them */
  model?: string;
  group?: string;
  seed?: number;
  baseModel?: string;
  /** judge model recorded on judge_score rows (else the question's judge model) */
  judge?: string;
  /** import the valid rows and list the invalid ones instead of rejecting the whole file */
  skipInvalid?: boolean;
  /** bulk load (drop and rebuild the answer indexes): auto (default) when the file at least doubles the answers, on, or off */
  bulkLoad?: BulkLoadMode;
}

/** One problem with the input: where it is (as precisely as known) and what was expected. */
export interface ImportIssue {
  file: string;
  /** 1-based record number (CSV record after the header, JSONL object, YAML list item) */
  row?: number;
  /** 1-based line where the record starts */
  line?: number;
  column?: string;
  message: string;
}

export interface ImportProgress {
  phase: "hashing" | "importing";
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

export interface ImportHooks {
  onProgress?(progress: ImportProgress): void;
}

export interface ImportedModel {
  name: string;
  group: string;
  seed: number | null;
  created: boolean;
}

export interface ImportReport {
  /** file name (basename) or the URL */
  file: string;
  format: ImportFormat;
  /** true when the same content was imported before: nothing was written */
  alreadyImported: boolean;
  batchId: number;
  batchCreatedAt: Date;
  /** for already-imported content: the file name recorded then */
  batchFileName: string;
  sets: string[];
  models: ImportedModel[];
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  skipped: ImportIssue[];
  questionsCreated: number;
  questionsUpdated: number;
  judgeScores: number;
  /** true when the answers were bulk loaded (indexes dropped and rebuilt) */
  bulkLoaded: boolean;
  bytes: number;
  seconds: number;
}
