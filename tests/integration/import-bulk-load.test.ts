// Bulk loading (lib/import/write/bulk-load.ts) on the real PostgreSQL: the answer indexes are dropped,
// the rows copied in and the indexes built again inside the import's transaction. The result must
// be indistinguishable from the normal path: the same rows (compared with a database loaded the
// normal way), every index back with its exact definition, an exact score histogram, judge scores
// attached. A failing bulk load rolls back to the indexes it started with, and a bulk load that
// cannot get the table (someone is reading answers) imports the normal way instead.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile, ImportValidationError } from "@/lib/import";
import { writeBenchFiles } from "@/scripts/bench/generate-data";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { histogramDifferences } from "@/tests/helpers/histogram";
import { EVAL_FILES, tableCounts } from "./import-helpers";

const ANSWERS = 20_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-bulk-load-"));
let bulk: { database: TestDatabase; prisma: PrismaClient };
let normal: { database: TestDatabase; prisma: PrismaClient };
let files: Awaited<ReturnType<typeof writeBenchFiles>>;

async function openDatabase(label: string) {
  const database = await createTestDatabase(label);
  return { database, prisma: createPrisma(database.url) };
}

/** Every index on answer: name, full definition and whether PostgreSQL can use it. */
async function answerIndexes(prisma: PrismaClient) {
  return prisma.$queryRaw<{ name: string; definition: string; valid: boolean }[]>`
    SELECT c.relname::text AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AND i.indisready AS valid
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = 'answer'::regclass ORDER BY c.relname`;
}

/** One digest of every answer's content, keyed by names (ids may differ between databases). */
async function answerDigest(prisma: PrismaClient) {
  const [row] = await prisma.$queryRaw<{ answers: number; digest: string }[]>`
    SELECT count(*)::int AS answers,
           md5(string_agg(concat_ws('|', m.name, q.external_id, a.sample_index, a.aligned::text, a.coherent::text, md5(a.prompt), md5(a.text)),
                          E'\n' ORDER BY m.name, q.external_id, a.sample_index)) AS digest
    FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id`;
  return row;
}

