// The answer browser's queries: filtered, full-text-searched, keyset-paginated answer lists,
// their (capped) count, an answer's neighbours in a list, and a streaming walk for the CSV export.
// Answer text is untrusted: it is returned as data only.
//
// Keyset order and paging: lib/queries/answer-list.ts (the one answer list; this module resolves
// the browser's filters to its spec).
//
// Two plans for the same rows. The filters on set, question, group, model and seed are first
// resolved to question and model ids (small tables), so every condition is on answer's own columns
// and the planner can estimate it. When the ids match few answers (at most NARROW_FILTER_ROWS,
// summed from the answer counts per import batch, model and question), the query reads those answers
// first from the (question_id, model_id) index, which INCLUDEs id and the sort columns, and sorts
// them (cost bounded by the filter, not by the table); otherwise
// it walks the score index in list order and rejects other questions and models from the index
// entries themselves (question_id and model_id are INCLUDEd), so deep and last pages cost about as
// much as first ones. Display columns (text preview, names) are joined to the page's keys in the
// same query (keysetCards); a search's snippets are read after the rows (answerSnippets).
//
// Full-text search reads answer_search, filled after each import by lib/search/indexer.ts, plus the
// answers not indexed yet (see planSearch); a search of few matches becomes a narrow id list, and a
// common word's page is planned and read in one statement (commonWordPage).
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRow, queryRows, queryRowsParsedInTests } from "@/lib/db/rows";
import { misalignedSql } from "@/lib/db/rate-rule";
import { scoredAnswersSql } from "@/lib/db/score-source";
import { judgeScoresOf } from "@/lib/domain/score-source";
import { hasScoreFilter, type AnswerFilters, type AnswerSort, type KeysetCursor } from "@/lib/params/answers";
import { ALL_BASE_MODELS, UNKNOWN_BASE_MODEL } from "@/lib/params/method";
import { modelInScopeSql } from "./scope";
import {
  answersByIds,
  float,
  inOrder,
  keysetCards,
  keysetCardsInOneStatement,
  keysetRows,
  metricScoresColumn,
  type AnswerListSpec,
  type Db,
} from "./answer-list";
import { headlineMetricsSql, listExtraMetrics } from "./histograms";
import type { BaseScope } from "@/lib/scope/types";
import { highlightedTerms, newHighlightMarkers, splitHighlights } from "@/lib/render/highlight";
import type {
  AnswerFilterOptions,
  AnswerNeighbourIds,
  AnswerSnippets,
  BrowserAnswer,
  BrowserPage,
  BrowseQuery,
  ListOptions,
  ExportAnswer,
} from "@/lib/answers/types";

export const BROWSER_PAGE_SIZE = 50;
/** Counting stops here: beyond it the page says "more than 10,000". */
export const COUNT_CAP = 10_000;

/** Filters whose question and model ids match at most this many answers are fetched first, then sorted. */
export const NARROW_FILTER_ROWS = 20_000;

/** The search has words PostgreSQL can search for (not only stop words like "the"). */
export async function searchHasTerms(prisma: PrismaClient, search: string): Promise<boolean> {
  const row = await queryRow(
    prisma,
    "searchHasTerms",
    z.strictObject({ nodes: int4 }),
    Prisma.sql`SELECT numnode(answer_search_query(${search})) AS nodes`,
  );
  return row.nodes > 0;
}

/** filterIdsSql's limit that sums every count row: the filters' exact number of answers. */
const EXACT_FILTER_COUNT = 2_000_000_000;

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
 *  - "hashedIds" (a page, the queue empty, more matches than the list holds, too few to probe):
 *    every match is listed once, and the list's sort index is walked in list order, each answer
 *    looked up in a hash of those ids (see planFromFacts and searchCondition);
 *  - "hashed" (the same, when no probe share bounds the listing: before answer_search's first
 *    ANALYZE, or in tests that turn the probe off): the hash is built from answer_search in the
 *    page's query;
 *  - "indexed": the queue is empty, more matches (counts, exports): a semi-join with answer_search (GIN);
 *  - "pending": more matches and some answers not indexed yet: indexed documents OR answers inside
 *    a queued range whose text matches (slow for common words while a backlog lasts).
 * Not-yet-indexed answers are matched with answer_search_document(text), exactly what the indexer
 * stores, so both halves agree (migration 20261201120000_search_bounded_document: to_tsvector of the
 * prefix that fits a tsvector; a raw to_tsvector made every search fail while a 1 MB answer was queued).
 * Queries are answer_search_query(search) and snippets answer_search_headline(...), never
 * websearch_to_tsquery / ts_headline directly: all three read "<" as a blank, so words inside
 * "<script>…</script>" or between "<" and ">" are searchable (migration 20261201140000_search_words_in_tags).
 * The plan and the query run in one REPEATABLE READ snapshot (withResolvedFilters), so the result is exact
 * even while an import or the indexer commits.
 */
/** Answer ids as a PostgreSQL int[] literal ("{3,1,2}", "{}" for none), as the plan's statement returned them. */
type IdArray = string;
type SearchPlan =
  | { kind: "ids"; ids: IdArray }
  | { kind: "hashedIds"; ids: IdArray; narrowUpTo: number }
  | { kind: "hashed" }
  | { kind: "indexed" }
  | { kind: "pending" }
  | { kind: "probe" };
/** A search's plan, with the filters' ids read in its statement. */
interface PlannedSearch {
  plan: SearchPlan;
  ids: FilterIds;
}

/**
 * What a search is planned for: one page of the list ("page": browseAnswers, answerNeighbours);
 * every match, counted up to COUNT_CAP among the answers a score filter leaves ("count":
 * countAnswers with misaligned-only or a score range); or every match ("all": other counts, metric
 * lists, exports). A page can take the "probe", "hashedIds" and "hashed" plans, a count the "probe".
 */
type SearchPurpose = "page" | "count" | "all";

/**
 * A count of a word in at least COUNT_PROBE_MINIMUMS.share of the answers and with at least
 * COUNT_PROBE_MINIMUMS.matches matches, among answers a score filter leaves, probes each of those
 * answers' stored document (as a page does) until it has counted COUNT_CAP + 1: at most
 * COUNT_CAP / share probes, 50,000 at this share. The semi-join gathers every match first, which is
 * fast while the matches are few enough to hash from memory and slow past that. Measured with a 60%
 * word under "misaligned only", median of 3 as /answers runs it: at 10M answers (6M matches) 4.0 s
 * with the semi-join (13.7 s in an earlier run) against 146 ms with the probe; at 1M answers (600k
 * matches) 75 ms against 156 ms. A phrase is never probed for a count: PostgreSQL estimates it as
 * its words together ("money quick": 36% of the answers, where the phrase is in about 2%).
 */
