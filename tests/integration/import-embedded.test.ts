// The same importer SQL on the embedded database (PGlite served over the wire protocol).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { startEmbeddedServer, type EmbeddedServer } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { sharedDataFile } from "@/tests/helpers/database";
import { EVAL_FILES, readCsvRecords, tableCounts } from "./import-helpers";

let server: EmbeddedServer;
let prisma: PrismaClient;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-import-pglite-"));

beforeAll(async () => {
  server = await startEmbeddedServer({ dataDir: path.join(dataDir, "pglite") });
  await applyMigrations(server.url);
  prisma = createPrisma(server.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("importing into the embedded database", () => {
  it("imports first_plot_questions and the eval CSVs exactly as on PostgreSQL", async () => {
    const questions = await importFile(server.url, sharedDataFile("questions/first_plot_questions.yaml"));
    expect(questions.questionsCreated).toBe(24);

    const times: string[] = [];
    let total = 0;
    for (const spec of EVAL_FILES) {
      const file = sharedDataFile(spec.file);
      const started = performance.now();
      const report = await importFile(server.url, file, { model: spec.model, group: spec.group, seed: spec.seed });
      const seconds = (performance.now() - started) / 1000;
      total += seconds;
      times.push(`${path.basename(file)} ${seconds.toFixed(2)} s`);
      expect(report).toMatchObject({ rowsImported: 2400, rowsSkipped: 0, sets: ["first_plot_questions"] });
      const model = await prisma.model.findUniqueOrThrow({ where: { name: spec.model } });
      expect(await prisma.answer.count({ where: { modelId: model.id } })).toBe(2400);
      const emptyAligned = readCsvRecords(file).filter((r) => r.aligned === "").length;
      expect(emptyAligned).toBe(spec.manifestEmptyAligned);
      expect(await prisma.answer.count({ where: { modelId: model.id, aligned: null } })).toBe(emptyAligned);
    }
    console.log(`eval CSV import into embedded PGlite: ${times.join(", ")}; total ${total.toFixed(2)} s`);

    // results CSV: judge distributions through jsonb[] on PGlite too; curated examples (the unnest
    // INSERT writes example = true and the insert trigger leaves them out of the histogram)
    const histogramRows = async () =>
      (
        await prisma.$queryRaw<
          { rows: number }[]
        >`SELECT ((SELECT count(*) FROM answer_score_bin) + (SELECT count(*) FROM answer_score_block))::int AS rows`
      )[0].rows;
    const rowsBefore = await histogramRows();
    const results = await importFile(server.url, sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"));
    expect(results).toMatchObject({ rowsImported: 70, judgeScores: 140, kind: "examples" });
    expect(await prisma.answer.count({ where: { batchId: results.batchId, example: true } })).toBe(70);
    expect((await prisma.importBatch.findUniqueOrThrow({ where: { id: results.batchId } })).kind).toBe("examples");
    expect(await histogramRows()).toBe(rowsBefore);

    const before = await tableCounts(prisma);
    const again = await importFile(server.url, sharedDataFile(EVAL_FILES[0].file), { model: EVAL_FILES[0].model, group: "base", seed: 0 });
    expect(again.alreadyImported).toBe(true);
    expect(await tableCounts(prisma)).toEqual(before);
  });
});
