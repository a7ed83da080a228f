// The import batches as CSV (/api/imports/csv) and their recorded options in words: pure.
import type { CsvColumn } from "@/lib/export/csv";
import type { BatchSummary } from "@/lib/batches/types";

/** "model=qwen7b, group=insecure, seed=1" — the recorded importer options in one line. */
const OPTION_ORDER = ["model", "group", "seed", "baseModel", "set", "judge", "format", "skipInvalid"];

export function describeOptions(options: Record<string, unknown>): string {
  // jsonb does not keep key order: show them in the command line's order
  const rank = (key: string) => (OPTION_ORDER.includes(key) ? OPTION_ORDER.indexOf(key) : OPTION_ORDER.length);
  return Object.entries(options)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .filter(([, value]) => value !== undefined && value !== null && value !== false)
    .map(([key, value]) => (value === true ? key : `${key}=${String(value)}`))
    .join(", ");
}

/** Columns of the batches CSV export (/api/imports/csv). */
export const BATCH_CSV_COLUMNS: CsvColumn<BatchSummary>[] = [
  { header: "batch_id", value: (b: BatchSummary) => b.id },
  { header: "file_name", value: (b: BatchSummary) => b.fileName },
  { header: "format", value: (b: BatchSummary) => b.format },
  { header: "created_at", value: (b: BatchSummary) => b.createdAt.toISOString() },
  { header: "rows_read", value: (b: BatchSummary) => b.rowsRead },
  { header: "rows_imported", value: (b: BatchSummary) => b.rowsImported },
  { header: "rows_skipped", value: (b: BatchSummary) => b.rowsSkipped },
  { header: "answers", value: (b: BatchSummary) => b.answers },
  { header: "models", value: (b: BatchSummary) => b.models.join("; ") },
  { header: "question_sets", value: (b: BatchSummary) => b.sets.join("; ") },
  { header: "options", value: (b: BatchSummary) => describeOptions(b.options) },
];