export const COUNT_PROBE_MINIMUMS = { share: 0.2, matches: 1_000_000 } as const;
type CountProbeMinimums = { share: number; matches: number };
let countProbeMinimums: CountProbeMinimums | null = COUNT_PROBE_MINIMUMS;
/** Tests: lower minimums, so the common words of a small real dataset are probed for a count; null never probes. */
export function setCountProbeMinimums(minimums: CountProbeMinimums | null = COUNT_PROBE_MINIMUMS): void {
  countProbeMinimums = minimums;
}

/**
 * A page of a search for a word in at least this share of the answers walks the list's sort index
 * and probes each answer's stored document ("probe": EXISTS on answer_search's primary key), as
 * ILIKE would with the text: about 51 / share probes a page, at most ~5,100. Measured at 1M answers
 * (bench, aligned asc, page 1): a 1% word 55 ms (the listed ids took 151 ms), a 5% word 7.7 ms
 * (the semi-join took 60 ms; ILIKE 9.8 ms), a 60% word 2.8 ms (37 ms; ILIKE 2.2 ms). A rare word
 * would make that walk long, so the share is PostgreSQL's own estimate from the document column's
 * most-common-lexeme statistics, and only for words those statistics list (searchFactsRow): for
 * any other word the estimate says only "not among the common lexemes", and those searches keep
 * the listed ids, however low the threshold.
 *
 * This is the most the threshold is: on a larger table it is lower, sqrt(2 × 51 / answers) (see
 * pageProbesSql), where a page's probes and its listed matches cost the same.
 */
export const SEARCH_PROBE_MIN_SHARE = 0.01;
let searchProbeMinShare: number | null = SEARCH_PROBE_MIN_SHARE;
/** Tests: 0 probes every page search (small datasets have no statistics); null never probes. */
export function setSearchProbeMinShare(share: number | null = SEARCH_PROBE_MIN_SHARE): void {
  searchProbeMinShare = share;
}

/** Answers a page of the probe plan looks at for each match it needs: a page and its "next" row. */
const PROBE_PAGE_ROWS = BROWSER_PAGE_SIZE + 1;

/**
 * What a probe costs against a listed match (planFromFacts lists a page's matches once): measured
 * at 10M answers (bench, quiet machine, 128 MB shared_buffers), a 0.3% word's page probed 15,716
 * answers in 95 ms (6.0 µs each), and a 0.19% word's 19,052 matches were listed in 43-66 ms
 * (2.3-3.5 µs each). With 1 (the ratio before the list was read once), the 0.19% word, estimated
 * at 0.23% after one ANALYZE, probed: 26,047 probes, 218-247 ms a page (with the test suite running
 * beside it), where its list and walk had taken 87 ms.
 */
export const PROBE_COST_PER_LISTED_MATCH = 2;

/**
 * Whether a page probes (SQL, boolean), from planSearch's facts (alias `planned`): nothing waits for
 * the indexer, and the estimated matches are at least the share from which a page probes, for a
 * table of `answers` documents and the configured share (SEARCH_PROBE_MIN_SHARE, the most it is;
 * 0: every page probes; null: none). A probe walks about PROBE_PAGE_ROWS / share answers; the other
 * page plans (listed ids, hashed) read every match, share × answers of them. Both read
 * answer_search's heap at random, a probe at about PROBE_COST_PER_LISTED_MATCH times the cost of
 * a listed match. The two are equal at share = sqrt(PROBE_COST_PER_LISTED_MATCH × PROBE_PAGE_ROWS /
 * answers): 1.0% at 1M, 0.32% at 10M. (matches is estimated only while
 * answers is above 0.)
 */
function pageProbesSql(configured: number | null): Prisma.Sql {
  if (configured === null) return Prisma.sql`false`;
  if (configured <= 0) return Prisma.sql`NOT planned.pending`;
  return Prisma.sql`(NOT planned.pending AND coalesce(planned.matches >= planned."probeFrom", false))`;
}

/**
 * The matches from which a page probes (SQL, float8, alias `facts`; see pageProbesSql): the share
 * times the documents. Null when no share is configured, or 0 and below (every page probes, so no
 * count is asked), or before answer_search's first ANALYZE (reltuples -1).
 */
function probeFromSql(configured: number | null): Prisma.Sql {
  if (configured === null || configured <= 0) return Prisma.sql`NULL::float8`;
  // CASE: sqrt(51 / -1) (reltuples before the first ANALYZE) is an error
  return Prisma.sql`CASE WHEN facts.answers > 0
      THEN facts.answers * LEAST(${configured}::float8, sqrt(${PROBE_COST_PER_LISTED_MATCH * PROBE_PAGE_ROWS}::float8 / facts.answers)) END`;
}

/** The filters' question and model ids (NULL: not filtered on), and how many answers they match, at most the narrow limit + 1 (filterIdsSql). */
const filterIdsRowShape = { questionIds: z.array(int4).nullable(), modelIds: z.array(int4).nullable(), matching: int4 };
const filterIdsRow = z.strictObject(filterIdsRowShape);
type FilterIds = z.output<typeof filterIdsRow>;
/** planSearch's stand-in for filterIdsSql when there is no id filter (its row is then not read). */
const NO_FILTER_IDS = Prisma.sql`SELECT NULL::int[] AS "questionIds", NULL::int[] AS "modelIds", 0 AS matching`;

/**
 * What a search's plan depends on, read in one round trip: whether answers wait for the indexer,
 * how many documents answer_search holds (reltuples: -1 before the table's first VACUUM / ANALYZE),
 * and, when asked for and nothing waits, PostgreSQL's estimate of the documents the search matches
 * (planner statistics, no scan: answer_search_estimated_matches, migration
 * 20261207090000_search_estimated_matches) when the statistics list every word of it among the
 * most common lexemes (answer_search_listed_estimate, migration
 * 20261208090000_search_listed_estimate; else null), and, for a count, whether the search is a
 * phrase (null otherwise). Three round trips before; each costs about a millisecond through the
 * interactive transaction.
 *
 * A word the statistics do not list is estimated at the same share whether it is in 0.01% of the
 * answers or in 0.2%: at 10M answers (bench) that share, 0.5%, was above the probe's (0.23%), so a
 * 0.01% word probed its way through about 500,000 answers for one page (3.0-3.9 s; without the
 * probe its estimated 50,043 matches sent it to the hashed plan: 3.5-4.9 s). Such a word now
 * lists its matches (1,084 ids); past the list's size, up to the probe's count (planFromFacts). The test was first
 * "the search's estimate is over twice that of a word no answer has", which an OR of three unlisted
 * words passed; now each word of the search must pass it.
 */
