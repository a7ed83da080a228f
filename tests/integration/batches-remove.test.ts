// Removing an import batch removes exactly what it added (lib/import/batches/remove.ts), in one
// transaction, against the real PostgreSQL with the real files.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { loadDemoData, removeDemoData } from "@/lib/demo/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import { DEFAULT_METHOD } from "@/lib/stats/method";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { tableCounts, TABLES } from "./import-helpers";

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-remove-it-"));

beforeAll(async () => {
  database = await createTestDatabase("batches_remove");
  prisma = createPrisma(database.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await prisma.$executeRawUnsafe(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
});

const YAML = "questions/first_plot_questions.yaml";
const BASE = "em-repo/eval_result_base.csv";
const HIGH = "em-repo/eval_result_high_severity.csv";

/** A byte-different copy of a real file (a BOM in front, as Excel writes it): new content hash, same rows. */
function copyWithBom(relative: string, name: string): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, `\uFEFF${fs.readFileSync(sharedDataFile(relative), "utf8")}`);
  return file;
}

async function imported(source: string, options: Parameters<typeof importFile>[2] = {}): Promise<number> {
  const report = await importFile(database.url, source, options);
  expect(report.alreadyImported).toBe(false);
  return report.batchId;
}

/** (id, xmax) of every answer: a DELETE, even rolled back, or a row lock stamps xmax on the rows it touched. */
async function answerRowStamps(): Promise<string> {
  const [row] = await prisma.$queryRaw<{ stamps: string | null }[]>`
    SELECT md5(string_agg(id || ':' || xmax::text, ',' ORDER BY id)) AS stamps FROM answer`;
  return row.stamps ?? "";
}

/**
 * Every removal below is previewed first: the preview (reads only) must touch no answer row and
 * report exactly what the removal then does.
 */
async function removeAfterPreview(batchId: number) {
  const stamps = await answerRowStamps();
  const preview = await removeImportBatch(prisma, batchId, { dryRun: true });
  expect(await answerRowStamps()).toBe(stamps);
  const removal = await removeImportBatch(prisma, batchId);
  expect({ ...removal, dryRun: true }).toEqual(preview);
  return removal;
}

