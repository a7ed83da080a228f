// Bulk loading: a big import into a small answer table drops the table's secondary indexes, COPYs
// the rows in and builds the indexes again, all in the import's transaction. Inserting into the
// two score-ordered indexes touches a random leaf page per row (at 1M answers ~14 µs per row for
// the indexes, against ~3 µs per row to sort-build them from scratch), so once the file is about
// as big as what is already there, rebuilding is the cheaper way.
// The price: the transaction holds an ACCESS EXCLUSIVE lock on `answer`, so dashboard queries
// wait until the import commits. That is why it is only chosen when the import at least doubles
// the data (and never waits long for the lock: it falls back to the normal path instead).
// DDL is transactional in PostgreSQL: if the import fails, the rollback restores the indexes.
import "server-only";
import type pg from "pg";

export const BULK_LOAD_MODES = ["auto", "on", "off"] as const;
export type BulkLoadMode = (typeof BULK_LOAD_MODES)[number];

/** Files smaller than this always take the normal path (a few seconds at most either way). */
export const BULK_LOAD_MIN_BYTES = 64 * 1024 * 1024;

/** How long a bulk load waits for running queries to finish before it gives up and inserts normally. */
export const BULK_LOAD_LOCK_TIMEOUT_MS = 2_000;

/**
 * The indexes the import itself reads while it runs, kept in place: the writer looks up where an
 * existing model's sample numbering continues (`WHERE model_id = $1`).
 */
const INDEXES_THE_IMPORT_READS = new Set(["answer_model_id_question_id_idx"]);

/**
 * Whether a file should be bulk loaded. `auto`: when the file is at least BULK_LOAD_MIN_BYTES and
 * at least as big as the answer table's heap (CSV text and heap rows are about the same size, so
 * the import at least doubles the table).
 */
export function shouldBulkLoad(mode: BulkLoadMode, fileBytes: number, answerHeapBytes: number): boolean {
  if (mode !== "auto") return mode === "on";
  return fileBytes >= BULK_LOAD_MIN_BYTES && fileBytes >= answerHeapBytes;
}

export interface IndexDefinition {
  /** the index's name as PostgreSQL quotes it in SQL (regclass text) */
  name: string;
  /** pg_get_indexdef: the CREATE INDEX statement that builds it again */
  definition: string;
}

/** The answer table's indexes a bulk load drops and rebuilds: not the primary key, unique or constraint indexes, nor what the import reads. */
export async function rebuildableAnswerIndexes(db: pg.Client): Promise<IndexDefinition[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid = 'answer'::regclass AND NOT i.indisprimary AND NOT i.indisunique AND NOT i.indisexclusion
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY 1`,
  );
  return rows.filter((index) => !INDEXES_THE_IMPORT_READS.has(index.name));
}

export interface BulkLoad {
  /** Builds the dropped indexes (call once the rows are in, before anything reads them). */
  rebuildIndexes(): Promise<void>;
}

/**
 * Takes the answer table for this transaction and drops its rebuildable indexes. Returns null
 * (and changes nothing) when the lock is not granted within `lockTimeoutMs` because other
 * sessions are reading or writing answers: the caller then imports the normal way.
 * Must run inside the import's transaction, with no COPY open.
 */
export async function beginBulkLoad(db: pg.Client, lockTimeoutMs = BULK_LOAD_LOCK_TIMEOUT_MS): Promise<BulkLoad | null> {
  await db.query("SAVEPOINT bulk_load_lock");
  try {
    await db.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    await db.query("LOCK TABLE answer IN ACCESS EXCLUSIVE MODE");
    await db.query("RELEASE SAVEPOINT bulk_load_lock");
  } catch (error) {
    // 55P03 lock_not_available: someone is using the table; anything else is a real failure
    await db.query("ROLLBACK TO SAVEPOINT bulk_load_lock");
    await db.query("RELEASE SAVEPOINT bulk_load_lock");
    if ((error as { code?: string }).code === "55P03") return null;
    throw error;
  } finally {
    await db.query("SET LOCAL lock_timeout = DEFAULT").catch(() => undefined);
  }
  const indexes = await rebuildableAnswerIndexes(db);
  for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
  return {
    async rebuildIndexes() {
      // sort-based builds: more memory than the 64 MB default keeps big builds out of temp files
      await db.query("SET LOCAL maintenance_work_mem = '256MB'");
      for (const index of indexes) await db.query(index.definition);
      await db.query("SET LOCAL maintenance_work_mem = DEFAULT");
    },
  };
}

/** The answer table's heap size in bytes (what `auto` compares the file with). */
export async function answerHeapBytes(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(`SELECT pg_relation_size('answer') AS bytes`);
  return Number(rows[0].bytes);
}
