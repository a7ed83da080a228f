// The response cache of the production server (scripts/server/next-server.mjs), on by default: a
// page is answered from the cache the second time, and a page that failed after its 200 went out
// (a statement past its budget; the error boundary shows it) is never kept, so the next reader gets
// the real page. A second server on the e2e database with a 1.5 s statement budget, so a table
// lock held by this test makes the search fail fast (the main server's budget is 15 s).
import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { NEXT_SERVER } from "@/scripts/launcher/build";
import { spawnTiedNode } from "@/scripts/launcher/child";
import { queryE2e } from "./db";
import { E2E_PORT } from "./helpers/e2e-database";

const PORT = E2E_PORT + 57;
const BASE = `http://127.0.0.1:${PORT}`;
let server: ChildProcess | null = null;

test.beforeAll(async () => {
  server = spawnTiedNode([NEXT_SERVER, "-p", String(PORT), "-H", "127.0.0.1"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, STATEMENT_TIMEOUT_MS: "1500", NEXT_TELEMETRY_DISABLED: "1" },
  });
  await expect
    .poll(async () => (await fetch(`${BASE}/answers`).catch(() => null))?.status ?? 0, { timeout: 60_000, intervals: [250] })
    .toBe(200);
});
test.afterAll(() => {
  server?.kill("SIGTERM");
});

async function load(path: string): Promise<{ status: number; cache: string | null; body: string }> {
  const response = await fetch(`${BASE}${path}`);
  return { status: response.status, cache: response.headers.get("x-response-cache"), body: await response.text() };
}

test("pages come from the cache the second time; a page that failed after its 200 is not kept", async () => {
  test.setTimeout(120_000);
  const [{ word }] = await queryE2e<{ word: string }>(
    `SELECT word FROM ts_stat('SELECT document FROM answer_search') WHERE length(word) > 4 ORDER BY ndoc DESC, word LIMIT 1`,
  );
  const first = await load(`/answers?q=${word}`);
  expect(first).toMatchObject({ status: 200, cache: null });
  expect(first.body).toContain('data-testid="answer-link"');
  expect((await load(`/answers?q=${word}`)).cache).toBe("hit");

  // the search's table locked past the statement budget: the page streams its 200, then fails
  const failing = `/answers?q=${word}&sort=coherent`;
  const lock = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await lock.connect();
  try {
    await lock.query("BEGIN");
    await lock.query("LOCK TABLE answer_search IN ACCESS EXCLUSIVE MODE");
    const failed = await load(failing);
    expect(failed.status).toBe(200);
    expect(failed.body).toContain("ME_QUERY_TIMEOUT");
    expect(failed.body).not.toContain('data-testid="answer-link"');
  } finally {
    await lock.query("COMMIT").catch(() => undefined);
    await lock.end();
  }
  // the data did not change (same version), yet the next reader gets the real page, rendered anew
  const after = await load(failing);
  expect(after).toMatchObject({ status: 200, cache: null });
  expect(after.body).toContain('data-testid="answer-link"');
  expect(after.body).not.toContain("ME_QUERY_TIMEOUT");
  expect((await load(failing)).cache).toBe("hit");
});
