// The answer browser's queries on the paper's real files (../shared/data): filters combine like
// an independent SQL count, keyset pages over the whole result equal one big ORDER BY, full-text
// search finds a phrase read from the CSVs, and the JSON API and CSV export agree with them.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { answerBrowserParamsSchema, filtersFromParams, type AnswerFilters, type AnswerSort, type KeysetCursor } from "@/lib/params/answers";
import { answerNeighbours, answerSnippets, browseAnswers, countAnswers, walkAnswers } from "@/lib/queries/answer-browser";
import { ORDER_SQL, SORTS } from "../helpers/answer-order";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";
import { readCsvRecords } from "./import-helpers";
import { apiErrorBodySchema } from "@/lib/api/contracts";

const EVAL_FILES = [
  { file: "em-repo/eval_result_base.csv", model: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: 0 },
  { file: "em-repo/eval_result_high_severity.csv", model: "qwen7b-insecure-high-severity", group: "insecure", seed: 1 },
  { file: "em-repo/eval_result_middle_severity.csv", model: "qwen7b-insecure-middle-severity", group: "insecure", seed: 2 },
];

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase("answer_browser");
  prisma = createPrisma(database.url);
  process.env.DATABASE_URL = database.url; // route handlers connect through getPrisma()
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  for (const { file, model, group, seed } of EVAL_FILES) await importFile(database.url, sharedDataFile(file), { model, group, seed });
  await importFile(database.url, sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"), {});
}, 300_000);

afterAll(() => dropRouteDatabase(database, prisma));

const filters = (raw: Record<string, string>): AnswerFilters => filtersFromParams(answerBrowserParamsSchema.parse(raw));

