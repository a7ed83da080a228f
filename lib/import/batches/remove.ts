// Removing an import batch: its answers (judge scores go with them) and what the batch created
// (created_by_batch_id) that nothing else uses any more — questions without answers, then question
// sets without questions, models without answers, groups without models. All in one transaction.
//
// Ownership moves on: a row the batch created that another batch still uses is kept, and the
// oldest batch using it becomes its creator, so removing that batch later removes it too. Rows with
// no creator (imported before provenance was recorded) are never removed with a batch.
//
// The demo batch (format "demo", written by lib/demo/load.ts without provenance) owns what
// `npm run demo:remove` removes: the demo question sets and their questions, the models that
// answered in it, and their groups — the same rule, applied to those rows.
//
// A dry run (the confirmation step's preview, GET /api/imports/<id>/removal) only reads: one
// SELECT that mirrors each DELETE above. It used to perform the whole removal and roll it back —
// 3.3–3.6 s of deletes and row locks per call on a 100,800-answer batch (now ~60 ms), from an
// unauthenticated GET. It takes no lock either: it reports the committed state, as of one snapshot.
// tests/integration/batches-remove.test.ts checks preview = removal on every removal case.
//
// A removal runs alone: it first takes the imports-and-removals lock exclusively (lib/import/write/locks.ts),
// waiting up to `waitMs` (REMOVAL_LOCK_WAIT_MS, 30 s) for running imports to commit, then giving up
// with RemovalBusyError (the routes answer 503: try again later).
// A deadlock or serialization failure with anything else is retried a few times.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEMO_BATCH_FORMAT } from "@/lib/demo/generate";
import { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { int4, queryRow, queryRows } from "@/lib/db/rows";
import { IMPORTS_AND_REMOVALS_LOCK, isConcurrencyConflict, sqlStateOf } from "../write/locks";

type Tx = Prisma.TransactionClient;

export interface KeptAndRemoved {
  /** names of rows the batch created that are deleted with it */
  removed: string[];
  /** names of rows the batch created that stay because something else still uses them */
  kept: string[];
}

export interface BatchRemoval {
  batchId: number;
  fileName: string;
  format: string;
  answers: number;
  judgeScores: number;
  questions: { removed: number; kept: number; removedNames: string[] };
  questionSets: KeptAndRemoved;
  models: KeptAndRemoved;
  groups: KeptAndRemoved;
  /** true for a dry run: nothing was changed */
  dryRun: boolean;
}

/** How many removed question names a report lists (a batch may create thousands). */
export const LISTED_QUESTIONS = 50;

export class BatchNotFoundError extends Error {
  constructor(readonly batchId: number) {
    super(`There is no import batch #${batchId} (already removed?)`);
    this.name = "BatchNotFoundError";
  }
}

/** The removal could not start (imports kept running) or kept colliding with other writers. */
export class RemovalBusyError extends Error {
  constructor(
    readonly batchId: number,
    reason: "imports" | "conflicts",
  ) {
    super(
      reason === "imports"
        ? `Import batch #${batchId} was not removed: an import is still running, and a removal waits for running imports to finish. Try again when it has.`
        : `Import batch #${batchId} was not removed: it kept colliding with other changes to the database. Try again in a moment.`,
    );
    this.name = "RemovalBusyError";
  }
}

/** How long a removal waits for running imports before giving up (an HTTP request should not hang). */
export const DEFAULT_REMOVAL_LOCK_WAIT_MS = 30_000;

/** REMOVAL_LOCK_WAIT_MS (milliseconds) when set to a positive integer, else 30 s. */
export function removalLockWaitMs(env: Record<string, string | undefined> = process.env): number {
  const configured = Number(env.REMOVAL_LOCK_WAIT_MS);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_REMOVAL_LOCK_WAIT_MS;
}

/** Attempts at a removal that hit a deadlock or serialization failure, and the first backoff. */
const REMOVAL_ATTEMPTS = 4;
const RETRY_BACKOFF_MS = 100;

const TRANSACTION_TIMEOUT_MS = 60 * 60 * 1000;

export async function removeImportBatch(
  prisma: PrismaClient,
  batchId: number,
  options: { dryRun?: boolean; waitMs?: number } = {},
): Promise<BatchRemoval> {
  if (options.dryRun === true) return previewBatchRemoval(prisma, batchId);
  const waitMs = Math.max(1, Math.round(options.waitMs ?? removalLockWaitMs()));
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(
        async (tx) => {
          // the app's connections cancel reads after STATEMENT_TIMEOUT_MS (lib/db/query-timeout.ts);
          // a removal must finish once started (a 1M-answer batch takes longer than a read's budget)
          await tx.$executeRaw`SELECT set_config('statement_timeout', '0', true)`;
          await lockOutImports(tx, batchId, waitMs);
          return removeInTransaction(tx, batchId);
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
      );
    } catch (error) {
      if (error instanceof RemovalBusyError || !isConcurrencyConflict(error)) throw error;
      if (attempt >= REMOVAL_ATTEMPTS) throw new RemovalBusyError(batchId, "conflicts");
      await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random())));
    }
  }
}

