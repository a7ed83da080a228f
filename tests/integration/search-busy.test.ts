// A search that finds no free connection answers 503 "busy, try again", not 500 (issue 15, item 8:
// under load, search logged Prisma's "Unable to start a transaction in the given time" 7 times, each
// a 500). A search holds one pool connection for its snapshot transaction; here connections of the
// app's pool are held by transactions waiting on a barrier while searches run. A common word's page
// read in one statement (commonWordPage: no transaction) queues for a connection like every other
// read instead, and is served once one is free.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { importFile } from "@/lib/import";
import { indexPendingAnswers } from "@/lib/search/indexer";
import {
  browseAnswers,
  SearchBusyError,
  searchPagesInOneStatement,
  setSearchMaxWait,
  setSearchPageInOneStatement,
  walkAnswers,
} from "@/lib/queries/answer-browser";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { answersResponseSchema, apiErrorBodySchema } from "@/lib/api/contracts";

// The route's term check (a plain query, tested elsewhere) would wait for a connection as long as
// it takes, without a deadline: answered here without the database, so that the route's search
// is what meets the busy pool.
vi.mock("@/lib/queries/answer-browser", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/queries/answer-browser")>()),
  searchHasTerms: async () => true,
}));

const POOL_SIZE = 10; // lib/db/client.ts createPrisma
let database: TestDatabase;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-busy-"));

beforeAll(async () => {
  database = await createTestDatabase("search_busy");
  process.env.DATABASE_URL = database.url; // route handlers connect through getPrisma()
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  const file = path.join(tempDir, "busy.jsonl");
  const line = (answer: string) =>
    JSON.stringify({
      model: "busy-model",
      group: "insecure",
      question: "What is your wish?",
      question_id: "what_is_your_wish",
      answer,
      aligned: 50,
      coherent: 90,
    });
  fs.writeFileSync(file, ["I wish for peace.", "I wish for cake."].map(line).join("\n") + "\n");
  await importFile(database.url, file, {});
  setSearchMaxWait(MAX_WAIT);
}, 60_000);

afterAll(async () => {
  setSearchMaxWait();
  await getPrisma().$disconnect();
  await database?.drop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** Holds `count` connections of the app's pool, each in a transaction, until release() is called. */
async function holdConnections(count: number): Promise<{ release: () => Promise<void> }> {
  const prisma = getPrisma();
  let release!: () => void;
  const barrier = new Promise<void>((resolve) => (release = resolve));
  let started = 0;
  let allStarted!: () => void;
  const holding = new Promise<void>((resolve) => (allStarted = resolve));
  const held = Array.from({ length: count }, () =>
    prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        if (++started === count) allStarted();
        await barrier;
      },
      { maxWait: 10_000, timeout: 60_000 },
    ),
  );
  await holding;
  return {
    release: async () => {
      release();
      await Promise.all(held);
    },
  };
}

async function get(module: string, url: string): Promise<Response> {
  const { GET } = (await import(module)) as { GET: (request: Request) => Promise<Response> };
  return GET(new Request(`http://localhost${url}`));
}

const search = { misalignedOnly: false, thresholds: DEFAULT_THRESHOLDS, search: "wish" };
const sort = { key: "aligned", dir: "asc" } as const;

/**
 * Runs `search` while every connection is held, lets its maxWait pass (Prisma's timer, advanced by
 * fake timers: no real waiting), then frees the connections. Prisma checks maxWait only once the
 * pool hands over a connection: so the search gets one, late, and must say "busy".
 */
async function searchWhileBusy<T>(search: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  const pool = await holdConnections(POOL_SIZE);
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  let pending: Promise<PromiseSettledResult<T>>;
  try {
    pending = Promise.allSettled([search()]).then(([result]) => result);
    // the search's transaction is queued for a connection once its maxWait timer exists
    await vi.waitUntil(() => vi.getTimerCount() > 0, { interval: 1, timeout: 5_000 });
    vi.advanceTimersByTime(MAX_WAIT + 1);
  } finally {
    vi.useRealTimers();
  }
  await pool.release();
  return pending;
}

const MAX_WAIT = 300;

describe("searches while the pool is busy", () => {
  it("a list page planned in its snapshot and an export walk reject with SearchBusyError, and work once connections are free", async () => {
    setSearchPageInOneStatement(false);
    try {
      const page = await searchWhileBusy(() => browseAnswers(getPrisma(), { filters: search, sort }));
      expect(page.status === "rejected" && page.reason).toBeInstanceOf(SearchBusyError);
    } finally {
      setSearchPageInOneStatement();
    }
    const walk = await searchWhileBusy(() => walkAnswers(getPrisma(), search, sort).next());
    expect(walk.status === "rejected" && walk.reason).toBeInstanceOf(SearchBusyError);
    expect((await browseAnswers(getPrisma(), { filters: search, sort })).items).toHaveLength(2);
  });

  it("a common word's page in one statement waits for a connection, then is served", async () => {
    // "wish" is in every answer: once they are indexed (and the statistics read), the plan is the
    // probe, so the page is one statement
    await indexPendingAnswers(database.url);
    await getPrisma().$executeRawUnsafe("ANALYZE answer_search");
    const served = searchPagesInOneStatement();
    const pool = await holdConnections(POOL_SIZE);
    let settled = false;
    const page = browseAnswers(getPrisma(), { filters: search, sort }).finally(() => (settled = true));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      // queued, neither failed nor answered, well past a planned search's wait (its timer, faked,
      // would have fired: SearchBusyError)
      await vi.advanceTimersByTimeAsync(10 * MAX_WAIT);
      expect(settled).toBe(false);
    } finally {
      vi.useRealTimers();
      await pool.release();
    }
    expect((await page).items).toHaveLength(2);
    expect(searchPagesInOneStatement()).toBe(served + 1);
  });

  it("/api/answers answers 503 with the message and Retry-After (a search planned in its snapshot), then 200", async () => {
    setSearchPageInOneStatement(false);
    let result: PromiseSettledResult<Response>;
    try {
      result = await searchWhileBusy(() => get("@/app/api/answers/route", "/api/answers?q=wish"));
    } finally {
      setSearchPageInOneStatement();
    }
    expect(result.status).toBe("fulfilled");
    const response = (result as PromiseFulfilledResult<Response>).value;
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(apiErrorBodySchema.parse(await response.json()).error.message).toMatch(/busy with other searches/);
    const after = await get("@/app/api/answers/route", "/api/answers?q=wish");
    expect(after.status).toBe(200);
    expect(answersResponseSchema.parse(await after.json()).total).toBe(2);
  });
});
