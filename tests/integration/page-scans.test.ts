// Page views that read every answer (issue 15, item 8): the /answers filter lists and the import
// batch list and details. Their queries now read small tables (question, and
// import_batch_answer_count, kept by triggers: migration 20261201150000_batch_answer_counts) and
// probe the answer indexes; here their EXPLAIN plans hold no Seq Scan and no whole-index scan of
// answer, their results equal the direct computation over the answers on a real-data import, and
// the count table equals a GROUP BY over answer and judge_score after every kind of write.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appConnectionOptions, createPrisma } from "@/lib/db/client";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { answerFilterOptions } from "@/lib/queries/answer-browser";
import { getImportBatch, listImportBatches } from "@/lib/queries/batches";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { EVAL_FILES } from "./import-helpers";

let database: TestDatabase;
let prisma: PrismaClient;
/** A client that reports every query it sends, to EXPLAIN exactly those. */
let logged: PrismaClient;
const sent: { query: string; params: unknown[] }[] = [];

beforeAll(async () => {
  database = await createTestDatabase("page_scans");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  // a set whose questions have no answers: with EXISTS, the set list became a hash join over
  // the whole answer index as soon as one set had such questions
  await importFile(database.url, sharedDataFile("questions/preregistered_evals.yaml"), {});
  for (const spec of EVAL_FILES.slice(0, 2))
    await importFile(database.url, sharedDataFile(spec.file), { model: spec.model, group: spec.group, seed: spec.seed });
  // curated examples with judge distributions (judge_score rows)
  await importFile(database.url, sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"), {});
  await prisma.$executeRawUnsafe("ANALYZE");
  logged = new PrismaClient({
    adapter: new PrismaPg({ connectionString: database.url, max: 2, options: appConnectionOptions() }),
    log: [{ emit: "event", level: "query" }],
  });
  // (the client's type does not carry the log option, so $on is typed by hand)
  const events = logged as unknown as { $on(event: "query", listener: (event: Prisma.QueryEvent) => void): void };
  events.$on("query", (event) => sent.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }));
}, 300_000);

