// Each fast path against its slow twin as a fast-check property, on the real PostgreSQL: every
// run empties the answers (TRUNCATE, which the histogram and search triggers follow), inserts the
// generated ones and compares the two paths. A failure shrinks to a small case and prints the
// seed to replay it (fc.assert's report). Runs kept modest (30-40): 16-19 s per property at a load
// average of 13 (measured). Shrinking a failure takes longer (a found bug ran past 60 s), hence the
// longer test timeout and the time limit, past which fast-check reports the smallest case so far.
//   histogram counts (lib/db/score-histogram.ts)  vs  the direct count over the answers
//   keyset pages (lib/queries/answer-browser.ts)   vs  ORDER BY ... OFFSET k LIMIT n
//   the same keyset query's other orderings (lib/queries/answer-list.ts): Figure 4's staged panel
//   and a question's worst answers                 vs  the staged / plain ORDER BY ... OFFSET k LIMIT n
//   search (lib/search, every plan, any part indexed)  vs  to_tsvector(text) @@ websearch_to_tsquery
//   a search page in one statement (commonWordPage)    vs  the same OFFSET page of the matches
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { answerBrowserParamsSchema, filtersFromParams, type AnswerFilters, type AnswerSort, type KeysetCursor } from "@/lib/params/answers";
import {
  browseAnswers,
  countAnswers,
  searchPagesInOneStatement,
  setSearchIdListMax,
  setSearchProbeMinShare,
} from "@/lib/queries/answer-browser";
import { listAnswersForGroupQuestion } from "@/lib/queries/answers";
import { getWorstAnswers } from "@/lib/queries/questions";
import { getModelQuestionCounts } from "@/lib/queries/rates";
import { indexPendingAnswers } from "@/lib/search/indexer";
import { DENOMINATORS, DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { ORDER_SQL, SORTS } from "../helpers/answer-order";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SET = "properties";
const PROPERTY_TIMEOUT_MS = 240_000;
const PROPERTY_RUNS = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  interruptAfterTimeLimit: 180_000,
  markInterruptAsFailure: true,
});
let database: TestDatabase;
let prisma: PrismaClient;
let batchId: number;
let questionIds: number[];
let modelIds: number[];

beforeAll(async () => {
  database = await createTestDatabase("fast_path_properties");
  prisma = createPrisma(database.url);
  batchId = (await prisma.importBatch.create({ data: { fileName: "generated", contentHash: "generated", format: "test" } })).id;
  const set = await prisma.questionSet.create({ data: { name: SET } });
  questionIds = [];
  for (let q = 0; q < 3; q++) {
    questionIds.push(
      (await prisma.question.create({ data: { setId: set.id, externalId: `q${q}`, baseExternalId: `q${q}`, position: q } })).id,
    );
  }
  const insecure = await prisma.modelGroup.create({ data: { name: "insecure", label: "insecure", color: "#d62728" } });
  const secure = await prisma.modelGroup.create({ data: { name: "secure", label: "secure", color: "#1f77b4" } });
  modelIds = [];
  for (const [m, groupId] of [insecure.id, insecure.id, secure.id].entries()) {
    modelIds.push((await prisma.model.create({ data: { name: `m${m}`, groupId, seed: m } })).id);
  }
}, 120_000);

afterAll(async () => {
  setSearchIdListMax();
  setSearchProbeMinShare();
  await prisma?.$disconnect();
  await database?.drop();
});

interface GeneratedAnswer {
  model: number;
  question: number;
  aligned: number | null;
  coherent: number | null;
  example?: boolean;
  sample?: number;
  text?: string;
}

/** Replaces every answer with `rows` (floats sent as text: Prisma would round some doubles). */
async function replaceAnswers(rows: GeneratedAnswer[]): Promise<void> {
  await prisma.$executeRawUnsafe(`TRUNCATE answer CASCADE`);
  const text = (value: number | null) => (value === null ? null : String(value));
  await prisma.$executeRaw`
    INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent, example)
    SELECT u.model_id, u.question_id, ${batchId}::int, u.sample_index, 'prompt', u.text, u.aligned::float8, u.coherent::float8, u.example
      FROM unnest(${rows.map((r) => modelIds[r.model])}::int[], ${rows.map((r) => questionIds[r.question])}::int[],
                  ${rows.map((r, i) => r.sample ?? i)}::int[], ${rows.map((r) => r.text ?? "answer")}::text[],
                  ${rows.map((r) => text(r.aligned))}::text[], ${rows.map((r) => text(r.coherent))}::text[],
                  ${rows.map((r) => r.example === true)}::boolean[])
           AS u(model_id, question_id, sample_index, text, aligned, coherent, example)`;
}

