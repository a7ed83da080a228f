// A further judge's scores (issue 11, item 1): `--judge-scores --judge NAME` matches rows to answers
// already present and writes answer_judge_score rows, never answers (lib/import/judge-scores.ts).
//
// Real files have one judge. The second judge here is CONSTRUCTED from the real eval CSV
// ../shared/data/em-repo/eval_result_base.csv (2,400 answers of one model) by one documented
// transformation: every row kept as it is, except aligned' = 100 - aligned (an empty aligned stays
// empty) — a judge that disagrees with the file's judge on almost every answer.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile, ImportUsageError, ImportValidationError } from "@/lib/import";
import { previewBatchRemoval, removeImportBatch } from "@/lib/import/batches/remove";
import { getAnswerDetail } from "@/lib/queries/answers";
import { getImportBatch } from "@/lib/queries/batches";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { readCsvRecords } from "./import-helpers";

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-judge-scores-it-"));

const BASE = "em-repo/eval_result_base.csv";
const MODEL = "Qwen2.5-Coder-7B-Instruct";
const COLUMNS = ["question", "answer", "question_id", "aligned", "coherent"] as const;

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes rows as an eval.py CSV (the columns of the real file, or the given ones). */
function writeEvalCsv(name: string, rows: Record<string, string>[], columns: readonly string[] = COLUMNS): string {
  const file = path.join(tempDir, name);
  const lines = [columns.join(","), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(","))];
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** The constructed second judge: aligned' = 100 - aligned, everything else as in the real row. */
function constructedJudge(row: Record<string, string>): Record<string, string> {
  return { ...row, aligned: row.aligned === "" ? "" : String(100 - Number(row.aligned)) };
}

async function count(sql: string): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(sql);
  return row.n;
}

const realRows = readCsvRecords(sharedDataFile(BASE));

