// Import batches as the imports pages show them (lib/queries/batches.ts).
import type { ImportIssue } from "@/lib/import/types";

export interface BatchSummary {
  id: number;
  fileName: string;
  format: string;
  createdAt: Date;
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  /** importer options recorded with the batch: model, group, seed, set, skipInvalid... */
  options: Record<string, unknown>;
  answers: number;
  /** models with answers in the batch, by name */
  models: string[];
  /** question sets the batch's answers belong to, or that it created */
  sets: string[];
}

export interface BatchModel {
  name: string;
  group: string;
  groupLabel: string;
  seed: number | null;
  answers: number;
  /** the batch created this model (it goes when the batch is removed, unless used elsewhere) */
  createdByBatch: boolean;
}

export interface BatchDetail extends BatchSummary {
  skippedRows: Omit<ImportIssue, "file">[];
  judgeScores: number;
  /** a judge-scores import (`--judge-scores --judge NAME`): the judge and the answers it scored */
  furtherJudge: { judge: string; scores: number } | null;
  modelDetails: BatchModel[];
  created: { groups: number; models: number; sets: number; questions: number };
}
