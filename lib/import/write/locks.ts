// How imports and batch removals take turns (issue 15, item 9). Two transaction-level advisory
// locks, always taken first in a transaction, in this order:
//
// 1. IMPORTS_AND_REMOVALS: every import holds it shared, every removal exclusive. Imports run side
//    by side; a removal waits for the imports that are running and they for it. Before, a removal
//    racing an import into the same model deadlocked (40P01, the import was the one aborted, in
//    the first forced round of tests/integration/import-races.test.ts): the import held its
//    reference locks (FOR KEY SHARE on the model, from answer's statement trigger) and waited for
//    histogram rows the removal had updated, while the removal waited to delete that model. And
//    without a deadlock the removal could still delete the model (the import's answers were not
//    visible to it yet), its cascade then taking the import's just-committed answers along.
//    Row locks cannot fix that without both sides knowing all rows up front; a removal is rare and
//    short, so it simply runs alone.
// 2. One content hash, exclusive: two imports of the same file take turns, and the second then
//    sees the first one's batch and reports "already imported" (before: duplicate key on
//    import_batch_content_hash_key, a 500).
//
// The two-int and the bigint forms of advisory locks are separate key spaces in PostgreSQL, so the
// hash keys (bigint) never meet the fixed key (two ints). On the embedded PGlite every connection
// is the same backend, whose advisory locks never block it: there writers run one at a time anyway.
import "server-only";
import type pg from "pg";
import { sqlStateOf } from "@/lib/db/sql-state";

/**
 * idle_in_transaction_session_timeout of an import's transaction (SET LOCAL), in ms: the server
 * ends the session, rolling back and releasing every lock, when the importer sends nothing for
 * this long outside a statement. An import is idle only while it parses the rows between two
 * statements (an open COPY counts as a running statement): decoding and parsing one line at the
 * 64 MiB line limit took 1.3 s (measured on the 2-core dev machine), real files' lines take
 * microseconds. A minute is far above that (a busy server's
 * event loop may stall a while) and still bounds how long a stuck importer blocks the dashboard.
 */
export const IMPORT_IDLE_TIMEOUT_MS = 60_000;

/**
 * The same guard for the time an import waits for its reader with a COPY open (the session then
 * counts as active, not idle): the importer closes its connection (lib/import/index.ts). The same
 * minute for the same reason: one pull from the reader is reading and parsing one row.
 */
export const READER_STALL_TIMEOUT_MS = IMPORT_IDLE_TIMEOUT_MS;

/** The unique index on import_batch.content_hash (prisma/migrations/20261126000000_init), as pg errors name it. */
export const CONTENT_HASH_CONSTRAINT_NAME = "import_batch_content_hash_key";

/** The fixed two-int key of the imports-and-removals lock ("ME", 1). */
export const IMPORTS_AND_REMOVALS_LOCK = [0x4d45, 1] as const;

/** The bigint advisory-lock key of a file's sha256 (its first 64 bits), as a decimal string. */
export function contentHashLockKey(sha256: string): string {
  if (!/^[0-9a-f]{16}/i.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
  return BigInt.asIntN(64, BigInt(`0x${sha256.slice(0, 16)}`)).toString();
}

/** Inside an import's transaction, before it reads anything: both locks (see above). */
export async function lockForImport(db: pg.Client, sha256: string): Promise<void> {
  await db.query("SELECT 1 FROM pg_advisory_xact_lock_shared($1, $2)", [...IMPORTS_AND_REMOVALS_LOCK]);
  await db.query("SELECT 1 FROM pg_advisory_xact_lock($1::bigint)", [contentHashLockKey(sha256)]);
}

/**
 * Failures that say "another transaction was in the way", not "this is wrong": deadlock (40P01),
 * serialization failure (40001), lock wait timed out (55P03), and Prisma's name for the first two
 * (P2034). Retrying, or asking the user to try again, is the answer.
 */
export function isConcurrencyConflict(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state === "40P01" || state === "40001" || state === "55P03") return true;
  return (error as { code?: unknown } | null)?.code === "P2034";
}

export { sqlStateOf };