const searchFactsRow = z.strictObject({
  pending: z.boolean(),
  answers: float8,
  matches: float8.nullable(),
  probeFrom: float8.nullable(),
  phrase: z.boolean().nullable(),
  probes: z.boolean(),
});
const searchFactsWithIdsRow = searchFactsRow.extend(filterIdsRowShape);

/**
 * Ids of the not-yet-indexed answers whose text matches. LATERAL + OFFSET 0 make PostgreSQL read
 * each queued range through the primary key; a plain join let it scan every answer with
 * to_tsvector (55 s at 1M answers for a 20,000-answer backlog, against 1.5 s this way).
 */
function pendingMatches(search: string): Prisma.Sql {
  return Prisma.sql`SELECT pending.id FROM answer_search_queue r
      CROSS JOIN LATERAL (SELECT a2.id, a2.text FROM answer a2
                          WHERE a2.id BETWEEN r.first_answer_id AND r.last_answer_id OFFSET 0) pending
      WHERE answer_search_document(pending.text) @@ answer_search_query(${search})`;
}

/**
 * Plans a search and, in the same statement, resolves the filters' ids (filterIdsSql): one round
 * trip of the snapshot instead of two.
 */
async function planSearch(db: Db, search: string, purpose: SearchPurpose, filterIds: Prisma.Sql | null = null): Promise<PlannedSearch> {
  const { questionIds, modelIds, matching, ...facts } = await queryRow(
    db,
    "planSearch",
    searchFactsWithIdsRow,
    searchFactsSql(search, purpose, filterIds),
  );
  return { plan: await planFromFacts(db, search, purpose, facts), ids: { questionIds, modelIds, matching } };
}

/** planSearch's one-row query (searchFactsWithIdsRow), also the prelude of a page read in one statement (commonWordPage). */
function searchFactsSql(search: string, purpose: SearchPurpose, filterIds: Prisma.Sql | null): Prisma.Sql {
  // the share from which a page probes (null: never; 0: always)
  const pageProbeShare = purpose === "page" ? searchProbeMinShare : null;
  const estimate = (pageProbeShare !== null && pageProbeShare > 0) || (purpose === "count" && countProbeMinimums !== null);
  // OFFSET 0 (twice): the facts and the estimate (a VOLATILE function) are each computed once; pulled
  // up, each reference to pending or answers ran its own subquery
  return Prisma.sql`
    SELECT planned.pending, planned.answers, planned.matches, planned."probeFrom", planned.phrase,
           ${pageProbesSql(pageProbeShare)} AS probes, ids."questionIds", ids."modelIds", ids.matching
      FROM (SELECT facts.pending, facts.answers,
                   CASE WHEN ${estimate} AND NOT facts.pending AND facts.answers > 0
                        THEN answer_search_listed_estimate(${search}) END AS matches,
                   ${probeFromSql(pageProbeShare)} AS "probeFrom",
                   -- a phrase operator (<-> or <N>): "<" is never part of a query's lexemes (answer_search_query);
                   -- read by a count's plan only
                   CASE WHEN ${purpose === "count"} THEN strpos(answer_search_query(${search})::text, '<') > 0 END AS phrase
              FROM (SELECT EXISTS (SELECT 1 FROM answer_search_queue) AS pending,
                           (SELECT reltuples::float8 FROM pg_class WHERE oid = 'answer_search'::regclass) AS answers
                    OFFSET 0) facts
            OFFSET 0) planned
      CROSS JOIN (${filterIds ?? NO_FILTER_IDS}) ids`;
}

/**
 * A search's matching ids (planFromFacts): how many rows the list read (an answer re-queued after a
 * text update may come from both halves of a list with a backlog: read twice, listed once), and the
 * ids as an int[] literal, passed back to the page's query as they came. Measured at 10M answers
 * (bench, a 0.19% word's 19,052 ids, median of 7, three rounds): the list as text 41-43 ms, as an
 * array Prisma converts 46-47 ms, their count alone 36-41 ms.
 */
const idListRow = z.strictObject({ rows: int4, ids: z.string().regex(/^\{[0-9,]*\}$/) });

/**
 * The plan the facts call for. A search that is not estimated as a common word lists its matches
 * here, a second statement: up to SEARCH_ID_LIST_MAX for a count or an export; for a page, up to
 * the matches from which a page probes (the facts' probeFrom), so the list itself says which of the
 * three page plans is cheapest:
 *  - at most SEARCH_ID_LIST_MAX: "ids", fetched and sorted;
 *  - up to probeFrom: "hashedIds", the list's sort index walked with a hash of these ids;
 *  - more: "probe", as if the estimate had said so (a word the statistics do not list can be in
 *    0.01% of the answers or in 0.5%; its estimate is the same).
 * Every match is read once. Before, a page listed SEARCH_ID_LIST_MAX + 1 ids and, past that, read
 * every match again to hash them in its own query: at 10M answers (bench, a 0.19% word's 19,052
 * matches) 94-152 ms a page, of which the 10,001 ids listed for nothing took 45-90 ms.
 */
async function planFromFacts(db: Db, search: string, purpose: SearchPurpose, facts: z.output<typeof searchFactsRow>): Promise<SearchPlan> {
  const pending = facts.pending;
  // a page while every answer is indexed (so a probe, or a hash of the indexed matches, is exact)
  const page = purpose === "page" && !pending;
  // a common word (pageProbesSql): probe in list order
  if (page && facts.probes) return { kind: "probe" };
  // a count of a common word (not a phrase) among the answers a score filter leaves: probe them
  if (purpose === "count" && !pending && facts.matches !== null && countProbeMinimums !== null && facts.phrase === false) {
    const { share, matches } = countProbeMinimums;
    if (facts.matches / facts.answers >= share && facts.matches >= matches) return { kind: "probe" };
  }
  // a page lists up to the probe's count (none: the list's size, then the hash in the query)
  const listMax = page ? Math.max(searchIdListMax, Math.ceil(facts.probeFrom ?? 0)) : searchIdListMax;
  // With a backlog, its matches are found by reading its texts (the slow part, once per query) and
  // listed with the indexed ones while the whole list stays short.
  const distinct = pending ? Prisma.sql`DISTINCT` : Prisma.empty;
  const { rows, ids } = await queryRow(
    db,
    "planSearch",
    idListRow,
    Prisma.sql`
    SELECT count(*)::int AS rows, coalesce(array_agg(${distinct} listed.id), '{}')::text AS ids FROM (
      SELECT answer_id AS id FROM answer_search WHERE document @@ answer_search_query(${search})
      ${pending ? Prisma.sql`UNION ALL ${pendingMatches(search)}` : Prisma.empty}
      LIMIT ${listMax + 1}::int) listed`,
  );
  if (rows <= searchIdListMax) return { kind: "ids", ids };
  if (rows <= listMax) {
    // the walk in one process: with a filter PostgreSQL planned it in parallel, and each worker
    // built its own hash of the ids (10M answers, bench, a 0.19% word in one group: 29-32 ms for
    // the page's query in parallel, 16 ms alone; the page 103-108 ms against 91-98 ms)
    await db.$executeRaw`SELECT set_config('max_parallel_workers_per_gather', '0', true)`;
    // Under id filters matching F answers, a walk reads about PROBE_PAGE_ROWS × answers² / (rows × F)
    // index entries before it has a page; reading the F answers first and sorting the matches among
    // them is cheaper while F is below answers × sqrt(PROBE_PAGE_ROWS / rows). At 10M answers
    // (bench, a 0.19% word, one group and one question: 39,690 answers) a walk read 5.8M entries.
    return { kind: "hashedIds", ids, narrowUpTo: Math.floor(facts.answers * Math.sqrt(PROBE_PAGE_ROWS / rows)) };
  }
  if (page) return facts.probeFrom !== null ? { kind: "probe" } : { kind: "hashed" };
  return { kind: pending ? "pending" : "indexed" };
}

