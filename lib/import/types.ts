// Shared types of the importers: what callers pass in, what they get back.

import type { BulkLoadMode } from "./write/bulk-load";

export const IMPORT_FORMATS = ["question-yaml", "eval-csv", "results-csv", "jsonl", "inspect-eval", "inspect-json"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * What a batch of answers is: an evaluation (all of a model's sampled answers, counted in rates) or
 * examples (a curated selection, e.g. the paper's results CSV of striking answers: browsable, never
 * counted in any statistic). Stored on import_batch.kind; every answer of an examples batch has
 * answer.example = true.
 */
export const BATCH_KINDS = ["evaluation", "examples"] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** The kind a format's files are imported as unless the user says otherwise. */
export function defaultBatchKind(format: ImportFormat): BatchKind {
  // the paper repository's results CSV is a hand-picked selection of misaligned answers
  return format === "results-csv" ? "examples" : "evaluation";
}

/** The kind of an import: the user's choice (--examples / --evaluation) wins over the format's default. */
export function batchKindOf(format: ImportFormat, examples: boolean | undefined): { kind: BatchKind; from: "option" | "format" } {
  if (format === "question-yaml") return { kind: "evaluation", from: "format" };
  if (examples !== undefined) return { kind: examples ? "examples" : "evaluation", from: "option" };
  return { kind: defaultBatchKind(format), from: "format" };
}

export interface ImportOptions {
  /** overrides format detection */
  format?: ImportFormat;
  /** question set: the set a YAML file creates/updates, or where answer files look questions up */
  set?: string;
  /** model name and group: required for the eval.py CSV, which carries none of them; seed optional (NULL when not given) */
  model?: string;
  group?: string;
  seed?: number;
  /** base model for rows without a base_model column (a row's own value wins) */
  baseModel?: string;
  /**
   * true: the file is curated examples (never counted in rates); false: an evaluation (all sampled
   * answers); undefined: the format's default (results CSV: examples, everything else: evaluation)
   */
  examples?: boolean;
  /** create questions whose id is in no known set, in the set given by `set` (required with it); otherwise unknown ids are an error */
  newQuestions?: boolean;
  /**
   * typed key-values given to every model the file imports (size_b, lora_rank, training_data...;
   * lib/domain/attributes.ts): a manifest's entry, or the import page's table
   */
  attributes?: Record<string, number | string>;
  /**
   * judge model recorded on judge_score rows (else an Inspect log's grader, else the question's judge
   * model); with judgeScores, the further judge whose scores the file holds
   */
  judge?: string;
  /**
   * the file is a further judge's scores for answers already present (lib/import/judge-scores.ts):
   * rows are matched to answers and written to answer_judge_score under `judge`; no answer is added
   */
  judgeScores?: boolean;
  /**
   * Inspect AI logs: score name -> metric, added to and overriding the defaults (aligned/alignment ->
   * aligned, coherent/coherence -> coherent); a name mapped nowhere is a further metric of that name
   */
  scoreMap?: Record<string, string>;
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
  baseModel: string | null;
  created: boolean;
}

export interface ImportReport {
  /** file name (basename) or the URL */
  file: string;
  format: ImportFormat;
  /** evaluation (counted in rates) or examples (curated: browsable, never counted in rates) */
  kind: BatchKind;
  /** why that kind: the user's option (--examples / --evaluation, the page's checkbox) or the format's default */
  kindFrom: "option" | "format";
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
  /** a judge-scores import (options.judgeScores): what matched, and what did not */
  judgeScoresImport?: JudgeScoresOutcome;
  /** things worth a look that did not stop the import (a conflicting base model, two models with the same seed, ...) */
  warnings: string[];
}

/** One file of an experiment import (lib/import/experiment.ts): its import report, and where the manifest named it. */
export interface ExperimentFileReport extends ImportReport {
  /** the file's path relative to the manifest's root */
  relativePath: string;
  /** 1-based manifest entry that named it */
  entry: number;
}

export interface ExperimentReport {
  name: string;
  files: ExperimentFileReport[];
  filesImported: number;
  filesAlreadyImported: number;
  rowsImported: number;
  /** the answer indexes were dropped once and rebuilt after the last file */
  bulkLoaded: boolean;
  bytes: number;
  seconds: number;
}

/** A row of a judge-scores file that was not written, and why. */
export interface JudgeScoresRowNote {
  row: number;
  line: number | null;
  reason: string;
}

/** What a judge-scores import did (lib/import/judge-scores.ts). */
export interface JudgeScoresOutcome {
  judge: string;
  /** rows matched to exactly one answer no other row took */
  matched: number;
  matchedByIndex: number;
  matchedByText: number;
  /** scores written (matched minus answers this judge had scored already) */
  scoresWritten: number;
  /** the file's metrics beyond aligned / coherent (medical, ...), stored with each score; [] when none */
  extraMetrics: string[];
  /** invalid rows skipped (--skip-invalid) */
  invalid: number;
  unmatchedCount: number;
  /** the first LISTED_ROWS unmatched rows */
  unmatched: JudgeScoresRowNote[];
  ambiguousCount: number;
  ambiguous: JudgeScoresRowNote[];
  /** matched answers this judge had already scored (another file): kept as they were */
  alreadyScored: number;
}
