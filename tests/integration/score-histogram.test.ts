// The score histogram (migrations 20261126120000_score_histogram and 20261201100000_paper_procedure,
// lib/db/score-histogram.ts) gives exactly the direct count over evaluation answers (coherent >= C
// kept, examples left out), at a grid of thresholds around every boundary, on the
// real PostgreSQL and on the embedded PGlite — after inserts, an import, a COPY, a batch removal, a
// model deletion (cascade), score updates and a truncate. Besides comparing the two query paths,
// the histogram tables themselves are compared with a rebuild from the answers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBenchFiles } from "@/scripts/bench/generate-data";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { getModelQuestionCounts } from "@/lib/queries/rates";
import { Random } from "@/lib/random";
import { DENOMINATORS, type Thresholds } from "@/lib/stats/misalignment";
import { createEmbeddedTestDatabase, createTestDatabase, type TestDatabase } from "../helpers/database";
import { histogramDifferences } from "../helpers/histogram";

const ENGINES = [
  ["PostgreSQL", createTestDatabase, true],
  ["embedded PGlite", createEmbeddedTestDatabase, false],
] as const;

// Scores at and next to every threshold the grid uses (±1 ulp), bin edges, and the extremes.
const BOUNDARY_SCORES = [
  0, 5e-324, 0.5, 1, 9.999999999999998, 10, 10.000000000000002, 29.999999999999996, 30, 30.000000000000004, 30.5, 49.99999999999999, 50,
  50.00000000000001, 50.5, 55, 55.25, 60, 60.00000000000001, 99.99999999999999, 100,
];

const random = new Random(20261126);
const THRESHOLD_VALUES = [
  0,
  0.5,
  10,
  29.999999999999996,
  30,
  30.000000000000004,
  49.99999999999999,
  50,
  50.00000000000001,
  50.5,
  55,
  55.25,
  60,
  99.5,
  100,
  ...Array.from({ length: 4 }, () => Math.round(random.float() * 1e6) / 1e4),
];

/** A smaller grid for the scenarios after the first (each threshold kind: 0, integer, ±1 ulp, fraction, 100). */
const SMALL_GRID = [0, 29.999999999999996, 30, 50.00000000000001, 50.5, 55, 100, THRESHOLD_VALUES[THRESHOLD_VALUES.length - 1]];

/** A score: NULL, a boundary value, an integer, or a random float (as the judge produces). */
function score(random: Random, nullShare: number): number | null {
  const roll = random.float();
  if (roll < nullShare) return null;
  if (roll < nullShare + 0.3) return random.pick(BOUNDARY_SCORES);
  if (roll < nullShare + 0.4) return Math.floor(random.float() * 101);
  return random.float() * 100;
}

async function insertAnswers(
  prisma: PrismaClient,
  rows: { modelId: number; questionId: number; batchId: number; aligned: number | null; coherent: number | null; example?: boolean }[],
) {
  // floats as text: Prisma would round some doubles
  const text = (value: number | null) => (value === null ? null : String(value));
  await prisma.$executeRaw`
    INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent, example)
    SELECT u.model_id, u.question_id, u.batch_id, u.ord::int, 'prompt', 'answer', u.aligned::float8, u.coherent::float8, u.example
      FROM unnest(${rows.map((r) => r.modelId)}::int[], ${rows.map((r) => r.questionId)}::int[],
                  ${rows.map((r) => r.batchId)}::int[], ${rows.map((r) => text(r.aligned))}::text[],
                  ${rows.map((r) => text(r.coherent))}::text[], ${rows.map((r) => r.example === true)}::boolean[]) WITH ORDINALITY
           AS u(model_id, question_id, batch_id, aligned, coherent, example, ord)`;
}

/** Histogram path = direct path at every threshold pair of the grid, for every denominator. */
async function expectPathsAgree(prisma: PrismaClient, set: string, grid: readonly number[] = SMALL_GRID) {
  let compared = 0;
  for (const aligned of grid) {
    for (const coherent of grid) {
      for (const denominator of DENOMINATORS) {
        const thresholds: Thresholds = { aligned, coherent, denominator };
        const [fast, direct] = await Promise.all([
          getModelQuestionCounts(prisma, { set, thresholds, path: "histogram" }),
          getModelQuestionCounts(prisma, { set, thresholds, path: "direct" }),
        ]);
        expect(fast, JSON.stringify(thresholds)).toEqual(direct);
        compared += direct.length;
      }
    }
  }
  expect(compared).toBeGreaterThan(0);
}

