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
// A dry run performs the removal and rolls it back: the confirmation step shows exactly what the
// real removal will do.
//
// A removal runs alone: it first takes the imports-and-removals lock exclusively (lib/import/locks.ts),
// waiting up to `waitMs` (REMOVAL_LOCK_WAIT_MS, 30 s) for running imports to commit, then giving up
// with RemovalBusyError (the routes answer 503: try again later).
// A deadlock or serialization failure with anything else is retried a few times.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEMO_BATCH_FORMAT } from "@/lib/demo/generate";
import type { Prisma } from "@/lib/generated/prisma/client";
import { IMPORTS_AND_REMOVALS_LOCK, isConcurrencyConflict, sqlStateOf } from "./locks";

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

class DryRunRollback extends Error {
  constructor(readonly result: BatchRemoval) {
    super("dry run: rolled back");
  }
}

const TRANSACTION_TIMEOUT_MS = 60 * 60 * 1000;

export async function removeImportBatch(
  prisma: PrismaClient,
  batchId: number,
  options: { dryRun?: boolean; waitMs?: number } = {},
): Promise<BatchRemoval> {
  const dryRun = options.dryRun === true;
  const waitMs = Math.max(1, Math.round(options.waitMs ?? removalLockWaitMs()));
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(
        async (tx) => {
          await lockOutImports(tx, batchId, waitMs);
          const result = await removeInTransaction(tx, batchId, dryRun);
          if (dryRun) throw new DryRunRollback(result);
          return result;
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
      );
    } catch (error) {
      if (error instanceof DryRunRollback) return error.result;
      if (error instanceof RemovalBusyError || !isConcurrencyConflict(error)) throw error;
      if (attempt >= REMOVAL_ATTEMPTS) throw new RemovalBusyError(batchId, "conflicts");
      await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random())));
    }
  }
}

/** Takes the imports-and-removals lock exclusively, waiting at most `waitMs` for running imports. */
async function lockOutImports(tx: Tx, batchId: number, waitMs: number): Promise<void> {
  const [{ previous }] = await tx.$queryRaw<{ previous: string }[]>`SELECT current_setting('lock_timeout') AS previous`;
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

const idsOf = (rows: { id: number }[]) => rows.map((row) => row.id);

async function removeInTransaction(tx: Tx, batchId: number, dryRun: boolean): Promise<BatchRemoval> {
  // FOR UPDATE: two removals of the same batch run one after the other; the second finds nothing
  const batches = await tx.$queryRaw<{ id: number; file_name: string; format: string }[]>`
    SELECT id, file_name, format FROM import_batch WHERE id = ${batchId}::int FOR UPDATE`;
  const batch = batches[0];
  if (!batch) throw new BatchNotFoundError(batchId);
  const demo = batch.format === DEMO_BATCH_FORMAT;

  // What the batch owns, collected before anything is deleted.
  const ownedModels = idsOf(
    await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM model WHERE created_by_batch_id = ${batchId}::int
         OR (${demo}::boolean AND id IN (SELECT DISTINCT model_id FROM answer WHERE batch_id = ${batchId}::int))`,
  );
  const ownedGroups = idsOf(
    await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM model_group WHERE created_by_batch_id = ${batchId}::int
         OR (${demo}::boolean AND id IN (SELECT group_id FROM model WHERE id = ANY(${ownedModels}::int[])))`,
  );
  const ownedSets = idsOf(
    await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM question_set WHERE created_by_batch_id = ${batchId}::int OR (${demo}::boolean AND is_demo)`,
  );
  const ownedQuestions = idsOf(
    await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM question WHERE created_by_batch_id = ${batchId}::int
         OR (${demo}::boolean AND set_id = ANY(${ownedSets}::int[]))`,
  );

  const scoreCount = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM judge_score s JOIN answer a ON a.id = s.answer_id WHERE a.batch_id = ${batchId}::int`;
  const answers = await tx.$executeRaw`DELETE FROM answer WHERE batch_id = ${batchId}::int`;

  const removedQuestions = await tx.$queryRaw<{ name: string }[]>`
    DELETE FROM question q USING question_set s
    WHERE s.id = q.set_id AND q.id = ANY(${ownedQuestions}::int[])
      AND NOT EXISTS (SELECT 1 FROM answer a WHERE a.question_id = q.id)
    RETURNING s.name || '/' || q.external_id AS name`;
  const removedSets = await tx.$queryRaw<{ name: string }[]>`
    DELETE FROM question_set s WHERE s.id = ANY(${ownedSets}::int[])
      AND NOT EXISTS (SELECT 1 FROM question q WHERE q.set_id = s.id)
    RETURNING s.name`;
  const removedModels = await tx.$queryRaw<{ name: string }[]>`
    DELETE FROM model m WHERE m.id = ANY(${ownedModels}::int[])
      AND NOT EXISTS (SELECT 1 FROM answer a WHERE a.model_id = m.id)
    RETURNING m.name`;
  const removedGroups = await tx.$queryRaw<{ name: string }[]>`
    DELETE FROM model_group g WHERE g.id = ANY(${ownedGroups}::int[])
      AND NOT EXISTS (SELECT 1 FROM model m WHERE m.group_id = g.id)
    RETURNING g.name`;

  // Survivors pass to the oldest batch that still uses them (NULL when none does).
  const keptQuestions = await tx.$executeRaw`
    UPDATE question q SET created_by_batch_id = (SELECT min(a.batch_id) FROM answer a WHERE a.question_id = q.id)
    WHERE q.id = ANY(${ownedQuestions}::int[])`;
  const keptModels = await tx.$queryRaw<{ name: string }[]>`
    UPDATE model m SET created_by_batch_id = (SELECT min(a.batch_id) FROM answer a WHERE a.model_id = m.id)
    WHERE m.id = ANY(${ownedModels}::int[]) RETURNING m.name`;
  const keptSets = await tx.$queryRaw<{ name: string }[]>`
    UPDATE question_set s SET created_by_batch_id = (SELECT min(q.created_by_batch_id) FROM question q WHERE q.set_id = s.id)
    WHERE s.id = ANY(${ownedSets}::int[]) RETURNING s.name`;
  const keptGroups = await tx.$queryRaw<{ name: string }[]>`
    UPDATE model_group g SET created_by_batch_id = (SELECT min(m.created_by_batch_id) FROM model m WHERE m.group_id = g.id)
    WHERE g.id = ANY(${ownedGroups}::int[]) RETURNING g.name`;

  await tx.$executeRaw`DELETE FROM import_batch WHERE id = ${batchId}::int`;

  const names = (rows: { name: string }[]) => rows.map((row) => row.name).sort((a, b) => a.localeCompare(b));
  return {
    batchId,
    fileName: batch.file_name,
    format: batch.format,
    answers,
    judgeScores: scoreCount[0].count,
    questions: {
      removed: removedQuestions.length,
      kept: keptQuestions,
      removedNames: names(removedQuestions).slice(0, LISTED_QUESTIONS),
    },
    questionSets: { removed: names(removedSets), kept: names(keptSets) },
    models: { removed: names(removedModels), kept: names(keptModels) },
    groups: { removed: names(removedGroups), kept: names(keptGroups) },
    dryRun,
  };
}