/** Tests and the benchmark: which plan a search gets right now, for a page or for every match. */
export async function searchPlanKind(prisma: PrismaClient, search: string, purpose: SearchPurpose): Promise<SearchPlan["kind"]> {
  return prisma.$transaction(async (tx) => (await planSearch(tx, search, purpose)).plan.kind, {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
  });
}

function searchCondition(search: string, plan: SearchPlan): Prisma.Sql {
  // the same condition for both: "ids" reads these answers and sorts them (resolveFilters makes it
  // narrow), "hashedIds" walks the sort index and looks each answer up in the array, which
  // PostgreSQL hashes (at 10M answers, 34,542 index entries walked for a page: 5.9 ms)
  if (plan.kind === "ids" || plan.kind === "hashedIds") return Prisma.sql`a.id = ANY(${plan.ids}::int[])`;
  // OFFSET 0 keeps it a per-answer probe: pulled up into a semi-join, PostgreSQL hashes every match first
  if (plan.kind === "probe") {
    return Prisma.sql`EXISTS (SELECT 1 FROM answer_search probed
        WHERE probed.answer_id = a.id AND probed.document @@ answer_search_query(${search}) OFFSET 0)`;
  }
  const indexed = Prisma.sql`SELECT indexed.answer_id FROM answer_search indexed
      WHERE indexed.document @@ answer_search_query(${search})`;
  // (a page hashes this only when no probe share bounds its list: planFromFacts)
  // "OR false" keeps the IN a hashed SubPlan: PostgreSQL pulls up only an IN that stands alone among
  // the ANDed conditions (into a semi-join), and folds the constant away only afterwards. The walk in
  // list order then looks each answer up in a hash of every match, built once. Measured at 10M
  // answers (bench, a 0.19% word, aligned asc, page 1, warm): the page in 92 ms (19,052 matches
  // hashed, 34,542 index entries walked), against 470 ms with the semi-join, which PostgreSQL
  // planned as a parallel probe of answer_search per answer (65,000 probes by three processes for
  // 51 rows).
  if (plan.kind === "hashed") return Prisma.sql`(a.id IN (${indexed}) OR false)`;
  if (plan.kind === "indexed") return Prisma.sql`a.id IN (${indexed})`;
  return Prisma.sql`a.id IN (
      ${indexed}
      UNION ALL
      ${pendingMatches(search)})`;
}

/**
 * A search could not start its snapshot transaction: every connection of the pool stayed busy
 * for SEARCH_MAX_WAIT_MS (Prisma's P2028, "Unable to start a transaction in the given time", which
 * was a 500 under load). Pages and routes answer it as "busy, try again" (503).
 */
export class SearchBusyError extends Error {
  constructor() {
    super("The server is busy with other searches right now; try again in a few seconds.");
    this.name = "SearchBusyError";
  }
}

/**
 * How long a search waits for a connection before SearchBusyError. A search holds its connection
 * for its whole snapshot, so under load the pool (10 connections) fills; 30 s of waiting (the old
 * value) held the request and its browser for half a minute and then failed anyway.
 */
export const SEARCH_MAX_WAIT_MS = 10_000;
let searchMaxWait = SEARCH_MAX_WAIT_MS;
/** Tests: a shorter wait, to see a busy pool answered without waiting 10 s. */
export function setSearchMaxWait(ms: number = SEARCH_MAX_WAIT_MS): void {
  searchMaxWait = ms;
}

/**
 * Runs `work` with the filters resolved (resolveFilters: null when they match no answer) and the
 * search planned: with a search, the plan, the filters' ids and `work`'s queries in one snapshot,
 * the ids read in the plan's statement; without one, directly.
 */
async function withResolvedFilters<T>(
  prisma: PrismaClient,
  filters: AnswerFilters,
  work: (db: Db, resolved: ResolvedFilters | null) => Promise<T>,
  { purpose = "all", narrowFilterRows = NARROW_FILTER_ROWS }: { purpose?: SearchPurpose; narrowFilterRows?: number } = {},
): Promise<T> {
  const search = filters.search;
  // a page of a search counts the filters' answers exactly (a "hashedIds" page reads them first up
  // to the plan's narrowUpTo, far above the narrow limit): every count row summed, 0.5 ms against
  // 0.2 ms at 1M answers (filterIdsSql)
  const filterIds = filterIdsSql(filters, search !== undefined && purpose === "page" ? EXACT_FILTER_COUNT : narrowFilterRows);
  if (search === undefined) {
    const ids = filterIds ? await queryRow(prisma, "resolveFilters", filterIdsRow, filterIds) : null;
    return work(prisma, resolveFilters(filters, ids, null, narrowFilterRows));
  }
  try {
    return await prisma.$transaction(
      async (tx) => {
        const { plan, ids } = await planSearch(tx, search, purpose, filterIds);
        return work(tx, resolveFilters(filters, filterIds ? ids : null, plan, narrowFilterRows));
      },
      {
        isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
        maxWait: searchMaxWait,
        timeout: 10 * 60_000,
      },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2028" && /start a transaction/i.test(error.message)) {
      throw new SearchBusyError();
    }
    throw error;
  }
}

/** Filters as conditions on answer's own columns, and which of the two plans serves them. */
interface ResolvedFilters extends AnswerListSpec {
  /**
   * the answers as the view's score source has them (lib/db/score-source.ts): `answer` for the
   * default; a further judge's scores (answers it did not score left out). Scores shown, sorted and
   * ranged are the judge's; "corrected by reviewers" changes the misaligned-only filter (a label is
   * a verdict, not a score)
   */
  relation: Prisma.Sql;
  /** WHERE conditions on answer a (ids, scores, search); empty for no filter */
  conditions: Prisma.Sql[];
  /** few answers match the id filters: fetch them first, then sort */
  narrow: boolean;
}