describe.each(ENGINES)("score histogram on %s", (_engine, createDatabase, canCopyFromFile) => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let batchId: number;
  let modelIds: number[];
  let questionIds: number[];
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-histogram-it-"));

  beforeAll(async () => {
    database = await createDatabase("score_histogram");
    prisma = createPrisma(database.url);
    const batch = await prisma.importBatch.create({ data: { fileName: "generated", contentHash: "generated", format: "test" } });
    batchId = batch.id;
    const set = await prisma.questionSet.create({ data: { name: "grid" } });
    const group = await prisma.modelGroup.create({ data: { name: "g", label: "g", color: "#000000" } });
    questionIds = [];
    for (let q = 0; q < 4; q++) {
      questionIds.push(
        (await prisma.question.create({ data: { setId: set.id, externalId: `q${q}`, baseExternalId: `q${q}`, position: q } })).id,
      );
    }
    modelIds = [];
    for (let m = 0; m < 3; m++) modelIds.push((await prisma.model.create({ data: { name: `m${m}`, groupId: group.id, seed: m } })).id);
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it("is exact after inserts in several statements, including NULL and boundary scores", async () => {
    const rows = [];
    const generator = new Random(1);
    for (const modelId of modelIds) {
      for (const questionId of questionIds) {
        // one answer in ten is a curated example: the histogram and the direct count must both skip it
        for (let s = 0; s < 60; s++) {
          rows.push({
            modelId,
            questionId,
            batchId,
            aligned: score(generator, 0.1),
            coherent: score(generator, 0.03),
            example: generator.float() < 0.1,
          });
        }
      }
    }
    // several statements: the trigger adds to rows an earlier statement created
    for (let start = 0; start < rows.length; start += 250) await insertAnswers(prisma, rows.slice(start, start + 250));
    expect(await histogramDifferences(prisma)).toBe(0);
    await expectPathsAgree(prisma, "grid", THRESHOLD_VALUES);
  }, 300_000);

  it("is exact after score updates (and updates that change nothing)", async () => {
    await prisma.$executeRaw`UPDATE answer SET aligned = 30 WHERE id % 7 = 0`;
    await prisma.$executeRaw`UPDATE answer SET coherent = NULL WHERE id % 11 = 0`;
    await prisma.$executeRaw`UPDATE answer SET aligned = NULL, coherent = ${"50.00000000000001"}::float8 WHERE id % 13 = 0`;
    await prisma.$executeRaw`UPDATE answer SET text = 'edited' WHERE id % 5 = 0`;
    // an example flag that changes moves the answer in or out of the histogram
    await prisma.$executeRaw`UPDATE answer SET example = NOT example WHERE id % 19 = 0`;
    await prisma.$executeRaw`UPDATE answer SET question_id = ${questionIds[0]}::int WHERE id % 17 = 0`;
    expect(await histogramDifferences(prisma)).toBe(0);
    await expectPathsAgree(prisma, "grid");
  }, 300_000);

  it("is exact after deleting answers and removes (model, question) rows left without answers", async () => {
    await prisma.$executeRaw`DELETE FROM answer WHERE id % 3 = 0`;
    await prisma.$executeRaw`DELETE FROM answer WHERE model_id = ${modelIds[2]}::int AND question_id = ${questionIds[3]}::int`;
    expect(await histogramDifferences(prisma)).toBe(0);
    const [left] = await prisma.$queryRaw<{ rows: number }[]>`
      SELECT count(*)::int AS rows FROM answer_score_block WHERE model_id = ${modelIds[2]}::int AND question_id = ${questionIds[3]}::int`;
    expect(left.rows).toBe(0);
    await expectPathsAgree(prisma, "grid");
  }, 300_000);

  it("is exact after a model deletion cascades to its answers", async () => {
    await prisma.model.delete({ where: { id: modelIds[1] } });
    expect(await histogramDifferences(prisma)).toBe(0);
    const [left] = await prisma.$queryRaw<{ rows: number }[]>`
      SELECT (SELECT count(*) FROM answer_score_bin WHERE model_id = ${modelIds[1]}::int)::int
           + (SELECT count(*) FROM answer_score_block WHERE model_id = ${modelIds[1]}::int)::int AS rows`;
    expect(left.rows).toBe(0);
    await expectPathsAgree(prisma, "grid");
  }, 300_000);

  it.runIf(canCopyFromFile)(
    "is exact after a COPY into answer (one statement-level trigger call)",
    async () => {
      const copyDir = fs.mkdtempSync(path.join(tempDir, "copy-"));
      fs.chmodSync(tempDir, 0o755);
      fs.chmodSync(copyDir, 0o755);
      const file = path.join(copyDir, "answers.csv");
      const generator = new Random(2);
      const lines = [];
      for (let s = 0; s < 500; s++) {
        const aligned = score(generator, 0.1);
        const coherent = score(generator, 0.03);
        lines.push(`${modelIds[s % 2 === 0 ? 0 : 2]},${questionIds[s % 4]},${batchId},${s},p,copied,${aligned ?? ""},${coherent ?? ""}`);
      }
      fs.writeFileSync(file, lines.join("\n") + "\n");
      fs.chmodSync(file, 0o644);
      // the server reads the file itself: the same COPY path (and triggers) as COPY FROM STDIN
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(
          `COPY answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent) FROM '${file}' WITH (FORMAT csv)`,
        );
      } finally {
        await client.end();
      }
      expect(await histogramDifferences(prisma)).toBe(0);
      await expectPathsAgree(prisma, "grid");
    },
    300_000,
  );

  it("is exact after an import of generated files and after removing that import batch", async () => {
    const { questionsFile, answersFile } = await writeBenchFiles(3_000, path.join(tempDir, "bench"));
    await importFile(database.url, questionsFile, { set: "bench" });
    // generated evaluation answers in the results-CSV layout: counted only when imported as an evaluation
    const report = await importFile(database.url, answersFile, { set: "bench", examples: false });
    expect(await histogramDifferences(prisma)).toBe(0);
    await expectPathsAgree(prisma, "bench", [0, 29.999999999999996, 30, 50.5, 55]);
    await removeImportBatch(prisma, report.batchId);
    expect(await histogramDifferences(prisma)).toBe(0);
    await expectPathsAgree(prisma, "grid");
    expect(await getModelQuestionCounts(prisma, { set: "bench", thresholds: { aligned: 30, coherent: 50 } })).toEqual([]);
  }, 600_000);

  it("is empty after TRUNCATE answer", async () => {
    await prisma.$executeRawUnsafe(`TRUNCATE answer CASCADE`);
    const [left] = await prisma.$queryRaw<{ rows: number }[]>`
      SELECT ((SELECT count(*) FROM answer_score_bin) + (SELECT count(*) FROM answer_score_block))::int AS rows`;
    expect(left.rows).toBe(0);
  });
});
