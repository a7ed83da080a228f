// Every read and write of collections and their items (issue 11, item 5), in one module: items
// reference answers by answer.id today, and moving them to the content-derived public id (item 6)
// should touch this file only.
//
// An item's answer has no foreign key (migration 20261203130000_reviewers_collections): removing
// an import batch deletes its answers, and the items that collected them stay, read through a LEFT
// JOIN and shown as "answer removed". Reads are cached per data version like every view: the
// migration adds the data_version triggers to these tables, so a write moves the version.
import "server-only";
import type { ReviewerIdentity } from "@/lib/auth/reviewer";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRows } from "@/lib/db/rows";
import { furtherMetricsOf } from "@/lib/domain/judges";
import { REVIEW_LABELS } from "@/lib/domain/review-labels";
import { numberedSlug, slugify, type CreateCollectionBody, type UpdateCollectionBody } from "./schemas";
import type { AddItemResult, CollectedAnswer, CollectionDetail, CollectionItemView, CollectionSummary } from "./types";

export class AnswerNotFoundError extends Error {
  constructor(answerId: number) {
    super(`There is no answer #${answerId} to add.`);
    this.name = "AnswerNotFoundError";
  }
}

const isoDate = z.date().transform((date) => date.toISOString());

const summaryRow = z.strictObject({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  items: int4,
  createdBy: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
}) satisfies z.ZodType<CollectionSummary, unknown>;

function summaries(prisma: PrismaClient, where: Prisma.Sql): Promise<CollectionSummary[]> {
  return queryRows(
    prisma,
    "collection summaries",
    summaryRow,
    Prisma.sql`
    SELECT c.slug, c.name, c.description,
           (SELECT count(*)::int FROM collection_item ci WHERE ci.collection_id = c.id) AS items,
           r.name AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt"
    FROM collection c JOIN reviewer r ON r.id = c.created_by
    ${where}
    ORDER BY c.updated_at DESC, c.id DESC`,
  );
}

/** Every collection, most recently changed first. */
export const listCollections = cachedPerDataVersion("listCollections", async function listCollections(prisma: PrismaClient): Promise<
  CollectionSummary[]
> {
  return summaries(prisma, Prisma.empty);
});

/** The slugs of the collections holding an answer (the add control marks them). */
export const collectionsWithAnswer = cachedPerDataVersion(
  "collectionsWithAnswer",
  async function collectionsWithAnswer(prisma: PrismaClient, answerId: number): Promise<string[]> {
    const rows = await queryRows(
      prisma,
      "collectionsWithAnswer",
      z.strictObject({ slug: z.string() }),
      Prisma.sql`
      SELECT c.slug FROM collection_item ci JOIN collection c ON c.id = ci.collection_id
      JOIN answer a ON a.public_id = ci.answer_public_id
      WHERE a.id = ${answerId} ORDER BY c.slug`,
    );
    return rows.map((row) => row.slug);
  },
);

async function summaryBySlug(prisma: PrismaClient, slug: string): Promise<CollectionSummary | null> {
  const [row] = await summaries(prisma, Prisma.sql`WHERE c.slug = ${slug}`);
  return row ?? null;
}

/** An item with its answer's columns, all null when the answer was removed (LEFT JOIN: present = false). */
const entryRow = z.strictObject({
  answerId: int4,
  itemPublicId: z.string(),
  note: z.string().nullable(),
  addedBy: z.string(),
  addedAt: isoDate,
  present: z.boolean(),
  publicId: z.string().nullable(),
  aligned: float8.nullable(),
  coherent: float8.nullable(),
  sampleIndex: int4.nullable(),
  prompt: z.string().nullable(),
  text: z.string().nullable(),
  example: z.boolean().nullable(),
  questionId: int4.nullable(),
  question: z.string().nullable(),
  set: z.string().nullable(),
  isDemo: z.boolean().nullable(),
  modelId: int4.nullable(),
  model: z.string().nullable(),
  seed: int4.nullable(),
  baseModel: z.string().nullable(),
  group: z.string().nullable(),
  groupLabel: z.string().nullable(),
  groupColor: z.string().nullable(),
  batchFileName: z.string().nullable(),
});
type EntryRow = z.output<typeof entryRow>;

const metricScoreRow = z.strictObject({ answerId: int4, metric: z.string(), score: float8.nullable() });

const furtherJudgeRow = z.strictObject({
  answerId: int4,
  judge: z.string(),
  aligned: float8.nullable(),
  coherent: float8.nullable(),
  /** jsonb; furtherMetricsOf reads the metrics it understands */
  metrics: z.unknown(),
});

const itemReviewRow = z.strictObject({
  answerPublicId: z.string(),
  label: z.enum(REVIEW_LABELS),
  reviewer: z.string(),
  reason: z.string().nullable(),
  createdAt: isoDate,
});