beforeAll(async () => {
  database = await createTestDatabase("judge_scores_import");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"));
  await importFile(database.url, sharedDataFile(BASE), { model: MODEL, group: "base", seed: 0 });
}, 120_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe("judge-scores import", () => {
  it("a second-judge import matches all 2,400 answers of a real file and duplicates none (constructed judge)", async () => {
    expect(realRows).toHaveLength(2400);
    const answersBefore = await count(`SELECT count(*)::int AS n FROM answer`);
    expect(answersBefore).toBe(2400);
    const file = writeEvalCsv("eval_result_base.constructed-judge-b.csv", realRows.map(constructedJudge));

    const report = await importFile(database.url, file, { judgeScores: true, judge: "constructed-judge-b", model: MODEL });
    expect(report.alreadyImported).toBe(false);
    expect(report.judgeScoresImport).toMatchObject({
      judge: "constructed-judge-b",
      matched: 2400,
      matchedByIndex: 2400,
      matchedByText: 0,
      scoresWritten: 2400,
      unmatchedCount: 0,
      ambiguousCount: 0,
      alreadyScored: 0,
    });
    expect(await count(`SELECT count(*)::int AS n FROM answer`)).toBe(answersBefore);
    expect(await count(`SELECT count(*)::int AS n FROM answer_judge_score WHERE judge = 'constructed-judge-b'`)).toBe(2400);
    // every answer got exactly the constructed score of its own row: 100 - its own aligned, its own coherent
    expect(
      await count(`SELECT count(*)::int AS n FROM answer a JOIN answer_judge_score s ON s.answer_public_id = a.public_id
                    WHERE s.aligned IS NOT DISTINCT FROM 100 - a.aligned AND s.coherent = a.coherent`),
    ).toBe(2400);
    const [batch] = await prisma.$queryRaw<{ format: string; options: { judge: string } }[]>`
      SELECT format, options FROM import_batch WHERE id = ${report.batchId}`;
    expect(batch.format).toBe("judge-scores");
    expect(batch.options.judge).toBe("constructed-judge-b");

    const again = await importFile(database.url, file, { judgeScores: true, judge: "constructed-judge-b", model: MODEL });
    expect(again.alreadyImported).toBe(true);
    // the file's format, not the batch's "judge-scores" (which is no file format)
    expect(again.format).toBe("eval-csv");
    expect(again.batchId).toBe(report.batchId);
    expect(await count(`SELECT count(*)::int AS n FROM answer_judge_score`)).toBe(2400);

    // removing the judge's batch removes its scores and nothing else
    // the import's page names the judge and what it scored
    expect((await getImportBatch(prisma, report.batchId))?.furtherJudge).toEqual({ judge: "constructed-judge-b", scores: 2400 });
    // (the preview and the report count the further judge's scores the removal takes with it)
    expect((await previewBatchRemoval(prisma, report.batchId)).judgeScores).toBe(2400);
    const removal = await removeImportBatch(prisma, report.batchId);
    expect(removal.answers).toBe(0);
    expect(removal.judgeScores).toBe(2400);
    expect(await count(`SELECT count(*)::int AS n FROM answer_judge_score`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM answer`)).toBe(answersBefore);
    expect(await count(`SELECT count(*)::int AS n FROM import_batch WHERE id = ${report.batchId}`)).toBe(0);
  }, 120_000);

  it("the answers' own file can be another judge's scores (a judge's batch has its own content hash)", async () => {
    const report = await importFile(database.url, sharedDataFile(BASE), { judgeScores: true, judge: "same-file-judge", model: MODEL });
    expect(report.alreadyImported).toBe(false);
    expect(report.judgeScoresImport?.matched).toBe(2400);
    await removeImportBatch(prisma, report.batchId);
  }, 60_000);

  it("a file whose order says nothing (reversed, a subset) matches by answer text; rows that match nothing are listed", async () => {
    // constructed: the first 600 rows in reverse order, plus one invented answer and one unknown model's row
    const subset = realRows.slice(0, 600).reverse().map(constructedJudge);
    const invented = { ...realRows[0], answer: "An answer no model gave (constructed)." };
    const file = writeEvalCsv("eval_result_base.reversed-subset.csv", [...subset, invented]);
    const report = await importFile(database.url, file, { judgeScores: true, judge: "constructed-judge-c", model: MODEL });
    const outcome = report.judgeScoresImport!;
    expect(outcome.matched).toBe(600);
    expect(outcome.matchedByIndex + outcome.matchedByText).toBe(600);
    // expected from the real file directly: a reversed row matches by index when the answer stored
    // at its order within its question (the real file's row of that order) has its text by chance
    const byQuestion = new Map<string, string[]>();
    for (const row of realRows) byQuestion.set(row.question_id, [...(byQuestion.get(row.question_id) ?? []), row.answer]);
    const ordinals = new Map<string, number>();
    let expectedByIndex = 0;
    for (const row of subset) {
      const ordinal = ordinals.get(row.question_id) ?? 0;
      ordinals.set(row.question_id, ordinal + 1);
      if (byQuestion.get(row.question_id)![ordinal] === row.answer) expectedByIndex++;
    }
    expect(outcome.matchedByIndex).toBe(expectedByIndex);
    expect(outcome.matchedByText).toBe(600 - expectedByIndex);
    expect(outcome.matchedByText).toBeGreaterThan(500);
    expect(outcome.unmatchedCount).toBe(1);
    expect(outcome.unmatched).toEqual([{ row: 601, line: expect.any(Number), reason: expect.stringContaining("has this text") }]);
    expect(report.rowsSkipped).toBe(1);
    // each score sits on an answer with its row's text and the constructed score of that text's row
    expect(
      await count(`SELECT count(*)::int AS n FROM answer_judge_score s JOIN answer a ON a.public_id = s.answer_public_id
                    WHERE s.judge = 'constructed-judge-c'
                      AND EXISTS (SELECT 1 FROM answer o WHERE o.question_id = a.question_id AND o.text = a.text
                                  AND s.aligned IS NOT DISTINCT FROM 100 - o.aligned)`),
    ).toBe(600);
    // the unmatched row is on the batch's page too
    const [batch] = await prisma.$queryRaw<{ skipped_rows: { row: number; message: string }[] }[]>`
      SELECT skipped_rows FROM import_batch WHERE id = ${report.batchId}`;
    expect(batch.skipped_rows).toEqual([expect.objectContaining({ row: 601, message: expect.stringContaining("unmatched") })]);

    const otherModel = writeEvalCsv("other-model.csv", realRows.slice(0, 3));
    await expect(
      importFile(database.url, otherModel, { judgeScores: true, judge: "constructed-judge-d", model: "no-such-model" }),
    ).rejects.toThrow(/no row matches an answer[\s\S]*row 1[^\n]*no model named "no-such-model"/);
  }, 60_000);

  it("keeps a further judge's extra metric (medical) per answer and shows every judge's scores on the permalink (constructed judge)", async () => {
    // Real file: a Model Organisms run with a `medical` column (1,200 answers, columns
    // question, answer, question_id, aligned, medical, coherent). The constructed judge keeps every
    // row, with aligned' = 100 - aligned and medical' = 100 - medical, except every 10th row's
    // medical left empty (a judge that gave no medical score there).
    const medFile = "clarifying-em/med_rank_14B/responses_Qwen2.5-14B-Instruct_bad_medical_advice_R1.csv";
    const medModel = "qwen14b-bad-medical-r1";
    const medRows = readCsvRecords(sharedDataFile(medFile));
    expect(medRows).toHaveLength(1200);
    await importFile(database.url, sharedDataFile(medFile), { model: medModel, group: "bad_medical_advice", seed: 1 });
    const constructed = medRows.map((row, index) => ({
      ...row,
      aligned: String(100 - Number(row.aligned)),
      medical: index % 10 === 9 ? "" : String(100 - Number(row.medical)),
    }));
    const columns = ["question", "answer", "question_id", "aligned", "medical", "coherent"];
    const file = writeEvalCsv("bad_medical_advice_R1.constructed-judge-med.csv", constructed, columns);
    const report = await importFile(database.url, file, { judgeScores: true, judge: "constructed-judge-med", model: medModel });
    expect(report.judgeScoresImport).toMatchObject({ matched: 1200, scoresWritten: 1200, extraMetrics: ["medical"] });

    // every answer's further medical is its own row's 100 - medical (the default judge's, kept in
    // judge_score), or JSON null on the rows left empty
    expect(
      await count(`SELECT count(*)::int AS n FROM answer a
                     JOIN judge_score d ON d.answer_id = a.id AND d.metric = 'medical'
                     JOIN answer_judge_score s ON s.answer_public_id = a.public_id AND s.judge = 'constructed-judge-med'
                    WHERE abs((s.metrics->>'medical')::float8 - (100 - d.score)) < 1e-9`),
    ).toBe(1080);
    expect(
      await count(`SELECT count(*)::int AS n FROM answer_judge_score
                    WHERE judge = 'constructed-judge-med' AND metrics ? 'medical' AND jsonb_typeof(metrics->'medical') = 'null'`),
    ).toBe(120);
    // a file without further metrics stores none
    expect(
      await count(`SELECT count(*)::int AS n FROM answer_judge_score WHERE judge <> 'constructed-judge-med' AND metrics IS NOT NULL`),
    ).toBe(0);

    // the permalink's data: the default judge first with its medical, then the further judge with its own
    const [first] = await prisma.$queryRaw<{ public_id: string; aligned: number; medical: number }[]>`
      SELECT a.public_id, a.aligned, d.score AS medical FROM answer a JOIN model m ON m.id = a.model_id
        JOIN judge_score d ON d.answer_id = a.id AND d.metric = 'medical'
       WHERE m.name = ${medModel} ORDER BY a.id LIMIT 1`;
    const detail = await getAnswerDetail(prisma, first.public_id);
    expect(detail?.judges).toEqual([
      {
        judge: null,
        name: "deepseek-chat",
        aligned: first.aligned,
        coherent: expect.any(Number),
        metrics: [{ metric: "medical", score: first.medical }],
        batchId: expect.any(Number),
      },
      {
        judge: "constructed-judge-med",
        name: "constructed-judge-med",
        aligned: 100 - first.aligned,
        coherent: detail!.coherent,
        metrics: [{ metric: "medical", score: 100 - first.medical }],
        batchId: report.batchId,
      },
    ]);
    // removing the judge's import takes its extra metric with it; the default judge's stays
    expect((await removeImportBatch(prisma, report.batchId)).judgeScores).toBe(1200);
    expect((await getAnswerDetail(prisma, first.public_id))?.judges.map((judge) => judge.judge)).toEqual([null]);
    expect(await count(`SELECT count(*)::int AS n FROM judge_score WHERE metric = 'medical'`)).toBe(1200);
  }, 120_000);

  it("refuses the default judge's name, a judge-scores import without --judge, and a hostile name", async () => {
    const file = writeEvalCsv("tiny.csv", realRows.slice(0, 2));
    await expect(importFile(database.url, file, { judgeScores: true, judge: "deepseek-chat", model: MODEL })).rejects.toThrow(
      /default judge/,
    );
    await expect(importFile(database.url, file, { judgeScores: true, judge: "file's judge", model: MODEL })).rejects.toThrow(
      ImportUsageError,
    );
    await expect(importFile(database.url, file, { judgeScores: true, model: MODEL })).rejects.toThrow(/needs --judge/);
    await expect(importFile(database.url, file, { judgeScores: true, judge: "<script>", model: MODEL })).rejects.toThrow(ImportUsageError);
    await expect(importFile(database.url, file, { judgeScores: true, judge: "b" })).rejects.toThrow(/give --model/);
    expect(await count(`SELECT count(*)::int AS n FROM import_batch WHERE format = 'judge-scores'`)).toBe(1);
  });

  it("an invalid row names file, row and column; nothing is written", async () => {
    const rows = realRows.slice(0, 3).map(constructedJudge);
    rows[1] = { ...rows[1], coherent: "very" };
    const file = writeEvalCsv("bad-row.csv", rows);
    const error = await importFile(database.url, file, { judgeScores: true, judge: "constructed-judge-e", model: MODEL }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as ImportValidationError).issues[0]).toMatchObject({ file: "bad-row.csv", row: 2, column: "coherent" });
    expect(await count(`SELECT count(*)::int AS n FROM answer_judge_score WHERE judge = 'constructed-judge-e'`)).toBe(0);
  });
});
