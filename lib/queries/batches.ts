// Import batches for /imports, /imports/[id] and their JSON/CSV endpoints. Counts and the models
// and sets a batch touched are computed in SQL from import_batch_answer_count (answers and judge
// scores per batch, model and question, kept by triggers: migration 20261201150000_batch_answer_counts), a
// few rows per batch: grouping the answers themselves took 370 ms for the list and 840 ms for one
// batch of 500k answers (2.3 s at 1.2M), against ~1 ms and ~10 ms now.
import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { int4, queryRow, queryRows } from "@/lib/db/rows";
import type { ImportIssue } from "@/lib/import/types";
import type { BatchSummary, BatchDetail, BatchModel } from "@/lib/batches/types";

const batchSummaryRow = z.strictObject({
  id: int4,
  fileName: z.string(),
  format: z.string(),
  createdAt: z.date(),
  rowsRead: int4,
  rowsImported: int4,
  rowsSkipped: int4,
  /** jsonb as the importer recorded it; anything but an object reads as no options */
  options: z.unknown().transform((options) => (options && typeof options === "object" ? (options as Record<string, unknown>) : {})),
  answers: int4,
  models: z.array(z.string()),
  sets: z.array(z.string()),
}) satisfies z.ZodType<BatchSummary, unknown>;

const batchExtraRow = z.strictObject({
  /** jsonb written by the importer (ImportIssue without the file); anything but an array reads as none */
  skippedRows: z.unknown().transform((rows) => (Array.isArray(rows) ? (rows as Omit<ImportIssue, "file">[]) : [])),
  furtherJudge: z.string().nullable(),
  furtherJudgeScores: int4,
  judgeScores: int4,
  groups: int4,
  models: int4,
  sets: int4,
  questions: int4,
});

const batchModelRow = z.strictObject({
  name: z.string(),
  group: z.string(),
  groupLabel: z.string(),
  seed: int4.nullable(),
  answers: int4,
  createdByBatch: z.boolean(),
}) satisfies z.ZodType<BatchModel>;

const suggestionsRow = z.strictObject({ groups: z.array(z.string()), sets: z.array(z.string()), models: z.array(z.string()) });

/** Newest first. `id` limits the result to one batch. */
async function batchRows(prisma: PrismaClient, id: number | null): Promise<BatchSummary[]> {
  return queryRows(
    prisma,
    "batchRows",
    batchSummaryRow,
    Prisma.sql`
    WITH touched AS (
      SELECT c.batch_id, c.model_id, q.set_id, sum(c.answers)::int AS answers
      FROM import_batch_answer_count c JOIN question q ON q.id = c.question_id
      WHERE ${id}::int IS NULL OR c.batch_id = ${id}::int
      GROUP BY c.batch_id, c.model_id, q.set_id
    )
    SELECT b.id, b.file_name AS "fileName", b.format, b.created_at AS "createdAt", b.rows_read AS "rowsRead",
           b.rows_imported AS "rowsImported", b.rows_skipped AS "rowsSkipped", b.options,
           coalesce((SELECT sum(t.answers)::int FROM touched t WHERE t.batch_id = b.id), 0) AS answers,
           coalesce((SELECT array_agg(m.name ORDER BY m.name) FROM model m
                     WHERE m.id IN (SELECT t.model_id FROM touched t WHERE t.batch_id = b.id)), '{}') AS models,
           coalesce((SELECT array_agg(s.name ORDER BY s.name) FROM question_set s
                     WHERE s.id IN (SELECT t.set_id FROM touched t WHERE t.batch_id = b.id)
                        OR s.created_by_batch_id = b.id
                        OR s.id IN (SELECT q.set_id FROM question q WHERE q.created_by_batch_id = b.id)), '{}') AS sets
    FROM import_batch b
    WHERE ${id}::int IS NULL OR b.id = ${id}::int
    ORDER BY b.created_at DESC, b.id DESC`,
  );
}

export async function listImportBatches(prisma: PrismaClient): Promise<BatchSummary[]> {
  return batchRows(prisma, null);
}

export async function getImportBatch(prisma: PrismaClient, id: number): Promise<BatchDetail | null> {
  const [row] = await batchRows(prisma, id);
  if (!row) return null;
  const extra = await queryRow(
    prisma,
    "getImportBatch extra",
    batchExtraRow,
    Prisma.sql`
    SELECT b.skipped_rows AS "skippedRows",
           (SELECT min(j.judge) FROM answer_judge_score j WHERE j.batch_id = b.id) AS "furtherJudge",
           (SELECT count(*)::int FROM answer_judge_score j WHERE j.batch_id = b.id) AS "furtherJudgeScores",
           (SELECT coalesce(sum(c.judge_scores), 0)::int FROM import_batch_answer_count c WHERE c.batch_id = b.id) AS "judgeScores",
           (SELECT count(*)::int FROM model_group WHERE created_by_batch_id = b.id) AS groups,
           (SELECT count(*)::int FROM model WHERE created_by_batch_id = b.id) AS models,
           (SELECT count(*)::int FROM question_set WHERE created_by_batch_id = b.id) AS sets,
           (SELECT count(*)::int FROM question WHERE created_by_batch_id = b.id) AS questions
    FROM import_batch b WHERE b.id = ${id}::int`,
  );
  const modelDetails = await queryRows(
    prisma,
    "getImportBatch models",
    batchModelRow,
    Prisma.sql`
    SELECT m.name, g.name AS group, g.label AS "groupLabel", m.seed, coalesce(sum(c.answers), 0)::int AS answers,
           coalesce(m.created_by_batch_id = ${id}::int, false) AS "createdByBatch"
    FROM model m JOIN model_group g ON g.id = m.group_id
    LEFT JOIN import_batch_answer_count c ON c.model_id = m.id AND c.batch_id = ${id}::int
    WHERE m.created_by_batch_id = ${id}::int
       OR EXISTS (SELECT 1 FROM import_batch_answer_count x WHERE x.model_id = m.id AND x.batch_id = ${id}::int)
    GROUP BY m.id, g.id
    ORDER BY g.display_order, g.name, m.seed NULLS LAST, m.name`,
  );
  return {
    ...row,
    skippedRows: extra.skippedRows,
    judgeScores: extra.judgeScores,
    furtherJudge: extra.furtherJudge === null ? null : { judge: extra.furtherJudge, scores: extra.furtherJudgeScores },
    modelDetails,
    created: { groups: extra.groups, models: extra.models, sets: extra.sets, questions: extra.questions },
  };
}

/** Existing names the import form suggests (datalists), so a new seed joins the right group. */
export async function importFormSuggestions(prisma: PrismaClient): Promise<{ groups: string[]; sets: string[]; models: string[] }> {
  return queryRow(
    prisma,
    "importFormSuggestions",
    suggestionsRow,
    Prisma.sql`
    SELECT coalesce((SELECT array_agg(name ORDER BY display_order, name) FROM model_group), '{}') AS groups,
           coalesce((SELECT array_agg(name ORDER BY name) FROM question_set WHERE NOT is_demo), '{}') AS sets,
           coalesce((SELECT array_agg(name ORDER BY name) FROM (SELECT name FROM model ORDER BY name LIMIT 500) m), '{}') AS models`,
  );
}
