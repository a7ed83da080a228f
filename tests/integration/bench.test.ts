// The benchmark's correctness checks on a small generated data set in a fresh database: the
// app's fast paths agree with the direct computation, and the checks do catch a difference.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  BY_ALIGNED,
  benchFilters,
  checkBrowsePages,
  checkRates,
  checkSearch,
  checkedThresholds,
  cursorBeforePage,
  fastPage,
  importBenchFiles,
  naiveImportSample,
  naivePage,
  TIMED_THRESHOLDS,
} from "@/scripts/bench/lib/operations";
import { writeBenchFiles } from "@/scripts/bench/generate-data";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let prisma: PrismaClient;
let dataDir: string;
const ANSWERS = 35 * 72 * 3;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-bench-"));
  const files = await writeBenchFiles(ANSWERS, dataDir);
  database = await createTestDatabase("bench");
  prisma = createPrisma(database.url);
  const imported = await importBenchFiles(database.url, files);
  expect(imported.rows).toBe(ANSWERS);
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("benchmark checks on generated data", () => {
  it("Figure-4 rates equal the direct count at the timed thresholds and the one-ulp boundaries", async () => {
    // `npm run bench -- --check-only` (a step of npm test) runs the whole grid; here a part of it
    const boundaries = checkedThresholds().filter(
      ({ thresholds }) =>
        [29.999999999999996, 30, 30.000000000000004].includes(thresholds.aligned) &&
        [49.99999999999999, 50.00000000000001, 100].includes(thresholds.coherent),
    );
    // 3 aligned × 3 coherent values × 3 denominators (kept, coherent, all)
    expect(boundaries.length).toBe(27);
    expect(await checkRates(prisma, [...TIMED_THRESHOLDS, ...boundaries])).toEqual([]);
  }, 120_000);

  it("keyset pages equal OFFSET pages, in every sort", async () => {
    const filters = benchFilters({ group: "insecure" });
    expect(await checkBrowsePages(prisma, "insecure by aligned", filters, BY_ALIGNED)).toEqual([]);
    const narrow = benchFilters({ group: "backdoor", question: "quick_buck_json" });
    for (const sort of [
      { key: "coherent", dir: "desc" },
      { key: "sample", dir: "asc" },
    ] as const) {
      expect(await checkBrowsePages(prisma, `backdoor/quick_buck_json by ${sort.key}`, narrow, sort)).toEqual([]);
    }
    // the jump to a deep page with the cursor of the row before it is that page
    const cursor = await cursorBeforePage(prisma, filters, BY_ALIGNED, 5);
    const jumped = await fastPage(prisma, filters, BY_ALIGNED, cursor);
    const offset = await naivePage(prisma, filters, BY_ALIGNED, 5);
    expect(jumped.items.map((a) => a.id)).toEqual(offset.map((a) => a.id));
  }, 120_000);

  it("full-text search finds exactly the answers containing a simple word", async () => {
    expect(await checkSearch(prisma, "handler", true)).toEqual([]);
  }, 60_000);

  it("reports a search whose results do not contain the word (stemming: 'handlers' finds 'handler')", async () => {
    const problems = await checkSearch(prisma, "handlers", true);
    expect(problems.some((problem) => problem.includes("do not contain the word"))).toBe(true);
  }, 60_000);

  it("the naive import inserts its sample and removes it again", async () => {
    const before = await prisma.answer.count();
    const sample = await naiveImportSample(prisma, ANSWERS, 20);
    expect(sample.rows).toBe(20);
    expect(sample.rowsPerSecond).toBeGreaterThan(0);
    expect(await prisma.answer.count()).toBe(before);
  }, 60_000);
});
