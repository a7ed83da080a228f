// Content-derived answer ids on real files (issue 11, item 6): the same eval CSV imported into two
// fresh databases, into the embedded PGlite, removed and imported again, and written by the
// migration's backfill on a database from before it, always gives the same public ids; the SQL
// definition and the JS twin agree on every real row; a removal records the removed ids with the
// batch's file name; an identical answer from a second file of the same model gets the next occurrence.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerPublicId } from "@/lib/answers/public-id";
import { createPrisma } from "@/lib/db/client";
import { withPgClient } from "@/lib/db/pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { findRemovedAnswer, isAnswerGone } from "@/lib/queries/answers";
import { createEmbeddedTestDatabase, createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { createDatabaseBefore, type DatabaseBeforeMigration } from "@/tests/helpers/migrations";
import { EVAL_FILES, readCsvRecords } from "./import-helpers";

const MIGRATION = "20261203120000_answer_public_id";
const QUESTIONS = "questions/first_plot_questions.yaml";
const SPEC = EVAL_FILES[1]; // eval_result_high_severity.csv: 2,400 answers
const evalOptions = { model: SPEC.model, group: SPEC.group, seed: SPEC.seed };

/** Every answer's public id by where it is in the file (question id string and sample index). */
async function idsByPosition(url: string): Promise<Map<string, string>> {
  const { rows } = await withPgClient(url, (db) =>
    db.query<{ question: string; sample_index: number; public_id: string }>(
      `SELECT q.external_id AS question, a.sample_index, a.public_id
         FROM answer a JOIN question q ON q.id = a.question_id JOIN model m ON m.id = a.model_id
        WHERE m.name = $1 ORDER BY 1, 2`,
      [SPEC.model],
    ),
  );
  return new Map(rows.map((row) => [`${row.question}#${row.sample_index}`, row.public_id]));
}

async function importRealFiles(url: string): Promise<number> {
  await importFile(url, sharedDataFile(QUESTIONS));
  const report = await importFile(url, sharedDataFile(SPEC.file), evalOptions);
  expect(report.rowsImported).toBe(2400);
  return report.batchId;
}

let first: TestDatabase;
let second: TestDatabase;
let prisma: PrismaClient;
let firstBatch: number;
let firstIds: Map<string, string>;

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase("public-id-a"), createTestDatabase("public-id-b")]);
  prisma = createPrisma(first.url);
  firstBatch = await importRealFiles(first.url);
  firstIds = await idsByPosition(first.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await Promise.all([first?.drop(), second?.drop()]);
});

