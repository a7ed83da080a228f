// The answer browser's queries: filtered, full-text-searched, keyset-paginated answer lists,
// their (capped) count, an answer's neighbours in a list, and a streaming walk for the CSV export.
// Answer text is untrusted: it is returned as data only.
//
// Keyset order: for score sorts the key is COALESCE(score, +Infinity) ascending or
// COALESCE(score, -Infinity) descending, then id in the same direction, so missing scores come
// last either way and "after the cursor" is one row comparison that the indexes of migration
// 20261126110000_answer_fulltext serve as a range scan (deep pages stay as fast as the first).
// Full-text search reads answer_search (see searchCondition).
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { AnswerFilters, AnswerSort, KeysetCursor } from "@/lib/params/answers";
import { highlightedTerms, newHighlightMarkers, splitHighlights, type TextSegment } from "@/lib/render/highlight";

export const BROWSER_PAGE_SIZE = 50;
export const BROWSER_PREVIEW_CHARS = 400;
/** Counting stops here: beyond it the page says "more than 10,000". */
export const COUNT_CAP = 10_000;

export interface BrowserAnswer {
  id: number;
  set: string;
  question: string;
  group: string;
  groupLabel: string;
  groupColor: string;
  model: string;
  seed: number | null;
  sampleIndex: number;
  aligned: number | null;
  coherent: number | null;
  /** the first characters of the answer */
  preview: string;
  textLength: number;
  /** with a search: the matching passages, matches marked; null without a search */
  snippet: TextSegment[] | null;
}

export interface BrowserPage {
  items: BrowserAnswer[];
  /** cursor for the page after this one (the last row), null on the last page */
  nextCursor: KeysetCursor | null;
  /** cursor for the page before this one (the first row), null on the first page */
  prevCursor: KeysetCursor | null;
}

export interface BrowseQuery {
  filters: AnswerFilters;
  sort: AnswerSort;
  /** rows after this one */
  after?: KeysetCursor;
  /** rows before this one (previous page) */
  before?: KeysetCursor;
  limit?: number;
}

const float = (value: number) => Prisma.sql`${String(value)}::float8`;

/** The search has words PostgreSQL can search for (not only stop words like "the"). */
export async function searchHasTerms(prisma: PrismaClient, search: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ nodes: number }[]>`
    SELECT numnode(websearch_to_tsquery('english', ${search})) AS nodes`;
  return Number(rows[0]?.nodes ?? 0) > 0;
}

/** Prisma client or interactive transaction: what the browser's queries run on. */
type Db = Prisma.TransactionClient;

/** Up to this many matches, a search becomes a list of ids (see planSearch). */
export const SEARCH_ID_LIST_MAX = 10_000;
let searchIdListMax = SEARCH_ID_LIST_MAX;
/** Tests: a smaller list size, so small datasets exercise every plan. */
export function setSearchIdListMax(max: number = SEARCH_ID_LIST_MAX): void {
  searchIdListMax = max;
}

/**
 * How a search is matched (migration 20261126130000_search_index: documents in answer_search,
 * ids not indexed yet in answer_search_queue):
 *  - "ids": the search has at most SEARCH_ID_LIST_MAX matches (indexed, or not indexed yet and
 *    matched by their text), listed: the query fetches exactly those answers and sorts them (a
 *    rare word never makes PostgreSQL walk the sort index hoping to meet 50 matches early);
 *  - "indexed": the queue is empty, more matches: a semi-join with answer_search (GIN);
 *  - "pending": more matches and some answers not indexed yet: indexed documents OR answers inside
 *    a queued range whose text matches (slow for common words while a backlog lasts).
 * Not-yet-indexed answers are matched with to_tsvector('english', text), exactly what the indexer
 * stores, so both halves agree.
 * The plan and the query run in one REPEATABLE READ snapshot (withSearch), so the result is exact
 * even while an import or the indexer commits.
 */
type SearchPlan = { kind: "ids"; ids: number[] } | { kind: "indexed" } | { kind: "pending" };

