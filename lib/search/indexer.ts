// The search indexer: moves answers from the queue of not-yet-indexed id ranges
// (answer_search_queue, filled by a statement trigger on every INSERT / COPY into answer) into
// answer_search (tsvector + GIN), after the import committed, so imports never pay for
// to_tsvector and the GIN index. Tables: migration 20261126130000_search_index. A document is
// answer_search_document(text) (migration 20261201120000_search_bounded_document): to_tsvector of
// the longest prefix that fits PostgreSQL's 1 MB tsvector cap, so no answer can fail its chunk
// with 54000 and hold up the queue behind it (a 1 MB answer of distinct words did, for good).
//
// Each chunk is its own short transaction: lock the oldest queue entries (FOR UPDATE SKIP LOCKED,
// so a second indexer — the CLI and the server at once — takes other entries or finds nothing,
// never the same ids), index up to `chunkSize` of their ids from the low end, then delete the
// entries done and shrink the one taken in part. Documents and the queue change in the same transaction, so at every moment each answer
// is indexed or queued and search (lib/queries/answer-browser.ts) stays exact.
//
// Answers deleted meanwhile (batch removal) are skipped: a chunk whose answers vanish under it
// fails its foreign key check (or waits on a row lock past lock_timeout) and is retried with a
// fresh snapshot, in which they are gone.
import "server-only";
import pg from "pg";

/** Anything with pg's query(): a Client or a Pool. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface IndexProgress {
  /** answers written to answer_search by this run so far */
  indexed: number;
  /** ids still queued (an upper bound on the answers left: deleted answers leave gaps) */
  remainingIds: number;
  /** seconds since this run started */
  seconds: number;
}

export interface IndexOptions {
  /** ids per transaction (default 10,000) */
  chunkSize?: number;
  /** stop after this many chunks (tests; default: until the queue is empty) */
  maxChunks?: number;
  onProgress?: (progress: IndexProgress) => void;
  /** stop early (between chunks) when this says so */
  signal?: AbortSignal;
}

export interface IndexResult {
  /** answers written to answer_search */
  indexed: number;
  /** chunks (transactions) done */
  chunks: number;
  /** chunks retried after a concurrent deletion or lock timeout */
  retries: number;
  seconds: number;
  /** ids still queued at the end (0 unless stopped early or another indexer holds an entry) */
  remainingIds: number;
}

export const DEFAULT_CHUNK_SIZE = 10_000;
const MAX_RETRIES_PER_CHUNK = 20;
// Below deadlock_timeout (1 s by default): if a chunk and a batch removal ever wait on each
// other's answer rows, the chunk gives up first and the removal goes on.
const LOCK_TIMEOUT = "300ms";
// foreign_key_violation, lock_not_available, deadlock_detected, serialization_failure
const RETRYABLE = new Set(["23503", "55P03", "40P01", "40001"]);

/** Ids still queued (sum of the range lengths): a cheap upper bound of the answers not indexed yet. */
export async function queuedIds(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ ids: string | null }>(
    `SELECT sum(last_answer_id::bigint - first_answer_id + 1) AS ids FROM answer_search_queue`,
  );
  return Number(rows[0]?.ids ?? 0);
}

/** Entries taken per chunk at most: many small ones (single-row INSERTs) are indexed together. */
const ENTRIES_PER_CHUNK = 1000;

interface QueueEntry {
  id: string;
  first_answer_id: number;
  last_answer_id: number;
}

/** Sorted, merged id ranges (an answer queued twice, e.g. its text updated, is indexed once). */
export function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

/**
 * Indexes one chunk: up to `chunkSize` ids from the oldest queue entries nobody else holds.
 * Returns the answers indexed, or null when there is no entry left to take.
 */
async function indexOneChunk(client: pg.Client, chunkSize: number): Promise<number | null> {
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    const { rows: entries } = await client.query<QueueEntry>(
      `SELECT id, first_answer_id, last_answer_id FROM answer_search_queue ORDER BY id LIMIT ${ENTRIES_PER_CHUNK} FOR UPDATE SKIP LOCKED`,
    );
    if (entries.length === 0) {
      await client.query("COMMIT");
      return null;
    }
    // take whole entries while they fit, then the low end of the next one
    const ranges: [number, number][] = [];
    const done: string[] = [];
    let budget = chunkSize;
    for (const entry of entries) {
      const size = entry.last_answer_id - entry.first_answer_id + 1;
      if (size <= budget) {
        ranges.push([entry.first_answer_id, entry.last_answer_id]);
        done.push(entry.id);
        budget -= size;
        if (budget === 0) break;
      } else {
        const high = entry.first_answer_id + budget - 1;
        ranges.push([entry.first_answer_id, high]);
        await client.query(`UPDATE answer_search_queue SET first_answer_id = $2 WHERE id = $1`, [entry.id, high + 1]);
        break;
      }
    }
    const merged = mergeRanges(ranges);
    // DO UPDATE, not DO NOTHING: an answer queued again (its text changed) gets its new document.
    const inserted = await client.query(
      `INSERT INTO answer_search (answer_id, document)
       SELECT a.id, answer_search_document(a.text)
       FROM unnest($1::int[], $2::int[]) AS r(low, high) JOIN answer a ON a.id BETWEEN r.low AND r.high
       ORDER BY a.id
       ON CONFLICT (answer_id) DO UPDATE SET document = EXCLUDED.document`,
      [merged.map((range) => range[0]), merged.map((range) => range[1])],
    );
    if (done.length > 0) await client.query(`DELETE FROM answer_search_queue WHERE id = ANY($1::bigint[])`, [done]);
    await client.query("COMMIT");
    return inserted.rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Works through the queue until it is empty (or `maxChunks`, or the signal). `db` is a
 * connection string (a connection of its own is opened and closed) or a connected pg.Client
 * that is not inside a transaction.
 */
export async function indexPendingAnswers(db: string | pg.Client, options: IndexOptions = {}): Promise<IndexResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const client = typeof db === "string" ? new pg.Client({ connectionString: db }) : db;
  if (typeof db === "string") await client.connect();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let indexed = 0;
  let chunks = 0;
  let retries = 0;
  try {
    let failures = 0;
    while (options.maxChunks === undefined || chunks < options.maxChunks) {
      if (options.signal?.aborted) break;
      let count: number | null;
      try {
        count = await indexOneChunk(client, chunkSize);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || ++failures > MAX_RETRIES_PER_CHUNK) throw error;
        retries++;
        await sleep(Math.min(1000, 20 * 2 ** Math.min(failures, 6)));
        continue;
      }
      failures = 0;
      if (count === null) break;
      indexed += count;
      chunks++;
      if (options.onProgress) options.onProgress({ indexed, remainingIds: await queuedIds(client), seconds: seconds() });
    }
    return { indexed, chunks, retries, seconds: seconds(), remainingIds: await queuedIds(client) };
  } finally {
    if (typeof db === "string") await client.end();
  }
}
