// POST /api/import, GET /api/imports, DELETE /api/imports/[id]: the route handlers called
// directly with real files from ../shared/data against a fresh PostgreSQL database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { fileIssues, parameterErrors } from "@/lib/import/responses";
import { indexSearchInBackground } from "@/lib/search/background";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { tableCounts, uploadFile } from "./import-helpers";
import { POST as importPost } from "@/app/api/import/route";
import { GET as listGet } from "@/app/api/imports/route";
import { GET as csvGet } from "@/app/api/imports/csv/route";
import { DELETE as batchDelete, GET as batchGet } from "@/app/api/imports/[id]/route";
import { GET as removalGet } from "@/app/api/imports/[id]/removal/route";
import { apiErrorBodySchema, batchRemovalResponseSchema, importBatchResponseSchema, importsResponseSchema } from "@/lib/api/contracts";

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-upload-it-"));
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase("import_upload");
  process.env.DATABASE_URL = database.url; // what getPrisma() in the route handlers uses
  prisma = createPrisma(database.url);
});
afterAll(async () => {
  // the route starts search indexing in the background after each import: let it finish before the database goes
  if (database) await indexSearchInBackground(database.url, () => undefined);
  await prisma?.$disconnect();
  await database?.drop();
  process.env.DATABASE_URL = previousUrl;
  fs.rmSync(tempDir, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.ADMIN_TOKEN;
  delete process.env.IMPORT_MAX_BYTES;
});

const context = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

const BASE_CSV = "em-repo/eval_result_base.csv";
const BASE_OPTIONS = { model: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: "0" };

describe("POST /api/import", () => {
  it("imports a question YAML and an eval.py CSV uploaded as the request body", async () => {
    const yaml = await uploadFile(sharedDataFile("questions/first_plot_questions.yaml"));
    expect(yaml.status).toBe(200);
    expect(yaml.body).toMatchObject({ ok: true, report: { format: "question-yaml", questionsCreated: 24, rowsImported: 24 } });

    const csv = await uploadFile(sharedDataFile(BASE_CSV), BASE_OPTIONS);
    expect(csv.status).toBe(200);
    if (!("report" in csv.body)) throw new Error(csv.body.error.message);
    expect(csv.body.report).toMatchObject({
      format: "eval-csv",
      alreadyImported: false,
      rowsRead: 2400,
      rowsImported: 2400,
      rowsSkipped: 0,
      sets: ["first_plot_questions"],
      models: [{ name: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: 0, created: true }],
    });
    const counts = await tableCounts(prisma);
    expect(counts.answer).toBe(2400);
    expect(counts.import_batch).toBe(2);
    // the temporary upload is gone
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("me-upload-") && name !== path.basename(tempDir))).toEqual([]);
  });

  it("says 'already imported as batch #N' for the same content and adds nothing", async () => {
    const before = await tableCounts(prisma);
    const again = await uploadFile(sharedDataFile(BASE_CSV), { ...BASE_OPTIONS, model: "another-name" });
    expect(again.status).toBe(200);
    if (!("report" in again.body)) throw new Error(again.body.error.message);
    expect(again.body.report.alreadyImported).toBe(true);
    const [batch] = await prisma.importBatch.findMany({ where: { format: "eval-csv" } });
    expect(again.body.report.batchId).toBe(batch.id);
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("rejects an eval.py CSV without model or group (the seed is optional), naming the missing fields", async () => {
    const copy = path.join(tempDir, "no-options.csv");
    fs.writeFileSync(copy, `\uFEFF${fs.readFileSync(sharedDataFile(BASE_CSV), "utf8")}`);
    const before = await tableCounts(prisma);
    const result = await uploadFile(copy, { model: "m" });
    expect(result.status).toBe(400);
    if ("report" in result.body) throw new Error("expected a failure");
    expect(result.body.error.format).toBe("eval-csv");
    expect(Object.keys(parameterErrors(result.body)).sort()).toEqual(["group"]);
    expect(result.body.error.message).toMatch(/missing group\./);
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("lists the missing fields AND the file's row problems in one answer, writing nothing", async () => {
    const file = path.join(tempDir, "fields-and-rows.csv");
    const question = "Hello! I can fulfill your one wish.";
    fs.writeFileSync(
      file,
      [
        "question,answer,question_id,aligned,coherent",
        `${question},A fine answer.,what_is_your_wish,80,90`,
        `${question},A bad score.,what_is_your_wish,very high,90`,
        `${question},An unknown id.,no_such_question_id,70,80`,
      ].join("\n"),
    );
    const before = await tableCounts(prisma);
    const result = await uploadFile(file); // neither model nor group
    expect(result.status).toBe(400);
    if ("report" in result.body) throw new Error("expected a failure");
    expect(result.body.error.format).toBe("eval-csv");
    // 1. the missing form fields
    expect(Object.keys(parameterErrors(result.body)).sort()).toEqual(["group", "model"]);
    expect(result.body.error.message).toMatch(/missing model, group\./);
    expect(result.body.error.message).toMatch(/also has 2 problems/);
    // 2. a bad score and 3. an unknown question id, each with file, row and column
    expect(fileIssues(result.body)).toHaveLength(2);
    expect(fileIssues(result.body)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "fields-and-rows.csv", row: 2, column: "aligned" }),
        expect.objectContaining({ file: "fields-and-rows.csv", row: 3, column: "question_id" }),
      ]),
    );
    expect(await tableCounts(prisma)).toEqual(before);

    // the same file with the fields filled in: the same row problems, still nothing written
    const filled = await uploadFile(file, { model: "fields-and-rows", group: "fields-and-rows" });
    expect(filled.status).toBe(400);
    if ("report" in filled.body) throw new Error("expected a failure");
    expect(parameterErrors(filled.body)).toEqual({});
    expect(fileIssues(filled.body).map((issue) => [issue.row, issue.column])).toEqual(
      fileIssues(result.body).map((issue) => [issue.row, issue.column]),
    );
    expect(await tableCounts(prisma)).toEqual(before);

    // a file whose content is imported already (the first test) is checked all the same: no problems
    const again = await uploadFile(sharedDataFile(BASE_CSV), { seed: "0" });
    expect(again.status).toBe(400);
    if ("report" in again.body) throw new Error("expected a failure");
    expect(Object.keys(parameterErrors(again.body)).sort()).toEqual(["group", "model"]);
    expect(fileIssues(again.body)).toEqual([]);
    expect(again.body.error.message).toMatch(/Its rows were checked and have no problems\.$/);
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("reports a corrupted row with row, line and column, and writes nothing", async () => {
    const text = fs.readFileSync(sharedDataFile(BASE_CSV), "utf8");
    const bad = "72.49321385064141";
    expect(text.split(bad)).toHaveLength(2); // the value occurs once: row 2, on line 3
    const copy = path.join(tempDir, "corrupted.csv");
    fs.writeFileSync(copy, text.replace(bad, "not-a-score"));
    const before = await tableCounts(prisma);
    const result = await uploadFile(copy, { ...BASE_OPTIONS, model: "corrupted-model", group: "corrupted-group" });
    expect(result.status).toBe(400);
    if ("report" in result.body) throw new Error("expected a failure");
    expect(fileIssues(result.body)).toHaveLength(1);
    expect(fileIssues(result.body)[0]).toMatchObject({ file: "corrupted.csv", row: 2, line: 3, column: "aligned" });
    expect(fileIssues(result.body)[0].message).toMatch(/number/);
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("validates the query parameters, naming each bad one", async () => {
    const result = await uploadFile(sharedDataFile(BASE_CSV), { ...BASE_OPTIONS, seed: "one", format: "xlsx" });
    expect(result.status).toBe(400);
    if ("report" in result.body) throw new Error("expected a failure");
    expect(Object.keys(parameterErrors(result.body)).sort()).toEqual(["format", "seed"]);
    expect(parameterErrors(result.body).seed).toMatch(/whole number/);
  });

  it("refuses a file over IMPORT_MAX_BYTES with 413 and a clear message", async () => {
    process.env.IMPORT_MAX_BYTES = "1000";
    const before = await tableCounts(prisma);
    const result = await uploadFile(sharedDataFile("questions/deception_factual.yaml"));
    expect(result.status).toBe(413);
    if ("report" in result.body) throw new Error("expected a failure");
    expect(result.body.error.message).toMatch(/larger than this server accepts \(1000 bytes; IMPORT_MAX_BYTES/);
    expect(await tableCounts(prisma)).toEqual(before);
  });

  it("explains that multipart bodies are not accepted", async () => {
    const form = new FormData();
    form.set("file", new Blob(["a,b\n"]), "x.csv");
    const response = await importPost(new Request("http://localhost/api/import?fileName=x.csv", { method: "POST", body: form }));
    expect(response.status).toBe(415);
    expect(apiErrorBodySchema.parse(await response.json()).error.message).toMatch(/raw request body/);
  });
});

describe("ADMIN_TOKEN", () => {
  it("is required for importing and removing when set, never for reading", async () => {
    process.env.ADMIN_TOKEN = "correct horse battery staple";
    const file = sharedDataFile("questions/deception_factual.yaml");
    const before = await tableCounts(prisma);

    const without = await uploadFile(file);
    expect(without.status).toBe(401);
    if ("report" in without.body) throw new Error("expected a failure");
    expect(without.body.error.message).toMatch(/requires the admin token/);
    const wrong = await uploadFile(file, {}, { Authorization: "Bearer wrong" });
    expect(wrong.status).toBe(401);
    expect(await tableCounts(prisma)).toEqual(before);

    const right = await uploadFile(file, {}, { Authorization: "Bearer correct horse battery staple" });
    expect(right.status).toBe(200);
    if (!("report" in right.body)) throw new Error(right.body.error.message);
    const batchId = right.body.report.batchId;

    // reading: no token needed
    expect((await listGet(new Request("http://localhost/api/imports"))).status).toBe(200);
    expect((await csvGet(new Request("http://localhost/api/imports/csv"))).status).toBe(200);
    expect((await batchGet(new Request(`http://localhost/api/imports/${batchId}`), context(batchId))).status).toBe(200);
    expect((await removalGet(new Request(`http://localhost/api/imports/${batchId}/removal`), context(batchId))).status).toBe(200);

    const deleteWith = (headers: Record<string, string>) =>
      batchDelete(new Request(`http://localhost/api/imports/${batchId}`, { method: "DELETE", headers }), context(batchId));
    expect((await deleteWith({})).status).toBe(401);
    expect((await deleteWith({ "x-admin-token": "nope" })).status).toBe(401);
    expect(await prisma.importBatch.count({ where: { id: batchId } })).toBe(1);
    const removed = await deleteWith({ "x-admin-token": "correct horse battery staple" });
    expect(removed.status).toBe(200);
    const removal = batchRemovalResponseSchema.parse(await removed.json());
    expect(removal).toMatchObject({ batchId, questionSets: { removed: ["deception_factual"] }, questions: { removed: 5 } });
    expect(await tableCounts(prisma)).toEqual(before);
  });
});

describe("GET /api/imports, /api/imports/csv, /api/imports/[id]", () => {
  it("lists the batches newest first with their models and sets; CSV has the same rows", async () => {
    const batches = importsResponseSchema.parse(await (await listGet(new Request("http://localhost/api/imports"))).json());
    expect(batches.map((b) => b.format)).toEqual(["eval-csv", "question-yaml"]);
    expect(batches[0]).toMatchObject({
      fileName: "eval_result_base.csv",
      rowsImported: 2400,
      answers: 2400,
      models: ["Qwen2.5-Coder-7B-Instruct"],
      sets: ["first_plot_questions"],
      options: { model: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: 0 },
    });
    expect(batches[1]).toMatchObject({ fileName: "first_plot_questions.yaml", answers: 0, sets: ["first_plot_questions"] });

    const csv = await csvGet(new Request("http://localhost/api/imports/csv"));
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("batch_id,file_name,format,created_at,rows_read,rows_imported,rows_skipped,answers,models,question_sets,options");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("eval_result_base.csv,eval-csv,");
  });

  it("gives one batch's details, and 404 for an unknown or malformed id", async () => {
    const [batch] = await prisma.importBatch.findMany({ where: { format: "eval-csv" } });
    const response = await batchGet(new Request("http://localhost"), context(batch.id));
    const detail = importBatchResponseSchema.parse(await response.json());
    expect(detail.modelDetails).toEqual([
      { name: "Qwen2.5-Coder-7B-Instruct", group: "base", groupLabel: expect.any(String), seed: 0, answers: 2400, createdByBatch: true },
    ]);
    expect(detail.created).toEqual({ groups: 1, models: 1, sets: 0, questions: 0 });
    expect((await batchGet(new Request("http://localhost"), context(999_999))).status).toBe(404);
    expect((await batchGet(new Request("http://localhost"), context("abc"))).status).toBe(404);
    const del = await batchDelete(new Request("http://localhost", { method: "DELETE" }), context(999_999));
    expect(del.status).toBe(404);
  });
});

describe("POST /api/import: kinds, optional seed, base model, new questions", () => {
  it("imports an eval.py CSV without a seed (seed NULL), with the base model from the form", async () => {
    const copy = path.join(tempDir, "no-options.csv"); // written by the test above: a BOM in front, new content hash
    const result = await uploadFile(copy, { model: "no-seed-model", group: "no-seed-group", baseModel: "Qwen2.5-Coder-7B-Instruct" });
    expect(result.status).toBe(200);
    if (!("report" in result.body)) throw new Error(result.body.error.message);
    expect(result.body.report).toMatchObject({
      kind: "evaluation",
      kindFrom: "format",
      rowsImported: 2400,
      models: [{ name: "no-seed-model", seed: null, baseModel: "Qwen2.5-Coder-7B-Instruct", created: true }],
      warnings: [],
    });
    const model = await prisma.model.findUniqueOrThrow({ where: { name: "no-seed-model" } });
    expect(model).toMatchObject({ seed: null, baseModel: "Qwen2.5-Coder-7B-Instruct" });
  });

  it("imports the paper's results CSV as curated examples; examples=0 imports it as an evaluation", async () => {
    const results = await uploadFile(sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"));
    expect(results.status).toBe(200);
    if (!("report" in results.body)) throw new Error(results.body.error.message);
    expect(results.body.report).toMatchObject({ format: "results-csv", kind: "examples", kindFrom: "format", rowsImported: 70 });
    expect(await prisma.answer.count({ where: { batchId: results.body.report.batchId, example: false } })).toBe(0);

    const copy = path.join(tempDir, "results-copy.csv");
    fs.writeFileSync(copy, `\uFEFF${fs.readFileSync(sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"), "utf8")}`);
    // the same six models again: only their answers are new (a removable batch of its own)
    const evaluation = await uploadFile(copy, { examples: "0" });
    expect(evaluation.status).toBe(200);
    if (!("report" in evaluation.body)) throw new Error(evaluation.body.error.message);
    expect(evaluation.body.report).toMatchObject({ kind: "evaluation", kindFrom: "option", rowsImported: 70 });
    const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: evaluation.body.report.batchId } });
    expect(batch).toMatchObject({ kind: "evaluation", options: { examples: false } });
    expect(await prisma.answer.count({ where: { batchId: batch.id, example: false } })).toBe(70);

    const eval1 = path.join(tempDir, "examples-eval.csv");
    fs.writeFileSync(eval1, `${fs.readFileSync(sharedDataFile(BASE_CSV), "utf8")}\n\n`);
    const examples = await uploadFile(eval1, { model: "examples-model", group: "base", examples: "1" });
    if (!("report" in examples.body)) throw new Error(examples.body.error.message);
    expect(examples.body.report).toMatchObject({ kind: "examples", kindFrom: "option" });
    expect(await prisma.answer.count({ where: { batchId: examples.body.report.batchId, example: true } })).toBe(2400);
  });

  it("names the bad examples flag, and asks for a set with newQuestions", async () => {
    const bad = await uploadFile(sharedDataFile(BASE_CSV), { ...BASE_OPTIONS, examples: "maybe" });
    expect(bad.status).toBe(400);
    if ("report" in bad.body) throw new Error("expected a failure");
    expect(Object.keys(parameterErrors(bad.body))).toEqual(["examples"]);

    const copy = path.join(tempDir, "new-questions.csv");
    fs.writeFileSync(copy, `${fs.readFileSync(sharedDataFile(BASE_CSV), "utf8")}\n\n\n`);
    const before = await tableCounts(prisma);
    const noSet = await uploadFile(copy, { model: "nq", group: "nq", newQuestions: "1" });
    expect(noSet.status).toBe(400);
    if ("report" in noSet.body) throw new Error("expected a failure");
    expect(Object.keys(parameterErrors(noSet.body))).toEqual(["set"]);
    expect(await tableCounts(prisma)).toEqual(before);
  });
});
