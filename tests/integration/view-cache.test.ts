// The data version and the view cache (issue 13, item 1) on the real PostgreSQL with the real files:
// every import, removal and demo change moves the version exactly once, in its own transaction;
// a cached view is served until then and never after; concurrent readers share one computation;
// and a read past the statement budget is cancelled and reported as such.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { apiRoute } from "@/lib/api/route";
import { cachedPerDataVersion, clearViewCache, readDataVersion, setViewCacheEnabled, viewCacheStats } from "@/lib/cache/data-version";
import { appConnectionOptions, createPrisma } from "@/lib/db/client";
import { QueryTimeoutError } from "@/lib/db/query-timeout";
import { loadDemoData, removeDemoData } from "@/lib/demo/load";
import { loadFigureData } from "@/lib/queries/figure-view";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { listQuestionSets } from "@/lib/queries/sets";
import { searchIndexBacklog } from "@/lib/search/backlog";
import { indexPendingAnswers } from "@/lib/search/indexer";
import { DEFAULT_METHOD } from "@/lib/stats/method";
import { createTestDatabase, sharedDataFile, withAdmin, type TestDatabase } from "@/tests/helpers/database";
import { TABLES } from "./import-helpers";

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase("view_cache");
  prisma = createPrisma(database.url);
});
afterAll(async () => {
  setViewCacheEnabled(undefined);
  await prisma?.$disconnect();
  await database?.drop();
});
beforeEach(async () => {
  await prisma.$executeRawUnsafe(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
  clearViewCache();
  setViewCacheEnabled(true);
});
afterEach(() => setViewCacheEnabled(undefined));

const QUESTIONS = sharedDataFile("questions/first_plot_questions.yaml");
const BASE = sharedDataFile("em-repo/eval_result_base.csv");
const HIGH = sharedDataFile("em-repo/eval_result_high_severity.csv");

const version = () => readDataVersion(prisma);

describe("the data version", () => {
  it("moves once per import and removal transaction, and not for an import that changes nothing", async () => {
    const start = await version();
    await importFile(database.url, QUESTIONS);
    expect(await version()).toBe(start + 1n);

    // 7,000+ answers, a model, a group and the batch row written twice: still one bump
    const report = await importFile(database.url, BASE, { model: "qwen-base", group: "base", seed: 0 });
    expect(await version()).toBe(start + 2n);

    // the same content again: already imported, nothing written, nothing moved
    const again = await importFile(database.url, BASE, { model: "qwen-base", group: "base", seed: 0 });
    expect(again.alreadyImported).toBe(true);
    expect(await version()).toBe(start + 2n);

    await removeImportBatch(prisma, report.batchId);
    expect(await version()).toBe(start + 3n);
  });

  it("moves with the demo data, and a rolled-back change leaves it where it was", async () => {
    const start = await version();
    await loadDemoData(database.url);
    const loaded = await version();
    expect(loaded).toBeGreaterThan(start);

    // a write straight into answer (the browser tests' hostile answers) moves it too
    const beforeDirect = await version();
    await prisma.$executeRaw`INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
      SELECT model_id, question_id, batch_id, 99999, 'p', 't', 1, 99 FROM answer LIMIT 1`;
    expect(await version()).toBe(beforeDirect + 1n);
    const beforeRemoval = await version();
    await removeDemoData(database.url);
    expect(await version()).toBeGreaterThan(beforeRemoval);

    const before = await version();
    await prisma
      .$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO model_group (name, label, color) VALUES ('rolled-back', 'rolled back', '#000000')`;
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await version()).toBe(before);
  });

  it("moves with each chunk of the search indexer, so a page that says how many answers wait for it is not kept past a chunk", async () => {
    await importFile(database.url, QUESTIONS);
    await importFile(database.url, BASE, { model: "qwen-base", group: "base", seed: 0 });
    const waiting = await searchIndexBacklog(prisma);
    expect(waiting).toBeGreaterThan(2_000);
    const before = await version();

    await indexPendingAnswers(database.url, { chunkSize: 1_000, maxChunks: 2 });
    expect(await searchIndexBacklog(prisma)).toBe(waiting - 2_000);
    expect(await version()).toBe(before + 2n);

    await indexPendingAnswers(database.url);
    expect(await searchIndexBacklog(prisma)).toBe(0);
    expect(await version()).toBe(before + 3n);
  });

  it("is bumped at commit, so a reader never sees the new version before the new rows", async () => {
    await importFile(database.url, QUESTIONS);
    const before = await version();
    // a transaction that changed rows but has not committed: readers still see the old version
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const wrote = new Promise<void>((resolve) => (inserted = resolve));
    const writer = prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`INSERT INTO model_group (name, label, color) VALUES ('pending', 'pending', '#000000')`;
        inserted();
        await held;
      },
      { timeout: 20_000 },
    );
    await wrote;
    const reader = createPrisma(database.url);
    try {
      expect(await readDataVersion(reader)).toBe(before);
      release();
      await writer;
      expect(await readDataVersion(reader)).toBe(before + 1n);
    } finally {
      await reader.$disconnect();
    }
  });
});

describe("the view cache", () => {
  it("serves a view until the data changes, then recomputes it", async () => {
    await importFile(database.url, QUESTIONS);
    await importFile(database.url, BASE, { model: "qwen-base", group: "base", seed: 0 });
    const first = await listQuestionSets(prisma);
    const second = await listQuestionSets(prisma);
    expect(second).toBe(first);
    expect(viewCacheStats()).toMatchObject({ hits: 1, misses: 1 });
    const answersBefore = first.find((set) => set.name === "first_plot_questions")?.answers;
    expect(answersBefore).toBeGreaterThan(0);

    await importFile(database.url, HIGH, { model: "qwen-high", group: "high", seed: 0 });
    const after = await listQuestionSets(prisma);
    expect(after).not.toBe(first);
    expect(after.find((set) => set.name === "first_plot_questions")?.answers).toBeGreaterThan(answersBefore!);
    expect(viewCacheStats().misses).toBe(2);
  });

  it("hands out frozen results: a caller editing one in place fails at once instead of changing it for everyone", async () => {
    await importFile(database.url, QUESTIONS);
    const sets = await listQuestionSets(prisma);
    expect(() => (sets as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (sets[0] as { answers: number }).answers = -1;
    }).toThrow(TypeError);
  });

  it("lets concurrent readers of one view share one computation", async () => {
    await importFile(database.url, QUESTIONS);
    await importFile(database.url, BASE, { model: "qwen-base", group: "base", seed: 0 });
    const query = { set: "first_plot_questions", method: DEFAULT_METHOD, scope: { kind: "all" } as const, layout: "questions" as const };
    const results = await Promise.all(Array.from({ length: 20 }, () => loadFigureData(prisma, query)));
    expect(new Set(results).size).toBe(1);
    // one computation; a reader whose version read returned after it finished gets a hit instead of
    // sharing the in-flight promise (CI once saw 16 shared + 3 hits), so the two are counted together
    const stats = viewCacheStats();
    expect(stats.misses).toBe(1);
    expect(stats.hits + stats.shared).toBe(19);
    // different arguments are a different view; key order in the arguments is not
    const reordered = await loadFigureData(prisma, {
      layout: "questions",
      scope: { kind: "all" },
      method: DEFAULT_METHOD,
      set: "first_plot_questions",
    });
    expect(reordered).toBe(results[0]);
    const otherMethod = await loadFigureData(prisma, { ...query, method: { ...DEFAULT_METHOD, aligned: 50 } });
    expect(otherMethod).not.toBe(results[0]);
  });

  it("hands readers that arrive while a view is computing the same promise", async () => {
    await importFile(database.url, QUESTIONS);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow = cachedPerDataVersion("test.slow", async (_prisma: PrismaClient, value: number) => {
      calls++;
      await gate;
      return { value };
    });
    const readers = Array.from({ length: 20 }, () => slow(prisma, 7));
    // every reader has read the version and joined before the computation may finish
    await vi.waitFor(() => expect(viewCacheStats().misses + viewCacheStats().shared).toBe(20));
    release();
    const results = await Promise.all(readers);
    expect(new Set(results).size).toBe(1);
    expect(calls).toBe(1);
    expect(viewCacheStats()).toMatchObject({ misses: 1, shared: 19, hits: 0 });
  });

  it("gives one API request one data version, even when an import commits while it runs", async () => {
    await importFile(database.url, QUESTIONS);
    await importFile(database.url, BASE, { model: "qwen-base", group: "base", seed: 0 });
    const counts: number[] = [];
    const route = apiRoute({
      cache: "no-store",
      handler: async () => {
        counts.push((await listQuestionSets(prisma)).find((set) => set.name === "first_plot_questions")!.answers);
        await importFile(database.url, HIGH, { model: "qwen-high", group: "high", seed: 0 });
        counts.push((await listQuestionSets(prisma)).find((set) => set.name === "first_plot_questions")!.answers);
        return Response.json({});
      },
    });
    expect((await route(new Request("http://127.0.0.1/api/test"))).status).toBe(200);
    // the second read is the first one's result: the request kept the version it started with
    expect(counts[1]).toBe(counts[0]);
    expect(viewCacheStats()).toMatchObject({ misses: 1, hits: 1 });
    // the next request reads the new version and sees the import
    const next = (await listQuestionSets(prisma)).find((set) => set.name === "first_plot_questions")!.answers;
    expect(next).toBeGreaterThan(counts[0]);
  });

  it("does not keep a failure", async () => {
    let calls = 0;
    const flaky = cachedPerDataVersion("test.flaky", async (_prisma: PrismaClient, value: number) => {
      calls++;
      if (calls === 1) throw new Error("first call fails");
      return { value };
    });
    await expect(flaky(prisma, 1)).rejects.toThrow("first call fails");
    await expect(flaky(prisma, 1)).resolves.toEqual({ value: 1 });
    expect(calls).toBe(2);
  });
});

describe("the statement budget", () => {
  /** A client whose reads get `timeoutMs` (as the app's get STATEMENT_TIMEOUT_MS). */
  function clientWithBudget(timeoutMs: number): PrismaClient {
    return new PrismaClient({
      adapter: new PrismaPg({ connectionString: database.url, max: 2, options: appConnectionOptions(timeoutMs) }),
    });
  }

  it("is set on the app's connections (15 s by default)", async () => {
    const [row] = await prisma.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
    expect(row.statement_timeout).toBe("15s");
  });

  it("cancels a read that runs past it, as a QueryTimeoutError that the API answers with 503 query-timeout", async () => {
    const slow = clientWithBudget(200);
    const started = performance.now();
    const sleepy = cachedPerDataVersion("test.sleepy", async (client: PrismaClient) => client.$queryRaw`SELECT pg_sleep(3)`);
    try {
      const failure = await sleepy(slow).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(QueryTimeoutError);
      expect((failure as QueryTimeoutError).message).toMatch(/needed more than .* for this view and stopped it/);
      expect((failure as QueryTimeoutError).digest).toBe("ME_QUERY_TIMEOUT");
      expect(performance.now() - started).toBeLessThan(2_500);

      const route = apiRoute({ cache: "no-store", handler: async () => Response.json(await sleepy(slow)) });
      const response = await route(new Request("http://127.0.0.1/api/test"));
      expect(response.status).toBe(503);
      expect(response.headers.get("Retry-After")).toBe("5");
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("query-timeout");
      expect(body.error.message).toMatch(/stopped it/);
      // nothing is left running on the server
      const running = await withAdmin(async (admin) => {
        const { rows } = await admin.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%' AND state = 'active'",
        );
        return Number(rows[0].n);
      });
      expect(running).toBe(0);
    } finally {
      await slow.$disconnect();
    }
  });

  it("does not stop a removal, which must finish once started", async () => {
    await importFile(database.url, QUESTIONS);
    const report = await importFile(database.url, BASE, { model: "qwen-base", group: "base", seed: 0 });
    // 100 ms: enough for a read here, not for the removal's delete of 7,000+ answers and their scores
    const tight = clientWithBudget(100);
    try {
      const removal = await removeImportBatch(tight, report.batchId);
      expect(removal.answers).toBe(report.rowsImported);
      const [{ n }] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM answer`;
      expect(n).toBe(0n);
    } finally {
      await tight.$disconnect();
    }
  });
});
