// Races between imports and removals (issue 15, item 9), against the real PostgreSQL with the
// real files. Every race is forced, not hoped for: the test holds a table lock that the first
// writer needs, waits until both contenders are blocked in the database at the same time (so they
// really overlap), then lets go.
import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile, type ImportReport } from "@/lib/import";
import { RemovalBusyError, removeImportBatch, type BatchRemoval } from "@/lib/import/batches/remove";
import { IMPORTS_AND_REMOVALS_LOCK } from "@/lib/import/write/locks";
import { indexSearchInBackground } from "@/lib/search/background";
import { DELETE as batchDelete } from "@/app/api/imports/[id]/route";
import { GET as removalGet } from "@/app/api/imports/[id]/removal/route";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { histogramDifferences } from "@/tests/helpers/histogram";
import { backendPid, untilWaitingOnLock } from "@/tests/helpers/lock-waits";
import { TABLES, uploadFile } from "./import-helpers";
import { apiErrorBodySchema, batchRemovalResponseSchema } from "@/lib/api/contracts";

const YAML = "questions/first_plot_questions.yaml";
const BASE = "em-repo/eval_result_base.csv";
const HIGH = "em-repo/eval_result_high_severity.csv";
const MODEL = { model: "race-7b", group: "base", seed: 0, bulkLoad: "off" } as const;
const ROUNDS = 5;

