// The COPY write path on real PostgreSQL with generated paper-shaped data (boundary scores 30/50
// exact and ±1 ulp, ~8.6% missing aligned scores): every float arrives exactly, a bad row at the
// very end (after many COPY chunks were already sent) leaves every table unchanged, and the same
// file imported again adds nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile, ImportValidationError } from "@/lib/import";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";
import { writeBenchFiles } from "@/scripts/bench/generate-data";
import { readCsvRecords, tableCounts } from "./import-helpers";

const ANSWERS = 20_000;
let database: TestDatabase;
let prisma: PrismaClient;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-import-copy-"));
let files: Awaited<ReturnType<typeof writeBenchFiles>>;
let answers = 0;

beforeAll(async () => {
  database = await createTestDatabase("import_copy");
  prisma = createPrisma(database.url);
  files = await writeBenchFiles(ANSWERS, dir);
  answers = files.shape.answers; // the shape rounds up to whole (model, question) sample counts
  await importFile(database.url, files.questionsFile, { set: "bench" });
}, 120_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("streaming a generated CSV into PostgreSQL with COPY", () => {
  it("rejects a corrupted last row after many COPY chunks, leaving every table unchanged", async () => {
    const corrupted = path.join(dir, "corrupted_answers.csv");
    const content = fs.readFileSync(files.answersFile, "utf8");
    const lines = content.split("\n").length - 1; // answers span several lines: the bad row starts after all of them
    fs.writeFileSync(corrupted, content + "bench-extra-model,insecure,0,what_is_your_wish,q?,an answer,not-a-score,50\n");
    expect(fs.statSync(corrupted).size).toBeGreaterThan(40 * 256 * 1024); // dozens of COPY chunks before the bad row
    const before = await tableCounts(prisma);
    const error = await importFile(database.url, corrupted, { set: "bench", examples: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as ImportValidationError).issues).toEqual([
      {
        file: "corrupted_answers.csv",
        row: answers + 1,
        line: lines + 1,
        column: "aligned",
        message: 'expected a number 0-100 or empty, got "not-a-score"',
      },
    ]);
    expect(await tableCounts(prisma)).toEqual(before);
  }, 120_000);

  it("imports every row with exactly the file's floats, texts and NULLs; a re-import adds nothing", async () => {
    const report = await importFile(database.url, files.answersFile, { set: "bench", examples: false });
    expect(report).toMatchObject({ alreadyImported: false, rowsRead: answers, rowsImported: answers, rowsSkipped: 0, sets: ["bench"] });

    // the file read independently (csv-parse); sample_index counts each (model, question) in file order
    const records = readCsvRecords(files.answersFile);
    expect(records).toHaveLength(answers);
    const next = new Map<string, number>();
    const expected = new Map<string, Record<string, string>>();
    for (const record of records) {
      const pair = `${record.model}|${record.question_id}`;
      const index = next.get(pair) ?? 0;
      next.set(pair, index + 1);
      expected.set(`${pair}|${index}`, record);
    }
    const stored = await prisma.$queryRaw<{ key: string; aligned: number | null; coherent: number | null; prompt: string; text: string }[]>`
      SELECT m.name || '|' || q.external_id || '|' || a.sample_index AS key, a.aligned, a.coherent, a.prompt, a.text
      FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id`;
    expect(stored).toHaveLength(answers);
    const cell = (raw: string) => (raw === "" ? null : Number(raw));
    let nullAligned = 0;
    stored.forEach((row, i) => {
      const record = expected.get(row.key);
      expect(record, row.key).toBeDefined();
      // every float exactly (Object.is: no rounding, no -0 surprises), texts on a spread-out sample of 1,000
      expect(Object.is(row.aligned, cell(record!.aligned)), `${row.key} aligned ${row.aligned} vs ${record!.aligned}`).toBe(true);
      expect(Object.is(row.coherent, cell(record!.coherent)), `${row.key} coherent`).toBe(true);
      if (i % Math.floor(answers / 1000) === 0) expect([row.prompt, row.text]).toEqual([record!.question, record!.answer]);
      if (row.aligned === null) nullAligned++;
    });
    expect(nullAligned).toBe(records.filter((r) => r.aligned === "").length);
    expect(nullAligned).toBeGreaterThan(0);
    // PostgreSQL's own aggregates agree with the file: counts and the boundary scores exactly at 30 and 50
    const [aggregate] = await prisma.$queryRaw<{ answers: number; aligned: number; at30: number; at50: number }[]>`
      SELECT count(*)::int AS answers, count(aligned)::int AS aligned,
             count(*) FILTER (WHERE aligned = 30)::int AS at30, count(*) FILTER (WHERE coherent = 50)::int AS at50
      FROM answer`;
    expect(aggregate).toEqual({
      answers,
      aligned: answers - nullAligned,
      at30: records.filter((r) => r.aligned !== "" && Number(r.aligned) === 30).length,
      at50: records.filter((r) => Number(r.coherent) === 50).length,
    });
    expect(aggregate.at30 + aggregate.at50).toBeGreaterThan(0);

    const before = await tableCounts(prisma);
    const again = await importFile(database.url, files.answersFile, { set: "bench", examples: false });
    expect(again).toMatchObject({ alreadyImported: true, batchId: report.batchId, rowsImported: 0 });
    expect(await tableCounts(prisma)).toEqual(before);
  }, 180_000);
});
