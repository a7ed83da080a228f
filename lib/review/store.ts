// Every write and read of review labels (issue 11, item 3), and the review queue.
//
// Labels live in answer_label, append-only and keyed by the answer's content-derived public id
// (migration 20261204100000_answer_label): a label is added only to an answer that exists now, but
// it outlives the answer's batch, and a re-import of the same file shows it again on the new row.
// Reads are cached per data version like every view; the table's statement trigger moves the
// version on every insert.
//
// The queue's priority, in SQL (documented on /review and in QUEUE_PRIORITY_TEXT): an answer is in
// the queue when at least one reason holds, and its priority is the sum of
//   threshold proximity  1 - d / 5 for the nearer of d = |aligned - A| and |coherent - C|, when d < 5
//                        (0.5 points from a threshold: 0.9; 4.5 points: 0.1);
//   judge entropy        min(bits, 2) / 2 when the larger entropy of the aligned and coherent token
//                        distributions is at least 1 bit (an even split of two tokens: 0.5; 2 bits: 1);
//   reviewers disagree   1 when two reviewers' current labels (each one's newest, "unsure" aside) differ;
//   judges disagree      1 when another judge's verdict (answer_judge_score) differs from the
//                        default judge's at the queue's thresholds (the one rule: lib/db/rate-rule.ts);
// rounded to 6 decimals so the keyset cursor (priority:id) compares exactly; ties by answer id.
import "server-only";
import type { ReviewerIdentity } from "@/lib/auth/reviewer";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { misalignedSql } from "@/lib/db/rate-rule";
import { isReviewLabel, REVIEW_LABELS, type ReviewLabel } from "@/lib/domain/review-labels";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRows } from "@/lib/db/rows";
import { ALL_BASE_MODELS, UNKNOWN_BASE_MODEL } from "@/lib/params/method";
import type { Thresholds } from "@/lib/stats/misalignment";
import {
  QUEUE_ENTROPY_BITS,
  QUEUE_NEAR_POINTS,
  reviewOf,
  type AddLabelBody,
  type AnswerLabelEntry,
  type AnswerReview,
  type QueueItem,
  type QueuePage,
} from "./types";

/** A label for an answer that is not here (never imported, or removed with its batch). */
export class LabelAnswerNotFoundError extends Error {
  constructor(publicId: string, removed: { batchFileName: string; removedAt: Date } | null) {
    super(
      removed
        ? `Answer ${publicId} was removed on ${removed.removedAt.toISOString().slice(0, 10)} with the import of ${removed.batchFileName}; ` +
            "a label needs the answer to be here. Its earlier labels are kept and come back when that file is imported again."
        : `There is no answer ${publicId} to label.`,
    );
    this.name = "LabelAnswerNotFoundError";
  }
}

/** An answer_label row; the table's CHECK constraint holds the vocabulary (another label would be a schema change). */
const labelEntryRow = z.strictObject({
  id: int4,
  answerPublicId: z.string(),
  label: z.enum(REVIEW_LABELS),
  reason: z.string().nullable(),
  reviewer: z.string(),
  createdAt: z.date().transform((date) => date.toISOString()),
}) satisfies z.ZodType<AnswerLabelEntry, unknown>;

/**
 * Adds one label by one reviewer. The answer must exist now (by public id): a label on a removed or
 * unknown answer throws LabelAnswerNotFoundError and writes nothing. The existence check and the
 * insert are one statement, so a removal between them cannot leave a label on a missing answer.
 */
export async function addLabel(
  prisma: PrismaClient,
  reviewer: ReviewerIdentity,
  publicId: string,
  body: AddLabelBody,
): Promise<AnswerLabelEntry> {
  const rows = await queryRows(
    prisma,
    "addLabel",
    labelEntryRow,
    Prisma.sql`
    INSERT INTO answer_label (answer_public_id, reviewer_id, label, reason)
    SELECT a.public_id, ${reviewer.id}::int, ${body.label}, ${body.reason}
    FROM answer a WHERE a.public_id = ${publicId}
    RETURNING id, answer_public_id AS "answerPublicId", label, reason, ${reviewer.name}::text AS reviewer, created_at AS "createdAt"`,
  );
  const [row] = rows;
  if (!row) {
    const removed = await prisma.removedAnswer.findUnique({ where: { publicId } });
    throw new LabelAnswerNotFoundError(publicId, removed);
  }
  return row;
}

/** Every label on an answer (present or removed), newest first, with each reviewer's current one and the verdict. */
export const answerReview = cachedPerDataVersion(
  "answerReview",
  async function answerReview(prisma: PrismaClient, publicId: string): Promise<AnswerReview> {
    const rows = await queryRows(
      prisma,
      "answerReview",
      labelEntryRow,
      Prisma.sql`
      SELECT l.id, l.answer_public_id AS "answerPublicId", l.label, l.reason, r.name AS reviewer, l.created_at AS "createdAt"
      FROM answer_label l JOIN reviewer r ON r.id = l.reviewer_id
      WHERE l.answer_public_id = ${publicId}
      ORDER BY l.created_at DESC, l.id DESC`,
    );
    return reviewOf(rows);
  },
);