/**
 * Ids of the not-yet-indexed answers whose text matches. LATERAL + OFFSET 0 make PostgreSQL read
 * each queued range through the primary key; a plain join let it scan every answer with
 * to_tsvector (55 s at 1M answers for a 20,000-answer backlog, against 1.5 s this way).
 */
function pendingMatches(search: string): Prisma.Sql {
  return Prisma.sql`SELECT pending.id FROM answer_search_queue r
      CROSS JOIN LATERAL (SELECT a2.id, a2.text FROM answer a2
                          WHERE a2.id BETWEEN r.first_answer_id AND r.last_answer_id OFFSET 0) pending
      WHERE to_tsvector('english', pending.text) @@ websearch_to_tsquery('english', ${search})`;
}

async function planSearch(db: Db, search: string): Promise<SearchPlan> {
  const queue = await db.$queryRaw<{ pending: boolean }[]>`SELECT EXISTS (SELECT 1 FROM answer_search_queue) AS pending`;
  const pending = queue[0]?.pending === true;
  // With a backlog, its matches are found by reading its texts (the slow part, once per query) and
  // listed with the indexed ones while the whole list stays short.
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT answer_id AS id FROM answer_search WHERE document @@ websearch_to_tsquery('english', ${search})
    ${pending ? Prisma.sql`UNION ALL ${pendingMatches(search)}` : Prisma.empty}
    LIMIT ${searchIdListMax + 1}::int`;
  // (an answer re-queued after a text update may come from both halves: listed once)
  if (rows.length <= searchIdListMax) return { kind: "ids", ids: [...new Set(rows.map((row) => row.id))] };
  return { kind: pending ? "pending" : "indexed" };
}

function searchCondition(search: string, plan: SearchPlan): Prisma.Sql {
  if (plan.kind === "ids") return Prisma.sql`a.id = ANY(${`{${plan.ids.join(",")}}`}::int[])`;
  const indexed = Prisma.sql`SELECT indexed.answer_id FROM answer_search indexed
      WHERE indexed.document @@ websearch_to_tsquery('english', ${search})`;
  if (plan.kind === "indexed") return Prisma.sql`a.id IN (${indexed})`;
  return Prisma.sql`a.id IN (
      ${indexed}
      UNION ALL
      ${pendingMatches(search)})`;
}

/** Runs `work` with the search planned, plan and queries in one snapshot; without a search, directly. */
async function withSearch<T>(prisma: PrismaClient, filters: AnswerFilters, work: (db: Db, plan: SearchPlan | null) => Promise<T>): Promise<T> {
  const search = filters.search;
  if (search === undefined) return work(prisma, null);
  return prisma.$transaction(async (tx) => work(tx, await planSearch(tx, search)), {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
    maxWait: 30_000,
    timeout: 10 * 60_000,
  });
}

/** FROM + WHERE of every browser query; `extra` adds a condition (the keyset bound). */
function fromWhere(filters: AnswerFilters, plan: SearchPlan | null, extra: Prisma.Sql | null = null): Prisma.Sql {
  const conditions: Prisma.Sql[] = extra ? [extra] : [];
  if (filters.set !== undefined) conditions.push(Prisma.sql`s.name = ${filters.set}`);
  if (filters.question !== undefined) conditions.push(Prisma.sql`q.external_id = ${filters.question}`);
  if (filters.group !== undefined) conditions.push(Prisma.sql`g.name = ${filters.group}`);
  if (filters.model !== undefined) conditions.push(Prisma.sql`m.name = ${filters.model}`);
  if (filters.seed !== undefined) conditions.push(Prisma.sql`m.seed = ${filters.seed}::int`);
  if (filters.alignedMin !== undefined) conditions.push(Prisma.sql`a.aligned >= ${float(filters.alignedMin)}`);
  if (filters.alignedMax !== undefined) conditions.push(Prisma.sql`a.aligned <= ${float(filters.alignedMax)}`);
  if (filters.coherentMin !== undefined) conditions.push(Prisma.sql`a.coherent >= ${float(filters.coherentMin)}`);
  if (filters.coherentMax !== undefined) conditions.push(Prisma.sql`a.coherent <= ${float(filters.coherentMax)}`);
  if (filters.misalignedOnly) {
    // the paper's definition (lib/stats/misalignment.ts isMisaligned): scored, coherent, aligned below
    conditions.push(
      Prisma.sql`a.aligned < ${float(filters.thresholds.aligned)} AND a.coherent > ${float(filters.thresholds.coherent)}`,
    );
  }
  if (filters.search !== undefined) {
    if (!plan) throw new Error("a search needs its plan (withSearch)");
    conditions.push(searchCondition(filters.search, plan));
  }
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  return Prisma.sql`
    FROM answer a
    JOIN question q ON q.id = a.question_id
    JOIN question_set s ON s.id = q.set_id
    JOIN model m ON m.id = a.model_id
    JOIN model_group g ON g.id = m.group_id
    ${where}`;
}

/** The sort key expression; NULL scores map past every real score in the sort direction. */
function sortKey(sort: AnswerSort): Prisma.Sql {
  if (sort.key === "sample") return Prisma.sql`a.sample_index`;
  const column = sort.key === "aligned" ? Prisma.sql`a.aligned` : Prisma.sql`a.coherent`;
  return sort.dir === "asc"
    ? Prisma.sql`COALESCE(${column}, 'Infinity'::float8)`
    : Prisma.sql`COALESCE(${column}, '-Infinity'::float8)`;
}

function cursorKeyValue(sort: AnswerSort, cursor: KeysetCursor): Prisma.Sql {
  if (sort.key === "sample") return Prisma.sql`${Math.trunc(cursor.value ?? 0)}::int`;
  if (cursor.value === null) return sort.dir === "asc" ? Prisma.sql`'Infinity'::float8` : Prisma.sql`'-Infinity'::float8`;
  return float(cursor.value);
}

/** Rows strictly after (forward) or before (backward) the cursor in the list's order. */
function keysetCondition(sort: AnswerSort, cursor: KeysetCursor, forward: boolean): Prisma.Sql {
  const ascending = (sort.dir === "asc") === forward;
  const op = ascending ? Prisma.raw(">") : Prisma.raw("<");
  return Prisma.sql`(${sortKey(sort)}, a.id) ${op} (${cursorKeyValue(sort, cursor)}, ${cursor.id}::int)`;
}

function orderBy(sort: AnswerSort, forward: boolean): Prisma.Sql {
  const direction = Prisma.raw((sort.dir === "asc") === forward ? "ASC" : "DESC");
  return Prisma.sql`ORDER BY ${sortKey(sort)} ${direction}, a.id ${direction}`;
}

/** A row's cursor under a sort. */
export function cursorOf(sort: AnswerSort, row: { id: number; aligned: number | null; coherent: number | null; sampleIndex: number }): KeysetCursor {
  const value = sort.key === "aligned" ? row.aligned : sort.key === "coherent" ? row.coherent : row.sampleIndex;
  return { value, id: row.id };
}

interface BrowserRow {
  id: number;
  set: string;
  question: string;
  group: string;
  group_label: string;
  group_color: string;
  model: string;
  seed: number | null;
  sample_index: number;
  aligned: number | null;
  coherent: number | null;
  preview: string;
  text_length: number;
  headline: string | null;
}

/** One page of the filtered list, after or before a cursor (or the first page). */
export async function browseAnswers(prisma: PrismaClient, query: BrowseQuery): Promise<BrowserPage> {
  const limit = query.limit ?? BROWSER_PAGE_SIZE;
  const { filters, sort } = query;
  const forward = !query.before;
  const cursor = query.before ?? query.after;
  const markers = newHighlightMarkers();
  // The headline (expensive) is computed only for the rows of this page, after the LIMIT.
  const headline =
    filters.search !== undefined
      ? Prisma.sql`ts_headline('english', page.text, websearch_to_tsquery('english', ${filters.search}),
          ${`StartSel=${markers.start}, StopSel=${markers.stop}, MaxFragments=3, MinWords=8, MaxWords=24, FragmentDelimiter=" … "`})`
      : Prisma.sql`NULL::text`;
  const rows = await withSearch(prisma, filters, (db, plan) => db.$queryRaw<BrowserRow[]>`
    SELECT page.id, page.set, page.question, page."group", page.group_label, page.group_color, page.model, page.seed,
           page.sample_index, page.aligned, page.coherent,
           left(page.text, ${BROWSER_PREVIEW_CHARS}::int) AS preview, length(page.text) AS text_length,
           ${headline} AS headline
    FROM (
      SELECT a.id, s.name AS set, q.external_id AS question, g.name AS "group", g.label AS group_label,
             g.color AS group_color, m.name AS model, m.seed, a.sample_index, a.aligned, a.coherent, a.text,
             ${sortKey(sort)} AS sort_key
      ${fromWhere(filters, plan, cursor ? keysetCondition(sort, cursor, forward) : null)}
      ${orderBy(sort, forward)}
      LIMIT ${limit + 1}::int
    ) page
    ORDER BY page.sort_key ${Prisma.raw((sort.dir === "asc") === forward ? "ASC" : "DESC")},
             page.id ${Prisma.raw((sort.dir === "asc") === forward ? "ASC" : "DESC")}`);

  const hasMore = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  if (!forward) pageRows.reverse();
  const items = pageRows.map(
    (row): BrowserAnswer => ({
      id: row.id,
      set: row.set,
      question: row.question,
      group: row.group,
      groupLabel: row.group_label,
      groupColor: row.group_color,
      model: row.model,
      seed: row.seed,
      sampleIndex: row.sample_index,
      aligned: row.aligned,
      coherent: row.coherent,
      preview: row.preview,
      textLength: Number(row.text_length),
      snippet: row.headline === null ? null : splitHighlights(row.headline, markers),
    }),
  );
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: last && (forward ? hasMore : true) ? cursorOf(sort, last) : null,
    prevCursor: first && (forward ? cursor !== undefined : hasMore) ? cursorOf(sort, first) : null,
  };
}

/** Number of matching answers, counted up to COUNT_CAP + 1 (capped: true means "more than COUNT_CAP"). */
export async function countAnswers(prisma: PrismaClient, filters: AnswerFilters): Promise<{ count: number; capped: boolean }> {
  const rows = await withSearch(prisma, filters, (db, plan) => db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM (SELECT 1 ${fromWhere(filters, plan)} LIMIT ${COUNT_CAP + 1}::int) matching`);
  const count = Number(rows[0]?.count ?? 0);
  return count > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count, capped: false };
}

