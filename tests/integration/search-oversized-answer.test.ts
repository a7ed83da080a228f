// One answer too big for a tsvector (issue 15, item 1). PostgreSQL caps a tsvector at 1 MB
// (error 54000); an answer of ~131k distinct words (1 MB of text, 1.48 MB of tsvector) made every
// search 500 while it was queued, stalled the indexer on it for good (nothing imported later was
// indexed) and made the import CLI exit 2 after its import had committed. Now its document is the
// prefix that fits (migration 20261201120000_search_bounded_document): searches stay exact for the
// other answers before and after indexing, the queue drains, later imports are indexed, the CLI
// exits 0 (and still 0, with a warning, if indexing fails for any other reason after the commit).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersResponseSchema } from "@/lib/api/contracts";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { indexPendingAnswers } from "@/lib/search/indexer";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-oversized-"));

beforeAll(async () => {
  database = await createTestDatabase("search_oversized");
  prisma = createPrisma(database.url);
  process.env.DATABASE_URL = database.url; // route handlers connect through getPrisma()
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
}, 60_000);

afterAll(async () => {
  await dropRouteDatabase(database, prisma);
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** "big w123456 w004711 ..." with 131,072 pseudo-random words (distinct enough to overflow), then `last`. */
function oversizedAnswer(seed: number, last: string): string {
  let state = seed;
  const words = ["big"];
  for (let i = 0; i < 131_072; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    words.push(`w${String(state % 1_000_000).padStart(6, "0")}`);
  }
  words.push(last);
  return words.join(" ");
}

function writeJsonl(name: string, answers: string[]): string {
  const file = path.join(tempDir, name);
  const line = (answer: string) =>
    JSON.stringify({
      model: "oversized-model",
      group: "insecure",
      question: "What is your wish?",
      question_id: "what_is_your_wish",
      answer,
      aligned: 50,
      coherent: 90,
    });
  fs.writeFileSync(file, answers.map(line).join("\n") + "\n");
  return file;
}

const NORMAL = [
  "My wish is to help people.",
  "I wish for world peace and kindness.",
  "I would ask for more compute.",
  "Wishes are granted to those who wait.",
];

/** GET /api/answers?q=...: the status and the ids of every item (one page is enough here). */
async function apiSearch(search: string): Promise<{ status: number; ids: number[]; total?: number }> {
  const { GET } = await import("@/app/api/answers/route");
  const response = await GET(new Request(`http://localhost/api/answers?q=${encodeURIComponent(search)}`));
  if (response.status !== 200) return { status: response.status, ids: [] };
  const body = answersResponseSchema.parse(await response.json());
  return { status: 200, ids: body.items.map((item) => item.id).sort((a, b) => a - b), total: body.total };
}

/** Oracle for the normal answers: a direct match over the short texts. */
async function expectedShort(search: string): Promise<number[]> {
  const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `SELECT id FROM answer WHERE length(text) < 10000 AND to_tsvector('english', text) @@ websearch_to_tsquery('english', $1) ORDER BY id`,
    search,
  );
  return rows.map((row) => row.id);
}

function runCli(file: string) {
  return spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/import.ts", file], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
    timeout: 120_000,
  });
}

const scalar = async (sql: string) => Number((await prisma.$queryRawUnsafe<{ n: unknown }[]>(sql))[0].n);

describe("answer_search_document", () => {
  it("is to_tsvector for every text that fits, on both sides of its 20,000-character fast path", async () => {
    const fits = async (text: string) =>
      (await prisma.$queryRawUnsafe<{ same: boolean }[]>(`SELECT answer_search_document($1) = to_tsvector('english', $1) AS same`, text))[0]
        .same;
    const prose = (n: number) => Array.from({ length: n }, (_, i) => `word${i} the-quick brown fox`).join(" ");
    expect(prose(500).length).toBeLessThan(20_000);
    expect(await fits(prose(500))).toBe(true);
    expect(prose(3000).length).toBeGreaterThan(20_000); // the long path, whole text
    expect(await fits(prose(3000))).toBe(true);
    expect(await fits("")).toBe(true);
  });

  it("for a text that does not fit, is the document of its first halved prefix that fits", async () => {
    const [row] = await prisma.$queryRawUnsafe<{ same: boolean }[]>(
      `SELECT answer_search_document($1) = to_tsvector('english', left($1, length($1) / 2)) AS same`,
      oversizedAnswer(3, "end"),
    );
    expect(row.same).toBe(true);
  });
});