/**
 * The Shannon entropy in bits of a judge_score.distribution (a JSON object token -> probability),
 * renormalised over its numeric entries: the SQL twin of judgeEntropyBits
 * (lib/answers/judge-score.ts; a test runs both over every stored distribution). Uses
 * H = ln T - (sum p ln p) / T for total T, divided by ln 2; NULL for no probability mass.
 */
export function judgeEntropySql(distribution: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    SELECT CASE WHEN sum(d.p) > 0
      THEN greatest((ln(sum(d.p)) - coalesce(sum(d.p * ln(d.p)) FILTER (WHERE d.p > 0), 0) / sum(d.p)) / ln(2), 0)
    END
    FROM (
      SELECT (e.value #>> '{}')::float8 AS p
      FROM jsonb_each(CASE WHEN jsonb_typeof(${distribution}) = 'object' THEN ${distribution} END) e
      WHERE jsonb_typeof(e.value) = 'number'
    ) d)`;
}

export interface QueueQuery {
  set?: string;
  question?: string;
  group?: string;
  /** base model scope: a name, "unknown" (none) or "all"/absent (every model) */
  base?: string;
  thresholds: Thresholds;
  /** only answers no reviewer has labelled yet */
  unlabelled: boolean;
  cursor?: { value: number | null; id: number };
  limit: number;
}

const queueRow = z.strictObject({
  id: int4,
  publicId: z.string(),
  aligned: float8.nullable(),
  coherent: float8.nullable(),
  question: z.string(),
  set: z.string(),
  model: z.string(),
  group: z.string(),
  groupLabel: z.string(),
  groupColor: z.string(),
  preview: z.string(),
  priority: float8,
  alignedDistance: float8.nullable(),
  coherentDistance: float8.nullable(),
  entropyBits: float8.nullable(),
  entropyMetric: z.string().nullable(),
  reviewersDisagree: z.boolean(),
  judges: z.array(z.string()).nullable(),
  labels: int4,
  verdict: z.string().nullable(),
  reviewers: z.array(z.string()),
});

const float = (value: number) => Prisma.sql`${String(value)}::float8`;

/** One page of the review queue, most worth a look first (the priority above). */
export const reviewQueue = cachedPerDataVersion(
  "reviewQueue",
  async function reviewQueue(prisma: PrismaClient, query: QueueQuery): Promise<QueuePage> {
    const { thresholds } = query;
    const conditions: Prisma.Sql[] = [Prisma.sql`NOT a.example`];
    if (query.set !== undefined) conditions.push(Prisma.sql`s.name = ${query.set}`);
    if (query.question !== undefined) conditions.push(Prisma.sql`q.external_id = ${query.question}`);
    if (query.group !== undefined) conditions.push(Prisma.sql`g.name = ${query.group}`);
    if (query.base === UNKNOWN_BASE_MODEL) conditions.push(Prisma.sql`m.base_model IS NULL`);
    else if (query.base !== undefined && query.base !== ALL_BASE_MODELS) conditions.push(Prisma.sql`m.base_model = ${query.base}`);
    if (query.unlabelled) conditions.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM answer_label l WHERE l.answer_public_id = a.public_id)`);
    const near = float(QUEUE_NEAR_POINTS);
    const entropyFloor = float(QUEUE_ENTROPY_BITS);
    const cursor = query.cursor;
    const after =
      cursor && cursor.value !== null
        ? Prisma.sql`WHERE (ranked.priority < ${float(cursor.value)} OR (ranked.priority = ${float(cursor.value)} AND ranked.id > ${cursor.id}::int))`
        : Prisma.empty;
    const rows = await queryRows(
      prisma,
      "reviewQueue",
      queueRow,
      Prisma.sql`
      WITH scoped AS (
        -- the scores and ids only: the texts and names are read for the page's rows at the end
        SELECT a.id, a.public_id, a.aligned, a.coherent
        FROM answer a
        JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
        JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
        WHERE ${Prisma.join(conditions, " AND ")}
      ),
      entropy AS (
        SELECT js.answer_id, max(h.bits) AS bits, (array_agg(js.metric ORDER BY h.bits DESC NULLS LAST))[1] AS metric
        FROM judge_score js JOIN scoped ON scoped.id = js.answer_id
        CROSS JOIN LATERAL (SELECT ${judgeEntropySql(Prisma.sql`js.distribution`)} AS bits) h
        WHERE js.metric IN ('aligned', 'coherent') AND js.distribution IS NOT NULL
        GROUP BY js.answer_id
      ),
      current_labels AS (
        SELECT DISTINCT ON (l.answer_public_id, l.reviewer_id) l.answer_public_id, l.label
        FROM answer_label l JOIN scoped ON scoped.public_id = l.answer_public_id
        ORDER BY l.answer_public_id, l.reviewer_id, l.created_at DESC, l.id DESC
      ),
      reviewer_disagreement AS (
        SELECT answer_public_id FROM current_labels WHERE label <> 'unsure'
        GROUP BY answer_public_id HAVING count(DISTINCT label) > 1
      ),
      label_summary AS (
        SELECT l.answer_public_id, count(*)::int AS labels,
               (array_agg(l.label ORDER BY l.created_at DESC, l.id DESC) FILTER (WHERE l.label <> 'unsure'))[1] AS verdict,
               array_agg(DISTINCT r.name ORDER BY r.name) AS reviewers
        FROM answer_label l JOIN scoped ON scoped.public_id = l.answer_public_id JOIN reviewer r ON r.id = l.reviewer_id
        GROUP BY l.answer_public_id
      ),
      judge_disagreement AS (
        SELECT scoped.id, array_agg(o.judge ORDER BY o.judge) AS judges
        FROM answer_judge_score o JOIN scoped ON scoped.public_id = o.answer_public_id
        WHERE coalesce(${misalignedSql("scoped", thresholds)}, false) <> coalesce(${misalignedSql("o", thresholds)}, false)
        GROUP BY scoped.id
      ),
      reasons AS (
        SELECT scoped.*,
               abs(scoped.aligned - ${float(thresholds.aligned)}) AS aligned_distance,
               abs(scoped.coherent - ${float(thresholds.coherent)}) AS coherent_distance,
               entropy.bits AS entropy_bits, entropy.metric AS entropy_metric,
               reviewer_disagreement.answer_public_id IS NOT NULL AS reviewers_disagree,
               judge_disagreement.judges,
               coalesce(label_summary.labels, 0) AS labels, label_summary.verdict,
               coalesce(label_summary.reviewers, ARRAY[]::text[]) AS reviewers
        FROM scoped
        LEFT JOIN entropy ON entropy.answer_id = scoped.id
        LEFT JOIN reviewer_disagreement ON reviewer_disagreement.answer_public_id = scoped.public_id
        LEFT JOIN judge_disagreement ON judge_disagreement.id = scoped.id
        LEFT JOIN label_summary ON label_summary.answer_public_id = scoped.public_id
      ),
      ranked AS (
        SELECT reasons.*, round((
                 greatest(CASE WHEN aligned_distance < ${near} THEN 1 - aligned_distance / ${near} ELSE 0 END,
                          CASE WHEN coherent_distance < ${near} THEN 1 - coherent_distance / ${near} ELSE 0 END)
                 + CASE WHEN entropy_bits >= ${entropyFloor} THEN least(entropy_bits, 2) / 2 ELSE 0 END
                 + CASE WHEN reviewers_disagree THEN 1 ELSE 0 END
                 + CASE WHEN judges IS NOT NULL THEN 1 ELSE 0 END
               )::numeric, 6)::float8 AS priority
        FROM reasons
        WHERE aligned_distance < ${near} OR coherent_distance < ${near} OR entropy_bits >= ${entropyFloor}
              OR reviewers_disagree OR judges IS NOT NULL
      ),
      page_rows AS (
        SELECT * FROM ranked ${after}
        ORDER BY ranked.priority DESC, ranked.id ASC
        LIMIT ${query.limit + 1}
      )
      SELECT page_rows.id, page_rows.public_id AS "publicId", page_rows.aligned, page_rows.coherent,
             q.external_id AS question, s.name AS set, m.name AS model, g.name AS group, g.label AS "groupLabel", g.color AS "groupColor",
             left(a.text, 300) AS preview, page_rows.priority,
             page_rows.aligned_distance AS "alignedDistance", page_rows.coherent_distance AS "coherentDistance",
             page_rows.entropy_bits AS "entropyBits", page_rows.entropy_metric AS "entropyMetric",
             page_rows.reviewers_disagree AS "reviewersDisagree", page_rows.judges, page_rows.labels, page_rows.verdict, page_rows.reviewers
      FROM page_rows JOIN answer a ON a.id = page_rows.id
      JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
      JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
      ORDER BY page_rows.priority DESC, page_rows.id ASC`,
    );
    const nearOrNull = (distance: number | null) => (distance !== null && distance < QUEUE_NEAR_POINTS ? distance : null);
    const items: QueueItem[] = rows
      .slice(0, query.limit)
      .map(
        ({
          alignedDistance,
          coherentDistance,
          entropyBits,
          entropyMetric,
          reviewersDisagree,
          judges,
          labels,
          verdict,
          reviewers,
          ...row
        }) => ({
          ...row,
          reasons: {
            alignedDistance: nearOrNull(alignedDistance),
            coherentDistance: nearOrNull(coherentDistance),
            entropyBits: entropyBits !== null && entropyBits >= QUEUE_ENTROPY_BITS ? entropyBits : null,
            entropyMetric: entropyBits !== null && entropyBits >= QUEUE_ENTROPY_BITS ? entropyMetric : null,
            reviewersDisagree,
            judgesDisagree: judges ?? [],
          },
          labels,
          reviewers,
          verdict: verdict !== null && isReviewLabel(verdict) ? (verdict as ReviewLabel) : null,
        }),
      );
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? { value: last.priority, id: last.id } : null };
  },
);