/** The set/question and group/model/seed/base-model filters, as conditions on question q (with set s) and model m (with group g). */
function idFilterConditions(filters: AnswerFilters): { questionConditions: Prisma.Sql[]; modelConditions: Prisma.Sql[] } {
  const questionConditions: Prisma.Sql[] = [];
  if (filters.set !== undefined) questionConditions.push(Prisma.sql`s.name = ${filters.set}`);
  if (filters.question !== undefined) questionConditions.push(Prisma.sql`q.external_id = ${filters.question}`);
  const modelConditions: Prisma.Sql[] = [];
  if (filters.group !== undefined) modelConditions.push(Prisma.sql`g.name = ${filters.group}`);
  if (filters.model !== undefined) modelConditions.push(Prisma.sql`m.name = ${filters.model}`);
  if (filters.seed !== undefined) modelConditions.push(Prisma.sql`m.seed = ${filters.seed}::int`);
  const base = filters.methodView?.base;
  const attributes = filters.methodView?.attributes ?? [];
  if ((base !== undefined && base !== ALL_BASE_MODELS) || attributes.length > 0) {
    const scope: BaseScope =
      base === undefined || base === ALL_BASE_MODELS
        ? { kind: "all" }
        : base === UNKNOWN_BASE_MODEL
          ? { kind: "unknown" }
          : { kind: "named", name: base };
    modelConditions.push(modelInScopeSql({ ...scope, attributes }));
  }
  return { questionConditions, modelConditions };
}

/**
 * The one-row query of the filters' question and model ids (filterIdsRow), and whether they match at
 * most `narrowFilterRows` answers, summed from import_batch_answer_count (migration
 * 20261201150000_batch_answer_counts: answers per batch, model and question, kept exact by triggers;
 * one row per such triple with answers: 2,520 rows for the 10M bench's 10,001,880 answers). Counting
 * the answers themselves up to the limit read 20,001 index entries whenever the filter was wide:
 * 4.3-5.3 ms of every search page at 10M answers (bench, set filter). `matching` is that sum, or
 * the limit + 1 when it is larger. Null: no id filter.
 */
function filterIdsSql(filters: AnswerFilters, narrowFilterRows: number): Prisma.Sql | null {
  const { questionConditions, modelConditions } = idFilterConditions(filters);
  if (questionConditions.length === 0 && modelConditions.length === 0) return null;
  const questionIds =
    questionConditions.length === 0
      ? Prisma.sql`NULL::int[]`
      : Prisma.sql`ARRAY(SELECT q.id FROM question q JOIN question_set s ON s.id = q.set_id
                         WHERE ${Prisma.join(questionConditions, " AND ")} ORDER BY q.id)`;
  const modelIds =
    modelConditions.length === 0
      ? Prisma.sql`NULL::int[]`
      : Prisma.sql`ARRAY(SELECT m.id FROM model m JOIN model_group g ON g.id = m.group_id
                         WHERE ${Prisma.join(modelConditions, " AND ")} ORDER BY m.id)`;
  const counted = Prisma.join(
    [
      ...(questionConditions.length > 0 ? [Prisma.sql`c.question_id = ANY(ids.question_ids)`] : []),
      ...(modelConditions.length > 0 ? [Prisma.sql`c.model_id = ANY(ids.model_ids)`] : []),
    ],
    " AND ",
  );
  // a wide filter stops at the first count row whose running sum passes the limit (the window
  // streams; the whole sum only when it never does): at 1M answers (bench, set filter, 2,520
  // rows) 0.2 ms against 0.5 ms for the sum of every row
  return Prisma.sql`
      WITH ids AS (SELECT ${questionIds} AS question_ids, ${modelIds} AS model_ids)
      SELECT ids.question_ids AS "questionIds", ids.model_ids AS "modelIds",
             coalesce((SELECT ${narrowFilterRows + 1}::int
                         FROM (SELECT sum(c.answers) OVER (ROWS UNBOUNDED PRECEDING) AS running
                                 FROM import_batch_answer_count c WHERE ${counted}) prefix
                        WHERE prefix.running > ${narrowFilterRows}::int LIMIT 1),
                      (SELECT coalesce(sum(c.answers), 0)::int FROM import_batch_answer_count c WHERE ${counted})) AS matching
      FROM ids`;
}

/**
 * Resolves the filters to conditions on answer's own columns, given their ids (filterIdsSql's row;
 * null: no id filter); null when they match no answer at all. Decides the plan: narrow when the ids
 * match at most `narrowFilterRows` answers (or, for a "hashedIds" page, at most its narrowUpTo), or
 * the search is a listed one.
 */
function resolveFilters(
  filters: AnswerFilters,
  ids: FilterIds | null,
  plan: SearchPlan | null,
  narrowFilterRows: number,
): ResolvedFilters | null {
  const idConditions: Prisma.Sql[] = [];
  let narrow = false;
  if (ids) {
    const { questionIds, modelIds, matching } = ids;
    if (questionIds?.length === 0 || modelIds?.length === 0) return null;
    if (questionIds) idConditions.push(Prisma.sql`a.question_id = ANY(${questionIds}::int[])`);
    if (modelIds) idConditions.push(Prisma.sql`a.model_id = ANY(${modelIds}::int[])`);
    narrow = matching <= narrowFilterRows || (plan?.kind === "hashedIds" && matching <= plan.narrowUpTo);
    if (narrow && !questionIds) {
      // models only: name every question too, so (question_id, model_id) is read as one short range
      // per (question, model) instead of scanned whole (PostgreSQL 15 has no skip scan)
      idConditions.push(Prisma.sql`a.question_id = ANY(ARRAY(SELECT id FROM question))`);
    }
  }

  const conditions = [...idConditions, ...scoreConditions(filters)];
  if (filters.search !== undefined) {
    if (!plan) throw new Error("a search needs its plan (withResolvedFilters)");
    if (plan.kind === "ids" && plan.ids === "{}") return null;
    conditions.push(searchCondition(filters.search, plan));
    // a listed search is as narrow as an id filter: fetch those answers, then sort
    if (plan.kind === "ids") narrow = true;
  }
  return { relation: sourceRelation(filters), conditions, narrow };
}