describe("answer public ids", () => {
  it("are the same for all 2,400 answers of a real file imported into two fresh databases", async () => {
    expect(firstIds.size).toBe(2400);
    expect(new Set(firstIds.values()).size).toBe(2400);
    await importRealFiles(second.url);
    expect(await idsByPosition(second.url)).toEqual(firstIds);
  });

  it("are what the SQL definition gives, and what the JS twin gives, on every real row", async () => {
    const rows = await prisma.$queryRawUnsafe<{ public_id: string; sql_id: string; model: string; question: string; text: string }[]>(
      `SELECT a.public_id, m.name AS model, q.external_id AS question, a.text,
              answer_public_id(answer_public_id_base(m.name, q.external_id, a.source_ref, a.text),
                (row_number() OVER (PARTITION BY m.name, q.external_id, a.source_ref, a.text ORDER BY a.batch_id, a.sample_index, a.id) - 1)::int
              ) AS sql_id
         FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id`,
    );
    expect(rows).toHaveLength(2400);
    const occurrences = new Map<string, number>();
    for (const row of rows.sort((a, b) => a.public_id.localeCompare(b.public_id))) {
      expect(row.sql_id).toBe(row.public_id);
      const key = `${row.question}\0${row.text}`;
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      // without duplicates in the file every answer is occurrence 0
      if (occurrence === 0 && [...rows].filter((r) => r.question === row.question && r.text === row.text).length === 1) {
        expect(answerPublicId({ model: row.model, question: row.question, sourceRef: null, text: row.text })).toBe(row.public_id);
      }
    }
  });

  it("are recorded with the batch's file name when the batch is removed, and come back with a re-import", async () => {
    const started = Date.now();
    const removal = await removeImportBatch(prisma, firstBatch);
    expect(removal.answers).toBe(2400);
    const removed = await prisma.removedAnswer.findMany();
    expect(removed).toHaveLength(2400);
    expect(new Set(removed.map((row) => row.publicId))).toEqual(new Set(firstIds.values()));
    for (const row of removed) {
      expect(row).toMatchObject({ batchId: firstBatch, batchFileName: path.basename(SPEC.file) });
      expect(row.removedAt.getTime()).toBeGreaterThanOrEqual(started - 5_000);
    }
    const [some] = firstIds.values();
    expect(await findRemovedAnswer(prisma, some)).toMatchObject({ publicId: some, batchFileName: path.basename(SPEC.file) });
    // its permalink answers 410 Gone (proxy.ts); an id that never was stays a 404
    expect(await isAnswerGone(prisma, some)).toBe(true);
    expect(await isAnswerGone(prisma, "0000000000000000beef")).toBe(false);

    const again = await importFile(first.url, sharedDataFile(SPEC.file), evalOptions);
    expect(again.rowsImported).toBe(2400);
    expect(await idsByPosition(first.url)).toEqual(firstIds);
    // back at its link: not gone, although its removal stays on record
    expect(await isAnswerGone(prisma, some)).toBe(false);
  });

  it("move to the next free occurrence when another file of the same model holds the same answer", async () => {
    // constructed for this test: a second file for the same model repeating the real file's first answer twice
    const [record] = readCsvRecords(sharedDataFile(SPEC.file));
    const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
    const line = [record.question, record.answer, record.question_id, record.aligned, record.coherent].map(quote).join(",");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-public-id-"));
    const file = path.join(dir, "repeat.csv");
    fs.writeFileSync(file, `question,answer,question_id,aligned,coherent\n${line}\n${line}\n`);
    try {
      const report = await importFile(first.url, file, evalOptions);
      expect(report.rowsImported).toBe(2);
      const fields = { model: SPEC.model, question: record.question_id, sourceRef: null, text: record.answer };
      const ids = (await prisma.answer.findMany({ where: { batchId: report.batchId }, orderBy: { id: "asc" } })).map((a) => a.publicId);
      // occurrence 0 is the real file's; this file's two copies get 1 and 2, whichever order they move in
      expect(new Set(ids)).toEqual(new Set([answerPublicId(fields, 1), answerPublicId(fields, 2)]));
      expect(await prisma.answer.count({ where: { publicId: answerPublicId(fields, 0), batchId: { not: report.batchId } } })).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are the same on the embedded database (PGlite)", async () => {
    const embedded = await createEmbeddedTestDatabase("public-id");
    try {
      await importRealFiles(embedded.url);
      expect(await idsByPosition(embedded.url)).toEqual(firstIds);
    } finally {
      await embedded.drop();
    }
  });
});

describe("the migration's backfill", () => {
  let before: DatabaseBeforeMigration;
  afterAll(async () => before?.drop());

  it("gives an instance's existing answers the ids an import gives", async () => {
    before = await createDatabaseBefore("public-id-backfill", MIGRATION);
    // the rows of the second database (a plain import), written into one from before the migration
    const tables = ["import_batch", "model_group", "model", "question_set", "question", "answer"];
    const dump = await withPgClient(second.url, async (db) => {
      const out: Record<string, unknown[]> = {};
      for (const table of tables) out[table] = (await db.query(`SELECT row_to_json(t) AS row FROM ${table} t`)).rows.map((r) => r.row);
      return out;
    });
    await withPgClient(before.url, async (db) => {
      for (const table of tables) {
        // json_populate_recordset ignores keys the table does not have yet (answer.public_id)
        await db.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [
          JSON.stringify(dump[table]),
        ]);
      }
      const { rows } = await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'answer' AND column_name = 'public_id'`,
      );
      expect(rows).toHaveLength(0);
    });
    expect(await before.upgrade()).toContain(MIGRATION);
    expect(await idsByPosition(before.url)).toEqual(firstIds);
  });
});
