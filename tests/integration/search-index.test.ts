// Full-text search off the import path (migration 20261126130000_search_index, lib/search/):
// search results equal a direct to_tsvector match over every answer before indexing (fallback
// only), after partial and after full indexing, with both plans (id list and semi-join); the queue
// drains to empty; batches removed during or after indexing; an UPDATE of text is re-indexed; two
// indexers at once give each answer exactly one row. On PostgreSQL and on the embedded PGlite.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import type { AnswerFilters, KeysetCursor } from "@/lib/params/answers";
import { browseAnswers, countAnswers, setSearchIdListMax } from "@/lib/queries/answer-browser";
import { searchIndexBacklog } from "@/lib/search/backlog";
import { indexPendingAnswers, queuedIds } from "@/lib/search/indexer";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { createEmbeddedTestDatabase, createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { backendPid, untilWaitingOnLock } from "../helpers/lock-waits";
import { EVAL_FILES } from "./import-helpers";

const SEARCHES = ["code", '"live harmoniously"', "money -power", "ruler or dictator", "zzzunfoundzzz"];

const filters = (search: string): AnswerFilters => ({ misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search });

// PGlite work runs in this process on a shared core: 13 s to create a database on a quiet 2-core
// machine, over 60 s at load 12 (CI of 44996c1 beside five helpers). The timeout guards hangs, not speed.
describe.each([
  ["PostgreSQL", createTestDatabase, true],
  ["PGlite", createEmbeddedTestDatabase, false],
] as const)("search index on %s", { timeout: 180_000 }, (label, create, concurrent) => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await create(`search_${label}`);
    prisma = createPrisma(database.url);
    await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
    for (const spec of EVAL_FILES.slice(0, 2))
      await importFile(database.url, sharedDataFile(spec.file), { model: spec.model, group: spec.group, seed: spec.seed });
    await importFile(database.url, sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"), {});
  }, 300_000);

  afterAll(async () => {
    setSearchIdListMax();
    await prisma?.$disconnect();
    await database?.drop();
  });

  const scalar = async (sql: string) => Number((await prisma.$queryRawUnsafe<{ n: unknown }[]>(sql))[0].n);

  /** Direct match over every answer's text, sorted ids. */
  async function expected(search: string): Promise<number[]> {
    const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
      `SELECT id FROM answer WHERE to_tsvector('english', text) @@ websearch_to_tsquery('english', $1) ORDER BY id`,
      search,
    );
    return rows.map((row) => row.id);
  }

  /** Every result of the browser's search (all pages), sorted ids; checks the count too. */
  async function searched(search: string): Promise<number[]> {
    const ids: number[] = [];
    let after: KeysetCursor | undefined;
    for (;;) {
      const page = await browseAnswers(prisma, { filters: filters(search), sort: { key: "aligned", dir: "asc" }, after, limit: 1500 });
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const count = await countAnswers(prisma, filters(search));
    expect(count.count).toBe(Math.min(ids.length, 10_000));
    return ids.sort((a, b) => a - b);
  }

  async function expectExactSearch() {
    const queueEmpty = (await scalar(`SELECT count(*) AS n FROM answer_search_queue`)) === 0;
    for (const listMax of queueEmpty ? [10_000, 5] : [10_000]) {
      setSearchIdListMax(listMax); // both plans when the queue is empty: id list, semi-join
      for (const search of SEARCHES) expect(await searched(search), `${search} (list max ${listMax})`).toEqual(await expected(search));
    }
    setSearchIdListMax();
    expect((await expected("code")).length).toBeGreaterThan(20);
    expect((await expected('"live harmoniously"')).length).toBeGreaterThan(0);
  }

  it("finds exactly the matching answers before indexing (fallback only)", async () => {
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(0);
    const answers = await scalar(`SELECT count(*) AS n FROM answer`);
    expect(await searchIndexBacklog(prisma)).toBe(answers);
    await expectExactSearch();
  });

  it("stays exact after partial indexing, then the queue drains to empty", async () => {
    const partial = await indexPendingAnswers(database.url, { chunkSize: 1000, maxChunks: 2 });
    expect(partial.indexed).toBe(2000);
    expect(partial.remainingIds).toBeGreaterThan(0);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(2000);
    await expectExactSearch();

    const progress: number[] = [];
    const rest = await indexPendingAnswers(database.url, { chunkSize: 700, onProgress: (p) => progress.push(p.remainingIds) });
    expect(rest.remainingIds).toBe(0);
    expect(progress.length).toBe(rest.chunks);
    expect(progress[progress.length - 1]).toBe(0);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBe(0);
    expect(await searchIndexBacklog(prisma)).toBe(0);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(await scalar(`SELECT count(*) AS n FROM answer`));
    await expectExactSearch();
    expect((await indexPendingAnswers(database.url)).indexed).toBe(0);
  });

  it("re-indexes an answer whose text is updated", async () => {
    const id = (await expected("code"))[0];
    await prisma.$executeRawUnsafe(`UPDATE answer SET text = 'A zanzibarian sentence about nothing.' WHERE id = $1`, id);
    expect(await searchIndexBacklog(prisma)).toBe(1);
    expect(await searched("zanzibarian")).toEqual([id]);
    expect(await searched("code")).not.toContain(id);
    await expectExactSearch();
    // an update that leaves the text alone queues nothing
    await prisma.$executeRawUnsafe(`UPDATE answer SET aligned = aligned WHERE id = $1`, id);
    await indexPendingAnswers(database.url);
    expect(await queuedIds(pgLike(prisma))).toBe(0);
    expect(await searched("zanzibarian")).toEqual([id]);
    await expectExactSearch();
  });

  it("skips answers of a batch removed before indexing", async () => {
    const spec = EVAL_FILES[2];
    const report = await importFile(database.url, sharedDataFile(spec.file), { model: spec.model, group: spec.group, seed: spec.seed });
    expect(await searchIndexBacklog(prisma)).toBe(report.rowsImported);
    await expectExactSearch();
    await removeImportBatch(prisma, report.batchId);
    expect(await searchIndexBacklog(prisma)).toBe(0);
    const result = await indexPendingAnswers(database.url);
    expect(result).toMatchObject({ indexed: 0, remainingIds: 0 });
    await expectExactSearch();
  });

  it.runIf(concurrent)("survives a batch removal while indexing", async () => {
    const spec = EVAL_FILES[2];
    const report = await importFile(database.url, sharedDataFile(spec.file), { model: spec.model, group: spec.group, seed: spec.seed });
    const batchAnswers = async (table: "answer" | "answer_search") =>
      scalar(
        `SELECT count(*) AS n FROM ${table} t JOIN answer a ON a.id = t.${table === "answer" ? "id" : "answer_id"} WHERE a.batch_id = ${report.batchId}`,
      );
    // The barrier, so that the two really overlap: this session holds a row lock on the batch's
    // 251st answer. The indexer (chunks of 100) commits two chunks, then its foreign-key check
    // waits on that row; the removal is started then and waits too (on that row, or on the
    // indexer's chunk); only when both are seen waiting is the row let go.
    const [holder, watcher, indexerClient] = [0, 1, 2].map(() => new pg.Client({ connectionString: database.url }));
    await Promise.all([holder, watcher, indexerClient].map((client) => client.connect()));
    try {
      const [{ id: heldId }] = await prisma.$queryRawUnsafe<{ id: number }[]>(
        `SELECT id FROM answer WHERE batch_id = $1 ORDER BY id OFFSET 250 LIMIT 1`,
        report.batchId,
      );
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM answer WHERE id = $1 FOR UPDATE`, [heldId]);
      const indexerPid = await backendPid(indexerClient);
      let indexingEnded = false;
      const indexing = indexPendingAnswers(indexerClient, { chunkSize: 100 }).finally(() => (indexingEnded = true));
      indexing.catch(() => undefined); // awaited below
      await untilWaitingOnLock(watcher, (waiting) => waiting.includes(indexerPid), "the indexer at the held answer");
      expect(await batchAnswers("answer_search")).toBeGreaterThanOrEqual(100); // it indexed part of the batch
      const removal = removeImportBatch(prisma, report.batchId);
      removal.catch(() => undefined);
      await untilWaitingOnLock(watcher, (waiting) => waiting.some((pid) => pid !== indexerPid), "the removal, during indexing");
      expect(indexingEnded).toBe(false);
      await holder.query("ROLLBACK");
      expect((await removal).answers).toBe(report.rowsImported);
      const result = await indexing;
      expect(result.remainingIds).toBe(0);
      expect(await batchAnswers("answer")).toBe(0);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await Promise.all([holder, watcher, indexerClient].map((client) => client.end()));
    }
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(await scalar(`SELECT count(*) AS n FROM answer`));
    await expectExactSearch();
  });

  it.runIf(concurrent)("gives each answer exactly one document with two indexers at once", async () => {
    const answers = await scalar(`SELECT count(*) AS n FROM answer`);
    // Queue everything again, in more entries than one chunk locks (an indexer locks up to 1000
    // entries per chunk, FOR UPDATE SKIP LOCKED): with fewer, the first indexer holds them all
    // and the second finds nothing, which proves no overlap.
    const idsPerEntry = Math.max(1, Math.floor(answers / 1500));
    await prisma.$executeRawUnsafe(`DELETE FROM answer_search`);
    await prisma.$executeRawUnsafe(
      `INSERT INTO answer_search_queue (first_answer_id, last_answer_id)
       SELECT min(id), max(id) FROM answer GROUP BY id / ${idsPerEntry}`,
    );
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBeGreaterThan(1000);
    await expectExactSearch();
    // The barrier: this session holds SHARE on answer_search, so each indexer stops at its first
    // INSERT with its queue entries locked; once both are seen waiting at once (two chunks open
    // together, on different entries), the table is let go.
    const [holder, watcher, first, second] = [0, 1, 2, 3].map(() => new pg.Client({ connectionString: database.url }));
    await Promise.all([holder, watcher, first, second].map((client) => client.connect()));
    try {
      const pids = await Promise.all([first, second].map(backendPid));
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE answer_search IN SHARE MODE");
      const indexing = Promise.all([first, second].map((client) => indexPendingAnswers(client, { chunkSize: 300 })));
      indexing.catch(() => undefined); // awaited below
      await untilWaitingOnLock(watcher, (waiting) => pids.every((pid) => waiting.includes(pid)), "both indexers inside a chunk at once");
      await holder.query("COMMIT");
      const [a, b] = await indexing;
      expect(a.indexed).toBeGreaterThan(0);
      expect(b.indexed).toBeGreaterThan(0);
      expect(a.indexed + b.indexed).toBe(answers);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await Promise.all([holder, watcher, first, second].map((client) => client.end()));
    }
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(answers);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBe(0);
    await expectExactSearch();
  });
});

/** A queryable over Prisma for the indexer's helpers. */
function pgLike(prisma: PrismaClient) {
  return {
    query: async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
      ({ rows: await prisma.$queryRawUnsafe<R[]>(text, ...values) }) as pg.QueryResult<R>,
  };
}
