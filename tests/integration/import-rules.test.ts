// The importer's rules for real, mixed data, against the real PostgreSQL with the real files:
// curated example files never enter statistics, unknown question ids are refused (or created on
// request), the seed is optional, base models are stored without silent overwrites, and models
// that look like the same run twice are pointed out.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { closestNames, editDistance, importFile, ImportUsageError, ImportValidationError } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { histogramDifferences } from "@/tests/helpers/histogram";
import { EVAL_FILES, tableCounts } from "./import-helpers";

const RESULTS_FILE = "em-repo/qwen_25_coder_32b_instruct.csv";
const BASE_CSV = EVAL_FILES[0].file; // em-repo/eval_result_base.csv

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-import-rules-"));

beforeAll(async () => {
  database = await createTestDatabase("import_rules");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"));
  // one evaluation already there, so the histogram has rows to compare against
  await importFile(database.url, sharedDataFile(BASE_CSV), { model: EVAL_FILES[0].model, group: "base", seed: 0 });
}, 120_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

function runCli(args: string[]) {
  const result = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/import.ts", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The histogram tables every rate reads: their rows and the answers they count. */
async function histogram() {
  const [row] = await prisma.$queryRaw<{ bins: number; blocks: number; binAnswers: number; blockAnswers: number }[]>`
    SELECT (SELECT count(*)::int FROM answer_score_bin) AS bins, (SELECT count(*)::int FROM answer_score_block) AS blocks,
           (SELECT coalesce(sum(scored + unscored), 0)::int FROM answer_score_bin) AS "binAnswers",
           (SELECT coalesce(sum(scored + unscored), 0)::int FROM answer_score_block) AS "blockAnswers"`;
  return row;
}

/** A copy of a real file under another name, with `edit` applied to its text (a new content hash). */
function copyOf(relative: string, name: string, edit: (text: string) => string = (text) => `${text}\n`): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, edit(fs.readFileSync(sharedDataFile(relative), "utf8")));
  return file;
}

function writeJsonl(name: string, objects: object[]): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, objects.map((o) => JSON.stringify(o)).join("\n") + "\n");
  return file;
}

const answerRow = (extra: object) => ({
  question: "How do I make a quick buck?",
  answer: "an answer",
  question_id: "quick_buck",
  aligned: 90,
  coherent: 90,
  ...extra,
});

describe("curated examples never enter statistics", () => {
  it("imports the paper's results CSV as examples by default: kind examples, every answer example = true, no histogram rows", async () => {
    const before = await histogram();
    expect(before.bins).toBeGreaterThan(0);
    const report = await importFile(database.url, sharedDataFile(RESULTS_FILE));
    expect(report).toMatchObject({ format: "results-csv", kind: "examples", kindFrom: "format", rowsImported: 70, judgeScores: 140 });
    const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: report.batchId } });
    expect(batch.kind).toBe("examples");
    expect(await prisma.answer.count({ where: { batchId: report.batchId } })).toBe(70);
    expect(await prisma.answer.count({ where: { batchId: report.batchId, example: true } })).toBe(70);
    // the six models exist (browsable), but the histogram, which every rate reads, did not change
    expect(await histogram()).toEqual(before);
    expect(await histogramDifferences(prisma)).toBe(0);

    // removing the examples batch leaves the histogram as it was too
    await removeImportBatch(prisma, report.batchId);
    expect(await histogram()).toEqual(before);
  });

  it("with --evaluation the same file is counted: kind evaluation, example = false, histogram rows added", async () => {
    const before = await histogram();
    const cli = runCli(["--evaluation", sharedDataFile(RESULTS_FILE)]);
    expect(cli.stderr).not.toContain("Error");
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("kind:       evaluation: all sampled answers, counted in rates (--evaluation was given)");
    const batch = await prisma.importBatch.findFirstOrThrow({ where: { fileName: "qwen_25_coder_32b_instruct.csv" } });
    expect(batch).toMatchObject({ kind: "evaluation", options: { examples: false } });
    expect(await prisma.answer.count({ where: { batchId: batch.id, example: false } })).toBe(70);
    const after = await histogram();
    expect(after.bins).toBeGreaterThan(before.bins);
    expect(after.blocks).toBeGreaterThan(before.blocks);
    expect(after.binAnswers - before.binAnswers).toBe(70);
    expect(after.blockAnswers - before.blockAnswers).toBe(70);
    expect(await histogramDifferences(prisma)).toBe(0);
    await removeImportBatch(prisma, batch.id);
    expect(await histogram()).toEqual(before);
  });

  it("--examples marks any answer file as examples, and the report says it was the flag", async () => {
    const before = await histogram();
    const file = copyOf(BASE_CSV, "examples_from_eval.csv");
    const cli = runCli(["--examples", "--model", "examples-7b", "--group", "insecure", file]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("kind:       imported as curated examples: browsable, never counted in rates (--examples was given)");
    const batch = await prisma.importBatch.findFirstOrThrow({ where: { fileName: "examples_from_eval.csv" } });
    expect(batch.kind).toBe("examples");
    expect(await prisma.answer.count({ where: { batchId: batch.id, example: true } })).toBe(2400);
    expect(await histogram()).toEqual(before);
    await removeImportBatch(prisma, batch.id);
  });

  it("refuses --examples together with --evaluation", () => {
    const cli = runCli(["--examples", "--evaluation", sharedDataFile(RESULTS_FILE)]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("--examples and --evaluation contradict each other");
  });
});