/** The filters on answer's own scores, batch and extra metric, and "misaligned only", as conditions on answer a. */
function scoreConditions(filters: AnswerFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.alignedMin !== undefined) conditions.push(Prisma.sql`a.aligned >= ${float(filters.alignedMin)}`);
  if (filters.alignedMax !== undefined) conditions.push(Prisma.sql`a.aligned <= ${float(filters.alignedMax)}`);
  if (filters.coherentMin !== undefined) conditions.push(Prisma.sql`a.coherent >= ${float(filters.coherentMin)}`);
  if (filters.coherentMax !== undefined) conditions.push(Prisma.sql`a.coherent <= ${float(filters.coherentMax)}`);
  if (filters.batch !== undefined) conditions.push(Prisma.sql`a.batch_id = ${filters.batch}::int`);
  if (filters.metric !== undefined) {
    // a probe of judge_score's (answer_id, metric) key per answer; an answer without a number for
    // the metric (an empty cell) is in no range
    const bounds = [Prisma.sql`j.score IS NOT NULL`];
    if (filters.metricMin !== undefined) bounds.push(Prisma.sql`j.score >= ${float(filters.metricMin)}`);
    if (filters.metricMax !== undefined) bounds.push(Prisma.sql`j.score <= ${float(filters.metricMax)}`);
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM judge_score j
        WHERE j.answer_id = a.id AND j.metric = ${filters.metric} AND ${Prisma.join(bounds, " AND ")})`);
  }
  const source = filters.thresholds.source;
  if (filters.misalignedOnly) {
    // the one rule (lib/db/rate-rule.ts): scored, coherent >= C, aligned < A
    conditions.push(
      source?.corrected
        ? Prisma.sql`EXISTS (SELECT 1 FROM ${scoredAnswersSql(source)} c WHERE c.id = a.id AND ${misalignedSql("c", filters.thresholds)})`
        : misalignedSql("a", filters.thresholds),
    );
  }
  return conditions;
}

/** A row's cursor under a sort. */
export function cursorOf(
  sort: AnswerSort,
  row: { id: number; aligned: number | null; coherent: number | null; sampleIndex: number },
): KeysetCursor {
  const value = sort.key === "aligned" ? row.aligned : sort.key === "coherent" ? row.coherent : row.sampleIndex;
  return { value, id: row.id };
}

/** The relation whose scores a list shows: the source's judge (see ResolvedFilters.relation). */
function sourceRelation(filters: AnswerFilters): Prisma.Sql {
  const source = filters.thresholds.source;
  return scoredAnswersSql(judgeScoresOf(source));
}

/** The extra judge metrics' scores of answer a, by metric name, as a JSON array (one probe of judge_score's (answer_id, metric) key): a page's and an export's. */
const extraScoresSql = Prisma.sql`(SELECT coalesce(json_agg(json_build_object('metric', j.metric, 'score', j.score) ORDER BY j.metric), '[]')
    FROM judge_score j WHERE j.answer_id = a.id AND j.metric NOT IN (${headlineMetricsSql}))`;

/**
 * The extra metrics that at least one matching answer is scored in (the CSV's extra columns): for
 * each metric in the database, one EXISTS over its judge_score rows (index on metric) joined to the
 * filtered answers, stopping at the first match.
 */
export const metricsInAnswers = cachedPerDataVersion(
  "metricsInAnswers",
  async function metricsInAnswers(prisma: PrismaClient, filters: AnswerFilters): Promise<string[]> {
    const metrics = await listExtraMetrics(prisma);
    if (metrics.length === 0) return [];
    return withResolvedFilters(prisma, filters, async (db, resolved) => {
      if (!resolved) return [];
      const where = resolved.conditions.length > 0 ? Prisma.sql`AND ${Prisma.join(resolved.conditions, " AND ")}` : Prisma.empty;
      const rows = await queryRows(
        db,
        "metricsInAnswers",
        z.strictObject({ metric: z.string() }),
        Prisma.sql`
      SELECT wanted.metric FROM unnest(${metrics}::text[]) AS wanted(metric)
       WHERE EXISTS (SELECT 1 FROM judge_score j JOIN ${resolved.relation} a ON a.id = j.answer_id WHERE j.metric = wanted.metric ${where})
       ORDER BY wanted.metric`,
      );
      return rows.map((row) => row.metric);
    });
  },
);

let searchPageInOneStatement = true;
let searchPagesReadInOneStatement = 0;
/** Tests: turn commonWordPage off (every search page planned in its snapshot transaction) or back on. */
export function setSearchPageInOneStatement(enabled = true): void {
  searchPageInOneStatement = enabled;
}
/** Tests: how many search pages commonWordPage has served (since the process started). */
export function searchPagesInOneStatement(): number {
  return searchPagesReadInOneStatement;
}

/**
 * A search page read in one statement: the plan's facts (searchFactsSql) as its first common table
 * expression, and the probe plan's page (keysetCardsInOneStatement) gated on them, so the statement
 * walks the list only when planSearch would have chosen the probe (a common word, nothing waiting
 * for the indexer, more answers under the id filters than a narrow list). One statement is one
 * snapshot: no transaction, no round trip for the plan. Measured at 1M answers (bench, warm, a 60%
 * word with the set filter, by alignment, median of 40, three rounds alternated with ILIKE): a
 * round trip took 0.5-0.6 ms and an interactive transaction 0.5 ms more; the page in one statement
 * 4.3 ms, planned in its transaction 5.0-5.4 ms, ILIKE 4.3-4.5 ms.
 *
 * It holds its connection for one statement, not for a transaction: with the pool busy it waits for
 * a connection like every other read, where a planned search answers SearchBusyError.
 *
 * Null when the statement did not serve the page: the gate was closed (another plan), or no row
 * came (the gate does not say which; the planned path reads the page again, an empty page of a
 * common word under narrow score filters costing twice).
 */
async function commonWordPage(
  prisma: PrismaClient,
  filters: AnswerFilters,
  sort: AnswerSort,
  cursor: KeysetCursor | undefined,
  limit: number,
  forward: boolean,
  narrowFilterRows: number,
): Promise<Awaited<ReturnType<typeof keysetCards>> | null> {
  const search = filters.search;
  if (!searchPageInOneStatement || search === undefined || searchProbeMinShare === null) return null;
  const filterIds = filterIdsSql(filters, narrowFilterRows);
  const { questionConditions, modelConditions } = idFilterConditions(filters);
  const idConditions = [
    ...(questionConditions.length > 0 ? [Prisma.sql`a.question_id = ANY((SELECT "questionIds" FROM search_plan)::int[])`] : []),
    ...(modelConditions.length > 0 ? [Prisma.sql`a.model_id = ANY((SELECT "modelIds" FROM search_plan)::int[])`] : []),
  ];
  // the probe, and (with id filters) a list too wide to be narrow: resolveFilters' other plan
  const gate = Prisma.sql`(SELECT probes ${filterIds ? Prisma.sql`AND matching > ${narrowFilterRows}::int` : Prisma.empty} FROM search_plan)`;
  const spec: AnswerListSpec = {
    relation: sourceRelation(filters),
    conditions: [gate, ...idConditions, ...scoreConditions(filters), searchCondition(search, { kind: "probe" })],
    narrow: false,
  };
  const rows = await keysetCardsInOneStatement(
    prisma,
    spec,
    sort,
    cursor,
    limit,
    spec.relation,
    Prisma.sql`search_plan AS MATERIALIZED (${searchFactsSql(search, "page", filterIds)})`,
    { forward, metrics: extraScoresSql },
  );
  if (rows.length === 0) return null;
  searchPagesReadInOneStatement++;
  return rows;
}

/** One page of the filtered list, after or before a cursor (or the first page). */
export const browseAnswers = cachedPerDataVersion(
  "browseAnswers",
  async function browseAnswers(prisma: PrismaClient, query: BrowseQuery): Promise<BrowserPage> {
    const limit = query.limit ?? BROWSER_PAGE_SIZE;
    const { filters, sort } = query;
    const forward = !query.before;
    const cursor = query.before ?? query.after;
    // Keys, cards and extra metrics in one query (in the search's snapshot); a search's snippets
    // come after the rows (answerSnippets). Measured at 1M answers (bench, warm, 30 paired runs):
    // 0.2-0.8 ms less a page than keys, then cards and extra metrics on two connections after the
    // COMMIT (a 60% word by sample: 13.4 against 14.2 ms); starting the extra metrics before the
    // COMMIT instead cost 0.6-1.2 ms more (one thread of JavaScript sends both).
    // a common word's page in one statement when it can (commonWordPage), else planned in a snapshot
    const narrowFilterRows = query.narrowFilterRows ?? NARROW_FILTER_ROWS;
    const read =
      (await commonWordPage(prisma, filters, sort, cursor, limit + 1, forward, narrowFilterRows)) ??
      (await withResolvedFilters(
        prisma,
        filters,
        async (db, resolved) =>
          resolved ? keysetCards(db, resolved, sort, cursor, limit + 1, resolved.relation, { forward, metrics: extraScoresSql }) : [],
        { purpose: "page", narrowFilterRows },
      ));
    const hasMore = read.length > limit;
    const rows = read.slice(0, limit);
    if (!forward) rows.reverse();
    const items = rows.map((row): BrowserAnswer => ({
      id: row.id,
      publicId: row.publicId,
      set: row.set,
      question: row.question,
      group: row.group,
      groupLabel: row.groupLabel,
      groupColor: row.groupColor,
      model: row.model,
      seed: row.seed,
      sampleIndex: row.sampleIndex,
      aligned: row.aligned,
      coherent: row.coherent,
      example: row.example,
      preview: row.preview,
      textLength: row.textLength,
      metrics: row.metrics,
      reviewLabel: row.reviewLabel,
    }));
    const first = rows[0];
    const last = rows[rows.length - 1];
    return {
      items,
      nextCursor: last && (forward ? hasMore : true) ? { value: last.value, id: last.id } : null,
      prevCursor: first && (forward ? cursor !== undefined : hasMore) ? { value: first.value, id: first.id } : null,
    };
  },
);

/**
 * A search's passages of a page's answers (ts_headline over each whole text, up to three
 * fragments), matches marked. Read after the page's rows, not in their query: ts_headline parses
 * every text, which was the larger part of a page of a common word (measured at 1M answers, bench,
 * a 60% word's 50 matching texts of 825 characters on average: 4.7 ms, against 0.7 ms for the rest
 * of the page's query), so /answers shows its list first and the passages as they come, like the
 * count. Not in the page's snapshot: the app never edits a text (it removes answers; a removed one
 * has no entry, and its card keeps its preview).
 */
export const answerSnippets = cachedPerDataVersion(
  "answerSnippets",
  async function answerSnippets(prisma: PrismaClient, search: string, ids: number[]): Promise<AnswerSnippets> {
    if (ids.length === 0) return {};
    const markers = newHighlightMarkers();
    const rows = await queryRows(
      prisma,
      "answerSnippets",
      z.strictObject({ id: int4, headline: z.string() }),
      Prisma.sql`
    SELECT a.id, answer_search_headline(a.text, ${search},
             ${`StartSel=${markers.start}, StopSel=${markers.stop}, MaxFragments=3, MinWords=8, MaxWords=24, FragmentDelimiter=" … "`}) AS headline
      FROM answer a WHERE a.id = ANY(${ids}::int[])`,
    );
    return Object.fromEntries(rows.map((row) => [row.id, splitHighlights(row.headline, markers)]));
  },
);

/** Number of matching answers, counted up to COUNT_CAP + 1 (capped: true means "more than COUNT_CAP"). */
export const countAnswers = cachedPerDataVersion(
  "countAnswers",
  async function countAnswers(prisma: PrismaClient, filters: AnswerFilters): Promise<{ count: number; capped: boolean }> {
    const count = await withResolvedFilters(
      prisma,
      filters,
      async (db, resolved) => {
        if (!resolved) return 0;
        const where = resolved.conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(resolved.conditions, " AND ")}` : Prisma.empty;
        const row = await queryRow(
          db,
          "countAnswers",
          z.strictObject({ count: int4 }),
          Prisma.sql`
      SELECT count(*)::int AS count FROM (SELECT 1 FROM ${resolved.relation} a ${where} LIMIT ${COUNT_CAP + 1}::int) matching`,
        );
        return row.count;
      },
      { purpose: hasScoreFilter(filters) ? "count" : "all" },
    );
    return count > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count, capped: false };
  },
);

