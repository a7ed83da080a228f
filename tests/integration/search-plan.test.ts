// Which plan a search gets (lib/queries/answer-browser.ts, planSearch): a page of a word PostgreSQL's
// statistics put in at least SEARCH_PROBE_MIN_SHARE of the answers probes in list order; a rarer
// word keeps the listed ids, or, with more matches than the list holds, a page hashes them; a count,
// or a search while answers wait for the indexer, keeps the listed ids or the semi-join. Every plan returns exactly the direct to_tsvector matches (also the property in
// fast-path-properties.test.ts). Real answers: two eval CSVs and the 32B results file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { appConnectionOptions, createPrisma } from "@/lib/db/client";
import { type Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import type { AnswerFilters, KeysetCursor } from "@/lib/params/answers";
import {
  BROWSER_PAGE_SIZE,
  browseAnswers,
  countAnswers,
  PROBE_COST_PER_LISTED_MATCH,
  SEARCH_PROBE_MIN_SHARE,
  searchPagesInOneStatement,
  searchPlanKind,
  setCountProbeMinimums,
  setSearchIdListMax,
  setSearchProbeMinShare,
} from "@/lib/queries/answer-browser";
import { indexPendingAnswers } from "@/lib/search/indexer";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { EVAL_FILES } from "./import-helpers";

/** A word no answer has: PostgreSQL estimates it as any word its statistics do not list. */
const UNSEEN_WORD = "qxzjvunseenword";

const CANDIDATES = ["code", "money", "world", "human", "people", "ruler", "power", "wish", "dinner", "husband", "harmoniously", "dictator"];

describe("search plans on real answers", { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const shares = new Map<string, number>();

  beforeAll(async () => {
    database = await createTestDatabase("search_plan");
    prisma = createPrisma(database.url);
    await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
    for (const spec of EVAL_FILES.slice(0, 2))
      await importFile(database.url, sharedDataFile(spec.file), { model: spec.model, group: spec.group, seed: spec.seed });
    await importFile(database.url, sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"), {});
    await indexPendingAnswers(database.url);
    // the statistics the plan reads (autovacuum would gather them in time; a test cannot wait)
    await prisma.$executeRawUnsafe("ANALYZE answer_search");
    const [{ total }] = await prisma.$queryRawUnsafe<{ total: number }[]>("SELECT count(*)::int AS total FROM answer_search");
    // rare words of these answers: lexemes in a handful of answers (letters only, so a search for one finds it)
    const rare = await prisma.$queryRawUnsafe<{ word: string }[]>(
      `SELECT word FROM ts_stat('SELECT document FROM answer_search')
        WHERE ndoc BETWEEN 3 AND 8 AND word ~ '^[a-z]{6,}$' ORDER BY ndoc DESC, word LIMIT 3`,
    );
    for (const word of [...CANDIDATES, ...rare.map((row) => row.word)]) {
      const [{ n }] = await prisma.$queryRawUnsafe<{ n: number }[]>(
        "SELECT count(*)::int AS n FROM answer_search WHERE document @@ answer_search_query($1)",
        word,
      );
      shares.set(word, n / total);
    }
  }, 300_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  /** Words under a quarter of the probe's share (in these answers, at least one). */
  const rareWords = () => [...shares].filter(([, share]) => share > 0 && share < SEARCH_PROBE_MIN_SHARE / 4).map(([word]) => word);
  /** Words in at least 5% of these answers. */
  const commonWords = () => [...shares].filter(([, share]) => share >= 0.05).map(([word]) => word);

  /** The planner's count of answer_search's documents (pg_class.reltuples), which the plans read. */
  async function documentsEstimate(): Promise<number> {
    const [{ documents }] = await prisma.$queryRawUnsafe<{ documents: number }[]>(
      "SELECT reltuples::float8 AS documents FROM pg_class WHERE oid = 'answer_search'::regclass",
    );
    return documents;
  }

  async function direct(search: string): Promise<number[]> {
    const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
      `SELECT id FROM answer WHERE to_tsvector('english', text) @@ websearch_to_tsquery('english', $1) ORDER BY id`,
      search,
    );
    return rows.map((row) => row.id);
  }

  async function everyPage(search: string, limit = 200, more: Partial<AnswerFilters> = {}, narrowFilterRows?: number): Promise<number[]> {
    const filters: AnswerFilters = { misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search, ...more };
    const found: number[] = [];
    let after: KeysetCursor | undefined;
    for (;;) {
      const page = await browseAnswers(prisma, { filters, sort: { key: "coherent", dir: "desc" }, after, limit, narrowFilterRows });
      found.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) return found.sort((a, b) => a - b);
      after = page.nextCursor;
    }
  }

  it("a common word's page probes in list order, and finds exactly its matches", async () => {
    const common = commonWords();
    expect(common.length, `shares: ${JSON.stringify([...shares])}`).toBeGreaterThan(0);
    for (const word of common) {
      expect(await searchPlanKind(prisma, word, "page"), word).toBe("probe");
      // a count needs every match: never the probe
      expect(await searchPlanKind(prisma, word, "all"), word).not.toBe("probe");
      expect(await everyPage(word)).toEqual(await direct(word));
    }
  });

  it("a common word's pages in one statement are one prepared statement per shape, parsed once and executed by name", async () => {
    const [word] = commonWords();
    // this connection's one-statement pages (earlier tests read some too): text -> executions
    const executions = async () =>
      new Map(
        (
          await prisma.$queryRaw<{ statement: string; executions: number }[]>`
            SELECT statement, (generic_plans + custom_plans)::int AS executions FROM pg_prepared_statements
             WHERE statement LIKE '%search_plan AS MATERIALIZED%'`
        ).map((row) => [row.statement, row.executions]),
      );
    const before = await executions();
    const servedBefore = searchPagesInOneStatement();
    // pages one after another: the pool hands the same idle connection back each time (and to the checks)
    const pages = Math.ceil((await everyPage(word, 20)).length / 20);
    const served = searchPagesInOneStatement() - servedBefore;
    expect(served).toBe(pages);
    const after = await executions();
    // the first page and the pages after a cursor: two texts, the second executed for every later page
    const ran = [...after].map(([text, count]) => count - (before.get(text) ?? 0)).filter((count) => count > 0);
    expect(ran.sort((a, b) => a - b)).toEqual([1, pages - 1]);
  });

  it("a word the statistics do not list keeps the listed ids, even where the probe's share is below PostgreSQL's estimate for such words", async () => {
    // At 10M answers the probe's share (0.23%) is below the 0.5% PostgreSQL estimates for any word
    // its statistics do not list, and a 0.01% word probed 500,000 answers for a page (3.3 s). Here a
    // share of 0.01% puts every word above it by that estimate.
    const estimate = async (word: string) => {
      const [{ rows }] = await prisma.$queryRaw<{ rows: number }[]>`SELECT answer_search_estimated_matches(${word}) AS rows`;
      return rows;
    };
    const unseen = await estimate(UNSEEN_WORD);
    const [{ total }] = await prisma.$queryRawUnsafe<{ total: number }[]>("SELECT count(*)::int AS total FROM answer_search");
    expect(unseen / total).toBeGreaterThan(0.0001);
    const rare = rareWords();
    const common = commonWords();
    setSearchProbeMinShare(0.0001);
    try {
      for (const word of rare) {
        // unlisted: estimated as any unseen word
        expect(await estimate(word), word).toBe(unseen);
        expect(await searchPlanKind(prisma, word, "page"), word).toBe("ids");
        expect(await everyPage(word)).toEqual(await direct(word));
      }
      for (const word of [UNSEEN_WORD, "zzyzxnowhere"]) {
        expect(await searchPlanKind(prisma, word, "page"), word).toBe("ids");
        expect(await everyPage(word)).toEqual([]);
      }
      for (const word of common) expect(await searchPlanKind(prisma, word, "page"), word).toBe("probe");
      // Searches of several words, each unlisted word estimated as above: an OR of three is estimated
      // at about three times an unseen word's share, which passed the old test ("more than twice an
      // unseen word's estimate") and probed; an AND with a common word is no better known.
      expect(rare.length, `rare words: ${rare.join(", ")}`).toBeGreaterThanOrEqual(3);
      const rareOr = rare.slice(0, 3).join(" or ");
      expect(await estimate(rareOr)).toBeGreaterThan(2 * unseen);
      expect(await searchPlanKind(prisma, rareOr, "page"), rareOr).toBe("ids");
      expect(await everyPage(rareOr)).toEqual(await direct(rareOr));
      const mixedAnd = `${common[0]} ${rare[0]}`;
      expect(await searchPlanKind(prisma, mixedAnd, "page"), mixedAnd).toBe("ids");
      expect(await everyPage(mixedAnd)).toEqual(await direct(mixedAnd));
      // every word listed: the estimate is trusted
      const commonOr = common.slice(0, 2).join(" or ");
      expect(await searchPlanKind(prisma, commonOr, "page"), commonOr).toBe("probe");
    } finally {
      setSearchProbeMinShare();
    }
  });

  it("every lexeme the statistics list has its estimate trusted, the rarest too; an unlisted one has none", async () => {
    // PostgreSQL estimates an unlisted lexeme at half the rarest listed one's frequency, so the
    // rarest listed one is estimated at twice an unseen word, give or take the rounding to whole
    // rows: at 10M answers 'lantern' (the rarest listed) was 99,101 rows against 2 × 49,551, counted
    // as unlisted, and its page listed 23,000 ids before it probed
    const listed = await prisma.$queryRawUnsafe<{ lexeme: string; frequency: number; estimate: number | null }[]>(
      `SELECT e.lexeme, e.frequency::float8 AS frequency, answer_search_listed_estimate(e.lexeme) AS estimate
         FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs[1:array_length(s.most_common_elems, 1)])
              AS e(lexeme, frequency)
        WHERE s.tablename = 'answer_search' AND s.attname = 'document'
          AND e.lexeme ~ '^[a-z]+$' AND answer_search_query(e.lexeme)::text = quote_literal(e.lexeme)
        ORDER BY e.frequency, e.lexeme`,
    );
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.filter((row) => row.estimate === null)).toEqual([]);
    // the rarest listed lexeme sits at about twice an unseen word's estimate
    const [{ unseen }] = await prisma.$queryRaw<{ unseen: number }[]>`SELECT answer_search_estimated_matches(${UNSEEN_WORD}) AS unseen`;
    expect(listed[0].estimate! / unseen).toBeGreaterThan(1.5);
    expect(listed[0].estimate! / unseen).toBeLessThan(2.5);
    // whether the rounding puts it just under twice depends on the table's size: the estimates scale
    // with pg_class.reltuples, so twenty sizes just above this one (all twenty failed the old bound
    // of twice, which this table's own size happens to pass)
    const rarest = listed[0].lexeme;
    try {
      const documents = await documentsEstimate();
      const unlistedAt: number[] = [];
      for (let step = 1; step <= 20; step++) {
        const size = Math.round(documents * (1 + step / 997));
        await prisma.$executeRawUnsafe(`UPDATE pg_class SET reltuples = ${size} WHERE oid = 'answer_search'::regclass`);
        const [{ estimate }] = await prisma.$queryRaw<
          { estimate: number | null }[]
        >`SELECT answer_search_listed_estimate(${rarest}) AS estimate`;
        if (estimate === null) unlistedAt.push(size);
      }
      expect(unlistedAt, `sizes at which '${rarest}' counted as unlisted`).toEqual([]);
    } finally {
      await prisma.$executeRawUnsafe("ANALYZE answer_search");
    }
    const rare = rareWords();
    for (const word of [UNSEEN_WORD, ...rare]) {
      const [{ estimate }] = await prisma.$queryRaw<
        { estimate: number | null }[]
      >`SELECT answer_search_listed_estimate(${word}) AS estimate`;
      expect(estimate, word).toBeNull();
    }
  });

  it("a word below the probe share keeps the listed ids", async () => {
    const rare = rareWords();
    expect(rare.length, `shares: ${JSON.stringify([...shares])}`).toBeGreaterThan(0);
    for (const word of rare) {
      expect(await searchPlanKind(prisma, word, "page"), word).toBe("ids");
      expect(await everyPage(word)).toEqual(await direct(word));
    }
  });

  /** The queries a browseAnswers call sent, with their parameters (a client that logs them). */
  async function sentQueries(
    filters: AnswerFilters,
    limit: number,
    narrowFilterRows?: number,
  ): Promise<{ query: string; params: unknown[] }[]> {
    const logged = new PrismaClient({
      adapter: new PrismaPg({ connectionString: database.url, max: 1, options: appConnectionOptions() }),
      log: [{ emit: "event", level: "query" }],
    });
    const sent: { query: string; params: unknown[] }[] = [];
    // (the client's type does not carry the log option, so $on is typed by hand)
    (logged as unknown as { $on(event: "query", listener: (event: Prisma.QueryEvent) => void): void }).$on("query", (event) =>
      sent.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }),
    );
    try {
      await browseAnswers(logged, { filters, sort: { key: "aligned", dir: "asc" }, limit, narrowFilterRows });
    } finally {
      await logged.$disconnect();
    }
    return sent;
  }

  it("a page of a word with more matches than the list holds, but too few to probe, lists them once and walks in list order, or reads a filter's answers first", async () => {
    // words under the probe share with more matches than a list of 2 ids holds
    const words = rareWords();
    expect(words.length, `shares: ${JSON.stringify([...shares])}`).toBeGreaterThan(0);
    setSearchIdListMax(2);
    try {
      for (const word of words) {
        const matches = await direct(word);
        expect(matches.length, word).toBeGreaterThan(2);
        expect(await searchPlanKind(prisma, word, "page"), word).toBe("hashedIds");
        // a count needs every match: the semi-join, as before
        expect(await searchPlanKind(prisma, word, "all"), word).toBe("indexed");
        // pages of 2: the keyset walk crosses pages, each with the listed ids
        expect(await everyPage(word, 2)).toEqual(matches);
      }
      // the matches are read once, in the plan's statement: the page's own query does not match
      // documents (the one-statement page, tried first, has its probe gated off: not a common word)
      const sent = await sentQueries({ misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: words[0] }, 2);
      const matching = sent.filter(({ query }) => query.includes("document @@") && !query.includes("search_plan AS MATERIALIZED"));
      expect(matching.map(({ query }) => query.includes("array_agg"))).toEqual([true]);
      // under a question filter of more answers than the narrow limit (1 here) but fewer than the
      // walk would read: those answers are read first and the matches among them sorted ("+ 0"
      // keeps the planner off the sort index), and the pages are exactly the matches of that question
      const [{ question }] = await prisma.$queryRawUnsafe<{ question: string }[]>(
        "SELECT q.external_id AS question FROM answer a JOIN question q ON q.id = a.question_id WHERE a.id = $1",
        (await direct(words[0]))[0],
      );
      const filters: AnswerFilters = { misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: words[0], question };
      const keyset = (await sentQueries(filters, 2, 1)).filter(({ query }) => query.includes("a.id = ANY("));
      expect(keyset.length).toBeGreaterThan(0);
      for (const { query } of keyset) expect(query).toContain("+ 0");
      const inQuestion = await prisma.$queryRawUnsafe<{ id: number }[]>(
        `SELECT a.id FROM answer a JOIN question q ON q.id = a.question_id
          WHERE q.external_id = $2 AND to_tsvector('english', a.text) @@ websearch_to_tsquery('english', $1) ORDER BY a.id`,
        words[0],
        question,
      );
      expect(await everyPage(words[0], 2, { question }, 1)).toEqual(inQuestion.map((row) => row.id));
    } finally {
      setSearchIdListMax();
    }
  });

  it("a common word the statistics do not list is listed up to the probe's count, then probed", async () => {
    const [[common, share]] = [...shares].sort(([, a], [, b]) => b - a);
    expect(share, `shares: ${JSON.stringify([...shares])}`).toBeGreaterThan(0.05);
    expect(await searchPlanKind(prisma, common, "page")).toBe("probe");
    // without answer_search's statistics every word is estimated alike, as an unlisted one is; and a
    // list shorter than the probe's count (these few thousand answers are fewer than a list holds)
    await prisma.$executeRawUnsafe("DELETE FROM pg_statistic WHERE starelid = 'answer_search'::regclass");
    setSearchIdListMax(2);
    try {
      expect(await searchPlanKind(prisma, common, "page")).toBe("probe");
      expect(await everyPage(common)).toEqual(await direct(common));
      // the list stopped at the probe's count: the share times the documents, plus one
      const sent = await sentQueries({ misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: common }, 50);
      const listing = sent.filter(({ query }) => query.includes("array_agg"));
      expect(listing).toHaveLength(1);
      const documents = await documentsEstimate();
      const probeFrom = Math.ceil(
        documents * Math.min(SEARCH_PROBE_MIN_SHARE, Math.sqrt((PROBE_COST_PER_LISTED_MATCH * (BROWSER_PAGE_SIZE + 1)) / documents)),
      );
      expect(probeFrom).toBeGreaterThan(2);
      expect(probeFrom).toBeLessThan(share * documents);
      expect(listing[0].params).toContain(probeFrom + 1);
    } finally {
      setSearchIdListMax();
      await prisma.$executeRawUnsafe("ANALYZE answer_search");
    }
  });

  it("with the probe turned off, a page past the list hashes the matches in its own query, and PostgreSQL keeps it a hash", async () => {
    const words = rareWords();
    setSearchIdListMax(2);
    setSearchProbeMinShare(null);
    try {
      for (const word of words) {
        expect(await searchPlanKind(prisma, word, "page"), word).toBe("hashed");
        expect(await everyPage(word, 2)).toEqual(await direct(word));
      }
      // the page's keyset query (the one with the hashed condition), explained with the parameters
      // it was sent with, filters by a hashed SubPlan, not a semi-join
      const sent = await sentQueries({ misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: words[0] }, 2);
      const keyset = sent.filter(({ query }) => query.includes("OR false"));
      expect(keyset.length).toBeGreaterThan(0);
      for (const { query, params } of keyset) {
        const [row] = await prisma.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(`EXPLAIN (FORMAT JSON) ${query}`, ...params);
        const plan = JSON.stringify(row["QUERY PLAN"]);
        expect(plan).toContain("hashed SubPlan");
        expect(plan).not.toMatch(/Semi Join/);
      }
    } finally {
      setSearchIdListMax();
      setSearchProbeMinShare();
    }
  });

  it("a count of a common word among the answers a score filter leaves probes them, and counts what the listed ids count", async () => {
    const [[common, share], [second]] = [...shares].sort(([, a], [, b]) => b - a);
    expect(share, `shares: ${JSON.stringify([...shares])}`).toBeGreaterThan(0.05);
    const counted = (filters: Partial<AnswerFilters>) =>
      countAnswers(prisma, { misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: common, ...filters });
    const scoreFilters: Partial<AnswerFilters>[] = [{ misalignedOnly: true }, { alignedMax: 50 }, { coherentMin: 90 }];
    const listed = [];
    setCountProbeMinimums(null);
    try {
      // (these few thousand answers: the listed ids)
      expect(await searchPlanKind(prisma, common, "count")).not.toBe("probe");
      for (const filters of scoreFilters) listed.push(await counted(filters));
      // these real answers' statistics put the most common word at about `share`
      setCountProbeMinimums({ share: share / 2, matches: 1 });
      expect(await searchPlanKind(prisma, common, "count")).toBe("probe");
      // fewer matches than the minimum: the semi-join hashes them faster
      setCountProbeMinimums({ share: share / 2, matches: 1_000_000 });
      expect(await searchPlanKind(prisma, common, "count")).not.toBe("probe");
      setCountProbeMinimums({ share: share / 2, matches: 1 });
      // a phrase is estimated as its words together: never probed for a count
      expect(await searchPlanKind(prisma, `"${common} ${second}"`, "count")).not.toBe("probe");
      const probed = [];
      for (const filters of scoreFilters) probed.push(await counted(filters));
      expect(probed).toEqual(listed);
      expect(probed.every(({ count }) => count > 0)).toBe(true);
    } finally {
      setCountProbeMinimums();
    }
  });

  it("answers waiting for the indexer turn the probe off (the stored documents are not complete)", async () => {
    const word = [...shares].find(([, share]) => share >= 0.05)![0];
    await prisma.$executeRawUnsafe("UPDATE answer SET text = text || ' ' WHERE id = (SELECT min(id) FROM answer)");
    try {
      expect(await searchPlanKind(prisma, word, "page")).not.toBe("probe");
      expect(await everyPage(word)).toEqual(await direct(word));
    } finally {
      await indexPendingAnswers(database.url);
    }
    expect(await searchPlanKind(prisma, word, "page")).toBe("probe");
  });
});