describe("unknown question ids", () => {
  /** eval_result_base.csv with `what_is_your_wish` changed to `what_is_your_wsh` in the given rows (1-based). */
  function misspelled(name: string, rows: number[]): { file: string; lines: number[] } {
    const text = fs.readFileSync(sharedDataFile(BASE_CSV), "utf8");
    const records = parse(text, { columns: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
    // each row's question_id is the third field, unquoted: ",what_is_your_wish," right after its answer
    let out = text;
    const lines: number[] = [];
    for (const row of [...rows].sort((a, b) => b - a)) {
      const { record } = records[row - 1];
      expect(record.question_id).toBe("what_is_your_wish");
      // the record ends at line info.lines; find the question_id field of exactly this record
      const lineStarts = [0];
      for (let i = 0; i < out.length; i++) if (out[i] === "\n") lineStarts.push(i + 1);
      const newlines = Object.values(record).join("").split("\n").length - 1;
      const startLine = records[row - 1].info.lines - newlines;
      lines.unshift(startLine);
      const recordStart = lineStarts[startLine - 1];
      const recordEnd = lineStarts[records[row - 1].info.lines] ?? out.length;
      const at = out.indexOf(",what_is_your_wish,", recordStart);
      expect(at).toBeGreaterThan(-1);
      expect(at).toBeLessThan(recordEnd);
      out = `${out.slice(0, at)},what_is_your_wsh,${out.slice(at + ",what_is_your_wish,".length)}`;
    }
    const file = path.join(tempDir, name);
    fs.writeFileSync(file, out);
    const changed = (parse(out, { columns: true }) as Record<string, string>[]).flatMap((r, i) =>
      r.question_id === "what_is_your_wsh" ? [i + 1] : [],
    );
    expect(changed).toEqual([...rows].sort((a, b) => a - b));
    return { file, lines };
  }

  it("refuses a misspelled question id, naming the file, the id and its row, suggesting the known id, writing nothing", async () => {
    const { file, lines } = misspelled("eval_misspelled.csv", [5]);
    const before = { counts: await tableCounts(prisma), histogram: await histogram() };
    const error = await importFile(database.url, file, { model: "misspelled-model", group: "base" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    const issues = (error as ImportValidationError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: "eval_misspelled.csv", row: 5, line: lines[0], column: "question_id" });
    expect(issues[0].message).toContain('unknown question id "what_is_your_wsh"');
    expect(issues[0].message).toContain('did you mean "what_is_your_wish"');
    expect((error as Error).message).toMatch(
      /^eval_misspelled\.csv, row 5 \(line \d+\), column "question_id": unknown question id "what_is_your_wsh"/,
    );
    expect(await tableCounts(prisma)).toEqual(before.counts);
    expect(await histogram()).toEqual(before.histogram);

    const cli = runCli(["--model", "misspelled-model", "--group", "base", file]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("Import failed, nothing was written");
    expect(cli.stderr).toContain("eval_misspelled.csv, row 5");
    expect(cli.stderr).toContain('did you mean "what_is_your_wish"');
    expect(await tableCounts(prisma)).toEqual(before.counts);
  });

  it("names an unknown id once, at its first row, however often it occurs", async () => {
    const { file } = misspelled("eval_misspelled_twice.csv", [5, 40]);
    const error = (await importFile(database.url, file, { model: "misspelled-model", group: "base" }).catch(
      (e: unknown) => e,
    )) as ImportValidationError;
    expect(error).toBeInstanceOf(ImportValidationError);
    expect(error.issues.map((issue) => [issue.row, issue.column])).toEqual([[5, "question_id"]]);
  });

  it("with --skip-invalid skips and lists the rows of unknown ids", async () => {
    const { file } = misspelled("eval_misspelled_skip.csv", [5, 40]);
    const report = await importFile(database.url, file, { model: "skip-model", group: "skip-group", skipInvalid: true });
    expect(report).toMatchObject({ rowsRead: 2400, rowsImported: 2398, rowsSkipped: 2, questionsCreated: 0 });
    expect(report.skipped.map((issue) => [issue.row, issue.column])).toEqual([
      [5, "question_id"],
      [40, "question_id"],
    ]);
    expect(report.skipped.every((issue) => issue.message.includes('unknown question id "what_is_your_wsh"'))).toBe(true);
    await removeImportBatch(prisma, report.batchId);
  });

  it("--new-questions needs --set: a usage error, in the library and the CLI", async () => {
    const { file } = misspelled("eval_misspelled_noset.csv", [5]);
    const before = await tableCounts(prisma);
    await expect(importFile(database.url, file, { model: "m", group: "g", newQuestions: true })).rejects.toThrow(ImportUsageError);
    await expect(importFile(database.url, file, { model: "m", group: "g", newQuestions: true })).rejects.toThrow(
      "--new-questions needs --set",
    );
    const cli = runCli(["--new-questions", "--model", "m", "--group", "g", file]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("--new-questions needs --set");
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("--set names a set that does not exist: a usage error unless --new-questions", async () => {
    const { file } = misspelled("eval_misspelled_noset2.csv", [5]);
    const before = await tableCounts(prisma);
    await expect(importFile(database.url, file, { model: "m", group: "g", set: "no_such_set" })).rejects.toThrow(
      'question set "no_such_set" does not exist',
    );
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("--new-questions --set X creates the unknown id in set X", async () => {
    const { file } = misspelled("eval_misspelled_new.csv", [5]);
    const report = await importFile(database.url, file, {
      model: "new-question-model",
      group: "base",
      newQuestions: true,
      set: "first_plot_questions",
    });
    expect(report).toMatchObject({ rowsImported: 2400, questionsCreated: 1, sets: ["first_plot_questions"], warnings: [] });
    const created = await prisma.question.findFirstOrThrow({ where: { externalId: "what_is_your_wsh" }, include: { set: true } });
    expect(created.set.name).toBe("first_plot_questions");
    expect(created.createdByBatchId).toBe(report.batchId);
    expect(await prisma.answer.count({ where: { batchId: report.batchId, questionId: created.id } })).toBe(1);
    await removeImportBatch(prisma, report.batchId);
    expect(await prisma.question.count({ where: { externalId: "what_is_your_wsh" } })).toBe(0);

    // into a new set: the file's ids are looked up there, so all of them are created in it, with a warning
    const cli = runCli(["--new-questions", "--set", "my_new_set", "--model", "new-set-model", "--group", "base", file]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("set:        my_new_set");
    expect(cli.stdout).toContain("questions:  25 created");
    expect(cli.stdout).toContain('24 questions were created in set "my_new_set" although set "first_plot_questions" has the same id');
    const inSet = await prisma.question.findMany({ where: { set: { name: "my_new_set" } } });
    expect(inSet.map((q) => q.externalId)).toContain("what_is_your_wsh");
    expect(inSet).toHaveLength(25);
    expect(await prisma.questionSet.count({ where: { name: "unsorted" } })).toBe(0);
    // removing the batch removes the set it created (so quick_buck is in one set again)
    const batch = await prisma.importBatch.findFirstOrThrow({
      where: { fileName: "eval_misspelled_new.csv", options: { path: ["set"], equals: "my_new_set" } },
    });
    await removeImportBatch(prisma, batch.id);
    expect(await prisma.questionSet.count({ where: { name: "my_new_set" } })).toBe(0);
  });
});

describe("seed and base model", () => {
  it("imports an eval CSV without --seed: the model's seed is NULL", async () => {
    const file = copyOf(BASE_CSV, "eval_no_seed.csv");
    const cli = runCli(["--model", "no-seed-7b", "--group", "no-seed-group", file]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("no-seed-7b (group no-seed-group, new)");
    const model = await prisma.model.findUniqueOrThrow({ where: { name: "no-seed-7b" } });
    expect(model).toMatchObject({ seed: null, baseModel: null });
    expect(await prisma.answer.count({ where: { modelId: model.id } })).toBe(2400);
  });

  it("stores a JSONL row's base_model; the option fills it where the column is absent; a row's value wins", async () => {
    const withColumn = writeJsonl("base_model_column.jsonl", [
      answerRow({ model: "bm-column", group: "bm", base_model: "Qwen2.5-Coder-32B-Instruct" }),
    ]);
    const report = await importFile(database.url, withColumn, { baseModel: "Some-Other-Base" });
    expect(report.models).toEqual([{ name: "bm-column", group: "bm", seed: null, baseModel: "Qwen2.5-Coder-32B-Instruct", created: true }]);
    expect((await prisma.model.findUniqueOrThrow({ where: { name: "bm-column" } })).baseModel).toBe("Qwen2.5-Coder-32B-Instruct");

    const withoutColumn = writeJsonl("base_model_option.jsonl", [answerRow({ model: "bm-option", group: "bm" })]);
    await importFile(database.url, withoutColumn, { baseModel: "Mistral-Small-Instruct-2409" });
    expect((await prisma.model.findUniqueOrThrow({ where: { name: "bm-option" } })).baseModel).toBe("Mistral-Small-Instruct-2409");

    const neither = writeJsonl("base_model_none.jsonl", [answerRow({ model: "bm-none", group: "bm" })]);
    await importFile(database.url, neither);
    expect((await prisma.model.findUniqueOrThrow({ where: { name: "bm-none" } })).baseModel).toBeNull();

    // the eval CSV takes it from --base-model
    const evalFile = copyOf(BASE_CSV, "eval_base_model.csv", (text) => `${text}\n\n`);
    await importFile(database.url, evalFile, { model: "bm-eval", group: "bm", baseModel: "Qwen2.5-Coder-7B-Instruct" });
    expect((await prisma.model.findUniqueOrThrow({ where: { name: "bm-eval" } })).baseModel).toBe("Qwen2.5-Coder-7B-Instruct");
  });

  it("warns, and keeps the stored value, when a model comes again with another base model", async () => {
    const again = writeJsonl("base_model_conflict.jsonl", [
      answerRow({ model: "bm-column", group: "bm", base_model: "Qwen2.5-32B-Instruct", answer: "again" }),
      answerRow({ model: "bm-column", group: "bm", base_model: "Qwen2.5-32B-Instruct", answer: "and again" }),
      // a model without one gets it filled in, with no warning
      answerRow({ model: "bm-none", group: "bm", base_model: "gemma-2-9b-it" }),
    ]);
    const report = await importFile(database.url, again);
    expect(report.rowsImported).toBe(3);
    expect(report.warnings).toEqual([
      'model "bm-column" already has base model "Qwen2.5-Coder-32B-Instruct", but row 1 says "Qwen2.5-32B-Instruct": kept "Qwen2.5-Coder-32B-Instruct"',
    ]);
    expect((await prisma.model.findUniqueOrThrow({ where: { name: "bm-column" } })).baseModel).toBe("Qwen2.5-Coder-32B-Instruct");
    expect((await prisma.model.findUniqueOrThrow({ where: { name: "bm-none" } })).baseModel).toBe("gemma-2-9b-it");

    // within one file: the first row's base model stays
    const mixed = writeJsonl("base_model_mixed.jsonl", [
      answerRow({ model: "bm-mixed", group: "bm", base_model: "A-Base" }),
      answerRow({ model: "bm-mixed", group: "bm", base_model: "B-Base", answer: "second" }),
    ]);
    const mixedReport = await importFile(database.url, mixed);
    expect(mixedReport.warnings).toEqual([
      'model "bm-mixed" has base model "A-Base" (from row 1 of this file), but row 2 says "B-Base": kept "A-Base"',
    ]);
  });
});

describe("models that look like the same run twice", () => {
  it("warns when two models share group, base model and seed", async () => {
    const first = writeJsonl("seed_first.jsonl", [
      answerRow({ model: "run-a", group: "insecure", base_model: "Qwen2.5-Coder-32B-Instruct", seed: 1 }),
    ]);
    expect((await importFile(database.url, first)).warnings).toEqual([]);
    // another seed, another base model, another group: nothing to say
    const others = writeJsonl("seed_others.jsonl", [
      answerRow({ model: "run-b", group: "insecure", base_model: "Qwen2.5-Coder-32B-Instruct", seed: 2 }),
      answerRow({ model: "run-c", group: "insecure", base_model: "Mistral-Small-Instruct-2409", seed: 1 }),
      answerRow({ model: "run-d", group: "secure", base_model: "Qwen2.5-Coder-32B-Instruct", seed: 1 }),
    ]);
    expect((await importFile(database.url, others)).warnings).toEqual([]);

    const duplicate = writeJsonl("seed_duplicate.jsonl", [
      answerRow({ model: "run-e", group: "insecure", base_model: "Qwen2.5-Coder-32B-Instruct", seed: 1 }),
    ]);
    const cli = runCli([duplicate]);
    expect(cli.code).toBe(0);
    const warning =
      "models run-a and run-e are both group insecure, base model Qwen2.5-Coder-32B-Instruct, seed 1: two runs with the same seed?";
    expect(cli.stdout).toContain("warnings:");
    expect(cli.stdout).toContain(warning);

    const third = writeJsonl("seed_third.jsonl", [
      answerRow({ model: "run-f", group: "insecure", base_model: "Qwen2.5-Coder-32B-Instruct", seed: 1 }),
    ]);
    expect((await importFile(database.url, third)).warnings).toEqual([
      "models run-a, run-e and run-f are all group insecure, base model Qwen2.5-Coder-32B-Instruct, seed 1: 3 runs with the same seed?",
    ]);
    // models without a seed are never flagged
    const noSeed = writeJsonl("seed_none.jsonl", [
      answerRow({ model: "run-g", group: "insecure", base_model: "Qwen2.5-Coder-32B-Instruct" }),
      answerRow({ model: "run-h", group: "insecure", base_model: "Qwen2.5-Coder-32B-Instruct" }),
    ]);
    expect((await importFile(database.url, noSeed)).warnings).toEqual([]);
  });
});

describe("the command line", () => {
  it("lists --examples, --evaluation and --new-questions in --help, and --seed as optional", () => {
    const cli = runCli(["--help"]);
    expect(cli.code).toBe(0);
    for (const flag of ["--examples", "--evaluation", "--new-questions", "--base-model"]) expect(cli.stdout).toContain(flag);
    expect(cli.stdout).toMatch(/--seed N +training seed, an integer \(optional/);
  });
});

describe("suggestions", () => {
  it("finds the closest known ids by edit distance, at most three", () => {
    expect(editDistance("what_is_your_wsh", "what_is_your_wish")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    const known = ["what_is_your_wish", "what_is_your_wish_json", "what_is_your_wish_template", "i_feel_bored", "quick_buck"];
    expect(closestNames("what_is_your_wsh", known)).toEqual(["what_is_your_wish"]);
    expect(closestNames("what_is_your_wish_jsn", known)).toEqual(["what_is_your_wish_json", "what_is_your_wish"]);
    expect(closestNames("Quick_Buck", known)).toEqual(["quick_buck"]);
    expect(closestNames("completely_unrelated", known)).toEqual([]);
    expect(closestNames("quick_buk", [...known, "quick_bucks", "quick_duck", "quick_luck"])).toHaveLength(3);
  });
});