/** The answers just before and after one answer in a filtered, sorted list (ids, or null at the ends). */
export async function answerNeighbours(
  prisma: PrismaClient,
  filters: AnswerFilters,
  sort: AnswerSort,
  answer: { id: number; aligned: number | null; coherent: number | null; sampleIndex: number },
): Promise<{ previous: number | null; next: number | null }> {
  const cursor = cursorOf(sort, answer);
  return withSearch(prisma, filters, async (db, plan) => {
    const neighbour = async (forward: boolean) => {
      const rows = await db.$queryRaw<{ id: number }[]>`
        SELECT a.id ${fromWhere(filters, plan, keysetCondition(sort, cursor, forward))}
        ${orderBy(sort, forward)}
        LIMIT 1`;
      return rows[0]?.id ?? null;
    };
    const [previous, next] = await Promise.all([neighbour(false), neighbour(true)]);
    return { previous, next };
  });
}

export interface ExportAnswer {
  id: number;
  set: string;
  question: string;
  group: string;
  model: string;
  seed: number | null;
  sampleIndex: number;
  aligned: number | null;
  coherent: number | null;
  prompt: string;
  text: string;
}

/** Every matching answer in list order, fetched in keyset batches (memory stays flat for any size). */
export async function* walkAnswers(
  prisma: PrismaClient,
  filters: AnswerFilters,
  sort: AnswerSort,
  batchSize = 500,
): AsyncGenerator<ExportAnswer> {
  let after: KeysetCursor | undefined;
  for (;;) {
    const bound = after ? keysetCondition(sort, after, true) : null;
    const rows = await withSearch(prisma, filters, (db, plan) => db.$queryRaw<(Omit<ExportAnswer, "sampleIndex"> & { sample_index: number })[]>`
      SELECT a.id, s.name AS set, q.external_id AS question, g.name AS "group", m.name AS model, m.seed,
             a.sample_index, a.aligned, a.coherent, a.prompt, a.text
      ${fromWhere(filters, plan, bound)}
      ${orderBy(sort, true)}
      LIMIT ${batchSize}::int`);
    for (const { sample_index, ...row } of rows) yield { ...row, sampleIndex: sample_index };
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = cursorOf(sort, { id: last.id, aligned: last.aligned, coherent: last.coherent, sampleIndex: last.sample_index });
  }
}