/** Takes the imports-and-removals lock exclusively, waiting at most `waitMs` for running imports. */
async function lockOutImports(tx: Tx, batchId: number, waitMs: number): Promise<void> {
  const { previous } = await queryRow(
    tx,
    "lockOutImports",
    z.strictObject({ previous: z.string() }),
    Prisma.sql`SELECT current_setting('lock_timeout') AS previous`,
  );
  await tx.$executeRaw`SELECT set_config('lock_timeout', ${`${waitMs}ms`}, true)`;
  try {
    await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${IMPORTS_AND_REMOVALS_LOCK[0]}::int, ${IMPORTS_AND_REMOVALS_LOCK[1]}::int)`;
  } catch (error) {
    // 55P03 lock_not_available: imports kept the lock for all of waitMs
    if (sqlStateOf(error) === "55P03") throw new RemovalBusyError(batchId, "imports");
    throw error;
  }
  // the removal's own statements wait as they did before
  await tx.$executeRaw`SELECT set_config('lock_timeout', ${previous}, true)`;
}

const idRow = z.strictObject({ id: int4 });
const nameRow = z.strictObject({ name: z.string() });
const idsOf = (rows: { id: number }[]) => rows.map((row) => row.id);

const ownedNameRow = z.strictObject({ name: z.string(), removed: z.boolean() });

const removalPreviewRow = z.strictObject({
  fileName: z.string(),
  format: z.string(),
  answers: int4,
  judgeScores: int4,
  questionsOwned: int4,
  questionsRemoved: int4,
  questionNames: z.array(z.string()),
  sets: z.array(ownedNameRow),
  models: z.array(ownedNameRow),
  groups: z.array(ownedNameRow),
});
const sortedNames = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));

/**
 * What removeImportBatch would remove, computed with reads only (no deletes, no locks). One
 * statement, so every count comes from one snapshot. Each CTE mirrors a step of
 * removeInTransaction: the owned rows are selected by the same conditions, and "nothing else uses
 * it" is read as "used by nothing outside this batch's answers" (resp. outside the rows removed
 * before it: questions before sets, models before groups) instead of being tested after deleting.
 */
export async function previewBatchRemoval(db: PrismaClient | Tx, batchId: number): Promise<BatchRemoval> {
  const rows = await queryRows(
    db,
    "previewBatchRemoval",
    removalPreviewRow,
    Prisma.sql`
    WITH batch AS (
      SELECT id, file_name, format, format = ${DEMO_BATCH_FORMAT} AS demo FROM import_batch WHERE id = ${batchId}::int
    ),
    owned_models AS (
      SELECT m.id, m.name FROM model m, batch b
      WHERE m.created_by_batch_id = b.id
         OR (b.demo AND m.id IN (SELECT DISTINCT model_id FROM answer WHERE batch_id = b.id))
    ),
    owned_groups AS (
      SELECT g.id, g.name FROM model_group g, batch b
      WHERE g.created_by_batch_id = b.id
         OR (b.demo AND g.id IN (SELECT group_id FROM model WHERE id IN (SELECT id FROM owned_models)))
    ),
    owned_sets AS (
      SELECT s.id, s.name FROM question_set s, batch b WHERE s.created_by_batch_id = b.id OR (b.demo AND s.is_demo)
    ),
    owned_questions AS (
      SELECT q.id, q.set_id FROM question q, batch b
      WHERE q.created_by_batch_id = b.id OR (b.demo AND q.set_id IN (SELECT id FROM owned_sets))
    ),
    removed_questions AS (
      SELECT q.id, s.name || '/' || q.external_id AS name
      FROM owned_questions oq JOIN question q ON q.id = oq.id JOIN question_set s ON s.id = q.set_id
      WHERE NOT EXISTS (SELECT 1 FROM answer a WHERE a.question_id = q.id AND a.batch_id <> ${batchId}::int)
    ),
    removed_models AS (
      SELECT om.id FROM owned_models om
      WHERE NOT EXISTS (SELECT 1 FROM answer a WHERE a.model_id = om.id AND a.batch_id <> ${batchId}::int)
    )
    SELECT
      b.file_name AS "fileName",
      b.format,
      (SELECT count(*)::int FROM answer WHERE batch_id = b.id) AS answers,
      -- the scores on the batch's answers, and a judge-scores import's own scores on other batches' answers
      (SELECT count(*)::int FROM judge_score s JOIN answer a ON a.id = s.answer_id WHERE a.batch_id = b.id)
        + (SELECT count(*)::int FROM answer_judge_score j WHERE j.batch_id = b.id) AS "judgeScores",
      (SELECT count(*)::int FROM owned_questions) AS "questionsOwned",
      (SELECT count(*)::int FROM removed_questions) AS "questionsRemoved",
      -- all names (sorted and cut in JS with the same collation as the real removal's report)
      (SELECT coalesce(array_agg(name), '{}') FROM removed_questions) AS "questionNames",
      (SELECT coalesce(json_agg(json_build_object('name', os.name, 'removed', NOT EXISTS (
          SELECT 1 FROM question q WHERE q.set_id = os.id AND q.id NOT IN (SELECT id FROM removed_questions)))), '[]')
        FROM owned_sets os) AS sets,
      (SELECT coalesce(json_agg(json_build_object('name', om.name, 'removed', om.id IN (SELECT id FROM removed_models))), '[]')
        FROM owned_models om) AS models,
      (SELECT coalesce(json_agg(json_build_object('name', og.name, 'removed', NOT EXISTS (
          SELECT 1 FROM model m WHERE m.group_id = og.id AND m.id NOT IN (SELECT id FROM removed_models)))), '[]')
        FROM owned_groups og) AS groups
    FROM batch b`,
  );
  const row = rows[0];
  if (!row) throw new BatchNotFoundError(batchId);
  const split = (items: { name: string; removed: boolean }[]): KeptAndRemoved => ({
    removed: sortedNames(items.filter((item) => item.removed).map((item) => item.name)),
    kept: sortedNames(items.filter((item) => !item.removed).map((item) => item.name)),
  });
  return {
    batchId,
    fileName: row.fileName,
    format: row.format,
    answers: row.answers,
    judgeScores: row.judgeScores,
    questions: {
      removed: row.questionsRemoved,
      kept: row.questionsOwned - row.questionsRemoved,
      removedNames: sortedNames(row.questionNames).slice(0, LISTED_QUESTIONS),
    },
    questionSets: split(row.sets),
    models: split(row.models),
    groups: split(row.groups),
    dryRun: true,
  };
}

async function removeInTransaction(tx: Tx, batchId: number): Promise<BatchRemoval> {
  // FOR UPDATE: two removals of the same batch run one after the other; the second finds nothing
  const batches = await queryRows(
    tx,
    "removeInTransaction batch",
    z.strictObject({ id: int4, fileName: z.string(), format: z.string() }),
    Prisma.sql`SELECT id, file_name AS "fileName", format FROM import_batch WHERE id = ${batchId}::int FOR UPDATE`,
  );
  const batch = batches[0];
  if (!batch) throw new BatchNotFoundError(batchId);
  const demo = batch.format === DEMO_BATCH_FORMAT;

  // What the batch owns, collected before anything is deleted.
  const ownedModels = idsOf(
    await queryRows(
      tx,
      "removeInTransaction ownedModels",
      idRow,
      Prisma.sql`
      SELECT id FROM model WHERE created_by_batch_id = ${batchId}::int
         OR (${demo}::boolean AND id IN (SELECT DISTINCT model_id FROM answer WHERE batch_id = ${batchId}::int))`,
    ),
  );
  const ownedGroups = idsOf(
    await queryRows(
      tx,
      "removeInTransaction ownedGroups",
      idRow,
      Prisma.sql`
      SELECT id FROM model_group WHERE created_by_batch_id = ${batchId}::int
         OR (${demo}::boolean AND id IN (SELECT group_id FROM model WHERE id = ANY(${ownedModels}::int[])))`,
    ),
  );
  const ownedSets = idsOf(
    await queryRows(
      tx,
      "removeInTransaction ownedSets",
      idRow,
      Prisma.sql`
      SELECT id FROM question_set WHERE created_by_batch_id = ${batchId}::int OR (${demo}::boolean AND is_demo)`,
    ),
  );
  const ownedQuestions = idsOf(
    await queryRows(
      tx,
      "removeInTransaction ownedQuestions",
      idRow,
      Prisma.sql`
      SELECT id FROM question WHERE created_by_batch_id = ${batchId}::int
         OR (${demo}::boolean AND set_id = ANY(${ownedSets}::int[]))`,
    ),
  );

  const { count: judgeScores } = await queryRow(
    tx,
    "removeInTransaction judge scores",
    z.strictObject({ count: int4 }),
    Prisma.sql`
    SELECT ((SELECT count(*) FROM judge_score s JOIN answer a ON a.id = s.answer_id WHERE a.batch_id = ${batchId}::int)
          + (SELECT count(*) FROM answer_judge_score j WHERE j.batch_id = ${batchId}::int))::int AS count`,
  );
  // Each removed answer's public id is kept with the batch's file name, so its permalink can say
  // "removed on <date> with the import of <file>": one statement with the delete (a re-removal after a
  // re-import of the same content moves the record to the latest removal).
  const answers = await tx.$executeRaw`
    WITH removed AS (DELETE FROM answer WHERE batch_id = ${batchId}::int RETURNING public_id)
    INSERT INTO removed_answer (public_id, batch_id, batch_file_name)
    SELECT public_id, ${batchId}::int, ${batch.fileName} FROM removed
    ON CONFLICT (public_id) DO UPDATE
      SET batch_id = EXCLUDED.batch_id, batch_file_name = EXCLUDED.batch_file_name, removed_at = EXCLUDED.removed_at`;

  const removedQuestions = await queryRows(
    tx,
    "removeInTransaction removedQuestions",
    nameRow,
    Prisma.sql`
    DELETE FROM question q USING question_set s
    WHERE s.id = q.set_id AND q.id = ANY(${ownedQuestions}::int[])
      AND NOT EXISTS (SELECT 1 FROM answer a WHERE a.question_id = q.id)
    RETURNING s.name || '/' || q.external_id AS name`,
  );
  const removedSets = await queryRows(
    tx,
    "removeInTransaction removedSets",
    nameRow,
    Prisma.sql`
    DELETE FROM question_set s WHERE s.id = ANY(${ownedSets}::int[])
      AND NOT EXISTS (SELECT 1 FROM question q WHERE q.set_id = s.id)
    RETURNING s.name`,
  );
  const removedModels = await queryRows(
    tx,
    "removeInTransaction removedModels",
    nameRow,
    Prisma.sql`
    DELETE FROM model m WHERE m.id = ANY(${ownedModels}::int[])
      AND NOT EXISTS (SELECT 1 FROM answer a WHERE a.model_id = m.id)
    RETURNING m.name`,
  );
  const removedGroups = await queryRows(
    tx,
    "removeInTransaction removedGroups",
    nameRow,
    Prisma.sql`
    DELETE FROM model_group g WHERE g.id = ANY(${ownedGroups}::int[])
      AND NOT EXISTS (SELECT 1 FROM model m WHERE m.group_id = g.id)
    RETURNING g.name`,
  );

  // Survivors pass to the oldest batch that still uses them (NULL when none does).
  const keptQuestions = await tx.$executeRaw`
    UPDATE question q SET created_by_batch_id = (SELECT min(a.batch_id) FROM answer a WHERE a.question_id = q.id)
    WHERE q.id = ANY(${ownedQuestions}::int[])`;
  const keptModels = await queryRows(
    tx,
    "removeInTransaction keptModels",
    nameRow,
    Prisma.sql`
    UPDATE model m SET created_by_batch_id = (SELECT min(a.batch_id) FROM answer a WHERE a.model_id = m.id)
    WHERE m.id = ANY(${ownedModels}::int[]) RETURNING m.name`,
  );
  const keptSets = await queryRows(
    tx,
    "removeInTransaction keptSets",
    nameRow,
    Prisma.sql`
    UPDATE question_set s SET created_by_batch_id = (SELECT min(q.created_by_batch_id) FROM question q WHERE q.set_id = s.id)
    WHERE s.id = ANY(${ownedSets}::int[]) RETURNING s.name`,
  );
  const keptGroups = await queryRows(
    tx,
    "removeInTransaction keptGroups",
    nameRow,
    Prisma.sql`
    UPDATE model_group g SET created_by_batch_id = (SELECT min(m.created_by_batch_id) FROM model m WHERE m.group_id = g.id)
    WHERE g.id = ANY(${ownedGroups}::int[]) RETURNING g.name`,
  );

  await tx.$executeRaw`DELETE FROM import_batch WHERE id = ${batchId}::int`;

  const names = (rows: { name: string }[]) => rows.map((row) => row.name).sort((a, b) => a.localeCompare(b));
  return {
    batchId,
    fileName: batch.fileName,
    format: batch.format,
    answers,
    judgeScores,
    questions: {
      removed: removedQuestions.length,
      kept: keptQuestions,
      removedNames: names(removedQuestions).slice(0, LISTED_QUESTIONS),
    },
    questionSets: { removed: names(removedSets), kept: names(keptSets) },
    models: { removed: names(removedModels), kept: names(keptModels) },
    groups: { removed: names(removedGroups), kept: names(keptGroups) },
    dryRun: false,
  };
}