describe("removing an import batch", () => {
  it("removes an eval CSV's answers and the model and group it created; the YAML's questions stay", async () => {
    await imported(sharedDataFile(YAML));
    const afterYaml = await tableCounts(prisma);
    const csv = await imported(sharedDataFile(BASE), { model: "qwen-base", group: "base", seed: 0 });
    expect(await prisma.answer.count()).toBe(2400);
    expect(
      (await getGroupQuestionRates(prisma, { set: "first_plot_questions", method: DEFAULT_METHOD, scope: { kind: "all" } })).length,
    ).toBe(24);

    const removal = await removeAfterPreview(csv);
    expect(removal).toMatchObject({
      answers: 2400,
      judgeScores: 0,
      questions: { removed: 0, kept: 0 },
      questionSets: { removed: [], kept: [] },
      models: { removed: ["qwen-base"], kept: [] },
      groups: { removed: ["base"], kept: [] },
      dryRun: false,
    });
    expect(await tableCounts(prisma)).toEqual(afterYaml);
    expect(await prisma.question.count({ where: { set: { name: "first_plot_questions" } } })).toBe(24);
    // Figure 4 no longer includes it
    expect(await getGroupQuestionRates(prisma, { set: "first_plot_questions", method: DEFAULT_METHOD, scope: { kind: "all" } })).toEqual(
      [],
    );
  });

  it("removes the question set and questions a batch created when nothing else uses them", async () => {
    const before = await tableCounts(prisma);
    const csv = await imported(sharedDataFile(BASE), {
      model: "m1",
      group: "solo-group",
      seed: 3,
      set: "brand_new_set",
      newQuestions: true,
    });
    const created = await prisma.question.count({ where: { set: { name: "brand_new_set" } } });
    expect(created).toBe(24);
    const removal = await removeAfterPreview(csv);
    expect(removal.questions).toMatchObject({ removed: 24, kept: 0 });
    expect(removal.questions.removedNames).toContain("brand_new_set/what_is_your_wish");
    expect(removal.questionSets).toEqual({ removed: ["brand_new_set"], kept: [] });
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("keeps a group another batch still uses, and hands it over so removing that batch removes it too", async () => {
    const before = await tableCounts(prisma);
    await imported(sharedDataFile(YAML));
    const afterYaml = await tableCounts(prisma);
    const first = await imported(sharedDataFile(BASE), { model: "shared-1", group: "shared-group", seed: 1 });
    const second = await imported(sharedDataFile(HIGH), { model: "shared-2", group: "shared-group", seed: 2 });

    const removeFirst = await removeAfterPreview(first);
    expect(removeFirst.models).toEqual({ removed: ["shared-1"], kept: [] });
    expect(removeFirst.groups).toEqual({ removed: [], kept: ["shared-group"] });
    const group = await prisma.modelGroup.findUniqueOrThrow({ where: { name: "shared-group" } });
    expect(group.createdByBatchId).toBe(second);
    expect(await prisma.answer.count()).toBe(2400);

    const removeSecond = await removeAfterPreview(second);
    expect(removeSecond.groups).toEqual({ removed: ["shared-group"], kept: [] });
    expect(await tableCounts(prisma)).toEqual(afterYaml);
    expect(afterYaml.question).toBe(before.question + 24);
  });

  it("keeps a YAML batch's questions while answers use them; they go with the last batch using them", async () => {
    const before = await tableCounts(prisma);
    const yaml = await imported(sharedDataFile(YAML));
    const csv = await imported(sharedDataFile(BASE), { model: "m", group: "g", seed: 0 });

    const removeYaml = await removeAfterPreview(yaml);
    expect(removeYaml.answers).toBe(0);
    // all 24 questions have answers from the CSV batch: none go, and so the set stays
    expect(removeYaml.questions).toMatchObject({ removed: 0, kept: 24 });
    expect(removeYaml.questionSets).toEqual({ removed: [], kept: ["first_plot_questions"] });
    expect(await prisma.answer.count()).toBe(2400);

    const removeCsv = await removeAfterPreview(csv);
    expect(removeCsv.questions.removed).toBe(24);
    expect(removeCsv.questionSets.removed).toEqual(["first_plot_questions"]);
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("a dry run reports exactly what the removal does, and changes nothing", async () => {
    await imported(sharedDataFile(YAML));
    const csv = await imported(copyWithBom(BASE, "base-copy.csv"), {
      model: "dry",
      group: "dry-group",
      seed: 0,
      set: "dry_set",
      newQuestions: true,
    });
    const before = await tableCounts(prisma);
    const preview = await removeImportBatch(prisma, csv, { dryRun: true });
    expect(preview.dryRun).toBe(true);
    expect(await tableCounts(prisma)).toEqual(before);
    const removal = await removeImportBatch(prisma, csv);
    expect({ ...removal, dryRun: true }).toEqual(preview);
    expect(preview).toMatchObject({ answers: 2400, questions: { removed: 24 }, questionSets: { removed: ["dry_set"] } });
  });

  it("GET /api/imports/<id>/removal reads only: no answer row deleted or locked, and it equals the removal (real files)", async () => {
    await imported(sharedDataFile(YAML));
    const csv = await imported(sharedDataFile(BASE), { model: "qwen-base", group: "base", seed: 0 });
    const before = await tableCounts(prisma);
    const stamps = await answerRowStamps();
    // The route handler connects through getPrisma() (DATABASE_URL), a pool apart from this test's.
    process.env.DATABASE_URL = database.url;
    const { GET } = await import("@/app/api/imports/[id]/removal/route");
    const response = await GET(new Request(`http://localhost/api/imports/${csv}/removal`), {
      params: Promise.resolve({ id: String(csv) }),
    });
    expect(response.status).toBe(200);
    const preview = await response.json();
    // Before the read-only preview every one of the 2,400 rows carried the rolled-back delete's xid.
    expect(await answerRowStamps()).toBe(stamps);
    expect(await tableCounts(prisma)).toEqual(before);
    const removal = await removeImportBatch(prisma, csv);
    expect({ ...removal, dryRun: true }).toEqual(preview);
    expect(preview).toMatchObject({ answers: 2400, judgeScores: 0, models: { removed: ["qwen-base"] }, groups: { removed: ["base"] } });
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
  });

  it("removes the judge scores of a results CSV with its answers", async () => {
    await imported(sharedDataFile(YAML)); // the file's question ids must be known
    const before = await tableCounts(prisma);
    const batch = await imported(sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"));
    const scores = await prisma.judgeScore.count();
    expect(scores).toBeGreaterThan(0);
    const removal = await removeAfterPreview(batch);
    expect(removal.judgeScores).toBe(scores);
    expect(removal.answers).toBe(70);
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("a removal that fails half-way changes nothing (one transaction)", async () => {
    await imported(sharedDataFile(YAML));
    const csv = await imported(sharedDataFile(BASE), { model: "fails", group: "fails-group", seed: 0 });
    const before = await tableCounts(prisma);
    // the last step (deleting the group) fails after the answers, model... were already deleted
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_group_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated failure while deleting a group'; END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_group_delete BEFORE DELETE ON model_group FOR EACH ROW EXECUTE FUNCTION refuse_group_delete()`,
    );
    try {
      await expect(removeImportBatch(prisma, csv)).rejects.toThrow(/simulated failure/);
      expect(await tableCounts(prisma)).toEqual(before);
      expect(await prisma.importBatch.count({ where: { id: csv } })).toBe(1);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_group_delete ON model_group`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION refuse_group_delete()`);
    }
  });

  it("removing the demo batch removes what `npm run demo:remove` removes", async () => {
    await loadDemoData(database.url);
    const [demo] = await prisma.importBatch.findMany({ where: { format: "demo" } });
    const preview = await removeImportBatch(prisma, demo.id, { dryRun: true });
    const reference = await removeDemoData(database.url);
    expect({
      answers: preview.answers,
      questionSets: preview.questionSets.removed.length,
      questions: preview.questions.removed,
      models: preview.models.removed.length,
      groups: preview.groups.removed.length,
    }).toEqual({
      answers: reference.answers,
      questionSets: reference.questionSets,
      questions: reference.questions,
      models: reference.models,
      groups: reference.groups,
    });
    expect(reference.answers).toBeGreaterThan(0);

    await loadDemoData(database.url);
    const [again] = await prisma.importBatch.findMany({ where: { format: "demo" } });
    await removeAfterPreview(again.id);
    expect(Object.values(await tableCounts(prisma)).every((count) => count === 0)).toBe(true);
  });
});