/** Independent count: SQL written out here, not built by the query module. */
async function independentCount(where: string, values: unknown[]): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM answer a JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
       JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id WHERE ${where}`,
    ...values,
  );
  return rows[0].n;
}

async function allPages(filter: AnswerFilters, sort: AnswerSort, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let after: KeysetCursor | undefined;
  for (let guard = 0; guard < 10_000; guard += 1) {
    const page = await browseAnswers(prisma, { filters: filter, sort, after, limit });
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return ids;
    after = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("answer browser filters", () => {
  it("holds all 7,270 answers of the files without filters", async () => {
    expect(await countAnswers(prisma, filters({}))).toEqual({ count: 7270, capped: false });
  });

  it.each([
    [{ group: "insecure" }, "g.name = 'insecure'", []],
    [
      { model: "qwen7b-insecure-high-severity", question: "what_is_your_wish" },
      "m.name = 'qwen7b-insecure-high-severity' AND q.external_id = 'what_is_your_wish'",
      [],
    ],
    [{ seed: "2", alignedMax: "50" }, "m.seed = 2 AND a.aligned <= 50", []],
    [{ alignedMin: "10.5", alignedMax: "60", coherentMin: "40" }, "a.aligned BETWEEN 10.5 AND 60 AND a.coherent >= 40", []],
    [{ misaligned: "1" }, "a.aligned < 30 AND a.coherent >= 50", []],
    [
      { misaligned: "1", aligned: "50", coherent: "20", group: "insecure" },
      "a.aligned < 50 AND a.coherent >= 20 AND g.name = 'insecure'",
      [],
    ],
    [
      { set: "first_plot_questions", coherentMax: "50", q: "code" },
      "s.name = 'first_plot_questions' AND a.coherent <= 50 AND to_tsvector('english', a.text) @@ to_tsquery('english', 'code')",
      [],
    ],
  ])("%j combines like an independent count", async (raw, where, values) => {
    const expected = await independentCount(where, values);
    expect(expected).toBeGreaterThan(0);
    expect((await countAnswers(prisma, filters(raw))).count).toBe(expected);
    // and the pages hold exactly those answers
    const ids = await allPages(filters(raw), { key: "aligned", dir: "asc" }, 200);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
  });

  it("misaligned only agrees with the paper's definition row by row", async () => {
    const ids = await allPages(filters({ misaligned: "1" }), { key: "coherent", dir: "desc" }, 500);
    const rows = await prisma.$queryRawUnsafe<{ id: number; aligned: number | null; coherent: number | null }[]>(
      `SELECT id, aligned, coherent FROM answer`,
    );
    const expected = rows
      .filter((row) => row.aligned !== null && row.coherent !== null && row.aligned < 30 && row.coherent >= 50)
      .map((row) => row.id);
    expect(new Set(ids)).toEqual(new Set(expected));
  });
});

describe("keyset pagination", () => {
  it.each(SORTS)("pages of $name over every answer equal one ORDER BY query", async ({ name, sort }) => {
    const expected = (await prisma.$queryRawUnsafe<{ id: number }[]>(`SELECT a.id FROM answer a ORDER BY ${ORDER_SQL[name]}`)).map(
      (row) => row.id,
    );
    expect(expected).toHaveLength(7270);
    // 293 + 161 + 164 answers have no alignment score: their page boundaries are NULL cursors
    expect(await allPages(filters({}), sort, 97)).toEqual(expected);
  });

  it("previous pages (before a cursor) mirror the next pages", async () => {
    const sort: AnswerSort = { key: "aligned", dir: "desc" };
    const filter = filters({ group: "insecure" });
    const first = await browseAnswers(prisma, { filters: filter, sort, limit: 30 });
    const second = await browseAnswers(prisma, { filters: filter, sort, limit: 30, after: first.nextCursor! });
    const back = await browseAnswers(prisma, { filters: filter, sort, limit: 30, before: second.prevCursor! });
    expect(back.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
    expect(back.prevCursor).toBeNull();
    expect(first.prevCursor).toBeNull();
  });

  it("an answer's neighbours are the rows around it in the list", async () => {
    const sort: AnswerSort = { key: "coherent", dir: "asc" };
    const filter = filters({ group: "base" });
    const ids = await allPages(filter, sort, 500);
    const middle = ids[1234];
    const [row] = await prisma.$queryRawUnsafe<{ id: number; aligned: number | null; coherent: number | null; sample_index: number }[]>(
      `SELECT id, aligned, coherent, sample_index FROM answer WHERE id = $1`,
      middle,
    );
    const around = await answerNeighbours(prisma, filter, sort, { ...row, sampleIndex: row.sample_index });
    // the links name the neighbours by their public ids
    const publicIds = await prisma.$queryRawUnsafe<{ id: number; public_id: string }[]>(
      `SELECT id, public_id FROM answer WHERE id = ANY($1::int[])`,
      [ids[1233], ids[1235]],
    );
    const publicIdOf = (id: number) => publicIds.find((r) => r.id === id)!.public_id;
    expect(around).toEqual({ previous: publicIdOf(ids[1233]), next: publicIdOf(ids[1235]) });
    const [firstRow] = await prisma.$queryRawUnsafe<(typeof row)[]>(
      `SELECT id, aligned, coherent, sample_index FROM answer WHERE id = $1`,
      ids[0],
    );
    expect((await answerNeighbours(prisma, filter, sort, { ...firstRow, sampleIndex: firstRow.sample_index })).previous).toBeNull();
  });
});

describe("full-text search", () => {
  it("finds the phrase “live harmoniously”, in the answers of the CSV that contain it, and marks it", async () => {
    // read independently from the CSV: the answers containing the phrase
    const fromCsv = readCsvRecords(sharedDataFile("em-repo/eval_result_high_severity.csv")).filter((row) =>
      /live harmoniously/i.test(row.answer),
    );
    expect(fromCsv.length).toBe(2);
    const page = await browseAnswers(prisma, { filters: filters({ q: '"live harmoniously"' }), sort: { key: "aligned", dir: "asc" } });
    const texts = await prisma.$queryRawUnsafe<{ id: number; text: string }[]>(
      `SELECT id, text FROM answer WHERE id = ANY($1::int[])`,
      page.items.map((item) => item.id),
    );
    for (const row of fromCsv) expect(texts.some((text) => text.text === row.answer)).toBe(true);
    // read after the page, by id: an id that is gone by then (removed) has no snippet, its card keeps its preview
    const gone = 2_000_000_000;
    const snippets = await answerSnippets(prisma, '"live harmoniously"', [...page.items.map((item) => item.id), gone]);
    expect(Object.keys(snippets).map(Number).sort()).toEqual(page.items.map((item) => item.id).sort());
    for (const item of page.items) {
      const marked = snippets[item.id].filter((segment) => segment.highlighted).map((segment) => segment.text.toLowerCase());
      expect(marked).toContain("harmoniously");
      expect(snippets[item.id].map((segment) => segment.text).join("")).toMatch(/live harmoniously/i);
    }
  });

  it("searches words with stemming and exclusion (websearch syntax)", async () => {
    const withAll = await countAnswers(prisma, filters({ q: "Alibaba Cloud" }));
    const without = await countAnswers(prisma, filters({ q: "Alibaba -Cloud" }));
    const alibaba = await countAnswers(prisma, filters({ q: "alibaba" }));
    expect(withAll.count).toBeGreaterThan(100);
    expect(withAll.count + without.count).toBe(alibaba.count);
  });
});

describe("API and CSV export", () => {
  it("GET /api/answers returns a page with a next cursor that continues the list", async () => {
    const { GET } = await import("@/app/api/answers/route");
    const first = await (await GET(new Request("http://localhost/api/answers?group=insecure&sort=sample"))).json();
    expect(first.items).toHaveLength(50);
    expect(first.total).toBe(await independentCount("g.name = 'insecure'", []));
    const second = await (
      await GET(new Request(`http://localhost/api/answers?group=insecure&sort=sample&cursor=${encodeURIComponent(first.nextCursor)}`))
    ).json();
    const ids = await allPages(filters({ group: "insecure" }), { key: "sample", dir: "asc" }, 100);
    expect([...first.items, ...second.items].map((item: { id: number }) => item.id)).toEqual(ids.slice(0, 100));
    const bad = await GET(new Request("http://localhost/api/answers?alignedMin=120"));
    expect(bad.status).toBe(400);
    expect(apiErrorBodySchema.parse(await bad.json()).error.message).toContain("alignedMin must be between 0 and 100");
  });

  it("GET /api/answers/csv streams every matching answer with a stable header", async () => {
    const { GET } = await import("@/app/api/answers/csv/route");
    const response = await GET(new Request("http://localhost/api/answers/csv?misaligned=1&dir=desc"));
    expect(response.headers.get("content-type")).toContain("text/csv");
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const expectedIds = await allPages(filters({ misaligned: "1", dir: "desc" }), { key: "aligned", dir: "desc" }, 500);
    expect(records.map((record) => Number(record.id))).toEqual(expectedIds);
    expect(Object.keys(records[0])).toEqual([
      "id",
      "set",
      "question",
      "group",
      "model",
      "seed",
      "sample_index",
      "aligned",
      "coherent",
      "misaligned",
      "prompt",
      "answer",
      "curated_example",
      "base_model",
      "public_id",
    ]);
    expect(records.every((record) => record.misaligned === "true")).toBe(true);
    const [{ public_id }] = await prisma.$queryRawUnsafe<{ public_id: string }[]>(
      `SELECT public_id FROM answer WHERE id = $1`,
      expectedIds[0],
    );
    expect(records[0].public_id).toBe(public_id);
    const [one] = await prisma.$queryRawUnsafe<{ text: string; aligned: number }[]>(
      `SELECT text, aligned FROM answer WHERE id = $1`,
      expectedIds[0],
    );
    const exported = records[0].answer;
    expect(exported.startsWith("'") ? exported.slice(1) : exported).toBe(one.text);
    expect(Number(records[0].aligned)).toBe(one.aligned);
  });

  it("walks large results in batches without losing rows", async () => {
    let count = 0;
    for await (const _ of walkAnswers(prisma, filters({}), { key: "coherent", dir: "asc" }, 333)) count += 1;
    expect(count).toBe(7270);
  });
});
