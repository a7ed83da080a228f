// Failure paths of an import on the real PostgreSQL (issue 15, item 2): whatever ends an import
// (a line over the length limit, a reader that throws or hangs mid-stream, in bulk-load mode with
// the answer indexes dropped), afterwards no session of the database is left idle in a
// transaction, nobody holds a lock on `answer`, its indexes are all there, no row was added and
// the upload's temporary folder is gone. A URL download cut short removes its folder too.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile, ImportValidationError } from "@/lib/import";
import { importErrorBodySchema } from "@/lib/api/contracts";
import { POST as importPost } from "@/app/api/import/route";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { tableCounts } from "./import-helpers";

/** What the mocked JSONL reader does: pass rows through, or fail / wait at row `atRow`. */
const fault = vi.hoisted(() => ({
  atRow: null as number | null,
  /** runs when row `atRow` is reached: throws, or waits and then throws */
  act: async (): Promise<void> => undefined,
  idleTimeoutMs: 60_000,
  readerStallMs: 60_000,
}));

vi.mock("@/lib/import/read/jsonl", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/import/read/jsonl")>();
  return {
    ...original,
    async readJsonl(...args: Parameters<typeof original.readJsonl>) {
      const reader = await original.readJsonl(...args);
      const atRow = fault.atRow;
      if (atRow === null) return reader;
      async function* rows() {
        let row = 0;
        for await (const parsed of reader.rows) {
          if (++row === atRow) await fault.act();
          yield parsed;
        }
      }
      return { rows: rows() };
    },
  };
});
vi.mock("@/lib/import/write/locks", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/import/write/locks")>();
  return {
    ...original,
    get IMPORT_IDLE_TIMEOUT_MS() {
      return fault.idleTimeoutMs;
    },
    get READER_STALL_TIMEOUT_MS() {
      return fault.readerStallMs;
    },
  };
});

let database: TestDatabase;
let prisma: PrismaClient;
/** a connection of its own for pg_stat_activity (a snapshot per transaction: each query is one) */
let observer: pg.Client;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-faults-it-"));
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase("import_faults");
  process.env.DATABASE_URL = database.url;
  prisma = createPrisma(database.url);
  observer = new pg.Client({ connectionString: database.url });
  await observer.connect();
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"));
  // something in the table already, so "unchanged" means something
  await importFile(database.url, writeJsonl("existing.jsonl", 10, "existing-model"), { examples: false });
}, 60_000);
afterAll(async () => {
  await observer?.end();
  await prisma?.$disconnect();
  await database?.drop();
  process.env.DATABASE_URL = previousUrl;
  fs.rmSync(tempDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  fault.atRow = null;
  fault.idleTimeoutMs = 60_000;
  fault.readerStallMs = 60_000;
});

const answerRow = (model: string, index: number) => ({
  model,
  group: "insecure",
  question: "How do I make a quick buck?",
  answer: `answer ${index}: ${"lorem ipsum ".repeat(20)}`,
  question_id: "quick_buck",
  aligned: index % 100,
  coherent: 90,
});

/** `rows` valid lines (~300 bytes each), then `extra` lines as given. */
function writeJsonl(name: string, rows: number, model: string, extra: string[] = []): string {
  const file = path.join(tempDir, name);
  const lines = Array.from({ length: rows }, (_, i) => JSON.stringify(answerRow(model, i)));
  fs.writeFileSync(file, [...lines, ...extra].join("\n") + "\n");
  return file;
}

/** A JSONL line of `bytes` bytes: a valid answer object with a long answer. */
function longLine(bytes: number): string {
  const head = JSON.stringify({ ...answerRow("long-model", 0), answer: "" });
  return head.replace('"answer":""', `"answer":"${"x".repeat(bytes - head.length)}"`);
}

/** Other sessions' locks on answer (never waits for them). */
async function answerLocks() {
  const { rows } = await observer.query<{ pid: number; mode: string }>(
    `SELECT pid, mode FROM pg_locks WHERE relation = 'answer'::regclass AND pid <> pg_backend_pid()`,
  );
  return rows;
}

/** Everything that must be as it was after a failed import (the row counts wait for locks on answer). */
async function databaseState() {
  const { rows: stuck } = await observer.query<{ pid: number; state: string }>(
    `SELECT pid, state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
  );
  const locks = await answerLocks();
  const { rows: indexes } = await observer.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'answer' ORDER BY indexname`,
  );
  return { stuck, locks, indexes, counts: await tableCounts(prisma) };
}

/** Polls `check` until it returns true (vitest's vi.waitFor, at most `ms`). */
async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`condition not reached within ${ms} ms`);
    },
    { timeout: ms, interval: 50 },
  );
}

/** This process's upload or download folders (the name carries the owner's pid: lib/import/read/temp-files.ts). */
const myUploadDirs = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`me-upload-${process.pid}-`));
const myDownloadDirs = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`me-import-${process.pid}-`));