beforeAll(async () => {
  [bulk, normal] = await Promise.all([openDatabase("bulk_load"), openDatabase("bulk_load_normal")]);
  files = await writeBenchFiles(ANSWERS, dir);
  for (const { database } of [bulk, normal]) await importFile(database.url, files.questionsFile, { set: "bench" });
}, 120_000);
afterAll(async () => {
  for (const side of [bulk, normal]) {
    await side?.prisma.$disconnect();
    await side?.database.drop();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("bulk loading answers into PostgreSQL", () => {
  it("rolls a failing bulk load back to the rows and indexes it started with", async () => {
    const corrupted = path.join(dir, "corrupted_answers.csv");
    fs.writeFileSync(
      corrupted,
      fs.readFileSync(files.answersFile, "utf8") + "bench-extra-model,insecure,0,what_is_your_wish,q?,an answer,not-a-score,50\n",
    );
    const [indexesBefore, countsBefore] = [await answerIndexes(bulk.prisma), await tableCounts(bulk.prisma)];
    const error = await importFile(bulk.database.url, corrupted, { set: "bench", bulkLoad: "on", examples: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportValidationError);
    expect(await answerIndexes(bulk.prisma)).toEqual(indexesBefore);
    expect(await tableCounts(bulk.prisma)).toEqual(countsBefore);
  }, 120_000);

  it("stores the same answers as the normal path and rebuilds every index exactly as it was", async () => {
    const indexesBefore = await answerIndexes(bulk.prisma);
    // the score-ordered and browsing indexes are what it drops: they must all be there to begin with
    expect(indexesBefore.map((index) => index.name)).toEqual(
      expect.arrayContaining([
        "answer_aligned_id_idx",
        "answer_coherent_id_idx",
        "answer_question_id_model_id_idx",
        "answer_sample_index_id_idx",
        "answer_batch_id_idx",
      ]),
    );

    const bulkReport = await importFile(bulk.database.url, files.answersFile, { set: "bench", bulkLoad: "on", examples: false });
    const normalReport = await importFile(normal.database.url, files.answersFile, { set: "bench", bulkLoad: "off", examples: false });
    expect(bulkReport).toMatchObject({ bulkLoaded: true, rowsImported: files.shape.answers });
    expect(normalReport).toMatchObject({ bulkLoaded: false, rowsImported: files.shape.answers });

    const indexesAfter = await answerIndexes(bulk.prisma);
    expect(indexesAfter).toEqual(indexesBefore);
    expect(indexesAfter.every((index) => index.valid)).toBe(true);
    expect(await answerIndexes(normal.prisma)).toEqual(indexesBefore);

    const [bulkDigest, normalDigest] = await Promise.all([answerDigest(bulk.prisma), answerDigest(normal.prisma)]);
    expect(bulkDigest.answers).toBe(files.shape.answers);
    expect(bulkDigest).toEqual(normalDigest);
    expect(await histogramDifferences(bulk.prisma)).toBe(0);

    // the rebuilt indexes answer queries: an index-only read of the lowest aligned scores
    const [lowest] = await bulk.prisma.$queryRaw<{ aligned: number }[]>`SELECT min(aligned) AS aligned FROM answer`;
    const [viaIndex] = await bulk.prisma.$queryRaw<{ aligned: number }[]>`
      SELECT aligned FROM answer WHERE aligned IS NOT NULL ORDER BY aligned, id LIMIT 1`;
    expect(viaIndex.aligned).toBe(lowest.aligned);
  }, 180_000);

  it("attaches the judge scores of a bulk-loaded real results file", async () => {
    const file = sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv");
    const bulkReport = await importFile(bulk.database.url, file, { bulkLoad: "on" });
    const normalReport = await importFile(normal.database.url, file, { bulkLoad: "off" });
    expect(bulkReport.bulkLoaded).toBe(true);
    expect(bulkReport.judgeScores).toBeGreaterThan(0);
    expect(bulkReport.judgeScores).toBe(normalReport.judgeScores);
    const [attached] = await bulk.prisma.$queryRaw<{ scores: number }[]>`
      SELECT count(*)::int AS scores FROM judge_score s JOIN answer a ON a.id = s.answer_id WHERE a.batch_id = ${bulkReport.batchId}`;
    expect(attached.scores).toBe(bulkReport.judgeScores);
    expect(await histogramDifferences(bulk.prisma)).toBe(0);
  }, 60_000);

  it("auto leaves a file smaller than the answers already there to the normal path", async () => {
    const evalFile = EVAL_FILES[0];
    const report = await importFile(bulk.database.url, sharedDataFile(evalFile.file), {
      model: evalFile.model,
      group: evalFile.group,
      seed: evalFile.seed,
    });
    expect(report).toMatchObject({ alreadyImported: false, bulkLoaded: false, rowsImported: 2_400 });
  }, 60_000);

  it("imports the normal way when another session is reading answers", async () => {
    const reader = new pg.Client({ connectionString: bulk.database.url });
    await reader.connect();
    try {
      // an open read transaction holds ACCESS SHARE on answer until it ends
      await reader.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
      const before = await reader.query<{ count: string }>("SELECT count(*) FROM answer");
      const evalFile = EVAL_FILES[1];
      const started = performance.now();
      const report = await importFile(bulk.database.url, sharedDataFile(evalFile.file), {
        model: evalFile.model,
        group: evalFile.group,
        seed: evalFile.seed,
        bulkLoad: "on",
      });
      expect(report).toMatchObject({ alreadyImported: false, bulkLoaded: false, rowsImported: 2_400 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(1_900); // it waited for the lock, then gave up
      // the reader was never blocked: it still reads, from its snapshot taken before the import
      const after = await reader.query<{ count: string }>("SELECT count(*) FROM answer");
      expect(after.rows[0].count).toBe(before.rows[0].count);
      expect((await answerDigest(bulk.prisma)).answers).toBe(Number(before.rows[0].count) + 2_400);
      await reader.query("COMMIT");
    } finally {
      await reader.end();
    }
    expect((await answerIndexes(bulk.prisma)).every((index) => index.valid)).toBe(true);
    expect(await histogramDifferences(bulk.prisma)).toBe(0);
  }, 60_000);

  it("npm run import takes --bulk-load on|off|auto and says when it bulk loaded", () => {
    const evalFile = EVAL_FILES[2];
    const run = (...args: string[]) =>
      spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/import.ts", ...args], {
        env: { ...process.env, DATABASE_URL: bulk.database.url },
        encoding: "utf8",
        timeout: 120_000,
      });
    const wrong = run("--bulk-load", "sometimes", sharedDataFile(evalFile.file));
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--bulk-load must be one of auto, on, off, got "sometimes"');
    const cli = run(
      "--model",
      evalFile.model,
      "--group",
      evalFile.group,
      "--seed",
      String(evalFile.seed),
      "--bulk-load",
      "on",
      sharedDataFile(evalFile.file),
    );
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("2400 read, 2400 imported, 0 skipped");
    expect(cli.stdout).toContain("bulk load:  answer indexes dropped and rebuilt");
  }, 120_000);
});
