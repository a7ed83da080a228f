// POST /api/import/experiment on real PostgreSQL: a manifest and several files in one multipart
// request (as the import page sends them), matched by name, imported in one transaction; refusals
// name the file, row and column, and leave the database as it was.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { experimentResponseSchema } from "@/lib/api/contracts";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { indexSearchInBackground } from "@/lib/search/background";
import { createTestDatabase, SHARED_DATA_DIR, sharedDataFile, type TestDatabase } from "../helpers/database";
import { contractBody, dropRouteDatabase } from "../helpers/routes";

const RANK_DIR = path.join(SHARED_DATA_DIR, "clarifying-em/med_rank_14B");
const RANK_FILES = [1, 4, 8, 16].map((rank) => `responses_Qwen2.5-14B-Instruct_bad_medical_advice_R${rank}.csv`);
// the docs manifest's entry for these files, with its folder: uploads are matched by the last part
const MANIFEST = `name: rank sweep
defaults: { set: first_plot_questions, judge: gpt-4o }
files:
  - pattern: med_rank_14B/responses_{base_model}_bad_medical_advice_R{lora_rank}.csv
    model: "{base_model}_bad_medical_advice_R{lora_rank}"
    group: bad_medical_advice
    attributes: { size_b: 14, training_data: bad_medical_advice }
`;

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase("experiment_route");
  process.env.DATABASE_URL = database.url;
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
}, 120_000);

afterAll(async () => {
  // the route starts search indexing in the background after an import: let it finish before the database goes
  if (database) await indexSearchInBackground(database.url, () => undefined);
  await dropRouteDatabase(database, prisma);
});

function form(manifest: string | null, files: { name: string; content: string | Uint8Array<ArrayBuffer> }[]): FormData {
  const body = new FormData();
  if (manifest !== null) body.set("manifest", manifest);
  for (const file of files) body.append("file", new Blob([file.content]), file.name);
  return body;
}

async function post(body: FormData | string, headers: Record<string, string> = {}) {
  const { POST } = await import("@/app/api/import/experiment/route");
  const response = await POST(new Request("http://localhost/api/import/experiment", { method: "POST", body, headers }), {
    params: Promise.resolve({}),
  });
  // parsed strictly with the route's contracts (lib/api/contracts.ts): the report at 200, the error body otherwise
  const answer = await contractBody(response, experimentResponseSchema);
  const parsed = answer.body;
  return { status: answer.status, report: "report" in parsed ? parsed.report : null, error: "error" in parsed ? parsed.error : null };
}

const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(RANK_DIR, name)));

const counts = async () => ({
  answers: await prisma.answer.count(),
  batches: await prisma.importBatch.count(),
  attributes: await prisma.modelAttribute.count(),
});

describe("POST /api/import/experiment", { timeout: 120_000 }, () => {
  it("refuses a file no entry names, and a broken file, writing nothing and naming file, row and column", async () => {
    const before = await counts();
    const stray = await post(
      form(MANIFEST, [
        { name: RANK_FILES[0], content: read(RANK_FILES[0]) },
        { name: "notes.csv", content: "question,answer,question_id,aligned,coherent\n" },
      ]),
    );
    expect(stray.status).toBe(400);
    expect(stray.error?.issues).toEqual([
      { file: "notes.csv", message: expect.stringMatching(/no entry of the manifest names this file/) },
    ]);

    const broken = await post(
      form(MANIFEST, [
        { name: RANK_FILES[0], content: read(RANK_FILES[0]) },
        {
          name: "responses_Q_bad_medical_advice_R2.csv",
          content: "question,answer,question_id,aligned,coherent\nHi?,Hello,what_is_your_wish,oops,90\n",
        },
      ]),
    );
    expect(broken.status).toBe(400);
    expect(broken.error?.code).toBe("invalid-file");
    expect(broken.error?.issues).toContainEqual(
      expect.objectContaining({ file: "responses_Q_bad_medical_advice_R2.csv", row: 1, column: "aligned" }),
    );
    expect(await counts()).toEqual(before);
  });

  it("refuses a manifest that does not parse, naming the entry and key, and a body that is not multipart", async () => {
    const bad = await post(form("files:\n  - path: a.csv\n    modle: x\n", [{ name: "a.csv", content: "x" }]));
    expect(bad.status).toBe(400);
    expect(bad.error?.issues?.[0]).toMatchObject({ file: "manifest", row: 1 });
    const missing = await post(form(null, [{ name: "a.csv", content: "x" }]));
    expect(missing.status).toBe(400);
    expect(missing.error?.issues).toEqual([{ parameter: "manifest", message: "is required" }]);
    const raw = await post("question,answer\n", { "content-type": "text/csv" });
    expect(raw.status).toBe(415);
  });

  it("needs the admin token when the server sets ADMIN_TOKEN, and writes nothing without it", async () => {
    vi.stubEnv("ADMIN_TOKEN", "s3cret");
    try {
      const before = await counts();
      const refused = await post(form(MANIFEST, [{ name: RANK_FILES[0], content: read(RANK_FILES[0]) }]));
      expect(refused.status).toBe(401);
      expect(await counts()).toEqual(before);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses a body over the upload limit with 413", async () => {
    vi.stubEnv("IMPORT_MAX_BYTES", "1000");
    try {
      const big = await post(form(MANIFEST, [{ name: RANK_FILES[0], content: read(RANK_FILES[0]) }]));
      expect(big.status).toBe(413);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("imports the dropped files with the manifest's models and attributes in one request, and adds nothing the second time", async () => {
    const files = RANK_FILES.map((name) => ({ name, content: read(name) }));
    const first = await post(form(MANIFEST, files));
    expect(first.status).toBe(200);
    const report = first.report!;
    expect(report.filesImported).toBe(4);
    expect(report.files.map((file) => [file.relativePath, file.models[0].name])).toEqual(
      RANK_FILES.map((name, i) => [name, `Qwen2.5-14B-Instruct_bad_medical_advice_R${[1, 4, 8, 16][i]}`]),
    );
    const ranks = await prisma.modelAttribute.findMany({
      where: { key: "lora_rank" },
      include: { model: true },
      orderBy: { numValue: "asc" },
    });
    expect(ranks.map((r) => [r.model.name, r.numValue])).toEqual(
      [1, 4, 8, 16].map((rank) => [`Qwen2.5-14B-Instruct_bad_medical_advice_R${rank}`, rank]),
    );
    expect(await prisma.answer.count()).toBe(4 * 1200);

    const again = await post(form(MANIFEST, files));
    expect(again.status).toBe(200);
    expect(again.report).toMatchObject({ filesImported: 0, filesAlreadyImported: 4, rowsImported: 0 });
    expect(await prisma.answer.count()).toBe(4 * 1200);
  });
});
