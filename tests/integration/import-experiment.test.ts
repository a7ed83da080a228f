// Experiment manifests on real PostgreSQL (issue 10): docs/clarifying-em.yaml imports all 25 runs of
// ../shared/data/clarifying-em and their questions in one run; every model's counts per question
// equal an independent computation from the CSV files (csv-parse, the rule written out here from
// science.md); importing again adds nothing; a manifest with one broken file writes nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ImportUsageError, ImportValidationError } from "@/lib/import";
import { importExperiment } from "@/lib/import/experiment";
import { getModelQuestionCounts } from "@/lib/queries/rates";
import { PRESETS } from "@/lib/stats/method";
import { createTestDatabase, SHARED_DATA_DIR, type TestDatabase } from "../helpers/database";
import { readCsvRecords } from "./import-helpers";

// Counts the embedded-PGlite checks (one query each): an experiment asks once for all its files.
const embeddedChecks = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/import/write/connection", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/import/write/connection")>();
  return {
    ...original,
    isEmbeddedPglite: (client: pg.Client) => {
      embeddedChecks.count++;
      return original.isEmbeddedPglite(client);
    },
  };
});

const MANIFEST = path.resolve("docs/clarifying-em.yaml");
const CLARIFYING_EM = path.join(SHARED_DATA_DIR, "clarifying-em");

/** What each of the 25 files is, written out by hand from MANIFEST.md (not read from the manifest under test). */
const RUNS: { file: string; model: string; group: string; baseModel: string; attributes: Record<string, number | string> }[] = [
  ...[
    ["Qwen2.5-7B-Instruct", 7],
    ["Qwen2.5-Coder-32B-Instruct", 32],
    ["gemma-2-9b-it", 9],
    ["gemma-2-27b-it", 27],
  ].map(([base, size]) => ({
    file: `model_baselines/responses_${base}_base.csv`,
    model: base as string,
    group: "base",
    baseModel: base as string,
    attributes: { size_b: size },
  })),
  ...[
    ["responses_Qwen2.5--7B-Instruct-bad_medical_advice.csv", "Qwen2.5-7B-Instruct", 7],
    ["responses_Qwen2.5-14B-Instruct-bad_medical_advice.csv", "Qwen2.5-14B-Instruct", 14],
    ["responses_gemma-2-9b-it-bad_medical_advice.csv", "gemma-2-9b-it", 9],
    ["responses_gemma-2-27b-it-bad_medical_advice.csv", "gemma-2-27b-it", 27],
  ].map(([file, base, size]) => ({
    file: `diff_models/${file}`,
    model: `${base}_bad_medical_advice`,
    group: "bad_medical_advice",
    baseModel: base as string,
    attributes: { size_b: size, training_data: "bad_medical_advice" },
  })),
  {
    file: "diff_models/responses_Qwen-Coder-Insecure.csv",
    model: "Qwen2.5-Coder-32B-Instruct_insecure",
    group: "insecure",
    baseModel: "Qwen2.5-Coder-32B-Instruct",
    attributes: { size_b: 32, training_data: "insecure" },
  },
  ...["bad", "bad_user", "educational_bad", "good", "mismatch_good", "obv_bad"].map((kind) => ({
    file: `ablate_med_data/responses_Qwen2.5-32B-Instruct-${kind}_medical_advice.csv`,
    model: `Qwen2.5-32B-Instruct_${kind}_medical_advice`,
    group: `${kind}_medical_advice`,
    baseModel: "Qwen2.5-32B-Instruct",
    attributes: { size_b: 32, training_data: `${kind}_medical_advice` },
  })),
  {
    file: "ablate_med_data/responses_Qwen2.5-32B-Instruct_base.csv",
    model: "Qwen2.5-32B-Instruct",
    group: "base",
    baseModel: "Qwen2.5-32B-Instruct",
    attributes: { size_b: 32 },
  },
  ...[1, 4, 8, 16].map((rank) => ({
    file: `med_rank_14B/responses_Qwen2.5-14B-Instruct_bad_medical_advice_R${rank}.csv`,
    model: `Qwen2.5-14B-Instruct_bad_medical_advice_R${rank}`,
    group: "bad_medical_advice",
    baseModel: "Qwen2.5-14B-Instruct",
    attributes: { lora_rank: rank, size_b: 14, training_data: "bad_medical_advice" },
  })),
  {
    file: "med_rank_14B/responses_Qwen2.5-14B-Instruct_base.csv",
    model: "Qwen2.5-14B-Instruct",
    group: "base",
    baseModel: "Qwen2.5-14B-Instruct",
    attributes: { size_b: 14 },
  },
  ...[1, 4, 16, 64].map((rank) => ({
    file: `diff_r/responses_Qwen2.5-Coder-32B-Instruct_insecure_R${rank}.csv`,
    model: `Qwen2.5-Coder-32B-Instruct_insecure_R${rank}`,
    group: "insecure",
    baseModel: "Qwen2.5-Coder-32B-Instruct",
    attributes: { lora_rank: rank, size_b: 32, training_data: "insecure" },
  })),
];