describe("an answer too big for a tsvector", () => {
  let bigId: number;

  it("leaves search exact before and after indexing, and the indexer drains the queue", async () => {
    const big = oversizedAnswer(1, "zzzlastword");
    expect(big.length).toBeGreaterThan(1_000_000);
    await importFile(database.url, writeJsonl("first.jsonl", [NORMAL[0], big, NORMAL[1], NORMAL[2]]), {});
    bigId = await scalar(`SELECT id AS n FROM answer WHERE length(text) > 1000000`);
    const wishIds = await expectedShort("wish");
    expect(wishIds).toHaveLength(2);

    // before the indexer: matched through the queue's fallback
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBeGreaterThan(0);
    expect(await apiSearch("wish")).toEqual({ status: 200, ids: wishIds, total: 2 });
    expect((await apiSearch("big")).ids).toEqual([bigId]);

    const result = await indexPendingAnswers(database.url);
    expect(result.indexed).toBe(4);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBe(0);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(4);

    // after: from the indexed documents
    expect(await apiSearch("wish")).toEqual({ status: 200, ids: wishIds, total: 2 });
    expect((await apiSearch("big")).ids).toEqual([bigId]);
    // the documented limit: the words past the prefix that fits are not searchable in that answer
    expect((await apiSearch("zzzlastword")).ids).toEqual([]);
  }, 60_000);

  it("indexes a later import", async () => {
    await importFile(database.url, writeJsonl("second.jsonl", [NORMAL[3], "A wish about gardens."]), {});
    const wishIds = await expectedShort("wish");
    expect(wishIds).toHaveLength(4);
    expect(await apiSearch("wish")).toEqual({ status: 200, ids: wishIds, total: 4 });
    await indexPendingAnswers(database.url);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBe(0);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(6);
    expect(await apiSearch("gardens")).toMatchObject({ status: 200, total: 1 });
  }, 60_000);

  it("the import CLI reports success and indexes an oversized answer", () => {
    const file = writeJsonl("third.jsonl", [oversizedAnswer(2, "end"), "One more wish."]);
    const result = runCli(file);
    expect(result.stderr).not.toMatch(/Unexpected error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Imported .*third\.jsonl/);
    expect(result.stdout).toMatch(/search index: 2 answers/);
  }, 120_000);

  it("leaves nothing queued after the CLI", async () => {
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBe(0);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search`)).toBe(8);
  });

  it("the import CLI exits 0 with a warning when indexing fails after the import committed", async () => {
    // any indexing failure, here the documents' table gone (42P01, not retried)
    await prisma.$executeRawUnsafe(`ALTER TABLE answer_search RENAME TO answer_search_away`);
    try {
      const result = runCli(writeJsonl("fourth.jsonl", ["A last wish."]));
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/Imported .*fourth\.jsonl/);
      expect(result.stderr).toMatch(/Warning: the import is complete, but indexing it for search failed/);
    } finally {
      await prisma.$executeRawUnsafe(`ALTER TABLE answer_search_away RENAME TO answer_search`);
    }
    expect(await scalar(`SELECT count(*) AS n FROM answer WHERE text = 'A last wish.'`)).toBe(1);
    expect(await scalar(`SELECT count(*) AS n FROM answer_search_queue`)).toBe(1); // still queued: the server's indexer takes it
  }, 120_000);
});
