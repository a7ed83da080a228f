// Public ids that another batch already holds. An import computes each answer's id from its content
// and the order of identical answers in its own file (lib/answers/public-id.ts), so the same file
// always gives the same ids. Only an identical answer from another batch (the same model's same
// text, question and source ref, imported from another file) can hold one already: then this
// batch's answer moves to the next occurrence that is free, the one the migration's backfill
// would have given it had the batches been imported in this order.
// The unique constraint is deferrable: the import defers it, so the COPY never fails on such a
// row, and settlePublicIds checks once at the end, which costs nothing when no row collided
// (PostgreSQL rechecks only the rows whose insert found a possible duplicate).
import "server-only";
import type pg from "pg";
import { publicIdBase, publicIdFromBase } from "@/lib/answers/public-id";

/** Run once in the import's transaction before it writes answers. */
export async function deferPublicIdCheck(db: pg.Client): Promise<void> {
  await db.query("SET CONSTRAINTS answer_public_id_key DEFERRED");
}

const UNIQUE_VIOLATION = "23505";

/**
 * Checks the batch's public ids against every other answer (now, not at commit) and moves any
 * that collide to the next free occurrence. Returns how many moved.
 */
export async function settlePublicIds(db: pg.Client, batchId: number): Promise<number> {
  if (await checkNow(db)) return 0;
  const { rows } = await db.query<{ id: number; model: string; question: string; source_ref: string | null; text: string }>(
    `SELECT a.id, m.name AS model, q.external_id AS question, a.source_ref, a.text
       FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id
      WHERE a.batch_id = $1
        AND EXISTS (SELECT 1 FROM answer o WHERE o.public_id = a.public_id AND o.batch_id <> a.batch_id)
      ORDER BY a.id`,
    [batchId],
  );
  for (const row of rows) {
    const base = publicIdBase({ model: row.model, question: row.question, sourceRef: row.source_ref, text: row.text });
    for (let occurrence = 0; ; occurrence++) {
      const candidate = publicIdFromBase(base, occurrence);
      const taken = await db.query(`SELECT 1 FROM answer WHERE public_id = $1`, [candidate]);
      if (taken.rowCount === 0) {
        await db.query(`UPDATE answer SET public_id = $2 WHERE id = $1`, [row.id, candidate]);
        break;
      }
    }
  }
  if (!(await checkNow(db))) throw new Error(`import batch #${batchId}: public ids still collide after renumbering`);
  return rows.length;
}

/** Whether the deferred uniqueness check passes now; the constraint stays deferred afterwards. */
async function checkNow(db: pg.Client): Promise<boolean> {
  await db.query("SAVEPOINT public_id_check");
  try {
    await db.query("SET CONSTRAINTS answer_public_id_key IMMEDIATE");
    await db.query("RELEASE SAVEPOINT public_id_check");
    await deferPublicIdCheck(db);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await db.query("ROLLBACK TO SAVEPOINT public_id_check");
    await db.query("RELEASE SAVEPOINT public_id_check");
    await deferPublicIdCheck(db);
    return false;
  }
}