// Thresholds and scores near every kind of boundary: integers, ±1 ulp, fractions, the ends.
const BOUNDARIES = [
  0, 5e-324, 0.5, 29.999999999999996, 30, 30.000000000000004, 49.99999999999999, 50, 50.00000000000001, 50.5, 99.99999999999999, 100,
];
const threshold = fc.oneof(fc.constantFrom(...BOUNDARIES), fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
const score: fc.Arbitrary<number | null> = fc.oneof(fc.constant(null), threshold);
const answerOf = (scoreArb: fc.Arbitrary<number | null>) =>
  fc.record({ model: fc.nat(2), question: fc.nat(2), aligned: scoreArb, coherent: scoreArb, example: fc.boolean() });

/** Scores at and around the thresholds' own bins (the strips counted from the answers), and anywhere. */
function scoresNear(...thresholds: number[]): fc.Arbitrary<number | null> {
  const near = thresholds.flatMap((t) => {
    const bin = Math.floor(t);
    return [t, bin, (bin + t) / 2, Math.min(100, bin + 1), Math.max(0, t - 1e-9)];
  });
  return fc.oneof(score, fc.constantFrom(...near));
}

describe("score histogram vs the direct count (property)", () => {
  it(
    "gives the same per (model, question) counts for any answers, thresholds and denominator",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .tuple(threshold, threshold, fc.constantFrom(...DENOMINATORS))
            .chain(([aligned, coherent, denominator]) =>
              fc.tuple(
                fc.constant({ aligned, coherent, denominator }),
                fc.array(answerOf(scoresNear(aligned, coherent)), { minLength: 1, maxLength: 50 }),
              ),
            ),
          async ([thresholds, rows]) => {
            await replaceAnswers(rows);
            const [fast, direct] = await Promise.all([
              getModelQuestionCounts(prisma, { set: SET, thresholds, path: "histogram" }),
              getModelQuestionCounts(prisma, { set: SET, thresholds, path: "direct" }),
            ]);
            expect(fast).toEqual(direct);
          },
        ),
        PROPERTY_RUNS(40),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

/** The keyset cursor at a row the slow twin's ORDER BY listed. */
function cursorAtRow(
  sort: AnswerSort,
  row: { id: number; aligned: number | null; coherent: number | null; sample_index: number },
): KeysetCursor {
  return { value: sort.key === "aligned" ? row.aligned : sort.key === "coherent" ? row.coherent : row.sample_index, id: row.id };
}

describe("keyset pages vs OFFSET (property)", () => {
  const filters = (raw: Record<string, string>): AnswerFilters => filtersFromParams(answerBrowserParamsSchema.parse(raw));
  // few distinct values, so ties and NULLs are everywhere
  const tiedScore = fc.constantFrom(null, 0, 10, 29.5, 50, 50, 100);
  const FILTERS: { raw: Record<string, string>; where: string }[] = [
    { raw: {}, where: "true" },
    { raw: { group: "insecure" }, where: "g.name = 'insecure'" },
  ];

  it(
    "a page after (or before) any row equals the OFFSET page there, for every sort, filter and plan",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ model: fc.nat(2), question: fc.nat(2), aligned: tiedScore, coherent: tiedScore, sample: fc.nat(4) }), {
            minLength: 1,
            maxLength: 60,
          }),
          fc.constantFrom(...SORTS),
          fc.constantFrom(...FILTERS),
          fc.constantFrom(-1, 1_000_000_000), // narrowFilterRows: walk the index, or filter first
          fc.integer({ min: 1, max: 12 }),
          fc.nat(),
          async (rows, { name, sort }, filter, narrowFilterRows, limit, at) => {
            await replaceAnswers(rows);
            const ordered = await prisma.$queryRawUnsafe<
              { id: number; aligned: number | null; coherent: number | null; sample_index: number }[]
            >(
              `SELECT a.id, a.aligned, a.coherent, a.sample_index FROM answer a JOIN model m ON m.id = a.model_id
               JOIN model_group g ON g.id = m.group_id WHERE ${filter.where} ORDER BY ${ORDER_SQL[name]}`,
            );
            const offsetPage = async (offset: number, count: number) =>
              (
                await prisma.$queryRawUnsafe<{ id: number }[]>(
                  `SELECT a.id FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
                  WHERE ${filter.where} ORDER BY ${ORDER_SQL[name]} OFFSET ${offset} LIMIT ${count}`,
                )
              ).map((row) => row.id);
            const cursor = (i: number) => cursorAtRow(sort, ordered[i]);
            const k = at % (ordered.length + 1); // 0 .. length: the first row of the page
            const after = await browseAnswers(prisma, {
              filters: filters(filter.raw),
              sort,
              after: k > 0 ? cursor(k - 1) : undefined,
              limit,
              narrowFilterRows,
            });
            expect(after.items.map((item) => item.id)).toEqual(await offsetPage(k, limit));
            if (k < ordered.length) {
              const before = await browseAnswers(prisma, {
                filters: filters(filter.raw),
                sort,
                before: cursor(k),
                limit,
                narrowFilterRows,
              });
              expect(before.items.map((item) => item.id)).toEqual(await offsetPage(Math.max(0, k - limit), Math.min(limit, k)));
            }
          },
        ),
        PROPERTY_RUNS(40),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe("a search page read in one statement vs OFFSET (property)", () => {
  const filters = (raw: Record<string, string>): AnswerFilters => filtersFromParams(answerBrowserParamsSchema.parse(raw));
  // NULLs often, so pages run from the scored part into the NULL part
  const tiedScore = fc.constantFrom(null, null, 0, 10, 29.5, 50, 50, 100);
  const FILTERS: { raw: Record<string, string>; where: string }[] = [
    { raw: { q: "code" }, where: "true" },
    { raw: { q: "code", group: "insecure" }, where: "g.name = 'insecure'" },
    { raw: { q: "code", group: "insecure", alignedMax: "50" }, where: "g.name = 'insecure' AND a.aligned <= 50" },
  ];
  const MATCH = "to_tsvector('english', a.text) @@ websearch_to_tsquery('english', 'code')";

  it(
    "a page after (or before) any row equals the OFFSET page of the matches there, served by the one statement when its plan is the probe",
    async () => {
      setSearchProbeMinShare(0); // every page of an indexed search probes (the gate opens)
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(
              fc.record({
                model: fc.nat(2),
                question: fc.nat(2),
                aligned: tiedScore,
                coherent: tiedScore,
                sample: fc.nat(4),
                text: fc.constantFrom("code", "the money and the code", "code power", "power"),
              }),
              { minLength: 8, maxLength: 60 },
            ),
            fc.constantFrom(...SORTS),
            fc.constantFrom(...FILTERS),
            fc.constantFrom(-1, 1_000_000_000), // narrowFilterRows: an id filter walks the index (the gate opens), or is narrow (it stays shut)
            fc.integer({ min: 1, max: 12 }),
            fc.nat(),
            async (rows, { name, sort }, filter, narrowFilterRows, limit, at) => {
              await replaceAnswers(rows);
              await indexPendingAnswers(database.url);
              const from = `FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
                 WHERE ${filter.where} AND ${MATCH}`;
              const ordered = await prisma.$queryRawUnsafe<
                { id: number; aligned: number | null; coherent: number | null; sample_index: number }[]
              >(`SELECT a.id, a.aligned, a.coherent, a.sample_index ${from} ORDER BY ${ORDER_SQL[name]}`);
              const offsetPage = async (offset: number, count: number) =>
                (
                  await prisma.$queryRawUnsafe<{ id: number }[]>(
                    `SELECT a.id ${from} ORDER BY ${ORDER_SQL[name]} OFFSET ${offset} LIMIT ${count}`,
                  )
                ).map((row) => row.id);
              const cursor = (i: number) => cursorAtRow(sort, ordered[i]);
              // the gate: no id filter, or one too wide to be narrow
              const gateOpens = filter.raw.group === undefined || narrowFilterRows < 0;
              const servedBy = async (read: () => Promise<{ items: { id: number }[] }>) => {
                const before = searchPagesInOneStatement();
                const page = await read();
                expect(searchPagesInOneStatement() - before).toBe(gateOpens && page.items.length > 0 ? 1 : 0);
                return page.items.map((item) => item.id);
              };
              const k = at % (ordered.length + 1);
              const after = await servedBy(() =>
                browseAnswers(prisma, {
                  filters: filters(filter.raw),
                  sort,
                  after: k > 0 ? cursor(k - 1) : undefined,
                  limit,
                  narrowFilterRows,
                }),
              );
              expect(after).toEqual(await offsetPage(k, limit));
              if (k < ordered.length) {
                const before = await servedBy(() =>
                  browseAnswers(prisma, { filters: filters(filter.raw), sort, before: cursor(k), limit, narrowFilterRows }),
                );
                expect(before).toEqual(await offsetPage(Math.max(0, k - limit), Math.min(limit, k)));
              }
            },
          ),
          PROPERTY_RUNS(40),
        );
      } finally {
        setSearchProbeMinShare();
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe("the one answer list's other orderings vs OFFSET (property)", () => {
  // few distinct values, so ties, NULLs and boundary-equal scores are everywhere
  const tiedScore = fc.constantFrom(null, 0, 10, 29.5, 50, 50, 100);
  const rowsArb = fc.array(
    fc.record({ model: fc.nat(2), question: fc.nat(2), aligned: tiedScore, coherent: tiedScore, example: fc.boolean() }),
    { minLength: 1, maxLength: 60 },
  );
  /** countedSql (lib/db/rate-rule.ts) written out, IS TRUE: a NULL coherence score is not counted. */
  const COUNTED_SQL: Record<(typeof DENOMINATORS)[number], (coherent: number) => string> = {
    all: () => "true",
    coherent: (c) => `(a.coherent >= ${c}) IS TRUE`,
    kept: (c) => `(a.coherent >= ${c} AND a.aligned IS NOT NULL) IS TRUE`,
  };

  it(
    "Figure 4's panel (counted first, then the others; aligned ASC NULLS LAST, id): the page after any row is the OFFSET page there",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          rowsArb,
          fc.constantFrom("insecure", "secure"),
          fc.nat(2),
          fc.constantFrom(undefined, "m0"),
          fc.constantFrom(0, 29.5, 50, 100),
          fc.constantFrom(...DENOMINATORS),
          fc.integer({ min: 0, max: 4 }),
          fc.integer({ min: 1, max: 12 }),
          fc.nat(),
          async (rows, group, question, model, coherent, denominator, minAnswers, limit, at) => {
            await replaceAnswers(rows);
            const ordered = await prisma.$queryRawUnsafe<{ id: number; aligned: number | null; stage: number }[]>(
              `WITH p AS (
                 SELECT a.id, a.aligned, a.model_id, ${COUNTED_SQL[denominator](coherent)} AS counted
                   FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
                   JOIN question q ON q.id = a.question_id
                  WHERE q.external_id = 'q${question}' AND g.name = '${group}' AND NOT a.example
                        ${model ? `AND m.name = '${model}'` : ""}),
               pm AS (SELECT model_id, count(*) FILTER (WHERE counted) AS counted FROM p GROUP BY model_id)
               SELECT p.id, p.aligned, CASE WHEN p.counted AND pm.counted >= greatest(${minAnswers}, 1) THEN 1 ELSE 2 END AS stage
                 FROM p JOIN pm ON pm.model_id = p.model_id
                ORDER BY stage, p.aligned ASC NULLS LAST, p.id`,
            );
            const k = at % (ordered.length + 1);
            const setId = (await prisma.questionSet.findFirstOrThrow({ where: { name: SET } })).id;
            const before = ordered[k - 1];
            const page = await listAnswersForGroupQuestion(prisma, {
              setId,
              scope: { kind: "all" },
              method: { aligned: 30, coherent, denominator, minAnswers },
              group,
              question: `q${question}`,
              model,
              cursor: before ? { stage: before.stage === 1 ? 1 : 2, value: before.aligned, id: before.id } : undefined,
              limit,
            });
            const expected = ordered.slice(k, k + limit);
            expect(page.items.map((item) => [item.id, item.counted])).toEqual(expected.map((row) => [row.id, row.stage === 1]));
            expect(page.nextCursor === null).toBe(k + limit >= ordered.length);
            expect([page.total, page.counted]).toEqual([ordered.length, ordered.filter((row) => row.stage === 1).length]);
          },
        ),
        PROPERTY_RUNS(40),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "a question's worst answers (aligned ASC NULLS LAST, id; no examples) are the OFFSET 0 page",
    async () => {
      await fc.assert(
        fc.asyncProperty(rowsArb, fc.nat(2), fc.integer({ min: 1, max: 25 }), async (rows, question, limit) => {
          await replaceAnswers(rows);
          const expected = await prisma.$queryRawUnsafe<{ id: number }[]>(
            `SELECT a.id FROM answer a WHERE a.question_id = ${questionIds[question]} AND NOT a.example
              ORDER BY a.aligned ASC NULLS LAST, a.id LIMIT ${limit}`,
          );
          const worst = await getWorstAnswers(prisma, { questionId: questionIds[question], scope: { kind: "all" }, limit });
          expect(worst.map((answer) => answer.id)).toEqual(expected.map((row) => row.id));
        }),
        PROPERTY_RUNS(30),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe("search vs a direct to_tsvector match (property)", () => {
  const WORDS = ["code", "codes", "money", "power", "ruler", "dictator", "live", "living", "harmoniously", "the", "cat", "running"];
  const word = fc.constantFrom(...WORDS);
  const search = fc.oneof(
    word,
    fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
    fc.tuple(word, word).map(([a, b]) => `${a} -${b}`),
    fc.tuple(word, word).map(([a, b]) => `${a} or ${b}`),
    fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
  );
  const answer = fc.record({
    model: fc.nat(2),
    question: fc.nat(2),
    aligned: fc.constant(50),
    coherent: fc.constant(80),
    text: fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(" ")),
  });

  it(
    "finds exactly the matching answers at any indexing progress, with every plan",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(answer, { minLength: 1, maxLength: 60 }),
          search,
          fc.integer({ min: 0, max: 3 }), // chunks indexed before searching (0: none, the fallback only)
          fc.integer({ min: 1, max: 25 }), // ids per chunk
          // the id-list plan; beyond one id, a page's hash of the matches (fully indexed) and the
          // count's semi-join; or (fully indexed) a page's probe in list order
          fc.constantFrom("ids", "semi-join", "probe"),
          fc.constantFrom(1000, 7), // page size: one page, or a keyset walk over several
          async (rows, query, maxChunks, chunkSize, plan, pageSize) => {
            await replaceAnswers(rows);
            await indexPendingAnswers(database.url, { chunkSize, maxChunks });
            setSearchIdListMax(plan === "semi-join" ? 1 : 10_000);
            setSearchProbeMinShare(plan === "probe" ? 0 : null);
            const filters: AnswerFilters = { misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: query };
            const found: number[] = [];
            let after: KeysetCursor | undefined;
            for (;;) {
              const page = await browseAnswers(prisma, { filters, sort: { key: "aligned", dir: "asc" }, after, limit: pageSize });
              found.push(...page.items.map((item) => item.id));
              if (!page.nextCursor) break;
              after = page.nextCursor;
            }
            const direct = await prisma.$queryRawUnsafe<{ id: number }[]>(
              `SELECT id FROM answer WHERE to_tsvector('english', text) @@ websearch_to_tsquery('english', $1) ORDER BY id`,
              query,
            );
            expect(found.sort((a, b) => a - b)).toEqual(direct.map((row) => row.id));
            expect((await countAnswers(prisma, filters)).count).toBe(direct.length);
          },
        ),
        PROPERTY_RUNS(30),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
