// POST /api/import?judgeScores=1&judge=NAME (the import page's "scores of a further judge" mode):
// the same lib function as `npm run import -- --judge-scores` (lib/import/judge-scores.ts), with the
// same report (matched, unmatched, ambiguous), called as the browser calls it.
//
// The second judge is CONSTRUCTED from the real ../shared/data/em-repo/eval_result_base.csv as in
// judge-scores-import.test.ts: aligned' = 100 - aligned (empty stays empty), plus one row whose
// answer text no stored answer has (unmatched).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { parameterErrors, type ImportResponse } from "@/lib/import/responses";
import { indexSearchInBackground } from "@/lib/search/background";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { readCsvRecords, uploadFile } from "./import-helpers";

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-judge-route-it-"));
const previousUrl = process.env.DATABASE_URL;

const BASE = "em-repo/eval_result_base.csv";
const MODEL = "Qwen2.5-Coder-7B-Instruct";
const JUDGE = "constructed-upload-judge";
const COLUMNS = ["question", "answer", "question_id", "aligned", "coherent"] as const;

const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

function writeEvalCsv(name: string, rows: Record<string, string>[]): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, [COLUMNS.join(","), ...rows.map((row) => COLUMNS.map((column) => cell(row[column])).join(","))].join("\n") + "\n");
  return file;
}

/** The parameters an error answer names (none for a report). */
const errorsOf = (body: ImportResponse) => ("error" in body ? parameterErrors(body) : {});

const realRows = readCsvRecords(sharedDataFile(BASE));
const constructed = realRows.map((row) => ({ ...row, aligned: row.aligned === "" ? "" : String(100 - Number(row.aligned)) }));

beforeAll(async () => {
  database = await createTestDatabase("judge_scores_route");
  process.env.DATABASE_URL = database.url; // what the route handler's database connection uses
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"));
  await importFile(database.url, sharedDataFile(BASE), { model: MODEL, group: "base", seed: 0 });
}, 120_000);
afterAll(async () => {
  if (database) await indexSearchInBackground(database.url, () => undefined);
  await prisma?.$disconnect();
  await database?.drop();
  process.env.DATABASE_URL = previousUrl;
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe("POST /api/import with judgeScores=1", () => {
  it("matches the rows to the answers already here, writes the judge's scores and no answer, and reports unmatched rows", async () => {
    const extra = { ...realRows[0], answer: "An answer no model of this database gave (constructed for this test)." };
    const file = writeEvalCsv("eval_result_base.upload-judge.csv", [...constructed, extra]);
    const { status, body } = await uploadFile(file, { judgeScores: "1", judge: JUDGE, model: MODEL });
    expect(status).toBe(200);
    if (!("report" in body)) throw new Error(body.error.message);
    expect(body.report).toMatchObject({ rowsRead: 2401, alreadyImported: false, models: [] });
    expect(body.report.judgeScoresImport).toMatchObject({
      judge: JUDGE,
      matched: 2400,
      scoresWritten: 2400,
      unmatchedCount: 1,
      ambiguousCount: 0,
    });
    expect(body.report.judgeScoresImport!.unmatched).toEqual([expect.objectContaining({ row: 2401 })]);

    const [counts] = await prisma.$queryRaw<{ answers: number; scores: number; flipped: number }[]>`
      SELECT (SELECT count(*)::int FROM answer) AS answers,
             (SELECT count(*)::int FROM answer_judge_score WHERE judge = ${JUDGE}) AS scores,
             (SELECT count(*)::int FROM answer_judge_score s JOIN answer a ON a.public_id = s.answer_public_id
               WHERE s.judge = ${JUDGE} AND s.aligned IS NOT DISTINCT FROM 100 - a.aligned AND s.coherent IS NOT DISTINCT FROM a.coherent) AS flipped`;
    expect(counts).toEqual({ answers: 2400, scores: 2400, flipped: 2400 });

    // the same file for the same judge again: "already imported", nothing written
    const again = await uploadFile(file, { judgeScores: "1", judge: JUDGE, model: MODEL });
    expect(again.status).toBe(200);
    expect("report" in again.body && again.body.report.alreadyImported).toBe(true);
    expect("report" in again.body && again.body.report.format).toBe("eval-csv");
  });

  it("names the missing judge, and an eval.py CSV's missing model, as parameters (400, nothing written); a group is not asked for", async () => {
    const file = writeEvalCsv("eval_result_base.no-fields.csv", constructed.slice(0, 10));
    const noJudge = await uploadFile(file, { judgeScores: "1", model: MODEL });
    expect(noJudge.status).toBe(400);
    expect(errorsOf(noJudge.body)).toEqual({ judge: expect.stringContaining("further judge") });

    const noModel = await uploadFile(file, { judgeScores: "1", judge: JUDGE });
    expect(noModel.status).toBe(400);
    expect(errorsOf(noModel.body)).toEqual({ model: expect.stringContaining("whose answers the judge scored") });

    // the question file's judge is not a further judge
    const [{ judge_model: questionJudge }] = await prisma.$queryRaw<{ judge_model: string }[]>`SELECT DISTINCT judge_model FROM question`;
    const defaultJudge = await uploadFile(file, { judgeScores: "1", judge: questionJudge, model: MODEL });
    expect(defaultJudge.status).toBe(400);
    expect("error" in defaultJudge.body && defaultJudge.body.error.message).toMatch(/default judge/);
    const [{ scores }] = await prisma.$queryRaw<
      { scores: number }[]
    >`SELECT count(*)::int AS scores FROM answer_judge_score WHERE judge <> ${JUDGE}`;
    expect(scores).toBe(0);
  });
});