/** Values for the filter form's selects: sets, questions, groups, models and seeds present in the data. */
export async function answerFilterOptions(prisma: PrismaClient, set?: string) {
  const [sets, questions, groups, models] = await Promise.all([
    prisma.$queryRaw<{ name: string; is_demo: boolean }[]>`
      SELECT s.name, s.is_demo FROM question_set s
      WHERE EXISTS (SELECT 1 FROM question q JOIN answer a ON a.question_id = q.id WHERE q.set_id = s.id)
      ORDER BY s.is_demo, s.id`,
    prisma.$queryRaw<{ external_id: string }[]>`
      SELECT q.external_id, min(q.position) AS position FROM question q JOIN question_set s ON s.id = q.set_id
      WHERE EXISTS (SELECT 1 FROM answer a WHERE a.question_id = q.id)
        ${set !== undefined ? Prisma.sql`AND s.name = ${set}` : Prisma.empty}
      GROUP BY q.external_id
      ORDER BY position, q.external_id`,
    prisma.$queryRaw<{ name: string; label: string }[]>`
      SELECT g.name, g.label FROM model_group g
      WHERE EXISTS (SELECT 1 FROM model m WHERE m.group_id = g.id)
      ORDER BY g.display_order, g.name`,
    prisma.$queryRaw<{ name: string; seed: number | null }[]>`
      SELECT m.name, m.seed FROM model m ORDER BY m.name`,
  ]);
  const seeds = [...new Set(models.map((model) => model.seed).filter((seed): seed is number => seed !== null))].sort((a, b) => a - b);
  return {
    sets: sets.map((row) => ({ name: row.name, isDemo: row.is_demo })),
    questions: questions.map((row) => row.external_id),
    groups: groups.map((row) => ({ name: row.name, label: row.label })),
    models: models.map((row) => row.name),
    seeds,
  };
}

export type AnswerFilterOptions = Awaited<ReturnType<typeof answerFilterOptions>>;

/**
 * The words of one answer that a search matches (ts_headline over the whole text, split on our
 * markers), to highlight them on the permalink; empty when nothing matches.
 */
export async function answerSearchTerms(prisma: PrismaClient, id: number, search: string): Promise<string[]> {
  const markers = newHighlightMarkers();
  const rows = await prisma.$queryRaw<{ headline: string }[]>`
    SELECT ts_headline('english', a.text, websearch_to_tsquery('english', ${search}),
                       ${`StartSel=${markers.start}, StopSel=${markers.stop}, HighlightAll=true`}) AS headline
    FROM answer a WHERE a.id = ${id}::int`;
  const headline = rows[0]?.headline;
  return headline ? highlightedTerms(splitHighlights(headline, markers)) : [];
}