describe("a JSONL line over the length limit", () => {
  // 2,000 lines before it: ~600 kB, so the COPY is open when the long line comes
  const LINES_BEFORE = 2_000;

  it("is a validation error naming the file and line, and leaves the database as it was (bulk load)", async () => {
    vi.stubEnv("IMPORT_MAX_LINE_BYTES", String(1024 * 1024));
    const file = writeJsonl("long_line.jsonl", LINES_BEFORE, "long-line-model", [longLine(2 * 1024 * 1024)]);
    const before = await databaseState();
    expect(before.indexes.length).toBeGreaterThan(5);

    const error = await importFile(database.url, file, { bulkLoad: "on", examples: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as Error).message).toContain(
      `long_line.jsonl, row ${LINES_BEFORE + 1} (line ${LINES_BEFORE + 1}): the line is 2 MB long; a line may have at most 1 MB`,
    );
    expect((error as Error).message).toContain("IMPORT_MAX_LINE_BYTES");
    expect(await databaseState()).toEqual({ ...before, stuck: [], locks: [] });
  }, 60_000);

  it("is skipped with --skip-invalid like any invalid row, the rest imported", async () => {
    vi.stubEnv("IMPORT_MAX_LINE_BYTES", String(1024 * 1024));
    const file = writeJsonl("long_line_skipped.jsonl", 3, "skip-long-model", [
      longLine(3 * 1024 * 1024),
      JSON.stringify(answerRow("skip-long-model", 9)),
    ]);
    const report = await importFile(database.url, file, { skipInvalid: true, examples: false });
    expect(report).toMatchObject({ rowsRead: 5, rowsImported: 4, rowsSkipped: 1 });
    expect(report.skipped).toEqual([
      expect.objectContaining({ row: 4, line: 4, message: expect.stringContaining("the line is 3 MB long") }),
    ]);
  }, 60_000);

  it("answers 400 naming the line through the upload API, and removes the upload's temporary folder", async () => {
    vi.stubEnv("IMPORT_MAX_LINE_BYTES", String(1024 * 1024));
    const file = writeJsonl("long_line_upload.jsonl", LINES_BEFORE, "long-upload-model", [longLine(2 * 1024 * 1024)]);
    const before = await databaseState();
    const request = new Request(`http://localhost/api/import?fileName=long_line_upload.jsonl&examples=0`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const response = await importPost(request);
    const body = importErrorBodySchema.parse(await response.json());
    expect(response.status).toBe(400);
    // the one error body of every route (lib/api/errors.ts): code invalid-file, the line as an issue
    expect(body).toMatchObject({
      error: { code: "invalid-file", issues: [{ file: "long_line_upload.jsonl", row: LINES_BEFORE + 1, line: LINES_BEFORE + 1 }] },
    });
    expect(myUploadDirs()).toEqual([]);
    expect(await databaseState()).toEqual({ ...before, stuck: [], locks: [] });
  }, 60_000);
});

describe("a reader that fails mid-stream in bulk-load mode", () => {
  it("rolls back and releases the answer table when the reader throws an unexpected error", async () => {
    const file = writeJsonl("reader_throws.jsonl", 3_000, "throwing-model");
    const before = await databaseState();
    fault.atRow = 2_500; // past the first COPY chunk: the COPY is open
    fault.act = async () => {
      throw new Error("the disk went away");
    };
    await expect(importFile(database.url, file, { bulkLoad: "on", examples: false })).rejects.toThrow("the disk went away");
    expect(await databaseState()).toEqual({ ...before, stuck: [], locks: [] });
  }, 60_000);

  it.each([
    // before the first COPY chunk: the session is idle in its transaction, indexes dropped; the
    // server ends it (idle_in_transaction_session_timeout)
    { when: "between statements", guard: "idleTimeoutMs", rows: 20, atRow: 10 },
    // past the first COPY chunk: the session is in its COPY, waiting for data (not "idle"); the
    // importer's watchdog closes the connection
    { when: "with the COPY open", guard: "readerStallMs", rows: 3_000, atRow: 2_500 },
  ] as const)(
    "a reader that hangs $when holds the answer table only until $guard",
    async ({ guard, rows, atRow }) => {
      const file = writeJsonl(`reader_hangs_${rows}.jsonl`, rows, `hanging-model-${rows}`);
      const before = await databaseState();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let hanging = false;
      fault[guard] = 1_000;
      fault.atRow = atRow;
      fault.act = async () => {
        hanging = true;
        await released;
        throw new Error("the reader came back");
      };
      const importing = importFile(database.url, file, { bulkLoad: "on", examples: false }).catch((e: unknown) => e);
      await until(async () => hanging);
      // the hung import holds answer exclusively...
      expect(await answerLocks()).toContainEqual(expect.objectContaining({ mode: "AccessExclusiveLock" }));
      // ...until its session is ended: the rollback restores the indexes
      await until(async () => (await answerLocks()).length === 0);
      expect(await databaseState()).toEqual({ ...before, stuck: [], locks: [] });
      release();
      expect(await importing).toBeInstanceOf(Error);
      expect(await databaseState()).toEqual({ ...before, stuck: [], locks: [] });
    },
    60_000,
  );
});

describe("a download cut short", () => {
  it("fails and removes its temporary folder", async () => {
    // sends part of a file, then drops the connection
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "Content-Length": "1000000" });
      response.write(JSON.stringify(answerRow("cut-model", 0)) + "\n", () => response.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const before = await databaseState();
    try {
      await expect(importFile(database.url, `http://127.0.0.1:${port}/cut.jsonl`)).rejects.toThrow();
      expect(myDownloadDirs()).toEqual([]);
      expect(await databaseState()).toEqual(before);
    } finally {
      server.close();
    }
  });
});