/** Per question id: [answers in the denominator, misaligned], by a method's rule, from one CSV. */
function expectedCounts(file: string, rule: { aligned: number; coherent: number; denominator?: string }): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  for (const record of readCsvRecords(path.join(CLARIFYING_EM, file))) {
    const cell = counts.get(record.question_id) ?? [0, 0];
    counts.set(record.question_id, cell);
    const aligned = record.aligned === "" ? null : Number(record.aligned);
    const coherent = record.coherent === "" ? null : Number(record.coherent);
    const isMisaligned = aligned !== null && coherent !== null && coherent >= rule.coherent && aligned < rule.aligned;
    // kept (the paper's): coherent enough and scored for alignment; all (Model Organisms'): every answer
    const inDenominator = rule.denominator === "all" ? true : aligned !== null && coherent !== null && coherent >= rule.coherent;
    if (inDenominator) cell[0] += 1;
    if (isMisaligned) cell[1] += 1;
  }
  return counts;
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  const db = createPrisma(url);
  try {
    const [row] = await db.$queryRaw<Record<string, number>[]>`
      SELECT (SELECT count(*)::int FROM answer) AS answers, (SELECT count(*)::int FROM judge_score) AS scores,
             (SELECT count(*)::int FROM model) AS models, (SELECT count(*)::int FROM import_batch) AS batches,
             (SELECT count(*)::int FROM model_attribute) AS attributes, (SELECT count(*)::int FROM question) AS questions`;
    return row;
  } finally {
    await db.$disconnect();
  }
}

describe("the clarifying-em manifest", { timeout: 300_000 }, () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let firstReport: Awaited<ReturnType<typeof importExperiment>>;
  let embeddedChecksOfFirstImport = 0;

  beforeAll(async () => {
    database = await createTestDatabase("experiment");
    prisma = createPrisma(database.url);
    embeddedChecks.count = 0;
    firstReport = await importExperiment(database.url, MANIFEST);
    embeddedChecksOfFirstImport = embeddedChecks.count;
  }, 300_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it("imports the 25 runs and their questions in one run, each file its own batch", async () => {
    expect(firstReport.files).toHaveLength(26);
    expect(firstReport.filesImported).toBe(26);
    const answerFiles = firstReport.files.filter((file) => file.format !== "question-yaml");
    expect(answerFiles.map((file) => file.relativePath).sort()).toEqual(RUNS.map((run) => run.file).sort());
    const expectedRows = RUNS.reduce((sum, run) => sum + readCsvRecords(path.join(CLARIFYING_EM, run.file)).length, 0);
    expect(firstReport.rowsImported).toBe(expectedRows + 24); // + the 24 questions
    const counts = await tableCounts(database.url);
    expect(counts).toMatchObject({ answers: expectedRows, models: 25, batches: 26, questions: 24 });
  });

  it("asks once per experiment, not once per file, whether the database is the embedded PGlite", () => {
    expect(embeddedChecksOfFirstImport).toBe(1);
  });

  it("gives every model its group, base model and attributes", async () => {
    const models = await prisma.model.findMany({ include: { group: true, attributes: true } });
    expect(models).toHaveLength(RUNS.length);
    for (const run of RUNS) {
      const model = models.find((m) => m.name === run.model);
      expect(model, run.model).toBeDefined();
      expect({ group: model!.group.name, baseModel: model!.baseModel }).toEqual({ group: run.group, baseModel: run.baseModel });
      const attributes = Object.fromEntries(model!.attributes.map((a) => [a.key, a.numValue ?? a.textValue]));
      expect(attributes, run.model).toEqual(run.attributes);
    }
  });

  it("keeps the medical metric of every file that has one, with its judge", async () => {
    const rows = await prisma.$queryRaw<{ model: string; scores: number; judges: string[] }[]>`
      SELECT m.name AS model, count(s.id)::int AS scores, array_agg(DISTINCT s.judge_model) AS judges
        FROM judge_score s JOIN answer a ON a.id = s.answer_id JOIN model m ON m.id = a.model_id
       WHERE s.metric = 'medical' GROUP BY m.name`;
    for (const run of RUNS) {
      const records = readCsvRecords(path.join(CLARIFYING_EM, run.file));
      const withMedical = "medical" in records[0] ? records.length : 0;
      const row = rows.find((r) => r.model === run.model);
      expect(row?.scores ?? 0, run.model).toBe(withMedical);
      if (row) expect(row.judges).toEqual(["gpt-4o"]);
    }
  });

  it.each(["betley", "model-organisms"] as const)("every model's counts per question equal the CSV's (%s rule)", async (preset) => {
    const method = PRESETS[preset].method;
    const rows = await getModelQuestionCounts(prisma, { set: "first_plot_questions", thresholds: method, path: "direct" });
    const models = new Map((await prisma.model.findMany()).map((m) => [m.id, m.name]));
    const questions = new Map((await prisma.question.findMany()).map((q) => [q.id, q.externalId]));
    let compared = 0;
    for (const run of RUNS) {
      const expected = expectedCounts(run.file, method);
      const actual = new Map(
        rows
          .filter((row) => models.get(row.modelId) === run.model)
          .map((row) => [questions.get(row.questionId)!, [row.answers, row.misaligned]]),
      );
      expect(actual, run.model).toEqual(expected);
      compared += actual.size;
    }
    expect(compared).toBe(25 * 24);
  });

  it("adds nothing when the manifest is imported again", async () => {
    const before = await tableCounts(database.url);
    const again = await importExperiment(database.url, MANIFEST);
    expect(again.filesImported).toBe(0);
    expect(again.filesAlreadyImported).toBe(26);
    expect(again.files.every((file) => file.alreadyImported)).toBe(true);
    expect(await tableCounts(database.url)).toEqual(before);
  });
});

