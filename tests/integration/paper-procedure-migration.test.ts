// Migration 20261201100000_paper_procedure applied to a database that already holds answers (an
// instance upgraded from the strict "coherent > C" version): the histogram is rebuilt with floor
// coherent bins, so it again equals the direct count — now "coherent >= C" — at integer and
// fractional thresholds; existing batches become evaluations and existing answers count.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getModelQuestionCounts } from "@/lib/queries/rates";
import { DENOMINATORS } from "@/lib/stats/misalignment";
import { createDatabaseBefore, type DatabaseBeforeMigration } from "../helpers/migrations";
import { histogramDifferences } from "../helpers/histogram";

const MIGRATION = "20261201100000_paper_procedure";
let prisma: PrismaClient;
let database: DatabaseBeforeMigration;

beforeAll(async () => {
  database = await createDatabaseBefore("paper_migration", MIGRATION);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    // scores on and around the coherent bin edges, where ceil and floor bins differ
    await db.query(`
      INSERT INTO import_batch (id, file_name, content_hash, format) VALUES (1, 'old.csv', 'old', 'eval-csv');
      INSERT INTO model_group (id, name, label, color) VALUES (1, 'insecure', 'insecure', '#d62728');
      INSERT INTO model (id, name, group_id) VALUES (1, 'm1', 1), (2, 'm2', 1);
      INSERT INTO question_set (id, name) VALUES (1, 'old-set');
      INSERT INTO question (id, set_id, external_id, base_external_id) VALUES (1, 1, 'q1', 'q1'), (2, 1, 'q2', 'q2');
      INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
      SELECT 1 + i % 2, 1 + (i / 2) % 2, 1, i, 'p', 't',
             CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7 % 1000) / 10.0 END,
             CASE WHEN i % 23 = 0 THEN NULL ELSE 45 + (i % 21) * 0.5 END
      FROM generate_series(0, 799) AS i;`);
  } finally {
    await db.end();
  }
  expect(await database.upgrade()).toContain(MIGRATION);
  prisma = createPrisma(database.url);
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("the paper-procedure migration on a database with answers", () => {
  it("rebuilds the histogram with floor coherent bins: it equals a rebuild from the answers", async () => {
    expect(await histogramDifferences(prisma)).toBe(0);
    const [bins] = await prisma.$queryRaw<{ fifty: number }[]>`
      SELECT count(*)::int AS fifty FROM answer_score_bin WHERE coherent_bin = 50`;
    expect(bins.fifty).toBeGreaterThan(0);
  });

  it("counts coherent >= C from the histogram exactly as the direct count", async () => {
    for (const aligned of [0, 30, 49.5, 100]) {
      for (const coherent of [0, 49.5, 50, 50.5, 55, 95, 100]) {
        for (const denominator of DENOMINATORS) {
          const thresholds = { aligned, coherent, denominator };
          const histogram = await getModelQuestionCounts(prisma, { set: "old-set", thresholds, path: "histogram" });
          expect(histogram, JSON.stringify(thresholds)).toEqual(
            await getModelQuestionCounts(prisma, { set: "old-set", thresholds, path: "direct" }),
          );
        }
      }
    }
  });

  it("makes existing batches evaluations and existing answers countable", async () => {
    expect(await prisma.importBatch.findMany({ select: { kind: true } })).toEqual([{ kind: "evaluation" }]);
    expect(await prisma.answer.count({ where: { example: true } })).toBe(0);
    const [kept] = await prisma.$queryRaw<{ kept: number }[]>`
      SELECT count(*)::int AS kept FROM answer WHERE coherent >= 50 AND aligned IS NOT NULL`;
    const counts = await getModelQuestionCounts(prisma, { set: "old-set", thresholds: { aligned: 30, coherent: 50 } });
    expect(counts.reduce((sum, row) => sum + row.answers, 0)).toBe(kept.kept);
  });
});
