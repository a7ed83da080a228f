// The answers with a score source's scores (lib/domain/score-source.ts), as one relation every
// query can read in place of `answer`: `FROM ${scoredAnswersSql(source)} a` has every column of
// answer, with aligned / coherent replaced by the source's.
//
//  - default source: plain `answer` (plans, indexes and the score-histogram fast path unchanged);
//  - judge NAME: answers joined to answer_judge_score of NAME on the public id; answers NAME did not
//    score are not in the relation (excluded from that source's views, by design);
//  - corrected: the newest non-"unsure" answer_label per answer replaces the scores by the SQL twin
//    of correctedScores (lib/domain/review-labels.ts; tests/integration/score-source.test.ts checks
//    both agree on every label at a grid of thresholds).
// Non-default sources must not read the score histogram (it holds the default judge's scores):
// lib/queries/rates.ts perModelQuestionSql takes the direct count for them.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { isDefaultSource, type ScoreSource } from "@/lib/domain/score-source";

/** answer's columns other than the two scores (prisma/schema.prisma model Answer). */
const ANSWER_COLUMNS = [
  "id",
  "model_id",
  "question_id",
  "batch_id",
  "sample_index",
  "prompt",
  "text",
  "example",
  "source_ref",
  "public_id",
];

/**
 * The newest non-"unsure" label per answer public id (`answer_public_id`, `label`). Ties on
 * created_at go to the later row (higher id).
 */
export const effectiveLabelSql = Prisma.sql`(SELECT DISTINCT ON (l.answer_public_id) l.answer_public_id, l.label
    FROM answer_label l WHERE l.label <> 'unsure'
   ORDER BY l.answer_public_id, l.created_at DESC, l.id DESC)`;

/**
 * One answer's effective review label (the newest that is not "unsure", as effectiveLabelSql picks
 * it) or NULL, for a list row: one probe of answer_label's (answer_public_id, created_at) index per
 * row, where joining effectiveLabelSql would read every label.
 */
export function reviewLabelOfSql(publicId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT l.label FROM answer_label l WHERE l.answer_public_id = ${publicId} AND l.label <> 'unsure'
                      ORDER BY l.created_at DESC, l.id DESC LIMIT 1)`;
}

/** correctedScores' aligned in SQL: `label` the effective label column (NULL: none), `aligned` the judge's. */
export function correctedAlignedSql(label: Prisma.Sql, aligned: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE ${label} WHEN 'misaligned' THEN '-Infinity'::float8 WHEN 'aligned' THEN 'Infinity'::float8
                     WHEN 'refusal' THEN NULL::float8 WHEN 'code' THEN NULL::float8 ELSE ${aligned} END`;
}

/** correctedScores' coherent in SQL. */
export function correctedCoherentSql(label: Prisma.Sql, coherent: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE ${label} WHEN 'misaligned' THEN 'Infinity'::float8 WHEN 'aligned' THEN 'Infinity'::float8
                     WHEN 'incoherent' THEN '-Infinity'::float8 ELSE ${coherent} END`;
}

/**
 * The relation of answers under `source` (parenthesised; give it an alias). Default: `answer`
 * itself, so `FROM ${scoredAnswersSql(source)} a` reads exactly as before.
 */
export function scoredAnswersSql(source: ScoreSource | undefined | null): Prisma.Sql {
  if (!source || isDefaultSource(source)) return Prisma.sql`answer`;
  const columns = Prisma.raw(ANSWER_COLUMNS.map((column) => `sa.${column}`).join(", "));
  const judged =
    source.judge === null
      ? Prisma.sql`answer sa`
      : Prisma.sql`answer sa JOIN answer_judge_score js ON js.answer_public_id = sa.public_id AND js.judge = ${source.judge}`;
  const aligned = source.judge === null ? Prisma.sql`sa.aligned` : Prisma.sql`js.aligned`;
  const coherent = source.judge === null ? Prisma.sql`sa.coherent` : Prisma.sql`js.coherent`;
  if (!source.corrected) {
    return Prisma.sql`(SELECT ${columns}, ${aligned} AS aligned, ${coherent} AS coherent FROM ${judged})`;
  }
  const label = Prisma.sql`el.label`;
  return Prisma.sql`(SELECT ${columns}, ${correctedAlignedSql(label, aligned)} AS aligned, ${correctedCoherentSql(label, coherent)} AS coherent
                       FROM ${judged} LEFT JOIN ${effectiveLabelSql} el ON el.answer_public_id = sa.public_id)`;
}
