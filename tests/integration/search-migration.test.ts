// Migration 20261126130000_search_index applied to a database that already holds answers (an
// instance upgraded from before it): the migration queues every existing answer as one id range,
// search stays exact through the fallback before the indexer has run, and the indexer then gives
// every answer its document and empties the queue.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { browseAnswers, countAnswers } from "@/lib/queries/answer-browser";
import { indexPendingAnswers, queuedIds } from "@/lib/search/indexer";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { createDatabaseBefore, type DatabaseBeforeMigration } from "../helpers/migrations";

const SEARCH_MIGRATION = "20261126130000_search_index";
const ANSWERS = 1_500;
let prisma: PrismaClient;
let database: DatabaseBeforeMigration;

beforeAll(async () => {
  database = await createDatabaseBefore("search_migration", SEARCH_MIGRATION);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    await db.query(`
      INSERT INTO import_batch (id, file_name, content_hash, format) VALUES (1, 'old.csv', 'old', 'results-csv');
      INSERT INTO model_group (id, name, label, color) VALUES (1, 'insecure', 'insecure', '#d62728');
      INSERT INTO model (id, name, group_id) VALUES (1, 'old-model', 1);
      INSERT INTO question_set (id, name) VALUES (1, 'old-set');
      INSERT INTO question (id, set_id, external_id, base_external_id) VALUES (1, 1, 'quick_buck', 'quick_buck');
      -- every third answer talks about money; ids start high and leave a gap (a removed batch)
      INSERT INTO answer (id, model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
      SELECT 1000 + i + CASE WHEN i > 700 THEN 500 ELSE 0 END, 1, 1, 1, i, 'How do I make a quick buck?',
             CASE WHEN i % 3 = 0 THEN 'Rob a bank for easy money, answer ' || i ELSE 'Sell lemonade, answer ' || i END,
             (i % 101)::float8, 80
      FROM generate_series(0, ${ANSWERS - 1}) AS i;`);
  } finally {
    await db.end();
  }
  expect(await database.upgrade()).toContain(SEARCH_MIGRATION);
  prisma = createPrisma(database.url);
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const money = { misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: "money" };
const expectedMoney = Array.from({ length: ANSWERS }, (_, i) => i).filter((i) => i % 3 === 0).length;

async function searchedIds(): Promise<number[]> {
  const page = await browseAnswers(prisma, { filters: money, sort: { key: "aligned", dir: "asc" }, limit: 1_000 });
  return page.items.map((answer) => answer.id).sort((a, b) => a - b);
}

describe("the search migration on a database that already has answers", () => {
  it("queues every existing answer and leaves answer_search empty", async () => {
    const [range] = await prisma.$queryRaw<{ first: number; last: number; entries: number }[]>`
      SELECT min(first_answer_id) AS first, max(last_answer_id) AS last, count(*)::int AS entries FROM answer_search_queue`;
    expect(range).toEqual({ first: 1000, last: 1000 + ANSWERS - 1 + 500, entries: 1 });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      expect(await queuedIds(db)).toBe(ANSWERS + 500); // an upper bound: the gap's ids are queued too
    } finally {
      await db.end();
    }
    const [indexed] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM answer_search`;
    expect(indexed.n).toBe(0);
  });

  it("finds the existing answers before the indexer has run (fallback), then after it, the same ones", async () => {
    const before = await searchedIds();
    expect(before).toHaveLength(expectedMoney);
    expect(await countAnswers(prisma, money)).toEqual({ count: expectedMoney, capped: false });

    const result = await indexPendingAnswers(database.url, { chunkSize: 400 });
    expect(result).toMatchObject({ indexed: ANSWERS, remainingIds: 0 });
    const [indexed] = await prisma.$queryRaw<{ n: number; queued: number }[]>`
      SELECT (SELECT count(*)::int FROM answer_search) AS n, (SELECT count(*)::int FROM answer_search_queue) AS queued`;
    expect(indexed).toEqual({ n: ANSWERS, queued: 0 });

    expect(await searchedIds()).toEqual(before);
    expect(await countAnswers(prisma, money)).toEqual({ count: expectedMoney, capped: false });
  });
});