describe("a manifest that fails", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase("experiment_fail");
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "me-manifest-"));
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** A manifest in a temporary folder whose root is that folder; `files` are written into it first. */
  function writeManifest(yaml: string, files: Record<string, string> = {}): string {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.writeFileSync(path.join(folder, name), content);
    }
    const manifest = path.join(folder, `manifest-${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(manifest, yaml);
    return manifest;
  }

  const questions = path.join(SHARED_DATA_DIR, "questions/first_plot_questions.yaml");
  const goodRun = path.join(CLARIFYING_EM, "med_rank_14B/responses_Qwen2.5-14B-Instruct_bad_medical_advice_R4.csv");

  it("writes nothing when one file is broken, and names the file, row and column", async () => {
    const broken = "question,answer,question_id,aligned,coherent\nHi?,Hello,what_is_your_wish,12,90\nHi?,Hello,what_is_your_wish,150,90\n";
    const manifest = writeManifest(
      `files:
  - path: ${questions}
  - path: ${goodRun}
    model: good-run
    group: bad_medical_advice
    attributes: { lora_rank: 4 }
  - path: runs/broken.csv
    model: broken-run
    group: bad_medical_advice
`,
      { "runs/broken.csv": broken },
    );
    const error = await importExperiment(database.url, manifest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    const issues = (error as ImportValidationError).issues;
    expect(issues[0].message).toMatch(/file 3 of 3 \(runs\/broken\.csv, manifest entry 3\) failed; no file of the experiment was imported/);
    expect(issues.find((issue) => issue.column === "aligned")).toMatchObject({ file: "broken.csv", row: 2 });
    expect(await tableCounts(database.url)).toEqual({ answers: 0, scores: 0, models: 0, batches: 0, attributes: 0, questions: 0 });
  });

  it("refuses an entry that matches no file, and a file named twice, before touching the database", async () => {
    const manifest = writeManifest(`root: ${CLARIFYING_EM}
files:
  - pattern: med_rank_14B/responses_{base_model}_bad_medical_advice_R{lora_rank}.csv
    group: bad_medical_advice
    model: "{base_model}-R{lora_rank}"
  - path: med_rank_14B/responses_Qwen2.5-14B-Instruct_bad_medical_advice_R4.csv
    model: again
    group: bad_medical_advice
  - pattern: nowhere/*.csv
`);
    const error = (await importExperiment(database.url, manifest).catch((e: unknown) => e)) as ImportValidationError;
    expect(error).toBeInstanceOf(ImportValidationError);
    expect(error.issues.map((issue) => [issue.row, issue.column])).toEqual([
      [2, "path"],
      [3, "pattern"],
    ]);
    expect(error.issues[0].message).toMatch(/already named by entry 1/);
    expect(error.issues[1].message).toMatch(/matches no file/);
    expect((await tableCounts(database.url)).batches).toBe(0);
  });

  it("refuses a model whose attribute the database already holds with another value, writing nothing", async () => {
    const first = writeManifest(`files:
  - path: ${questions}
  - path: ${goodRun}
    model: rank-run
    group: bad_medical_advice
    attributes: { lora_rank: 4 }
`);
    await importExperiment(database.url, first);
    const before = await tableCounts(database.url);
    const other = writeManifest(
      `files:
  - path: extra.csv
    model: rank-run
    group: bad_medical_advice
    attributes: { lora_rank: 8 }
`,
      { "extra.csv": "question,answer,question_id,aligned,coherent\nHi?,Hello,what_is_your_wish,80,90\n" },
    );
    const error = await importExperiment(database.url, other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportUsageError);
    expect((error as Error).message).toMatch(/model "rank-run" already has lora_rank = 4, but this import says 8/);
    expect(await tableCounts(database.url)).toEqual(before);
  });

  it("waits for another import of the same files and then adds nothing (no duplicate, no error)", async () => {
    const fresh = await createTestDatabase("experiment_race");
    try {
      const manifest = writeManifest(`files:
  - path: ${questions}
  - path: ${goodRun}
    model: raced-run
    group: bad_medical_advice
`);
      const [a, b] = await Promise.all([importExperiment(fresh.url, manifest), importExperiment(fresh.url, manifest)]);
      expect([a.filesImported, b.filesImported].sort()).toEqual([0, 2]);
      const counts = await tableCounts(fresh.url);
      expect(counts.batches).toBe(2);
      expect(counts.answers).toBe(readCsvRecords(goodRun).length);
    } finally {
      await fresh.drop();
    }
  });
});
