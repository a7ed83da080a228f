// Keyset pages around missing (NULL) scores, on a hand-built dataset full of ties and NULLs: the
// scored part and the NULL part of a score sort are read separately (lib/queries/answer-browser.ts),
// so every page boundary — inside the scored part, exactly at its end, inside the NULL part — must
// continue the list in both directions, on both plans (walking the score index, or reading a
// narrow filter first and sorting), for every sort.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { answerBrowserParamsSchema, filtersFromParams, type AnswerFilters, type AnswerSort, type KeysetCursor } from "@/lib/params/answers";
import { answerNeighbours, browseAnswers, walkAnswers } from "@/lib/queries/answer-browser";
import { ORDER_SQL, SORTS } from "../helpers/answer-order";
import { createTestDatabase, insertScoredAnswers, type Score, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";

let database: TestDatabase;
let prisma: PrismaClient;

// Few distinct values, so ties are everywhere; about a quarter of each score is missing.
const ALIGNED = [null, 10, 29.5, 10, null, 90, 50, 50, null, 0, 100, 29.5, null];
const COHERENT = [80, null, 50, 51, 99, null, 80, 10, 50.5, null, 80, 99.25, 51, 0, null, 100, 80];

beforeAll(async () => {
  database = await createTestDatabase("answer_keyset");
  prisma = createPrisma(database.url);
  process.env.DATABASE_URL = database.url; // route handlers connect through getPrisma()
  const batch = await prisma.importBatch.create({ data: { fileName: "hand-built", contentHash: "hand-built", format: "test" } });
  const set = await prisma.questionSet.create({ data: { name: "keyset_set" } });
  const questions = await Promise.all(
    ["q1", "q2"].map((externalId, position) =>
      prisma.question.create({ data: { setId: set.id, externalId, baseExternalId: externalId, position } }),
    ),
  );
  const insecure = await prisma.modelGroup.create({ data: { name: "insecure", label: "insecure", color: "#d62728", displayOrder: 10 } });
  const secure = await prisma.modelGroup.create({ data: { name: "secure", label: "secure", color: "#1f77b4", displayOrder: 20 } });
  const models = [
    await prisma.model.create({ data: { name: "ins-1", groupId: insecure.id, seed: 1 } }),
    await prisma.model.create({ data: { name: "ins-2", groupId: insecure.id, seed: 2 } }),
    await prisma.model.create({ data: { name: "sec-1", groupId: secure.id, seed: 1 } }),
  ];
  let k = 0;
  for (const question of questions) {
    for (const model of models) {
      const scores: Score[] = [];
      for (let i = 0; i < 23; i += 1, k += 1) scores.push([ALIGNED[k % ALIGNED.length], COHERENT[(3 * k) % COHERENT.length]]);
      await insertScoredAnswers(prisma, model.id, question.id, batch.id, scores);
    }
  }
}, 120_000);

afterAll(() => dropRouteDatabase(database, prisma));

const filters = (raw: Record<string, string>): AnswerFilters => filtersFromParams(answerBrowserParamsSchema.parse(raw));

// The filters (SQL written out here) and the two plans: walk the index (threshold -1) or filter first.
const FILTERS: { name: string; raw: Record<string, string>; where: string }[] = [
  { name: "no filter", raw: {}, where: "true" },
  { name: "group", raw: { group: "insecure" }, where: "g.name = 'insecure'" },
  { name: "model+question", raw: { model: "ins-2", question: "q2" }, where: "m.name = 'ins-2' AND q.external_id = 'q2'" },
  { name: "misaligned", raw: { misaligned: "1", coherent: "50" }, where: "a.aligned < 30 AND a.coherent >= 50" },
];
const PLANS = [
  { plan: "walk", narrowFilterRows: -1 },
  { plan: "narrow", narrowFilterRows: 1_000_000_000 },
];

interface Row {
  id: number;
  public_id: string;
  aligned: number | null;
  coherent: number | null;
  sample_index: number;
}

async function expectedRows(where: string, sortName: string): Promise<Row[]> {
  return prisma.$queryRawUnsafe<Row[]>(
    `SELECT a.id, a.public_id, a.aligned, a.coherent, a.sample_index FROM answer a JOIN question q ON q.id = a.question_id
       JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
      WHERE ${where} ORDER BY ${ORDER_SQL[sortName]}`,
  );
}

const cursorOfRow = (sort: AnswerSort, row: Row): KeysetCursor => ({
  value: sort.key === "aligned" ? row.aligned : sort.key === "coherent" ? row.coherent : row.sample_index,
  id: row.id,
});

describe.each(PLANS)("keyset pages around NULL scores ($plan plan)", ({ narrowFilterRows }) => {
  describe.each(FILTERS)("$name", ({ raw, where }) => {
    it.each(SORTS)("$name: next pages, then previous pages back from the end, give the list", async ({ name, sort }) => {
      const expected = (await expectedRows(where, name)).map((row) => row.id);
      expect(expected.length).toBeGreaterThan(8);
      const filter = filters(raw);
      for (const limit of [1, 2, 3, 7, 50]) {
        // forward from the start
        const forward: number[] = [];
        let after: KeysetCursor | undefined;
        let last: KeysetCursor | null = null;
        for (let guard = 0; guard < 1000; guard += 1) {
          const page = await browseAnswers(prisma, { filters: filter, sort, after, limit, narrowFilterRows });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          if (guard === 0) expect(page.prevCursor).toBeNull();
          else expect(page.prevCursor).not.toBeNull();
          forward.push(...page.items.map((item) => item.id));
          if (!page.nextCursor) {
            const item = page.items[page.items.length - 1];
            last = {
              value: sort.key === "aligned" ? item.aligned : sort.key === "coherent" ? item.coherent : item.sampleIndex,
              id: item.id,
            };
            break;
          }
          after = page.nextCursor;
        }
        expect(forward, `forward, limit ${limit}`).toEqual(expected);
        // backward from the last row
        const backward: number[] = [expected[expected.length - 1]];
        let before: KeysetCursor | undefined = last!;
        for (let guard = 0; before && guard < 1000; guard += 1) {
          const page = await browseAnswers(prisma, { filters: filter, sort, before, limit, narrowFilterRows });
          expect(page.nextCursor).not.toBeNull();
          backward.unshift(...page.items.map((item) => item.id));
          before = page.prevCursor ?? undefined;
        }
        expect(backward, `backward, limit ${limit}`).toEqual(expected);
      }
    });

    it.each(SORTS)("$name: every answer's neighbours are the rows around it", async ({ name, sort }) => {
      const rows = await expectedRows(where, name);
      const filter = filters(raw);
      for (let i = 0; i < rows.length; i += 1) {
        const row = rows[i];
        const around = await answerNeighbours(prisma, filter, sort, { ...row, sampleIndex: row.sample_index }, { narrowFilterRows });
        expect(around, `row ${i} (${JSON.stringify(cursorOfRow(sort, row))})`).toEqual({
          // the links name the neighbours by their public ids
          previous: rows[i - 1]?.public_id ?? null,
          next: rows[i + 1]?.public_id ?? null,
        });
      }
    });

    it.each(SORTS)("$name: the CSV walk yields the list in order for any batch size", async ({ name, sort }) => {
      const expected = (await expectedRows(where, name)).map((row) => row.id);
      for (const batchSize of [1, 4, 500]) {
        const walked: number[] = [];
        for await (const answer of walkAnswers(prisma, filters(raw), sort, batchSize, { narrowFilterRows })) walked.push(answer.id);
        expect(walked, `batch ${batchSize}`).toEqual(expected);
      }
    });
  });
});

describe("the boundary between scored and NULL-score answers", () => {
  it.each(["asc", "desc"] as const)(
    "aligned %s: a page ending on the last scored answer continues with the NULL part, and back",
    async (dir) => {
      const sort: AnswerSort = { key: "aligned", dir };
      const rows = await expectedRows("true", `aligned ${dir}`);
      const lastScored = rows.findLastIndex((row) => row.aligned !== null);
      expect(rows[lastScored + 1].aligned).toBeNull();
      // the page that ends exactly at the last scored answer
      const page = await browseAnswers(prisma, { filters: filters({}), sort, after: cursorOfRow(sort, rows[lastScored - 5]), limit: 5 });
      expect(page.items.map((item) => item.id)).toEqual(rows.slice(lastScored - 4, lastScored + 1).map((row) => row.id));
      expect(page.nextCursor).toEqual({ value: rows[lastScored].aligned, id: rows[lastScored].id });
      const next = await browseAnswers(prisma, { filters: filters({}), sort, after: page.nextCursor!, limit: 5 });
      expect(next.items.map((item) => item.id)).toEqual(rows.slice(lastScored + 1, lastScored + 6).map((row) => row.id));
      expect(next.prevCursor).toEqual({ value: null, id: rows[lastScored + 1].id });
      // previous page from the first NULL answer: the scored answers just before it
      const back = await browseAnswers(prisma, { filters: filters({}), sort, before: next.prevCursor!, limit: 5 });
      expect(back.items.map((item) => item.id)).toEqual(page.items.map((item) => item.id));
      // a page straddling the boundary, read forward and backward
      const straddle = await browseAnswers(prisma, {
        filters: filters({}),
        sort,
        after: cursorOfRow(sort, rows[lastScored - 3]),
        limit: 6,
      });
      expect(straddle.items.map((item) => item.id)).toEqual(rows.slice(lastScored - 2, lastScored + 4).map((row) => row.id));
      const straddleBack = await browseAnswers(prisma, {
        filters: filters({}),
        sort,
        before: cursorOfRow(sort, rows[lastScored + 4]),
        limit: 6,
      });
      expect(straddleBack.items.map((item) => item.id)).toEqual(straddle.items.map((item) => item.id));
    },
  );

  it("URL cursors keep their meaning: null:<id> lies in the NULL part", async () => {
    const { GET } = await import("@/app/api/answers/route");
    const rows = await expectedRows("true", "coherent desc");
    const firstNull = rows.findIndex((row) => row.coherent === null);
    const response = await GET(new Request(`http://localhost/api/answers?sort=coherent&dir=desc&cursor=null:${rows[firstNull].id}`));
    const body = await response.json();
    expect(body.items.map((item: { id: number }) => item.id)).toEqual(rows.slice(firstNull + 1, firstNull + 51).map((row) => row.id));
    const beforeResponse = await GET(new Request(`http://localhost/api/answers?sort=coherent&dir=desc&before=null:${rows[firstNull].id}`));
    const beforeBody = await beforeResponse.json();
    expect(beforeBody.items.map((item: { id: number }) => item.id)).toEqual(rows.slice(firstNull - 50, firstNull).map((row) => row.id));
  });
});