let database: TestDatabase;
let prisma: PrismaClient;
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase("import_races");
  process.env.DATABASE_URL = database.url; // what getPrisma() in the route handlers uses
  prisma = createPrisma(database.url);
});
beforeEach(async () => {
  // each test from the same start, whatever the one before left behind
  const tables = TABLES.map((t) => `"${t}"`).join(", ");
  await prisma.$executeRawUnsafe(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
  await importFile(database.url, sharedDataFile(YAML));
});
afterAll(async () => {
  // the import route indexes new answers for search in the background: let that finish first
  if (database) await indexSearchInBackground(database.url, () => undefined);
  await prisma?.$disconnect();
  await database?.drop();
  process.env.DATABASE_URL = previousUrl;
});

/**
 * Runs `race` while this test holds `lockSql` (a LOCK TABLE) in an open transaction; releases it
 * once `blocked` other sessions of the test database wait on a lock at the same moment (the proof
 * that the contenders overlap), and returns what the race returned. `race` gets the same wait, to
 * start a second contender only once the first is blocked.
 */
async function withHeldLock<T>(
  lockSql: string,
  blocked: number,
  race: (untilBlocked: (sessions: number) => Promise<void>) => Promise<T>,
): Promise<T> {
  const holder = new pg.Client({ connectionString: database.url });
  // a connection of its own: pg_stat_activity is a snapshot taken once per transaction
  const watcher = new pg.Client({ connectionString: database.url });
  await holder.connect();
  await watcher.connect();
  try {
    const holderPid = await backendPid(holder);
    /** polls pg_stat_activity until `sessions` other sessions wait on a lock (60 s at most) */
    const untilBlocked = (sessions: number) =>
      untilWaitingOnLock(
        watcher,
        (waiting) => waiting.filter((pid) => pid !== holderPid).length >= sessions,
        `${sessions} contenders at once (else they never overlapped)`,
      );
    await holder.query("BEGIN");
    await holder.query(lockSql);
    const running = race(untilBlocked);
    running.catch(() => undefined); // awaited below; no unhandled rejection while we poll
    await untilBlocked(blocked);
    await holder.query("COMMIT");
    return await running;
  } finally {
    await holder.query("ROLLBACK").catch(() => undefined);
    await holder.end();
    await watcher.end();
  }
}

async function answersOfModel(name: string): Promise<number> {
  return prisma.answer.count({ where: { model: { name } } });
}

describe("two imports of the same file at the same time", () => {
  it(`imports it once; the other reports "already imported" with the winner's batch (${ROUNDS} rounds)`, async () => {
    const file = sharedDataFile(BASE);
    for (let round = 0; round < ROUNDS; round++) {
      // SHARE on model blocks the first import at its INSERT INTO model, inside its transaction,
      // while the second one is already past hashing the file and waiting on it
      const reports: ImportReport[] = await withHeldLock("LOCK TABLE model IN SHARE MODE", 2, () =>
        Promise.all([importFile(database.url, file, MODEL), importFile(database.url, file, MODEL)]),
      );
      const winners = reports.filter((report) => !report.alreadyImported);
      const losers = reports.filter((report) => report.alreadyImported);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(winners[0].rowsImported).toBe(2400);
      expect(losers[0].batchId).toBe(winners[0].batchId);
      expect(await prisma.importBatch.count({ where: { format: "eval-csv" } })).toBe(1);
      expect(await answersOfModel(MODEL.model)).toBe(2400);
      expect(await histogramDifferences(prisma)).toBe(0);
      await removeImportBatch(prisma, winners[0].batchId);
    }
  });

  it('the command line: one imports, the other prints "already imported" and exits 0', async () => {
    const file = sharedDataFile(BASE);
    const runCli = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          "npx",
          ["tsx", "--conditions=react-server", "scripts/import.ts", "--model", MODEL.model, "--group", MODEL.group, "--seed", "0", file],
          {
            cwd: process.cwd(),
            env: { ...process.env, DATABASE_URL: database.url },
          },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
    const results = await withHeldLock("LOCK TABLE model IN SHARE MODE", 2, () => Promise.all([runCli(), runCli()]));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const outputs = results.map((result) => result.stdout);
    const winner = outputs.find((out) => /^Imported eval_result_base\.csv as batch #\d+/m.test(out));
    const loser = outputs.find((out) => /already imported as batch #\d+ \(eval_result_base\.csv, .+\) — nothing added/.test(out));
    expect(winner, outputs.join("\n---\n")).toBeDefined();
    expect(loser, outputs.join("\n---\n")).toBeDefined();
    const batchId = Number(/batch #(\d+)/.exec(winner!)![1]);
    expect(Number(/batch #(\d+)/.exec(loser!)![1])).toBe(batchId);
    expect(await answersOfModel(MODEL.model)).toBe(2400);
    await removeImportBatch(prisma, batchId);
  }, 120_000);
});

describe("a removal at the same time as an import into the same model", () => {
  it(`both succeed in some order and the histogram equals a rebuild (${ROUNDS} rounds)`, async () => {
    const orders: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // the model was created by the batch being removed; the racing import adds to it
      const first = await importFile(database.url, sharedDataFile(BASE), MODEL);
      expect(first.alreadyImported).toBe(false);
      let finished: string[] = [];
      // EXCLUSIVE on the histogram blocks both the import's histogram update and the removal's
      // (its answer delete trigger): both hold their row locks up to that point
      // even rounds start the import first, odd rounds the removal; the other follows once the first
      // one is waiting on the held lock with its own row locks taken
      const importFirst = round % 2 === 0;
      const [removal, second] = await withHeldLock("LOCK TABLE answer_score_bin IN EXCLUSIVE MODE", 2, async (untilBlocked) => {
        finished = [];
        const startImport = () => importFile(database.url, sharedDataFile(HIGH), MODEL).then((report) => (finished.push("import"), report));
        const startRemoval = () => removeImportBatch(prisma, first.batchId).then((report) => (finished.push("removal"), report));
        const firstStarted = importFirst ? startImport() : startRemoval();
        firstStarted.catch(() => undefined);
        await untilBlocked(1);
        const secondStarted = importFirst ? startRemoval() : startImport();
        return importFirst
          ? Promise.all([secondStarted as Promise<BatchRemoval>, firstStarted as Promise<ImportReport>])
          : Promise.all([firstStarted as Promise<BatchRemoval>, secondStarted as Promise<ImportReport>]);
      });
      orders.push(`${importFirst ? "import" : "removal"} started first, ${finished.join(" then ")} finished`);
      expect(removal.answers).toBe(2400);
      expect(second.rowsImported).toBe(2400);
      // whichever committed first, the model now holds exactly the second file's answers
      expect(await answersOfModel(MODEL.model)).toBe(2400);
      expect(await prisma.answer.count({ where: { batchId: second.batchId } })).toBe(2400);
      expect(await prisma.importBatch.count({ where: { id: first.batchId } })).toBe(0);
      expect(await histogramDifferences(prisma)).toBe(0);
      await removeImportBatch(prisma, second.batchId);
      expect(await answersOfModel(MODEL.model)).toBe(0);
    }
    console.log(`removal vs import, order of completion per round: ${orders.join("; ")}`);
  });
});

describe("the HTTP routes under races", () => {
  it("two uploads of one file at once: both 200, one imported, the other 'already imported' with its batch", async () => {
    const params = { model: MODEL.model, group: MODEL.group, seed: "0" };
    const results = await withHeldLock("LOCK TABLE model IN SHARE MODE", 2, () =>
      Promise.all([uploadFile(sharedDataFile(BASE), params), uploadFile(sharedDataFile(BASE), params)]),
    );
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    const reports = results.map((result) => {
      if (!("report" in result.body)) throw new Error(result.body.error.message);
      return result.body.report;
    });
    expect(reports.map((report) => report.alreadyImported).sort()).toEqual([false, true]);
    expect(reports[0].batchId).toBe(reports[1].batchId);
    expect(await answersOfModel(MODEL.model)).toBe(2400);
  });

  it("a removal that cannot start while an import runs answers 503 with a message, and removes nothing", async () => {
    const batch = await importFile(database.url, sharedDataFile(BASE), MODEL);
    // this connection plays a running import: it holds the imports' lock shared
    const running = new pg.Client({ connectionString: database.url });
    await running.connect();
    const previousWait = process.env.REMOVAL_LOCK_WAIT_MS;
    process.env.REMOVAL_LOCK_WAIT_MS = "300";
    try {
      await running.query("BEGIN");
      await running.query("SELECT 1 FROM pg_advisory_xact_lock_shared($1, $2)", [...IMPORTS_AND_REMOVALS_LOCK]);
      await expect(removeImportBatch(prisma, batch.batchId, { waitMs: 200 })).rejects.toBeInstanceOf(RemovalBusyError);
      const context = { params: Promise.resolve({ id: String(batch.batchId) }) };
      const started = performance.now();
      const response = await batchDelete(new Request(`http://localhost/api/imports/${batch.batchId}`, { method: "DELETE" }), context);
      expect(performance.now() - started).toBeGreaterThanOrEqual(250); // it waited for the import first
      expect(response.status).toBe(503);
      expect(apiErrorBodySchema.parse(await response.json()).error.message).toMatch(/an import is still running.*Try again/);
      const preview = await removalGet(new Request(`http://localhost/api/imports/${batch.batchId}/removal`), {
        params: Promise.resolve({ id: String(batch.batchId) }),
      });
      // the preview only reads (lib/import/batches/remove.ts): it waits for no import and shows the committed state
      expect(preview.status).toBe(200);
      expect(batchRemovalResponseSchema.parse(await preview.json()).answers).toBe(2400);
      expect(await answersOfModel(MODEL.model)).toBe(2400);
      // the import commits: the removal goes ahead
      await running.query("COMMIT");
      const removed = await batchDelete(new Request(`http://localhost/api/imports/${batch.batchId}`, { method: "DELETE" }), context);
      expect(removed.status).toBe(200);
      expect(batchRemovalResponseSchema.parse(await removed.json()).answers).toBe(2400);
      expect(await histogramDifferences(prisma)).toBe(0);
    } finally {
      if (previousWait === undefined) delete process.env.REMOVAL_LOCK_WAIT_MS;
      else process.env.REMOVAL_LOCK_WAIT_MS = previousWait;
      await running.query("ROLLBACK").catch(() => undefined);
      await running.end();
    }
  });
});