afterAll(async () => {
  await logged?.$disconnect();
  await prisma?.$disconnect();
  await database?.drop();
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

/** Every scan of answer in a plan, as "Seq Scan" or "<index scan> <index> (cond)". */
function answerScans(node: PlanNode): string[] {
  const own =
    node["Relation Name"] === "answer"
      ? [`${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""} (${node["Index Cond"] ?? "no index condition"})`]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap(answerScans)];
}

/** The plans of every query `work` sends, each reduced to its scans of answer. */
async function scansOf(work: (db: PrismaClient) => Promise<unknown>): Promise<string[][]> {
  sent.length = 0;
  await work(logged);
  const queries = [...sent];
  expect(queries.length).toBeGreaterThan(0);
  const plans: string[][] = [];
  for (const { query, params } of queries) {
    if (!/^\s*(SELECT|WITH)/i.test(query)) continue;
    const [row] = await prisma.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(`EXPLAIN (FORMAT JSON) ${query}`, ...params);
    plans.push(answerScans(row["QUERY PLAN"][0].Plan));
  }
  return plans;
}

/** A scan reads all of answer: a Seq Scan, or an index scan without a condition. */
const fullScans = (plans: string[][]) =>
  plans.flat().filter((scan) => scan.startsWith("Seq Scan") || scan.endsWith("(no index condition)"));

describe("plans: no full scan of answer", () => {
  it("for the /answers filter lists, with and without a set", async () => {
    expect(fullScans(await scansOf((db) => answerFilterOptions(db)))).toEqual([]);
    expect(fullScans(await scansOf((db) => answerFilterOptions(db, "first_plot_questions")))).toEqual([]);
  });

  it("for the batch list and every batch's details", async () => {
    expect(fullScans(await scansOf((db) => listImportBatches(db)))).toEqual([]);
    for (const { id } of await prisma.importBatch.findMany({ select: { id: true } })) {
      const plans = await scansOf((db) => getImportBatch(db, id));
      expect(fullScans(plans)).toEqual([]);
      // they do not read answer at all
      expect(plans.flat()).toEqual([]);
    }
  });
});

/** The filter lists computed directly from the answers. */
async function directFilterSets() {
  const sets = await prisma.$queryRaw<{ name: string; is_demo: boolean }[]>`
    SELECT s.name, s.is_demo FROM question_set s
    WHERE s.id IN (SELECT q.set_id FROM question q JOIN answer a ON a.question_id = q.id) ORDER BY s.is_demo, s.id`;
  const questions = await prisma.$queryRaw<{ external_id: string }[]>`
    SELECT q.external_id FROM question q WHERE q.id IN (SELECT question_id FROM answer)
    GROUP BY q.external_id ORDER BY min(q.position), q.external_id`;
  return { sets: sets.map((s) => ({ name: s.name, isDemo: s.is_demo })), questions: questions.map((q) => q.external_id) };
}

/** A batch's counts computed directly from answer and judge_score. */
async function directBatch(id: number) {
  const [row] = await prisma.$queryRaw<{ answers: number; judge_scores: number; models: string[]; sets: string[] }[]>`
    SELECT (SELECT count(*)::int FROM answer WHERE batch_id = ${id}::int) AS answers,
           (SELECT count(*)::int FROM judge_score s JOIN answer a ON a.id = s.answer_id WHERE a.batch_id = ${id}::int) AS judge_scores,
           coalesce((SELECT array_agg(DISTINCT m.name ORDER BY m.name) FROM answer a JOIN model m ON m.id = a.model_id WHERE a.batch_id = ${id}::int), '{}') AS models,
           coalesce((SELECT array_agg(s.name ORDER BY s.name) FROM question_set s
                     WHERE s.id IN (SELECT q.set_id FROM answer a JOIN question q ON q.id = a.question_id WHERE a.batch_id = ${id}::int)
                        OR s.created_by_batch_id = ${id}::int
                        OR s.id IN (SELECT q.set_id FROM question q WHERE q.created_by_batch_id = ${id}::int)), '{}') AS sets`;
  const perModel = await prisma.$queryRaw<{ name: string; answers: number }[]>`
    SELECT m.name, count(*)::int AS answers FROM answer a JOIN model m ON m.id = a.model_id
    WHERE a.batch_id = ${id}::int GROUP BY m.name ORDER BY m.name`;
  return { ...row, perModel };
}

/** import_batch_answer_count against a GROUP BY over the answers (rows with no answers must not exist). */
async function countTableDrift(): Promise<unknown[]> {
  return prisma.$queryRaw`
    WITH direct AS (
      SELECT a.batch_id, a.model_id, a.question_id, count(*)::int AS answers,
             coalesce(sum((SELECT count(*) FROM judge_score s WHERE s.answer_id = a.id)), 0)::int AS judge_scores
      FROM answer a GROUP BY 1, 2, 3
    )
    SELECT * FROM (SELECT * FROM direct EXCEPT SELECT * FROM import_batch_answer_count) missing
    UNION ALL
    SELECT * FROM (SELECT * FROM import_batch_answer_count EXCEPT SELECT * FROM direct) extra`;
}

async function expectBatchesExact() {
  expect(await countTableDrift()).toEqual([]);
  const batches = await listImportBatches(prisma);
  for (const batch of batches) {
    const direct = await directBatch(batch.id);
    const detail = await getImportBatch(prisma, batch.id);
    expect({ answers: batch.answers, models: batch.models, sets: batch.sets }).toEqual({
      answers: direct.answers,
      models: direct.models,
      sets: direct.sets,
    });
    expect(detail?.judgeScores).toBe(direct.judge_scores);
    expect(
      detail?.modelDetails
        .filter((m) => m.answers > 0)
        .map((m) => ({ name: m.name, answers: m.answers }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(direct.perModel);
  }
}

describe("results equal the direct computation", () => {
  it("filter lists", async () => {
    const options = await answerFilterOptions(prisma);
    const direct = await directFilterSets();
    expect(direct.sets.length).toBeGreaterThan(0);
    expect({ sets: options.sets, questions: options.questions }).toEqual(direct);
  });

  it("batch list and details after the imports, judge scores included", async () => {
    const total = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM judge_score`;
    expect(total[0].n).toBeGreaterThan(0);
    await expectBatchesExact();
  });

  it("after single answers and judge scores are deleted, moved and added", async () => {
    // answers deleted one by one (their judge scores cascade), keeping the rest of their pair
    await prisma.$executeRaw`DELETE FROM answer WHERE id IN (SELECT answer_id FROM judge_score ORDER BY answer_id LIMIT 3)`;
    await prisma.$executeRaw`DELETE FROM answer WHERE id IN (SELECT id FROM answer ORDER BY id DESC LIMIT 5)`;
    await expectBatchesExact();
    // judge scores deleted and added on their own
    await prisma.$executeRaw`DELETE FROM judge_score WHERE (answer_id, metric) IN (SELECT answer_id, metric FROM judge_score ORDER BY answer_id DESC LIMIT 4)`;
    await prisma.$executeRaw`
      INSERT INTO judge_score (answer_id, metric, score)
      SELECT id, 'extra', 1 FROM answer ORDER BY id LIMIT 7`;
    await expectBatchesExact();
    // answers moved to another batch, model and question (one with judge scores)
    await prisma.$executeRaw`
      UPDATE answer SET batch_id = (SELECT min(id) FROM import_batch), model_id = (SELECT max(id) FROM model),
                        question_id = (SELECT max(id) FROM question)
      WHERE id IN (SELECT answer_id FROM judge_score ORDER BY answer_id DESC LIMIT 2)
         OR id IN (SELECT id FROM answer ORDER BY id LIMIT 2)`;
    await expectBatchesExact();
    // an update that changes no key leaves the counts alone
    await prisma.$executeRaw`UPDATE answer SET aligned = aligned WHERE id IN (SELECT id FROM answer ORDER BY id LIMIT 50)`;
    await expectBatchesExact();
  });

  it("after a batch is removed", async () => {
    const batch = await prisma.importBatch.findFirstOrThrow({ where: { fileName: "eval_result_base.csv" } });
    await removeImportBatch(prisma, batch.id);
    await expectBatchesExact();
    const rows = await prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM import_batch_answer_count WHERE batch_id = ${batch.id}::int`;
    expect(rows[0].n).toBe(0);
    expect(await getImportBatch(prisma, batch.id)).toBeNull();
  });
});
