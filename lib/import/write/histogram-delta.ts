// The score histogram's counts for the answers of one import, computed while the rows stream past
// (the importer's replacement for the insert trigger's per-row aggregation, which cost ~9 µs per
// answer; see migration 20261126150000_import_fast_path). One entry per (question, model, coherent
// bin) with the same columns as answer_score_bin: unscored, scored, aligned_lt_K for K = 0..101.
// apply() sends them through a temporary table to answer_score_histogram_add_staged(), in the
// import's transaction; the transaction-local setting makes the insert trigger skip the COPY.
import "server-only";
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { alignedBin, coherentBin } from "@/lib/db/score-histogram";

/** Aligned bins -1..101 (NULL counts as unscored): index = bin + 1. */
const ALIGNED_BINS = 103;
const THRESHOLDS = 102; // aligned_lt_0 .. aligned_lt_101

interface DeltaEntry {
  questionId: number;
  modelId: number;
  coherentBin: number;
  unscored: number;
  /** answers per aligned bin (-1..101 at index bin + 1) */
  perAlignedBin: Int32Array;
}

/** Tells the insert trigger of answer to leave this transaction's rows to the importer. */
export const SKIP_HISTOGRAM_TRIGGER = "SELECT set_config('misalignment.histogram_by_importer', 'on', true)";

/** Ids below this make a numeric key (2^21 · 2^21 · 2^7 < 2^53, exact); larger ones a string key. */
const NUMERIC_KEY_LIMIT = 2 ** 21;

function entryKey(questionId: number, modelId: number, coherentBin: number): number | string {
  return questionId < NUMERIC_KEY_LIMIT && modelId < NUMERIC_KEY_LIMIT
    ? (questionId * NUMERIC_KEY_LIMIT + modelId) * 128 + (coherentBin + 2)
    : `${questionId},${modelId},${coherentBin}`;
}

export class ScoreHistogramDelta {
  private readonly entries = new Map<number | string, DeltaEntry>();

  add(questionId: number, modelId: number, aligned: number | null, coherent: number | null): void {
    const bin = coherentBin(coherent);
    const key = entryKey(questionId, modelId, bin);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { questionId, modelId, coherentBin: bin, unscored: 0, perAlignedBin: new Int32Array(ALIGNED_BINS) };
      this.entries.set(key, entry);
    }
    if (aligned === null) entry.unscored++;
    else entry.perAlignedBin[alignedBin(aligned) + 1]++;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The rows answer_score_bin gets added: [question, model, coherent bin, unscored, scored, aligned_lt_0..101]. */
  *rows(): Generator<number[]> {
    for (const entry of this.entries.values()) {
      const row = [entry.questionId, entry.modelId, entry.coherentBin, entry.unscored, 0];
      // aligned < K  ⇔  bin < K (bins are floor, clamped to -1 and 101): cumulative over bins -1..K-1
      let below = entry.perAlignedBin[0]; // bin -1
      for (let k = 0; k < THRESHOLDS; k++) {
        row.push(below);
        below += entry.perAlignedBin[k + 1];
      }
      row[4] = below; // every scored answer (bins -1..101)
      yield row;
    }
  }

  /** Adds the counts to the histogram tables (inside the import's transaction). */
  async apply(db: pg.Client): Promise<void> {
    if (this.entries.size === 0) return;
    const alignedColumns = Array.from({ length: THRESHOLDS }, (_, k) => `aligned_lt_${k} int NOT NULL`).join(", ");
    await db.query(
      `CREATE TEMP TABLE import_score_histogram_delta (question_id int NOT NULL, model_id int NOT NULL, coherent_bin smallint NOT NULL,
         unscored int NOT NULL, scored int NOT NULL, ${alignedColumns}) ON COMMIT DROP`,
    );
    const stream = db.query(copyFrom("COPY import_score_histogram_delta FROM STDIN"));
    const finished = once(stream, "finish");
    let chunk: string[] = [];
    for (const row of this.rows()) {
      chunk.push(row.join("\t") + "\n");
      if (chunk.length >= 2000) {
        if (!stream.write(chunk.join(""))) await once(stream, "drain");
        chunk = [];
      }
    }
    stream.end(chunk.join(""));
    await finished;
    await db.query("SELECT answer_score_histogram_add_staged()");
    await db.query("DROP TABLE import_score_histogram_delta");
  }
}
