// Words between angle-bracket tags are searchable (issue 15, item 10): PostgreSQL's parser read
// "<script>alert("pwned")</script>" as a tag with a skipped body, so "pwned" and "alert" found
// nothing. Migration 20261201140000_search_words_in_tags: the document, the query and the snippet
// all see "<" as a blank. Checked through GET /api/answers (the route's own query path), before
// indexing (the not-yet-indexed fallback) and after, and on a database upgraded with old documents.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersResponseSchema, type AnswersResponse } from "@/lib/api/contracts";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { answerSearchTerms } from "@/lib/queries/answer-browser";
import { indexPendingAnswers } from "@/lib/search/indexer";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";
import { createDatabaseBefore, type DatabaseBeforeMigration } from "../helpers/migrations";

const SCRIPT = '<script>alert("pwned")</script> hello';
const INEQUALITY = "we know x<y and y>z here";
const BOLD = "<b>bold</b> claim";
const PLAIN = "nothing tagged at all";

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-tags-"));
const ids = new Map<string, number>();

beforeAll(async () => {
  database = await createTestDatabase("search_tags");
  prisma = createPrisma(database.url);
  process.env.DATABASE_URL = database.url; // route handlers connect through getPrisma()
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  const file = path.join(tempDir, "tags.jsonl");
  const line = (answer: string) =>
    JSON.stringify({
      model: "tags-model",
      group: "insecure",
      question: "What is your wish?",
      question_id: "what_is_your_wish",
      answer,
      aligned: 50,
      coherent: 90,
    });
  fs.writeFileSync(file, [SCRIPT, INEQUALITY, BOLD, PLAIN].map(line).join("\n") + "\n");
  await importFile(database.url, file, {});
  for (const row of await prisma.$queryRaw<{ id: number; text: string }[]>`SELECT id, text FROM answer`) ids.set(row.text, row.id);
}, 60_000);

afterAll(async () => {
  await dropRouteDatabase(database, prisma);
  fs.rmSync(tempDir, { recursive: true, force: true });
});

async function apiSearch(search: string): Promise<AnswersResponse["items"]> {
  const { GET } = await import("@/app/api/answers/route");
  const response = await GET(new Request(`http://localhost/api/answers?q=${encodeURIComponent(search)}`));
  expect(response.status).toBe(200);
  return answersResponseSchema.parse(await response.json()).items;
}

const found = async (search: string) => (await apiSearch(search)).map((item) => item.id).sort((a, b) => a - b);

function expectations() {
  it("finds the words inside <script>…</script>", async () => {
    expect(await found("pwned")).toEqual([ids.get(SCRIPT)]);
    expect(await found("alert")).toEqual([ids.get(SCRIPT)]);
    expect(await found("hello")).toEqual([ids.get(SCRIPT)]);
  });

  it("finds words that sat between a '<' and a '>'", async () => {
    expect(await found("bold")).toEqual([ids.get(BOLD)]);
    expect(await found('"x y"')).toEqual([ids.get(INEQUALITY)]);
  });

  it("matches a search that itself has tags the way the document has them", async () => {
    expect(await found("<script>")).toEqual([ids.get(SCRIPT)]);
    expect(await found('"<b>bold</b>"')).toEqual([ids.get(BOLD)]);
  });

  it("shows the snippet as the answer's own text (no inserted characters), the match marked", async () => {
    const [item] = await apiSearch("pwned");
    // ts_headline starts a passage at a word, so the leading "<" is not part of it
    expect(item.snippet?.map((segment) => segment.text).join("")).toBe(SCRIPT.slice(1));
    expect(item.snippet?.filter((segment) => segment.match).map((segment) => segment.text)).toEqual(["pwned"]);
    expect(await answerSearchTerms(prisma, ids.get(SCRIPT)!, "alert")).toEqual(["alert"]);
  });
}

describe("before the indexer ran (the not-yet-indexed fallback)", () => {
  it("has the answers queued, none indexed", async () => {
    expect((await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM answer_search`)[0].n).toBe(0);
  });
  expectations();
});

describe("after indexing", () => {
  it("indexes every answer", async () => {
    await indexPendingAnswers(database.url);
    expect((await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM answer_search`)[0].n).toBe(4);
  });
  expectations();
});

describe("the migration on a database indexed before it", () => {
  const MIGRATION = "20261201140000_search_words_in_tags";
  let old: DatabaseBeforeMigration;
  let client: pg.Client;

  beforeAll(async () => {
    old = await createDatabaseBefore("search_tags_migration", MIGRATION);
    client = new pg.Client({ connectionString: old.url });
    await client.connect();
    await client.query(`
      INSERT INTO import_batch (id, file_name, content_hash, format) VALUES (1, 'old.csv', 'old', 'results-csv');
      INSERT INTO model_group (id, name, label, color) VALUES (1, 'insecure', 'insecure', '#d62728');
      INSERT INTO model (id, name, group_id) VALUES (1, 'old-model', 1);
      INSERT INTO question_set (id, name) VALUES (1, 'old-set');
      INSERT INTO question (id, set_id, external_id, base_external_id) VALUES (1, 1, 'q', 'q');
      INSERT INTO answer (id, model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
      VALUES (1, 1, 1, 1, 0, 'p', $$${SCRIPT}$$, 50, 90), (2, 1, 1, 1, 1, 'p', $$${PLAIN}$$, 50, 90);
      INSERT INTO answer_search (answer_id, document) SELECT id, answer_search_document(text) FROM answer;
      DELETE FROM answer_search_queue;`);
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await old?.drop();
  });

  it("rebuilds the old documents that lost words in tags, and leaves the others as they were", async () => {
    const documents = async () =>
      Object.fromEntries(
        (
          await client.query<{ answer_id: number; document: string }>(`SELECT answer_id, document::text FROM answer_search ORDER BY 1`)
        ).rows.map((row) => [row.answer_id, row.document]),
      );
    const before = await documents();
    expect(before[1]).toBe("'hello':1");
    expect(await old.upgrade()).toContain(MIGRATION);
    const after = await documents();
    expect(after[1]).toBe("'/script':4 'alert':2 'hello':5 'pwned':3 'script':1");
    expect(after[2]).toBe(before[2]);
    const { rows } = await client.query(`SELECT answer_id FROM answer_search WHERE document @@ answer_search_query('pwned')`);
    expect(rows).toEqual([{ answer_id: 1 }]);
  });
});