/** The answers just before and after one answer in a filtered, sorted list (ids, or null at the ends). */
export const answerNeighbours = cachedPerDataVersion(
  "answerNeighbours",
  async function answerNeighbours(
    prisma: PrismaClient,
    filters: AnswerFilters,
    sort: AnswerSort,
    answer: { id: number; aligned: number | null; coherent: number | null; sampleIndex: number },
    options: ListOptions = {},
  ): Promise<AnswerNeighbourIds> {
    const cursor = cursorOf(sort, answer);
    return withResolvedFilters(
      prisma,
      filters,
      async (db, resolved) => {
        if (!resolved) return { previous: null, next: null };
        // one after the other: an interactive transaction runs one query at a time
        const previous = (await keysetRows(db, resolved, sort, cursor, false, 1))[0]?.id;
        const next = (await keysetRows(db, resolved, sort, cursor, true, 1))[0]?.id;
        // the keyset walk reads only covering indexes: the two links' public ids come from the rows
        const ids = [previous, next].filter((id) => id !== undefined);
        const found = ids.length
          ? await queryRows(
              db,
              "answerNeighbours",
              z.strictObject({ id: int4, publicId: z.string() }),
              Prisma.sql`SELECT id, public_id AS "publicId" FROM answer WHERE id = ANY(${ids}::int[])`,
            )
          : [];
        const publicId = (id: number | undefined) => found.find((row) => row.id === id)?.publicId ?? null;
        return { previous: publicId(previous), next: publicId(next) };
      },
      { purpose: "page", narrowFilterRows: options.narrowFilterRows },
    );
  },
);