function answerOf(
  row: EntryRow,
  metrics: Map<number, { metric: string; score: number | null }[]>,
  furtherJudges: Map<number, CollectedAnswer["furtherJudges"]>,
): CollectedAnswer | null {
  if (!row.present) return null;
  return {
    id: row.answerId,
    publicId: row.publicId ?? "",
    set: row.set ?? "",
    isDemo: row.isDemo ?? false,
    questionId: row.questionId ?? 0,
    question: row.question ?? "",
    prompt: row.prompt ?? "",
    text: row.text ?? "",
    modelId: row.modelId ?? 0,
    model: row.model ?? "",
    seed: row.seed,
    baseModel: row.baseModel,
    group: row.group ?? "",
    groupLabel: row.groupLabel ?? "",
    groupColor: row.groupColor ?? "",
    sampleIndex: row.sampleIndex ?? 0,
    aligned: row.aligned,
    coherent: row.coherent,
    example: row.example ?? false,
    batchFileName: row.batchFileName ?? "",
    metrics: metrics.get(row.answerId) ?? [],
    furtherJudges: furtherJudges.get(row.answerId) ?? [],
  };
}

/** One collection with every item, in the order they were added; null when the slug names none. */
export const getCollection = cachedPerDataVersion(
  "getCollection",
  async function getCollection(prisma: PrismaClient, slug: string): Promise<CollectionDetail | null> {
    const collection = await summaryBySlug(prisma, slug);
    if (!collection) return null;
    // LEFT JOIN: an item whose answer was removed with its batch comes back with present = false
    const [rows, metricRows, judgeRows, reviewRows] = await Promise.all([
      queryRows(
        prisma,
        "getCollection items",
        entryRow,
        Prisma.sql`
        SELECT coalesce(a.id, ci.answer_id) AS "answerId", ci.answer_public_id AS "itemPublicId", ci.note, r.name AS "addedBy",
               ci.added_at AS "addedAt", a.id IS NOT NULL AS present, a.public_id AS "publicId",
               a.aligned, a.coherent, a.sample_index AS "sampleIndex", a.prompt, a.text, a.example,
               q.id AS "questionId", q.external_id AS question, s.name AS set, s.is_demo AS "isDemo",
               m.id AS "modelId", m.name AS model, m.seed, m.base_model AS "baseModel",
               g.name AS group, g.label AS "groupLabel", g.color AS "groupColor", b.file_name AS "batchFileName"
        FROM collection c
        JOIN collection_item ci ON ci.collection_id = c.id
        JOIN reviewer r ON r.id = ci.added_by
        LEFT JOIN answer a ON a.public_id = ci.answer_public_id
        LEFT JOIN question q ON q.id = a.question_id
        LEFT JOIN question_set s ON s.id = q.set_id
        LEFT JOIN model m ON m.id = a.model_id
        LEFT JOIN model_group g ON g.id = m.group_id
        LEFT JOIN import_batch b ON b.id = a.batch_id
        WHERE c.slug = ${slug}
        ORDER BY ci.added_at ASC, ci.answer_public_id ASC`,
      ),
      // the further judge metrics (aligned and coherent are the answer's own columns)
      queryRows(
        prisma,
        "getCollection metrics",
        metricScoreRow,
        Prisma.sql`
        SELECT j.answer_id AS "answerId", j.metric, j.score
        FROM collection c
        JOIN collection_item ci ON ci.collection_id = c.id
        JOIN answer a ON a.public_id = ci.answer_public_id
        JOIN judge_score j ON j.answer_id = a.id
        WHERE c.slug = ${slug} AND j.metric NOT IN ('aligned', 'coherent')
        ORDER BY j.answer_id, j.metric`,
      ),
      // further judges' scores (answer_judge_score), by the answer's public id
      queryRows(
        prisma,
        "getCollection further judges",
        furtherJudgeRow,
        Prisma.sql`
        SELECT a.id AS "answerId", s.judge, s.aligned, s.coherent, s.metrics
        FROM collection c
        JOIN collection_item ci ON ci.collection_id = c.id
        JOIN answer a ON a.public_id = ci.answer_public_id
        JOIN answer_judge_score s ON s.answer_public_id = a.public_id
        WHERE c.slug = ${slug}
        ORDER BY a.id, s.judge`,
      ),
      // each item's effective review label (the newest that is not "unsure", as the rates count it):
      // labels hang on the public id, so a removed answer's item keeps its label
      queryRows(
        prisma,
        "getCollection reviews",
        itemReviewRow,
        Prisma.sql`
        SELECT DISTINCT ON (l.answer_public_id) l.answer_public_id AS "answerPublicId", l.label, r.name AS reviewer, l.reason,
               l.created_at AS "createdAt"
        FROM collection c
        JOIN collection_item ci ON ci.collection_id = c.id
        JOIN answer_label l ON l.answer_public_id = ci.answer_public_id AND l.label <> 'unsure'
        JOIN reviewer r ON r.id = l.reviewer_id
        WHERE c.slug = ${slug}
        ORDER BY l.answer_public_id, l.created_at DESC, l.id DESC`,
      ),
    ]);
    const metrics = new Map<number, { metric: string; score: number | null }[]>();
    for (const row of metricRows) {
      const list = metrics.get(row.answerId) ?? [];
      list.push({ metric: row.metric, score: row.score });
      metrics.set(row.answerId, list);
    }
    const furtherJudges = new Map<number, CollectedAnswer["furtherJudges"]>();
    for (const row of judgeRows) {
      const list = furtherJudges.get(row.answerId) ?? [];
      list.push({ judge: row.judge, aligned: row.aligned, coherent: row.coherent, metrics: furtherMetricsOf(row.metrics) });
      furtherJudges.set(row.answerId, list);
    }
    const reviews = new Map(reviewRows.map(({ answerPublicId, ...review }) => [answerPublicId, review]));
    const entries: CollectionItemView[] = rows.map((row) => ({
      answerId: row.answerId,
      note: row.note,
      addedBy: row.addedBy,
      addedAt: row.addedAt,
      answer: answerOf(row, metrics, furtherJudges),
      review: reviews.get(row.itemPublicId) ?? null,
    }));
    return { collection, entries };
  },
);

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Creates a collection; its slug comes from the name (numbered when taken: judge-wrong-2). */
export async function createCollection(
  prisma: PrismaClient,
  reviewer: ReviewerIdentity,
  body: CreateCollectionBody,
): Promise<CollectionSummary> {
  const base = slugify(body.name);
  const taken = new Set(
    (await prisma.collection.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((row) => row.slug),
  );
  let attempt = 1;
  while (taken.has(numberedSlug(base, attempt))) attempt += 1;
  // two creations of the same name at once: the second's insert hits the unique slug and takes the next number
  for (let tries = 0; tries < 20; tries += 1, attempt += 1) {
    const slug = numberedSlug(base, attempt);
    try {
      await prisma.collection.create({ data: { slug, name: body.name, description: body.description, createdById: reviewer.id } });
      return (await summaryBySlug(prisma, slug))!;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`No free slug for the collection "${body.name}" after 20 attempts.`);
}

/** Renames or describes a collection (its slug stays); null when there is no such collection. */
export async function updateCollection(prisma: PrismaClient, slug: string, body: UpdateCollectionBody): Promise<CollectionSummary | null> {
  const { count } = await prisma.collection.updateMany({
    where: { slug },
    data: {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      updatedAt: new Date(),
    },
  });
  return count === 0 ? null : summaryBySlug(prisma, slug);
}

/** Deletes a collection and its items (never the answers); false when there was none. */
export async function deleteCollection(prisma: PrismaClient, slug: string): Promise<boolean> {
  const { count } = await prisma.collection.deleteMany({ where: { slug } });
  return count > 0;
}

/**
 * Adds an answer to a collection; an answer already in it stays as it was (its note and who added
 * it). Null when there is no such collection; AnswerNotFoundError when the answer does not exist.
 */
export async function addCollectionItem(
  prisma: PrismaClient,
  reviewer: ReviewerIdentity,
  slug: string,
  item: { answerId: number; note: string | null },
): Promise<AddItemResult | null> {
  const added = await prisma.$transaction(async (tx) => {
    const collection = await tx.collection.findUnique({ where: { slug }, select: { id: true } });
    if (!collection) return null;
    const answer = await tx.answer.findUnique({ where: { id: item.answerId }, select: { id: true, publicId: true } });
    if (!answer) throw new AnswerNotFoundError(item.answerId);
    const inserted = await tx.$executeRaw`
      INSERT INTO collection_item (collection_id, answer_id, answer_public_id, note, added_by)
      VALUES (${collection.id}, ${answer.id}, ${answer.publicId}, ${item.note}, ${reviewer.id})
      ON CONFLICT (collection_id, answer_public_id) DO NOTHING`;
    if (inserted > 0) await tx.collection.update({ where: { id: collection.id }, data: { updatedAt: new Date() } });
    return inserted > 0;
  });
  if (added === null) return null;
  return { added, collection: (await summaryBySlug(prisma, slug))! };
}

/**
 * Removes an answer from a collection (also one whose answer is gone). Null when there is no such
 * collection, false when the answer was not in it.
 */
export async function removeCollectionItem(prisma: PrismaClient, slug: string, answerId: number): Promise<boolean | null> {
  return prisma.$transaction(async (tx) => {
    const collection = await tx.collection.findUnique({ where: { slug }, select: { id: true } });
    if (!collection) return null;
    // the id the page shows: the answer's id now (present, perhaps re-imported under a new serial
    // id), or the one it had when added (removed)
    const count = await tx.$executeRaw`
      DELETE FROM collection_item ci
       WHERE ci.collection_id = ${collection.id}
         AND (ci.answer_public_id IN (SELECT a.public_id FROM answer a WHERE a.id = ${answerId})
              OR (ci.answer_id = ${answerId}
                  AND NOT EXISTS (SELECT 1 FROM answer a WHERE a.public_id = ci.answer_public_id)))`;
    if (count > 0) await tx.collection.update({ where: { id: collection.id }, data: { updatedAt: new Date() } });
    return count > 0;
  });
}
