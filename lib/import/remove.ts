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
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEMO_BATCH_FORMAT } from "@/lib/demo/generate";
import type { Prisma } from "@/lib/generated/prisma/client";

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

class DryRunRollback extends Error {
  constructor(readonly result: BatchRemoval) {
    super("dry run: rolled back");
  }
}

const TRANSACTION_TIMEOUT_MS = 60 * 60 * 1000;

export async function removeImportBatch(
  prisma: PrismaClient,
  batchId: number,
  options: { dryRun?: boolean } = {},
): Promise<BatchRemoval> {
  const dryRun = options.dryRun === true;
  try {
    return await prisma.$transaction(
      async (tx) => {
        const result = await removeInTransaction(tx, batchId, dryRun);
        if (dryRun) throw new DryRunRollback(result);
        return result;
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
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