/**
 * An exported answer as walkAnswers reads it (its extra metrics from extraScoresSql). Parsed in
 * tests only (queryRowsParsedInTests): measured at 1M answers (bench database), a batch of 500 with
 * full texts parsed in 1.26 ms against 13.0 ms for the query (9.7%).
 */
const exportAnswerRow = z.strictObject({
  id: int4,
  set: z.string(),
  question: z.string(),
  group: z.string(),
  model: z.string(),
  seed: int4.nullable(),
  sampleIndex: int4,
  aligned: float8.nullable(),
  coherent: float8.nullable(),
  prompt: z.string(),
  text: z.string(),
  example: z.boolean(),
  baseModel: z.string().nullable(),
  publicId: z.string(),
  metrics: metricScoresColumn,
}) satisfies z.ZodType<ExportAnswer>;

/** Every matching answer in list order, fetched in keyset batches (memory stays flat for any size). */
export async function* walkAnswers(
  prisma: PrismaClient,
  filters: AnswerFilters,
  sort: AnswerSort,
  batchSize = 500,
  options: ListOptions = {},
): AsyncGenerator<ExportAnswer> {
  let after: KeysetCursor | undefined;
  for (;;) {
    // each batch plans its search afresh (in its own snapshot): the walk may outlast an indexer run
    const keys = await withResolvedFilters(
      prisma,
      filters,
      async (db, resolved) => (resolved ? keysetRows(db, resolved, sort, after, true, batchSize) : []),
      { narrowFilterRows: options.narrowFilterRows },
    );
    if (keys.length === 0) return;
    const ids = keys.map((key) => key.id);
    const rows = await queryRowsParsedInTests(
      prisma,
      "walkAnswers",
      exportAnswerRow,
      Prisma.sql`
        SELECT a.id, s.name AS set, q.external_id AS question, g.name AS "group", m.name AS model, m.seed,
               a.sample_index AS "sampleIndex", a.aligned, a.coherent, a.prompt, a.text, a.example, m.base_model AS "baseModel",
               a.public_id AS "publicId", ${extraScoresSql} AS metrics
        ${answersByIds(ids, sourceRelation(filters))}`,
    );
    yield* inOrder(ids, rows);
    if (keys.length < batchSize) return;
    const last = keys[keys.length - 1];
    after = { value: last.value, id: last.id };
  }
}

/**
 * Questions that have at least one answer (example answers included), as question q: one probe of
 * the (question_id, model_id) index per question. The LATERAL ... LIMIT 1 keeps it a probe: written
 * as EXISTS, PostgreSQL turned the sets' test into a hash join over the whole answer index as soon
 * as one set had questions without answers (145-230 ms at 500k answers, 445 ms at 1.2M; now ~2 ms).
 */
const answeredQuestions = Prisma.sql`(SELECT q.* FROM question q
    CROSS JOIN LATERAL (SELECT 1 FROM answer a WHERE a.question_id = q.id LIMIT 1) answered)`;

const filterSetRow = z.strictObject({ name: z.string(), isDemo: z.boolean() }) satisfies z.ZodType<AnswerFilterOptions["sets"][number]>;
const filterGroupRow = z.strictObject({ name: z.string(), label: z.string() }) satisfies z.ZodType<AnswerFilterOptions["groups"][number]>;

/** Values for the filter form's selects: sets, questions, groups, models and seeds present in the data. */
export const answerFilterOptions = cachedPerDataVersion(
  "answerFilterOptions",
  async function answerFilterOptions(prisma: PrismaClient, set?: string): Promise<AnswerFilterOptions> {
    const [sets, questions, groups, models, metrics] = await Promise.all([
      queryRows(
        prisma,
        "answerFilterOptions",
        filterSetRow,
        Prisma.sql`
      SELECT s.name, s.is_demo AS "isDemo" FROM question_set s
      WHERE s.id IN (SELECT q.set_id FROM ${answeredQuestions} q)
      ORDER BY s.is_demo, s.id`,
      ),
      queryRows(
        prisma,
        "answerFilterOptions",
        z.strictObject({ externalId: z.string() }),
        Prisma.sql`
      SELECT q.external_id AS "externalId" FROM ${answeredQuestions} q JOIN question_set s ON s.id = q.set_id
      ${set !== undefined ? Prisma.sql`WHERE s.name = ${set}` : Prisma.empty}
      GROUP BY q.external_id
      ORDER BY min(q.position), q.external_id`,
      ),
      queryRows(
        prisma,
        "answerFilterOptions",
        filterGroupRow,
        Prisma.sql`
      SELECT g.name, g.label FROM model_group g
      WHERE EXISTS (SELECT 1 FROM model m WHERE m.group_id = g.id)
      ORDER BY g.display_order, g.name`,
      ),
      queryRows(
        prisma,
        "answerFilterOptions",
        z.strictObject({ name: z.string(), seed: int4.nullable(), baseModel: z.string().nullable() }),
        Prisma.sql`SELECT m.name, m.seed, m.base_model AS "baseModel" FROM model m ORDER BY m.name`,
      ),
      listExtraMetrics(prisma),
    ]);
    const baseModels = [...new Set(models.map((model) => model.baseModel).filter((name): name is string => name !== null))].sort();
    const seeds = [...new Set(models.map((model) => model.seed).filter((seed): seed is number => seed !== null))].sort((a, b) => a - b);
    return {
      sets,
      questions: questions.map((row) => row.externalId),
      groups,
      models: models.map((row) => row.name),
      seeds,
      baseModels,
      hasUnknownBaseModel: models.some((model) => model.baseModel === null),
      metrics,
    };
  },
);

/**
 * The words of one answer that a search matches (ts_headline over the whole text, split on our
 * markers), to highlight them on the permalink; empty when nothing matches.
 */
export const answerSearchTerms = cachedPerDataVersion(
  "answerSearchTerms",
  async function answerSearchTerms(prisma: PrismaClient, id: number, search: string): Promise<string[]> {
    const markers = newHighlightMarkers();
    const rows = await queryRows(
      prisma,
      "answerSearchTerms",
      z.strictObject({ headline: z.string().nullable() }),
      Prisma.sql`
    SELECT answer_search_headline(a.text, ${search},
                                  ${`StartSel=${markers.start}, StopSel=${markers.stop}, HighlightAll=true`}) AS headline
    FROM answer a WHERE a.id = ${id}::int`,
    );
    const headline = rows[0]?.headline;
    return headline ? highlightedTerms(splitHighlights(headline, markers)) : [];
  },
);
