// Shared by the integration tests of reviewer writes (review-labels.test.ts, collections.test.ts):
// their database of real answers, and the route handlers called in process as Next.js calls them
// (tests/helpers/routes.ts).
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";

export const BASE_MODEL = "Qwen2.5-Coder-7B-Instruct";
/** The repository's results CSV: its answers carry the judge's token distributions. */
export const RESULTS_FILE = "em-repo/qwen_25_coder_32b_instruct.csv";

export interface ReviewDatabase {
  database: TestDatabase;
  prisma: PrismaClient;
  /** the batch of eval_result_base.csv: 2,400 evaluation answers of BASE_MODEL (group base, seed 0) */
  evalBatch: number;
}

/**
 * A fresh database with first_plot_questions and the base model's real eval file, and
 * DATABASE_URL pointing at it: the route handlers connect through getPrisma().
 */
export async function createReviewDatabase(label: string): Promise<ReviewDatabase> {
  const database = await createTestDatabase(label);
  process.env.DATABASE_URL = database.url;
  const prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  const { batchId: evalBatch } = await importFile(database.url, sharedDataFile("em-repo/eval_result_base.csv"), {
    model: BASE_MODEL,
    group: "base",
    seed: 0,
    baseModel: BASE_MODEL,
  });
  return { database, prisma, evalBatch };
}

/** Disconnects the test's client and the route handlers' (getPrisma), then drops the database. */
export function dropReviewDatabase(review: ReviewDatabase | undefined): Promise<void> {
  return dropRouteDatabase(review?.database, review?.prisma);
}
