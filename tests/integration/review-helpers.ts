// Shared by the integration tests of reviewer writes (review-labels.test.ts, collections.test.ts):
// their database of real answers, and the route handlers called in process as Next.js calls them
// (a Request with the browser's Host header and a bearer token, the dynamic segments as params).
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";

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
export async function dropReviewDatabase(review: ReviewDatabase | undefined): Promise<void> {
  await review?.prisma.$disconnect();
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  await review?.database.drop();
}

export type RouteMethod = "GET" | "POST" | "PATCH" | "DELETE";
/** A route module and its dynamic segments, e.g. @/app/api/imports/[id]/route with { id: "12" }. */
export interface Route {
  module: string;
  params: Record<string, string>;
}
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A function that calls the route handler of a URL in process. `routeOf` maps the paths with
 * dynamic segments a test uses; /api/imports/<id> (a reviewer token must not open it) and the static
 * paths are mapped here.
 */
export function routeCaller(routeOf: (pathname: string) => Route | undefined) {
  return async function call(
    method: RouteMethod,
    url: string,
    init: { token?: string; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<Response> {
    const { pathname } = new URL(url, "http://localhost");
    const batch = /^\/api\/imports\/([^/]+)$/.exec(pathname);
    const { module, params } =
      routeOf(pathname) ??
      (batch ? { module: "@/app/api/imports/[id]/route", params: { id: batch[1] } } : { module: `@/app${pathname}/route`, params: {} });
    const handler = ((await import(module)) as Record<string, Handler | undefined>)[method];
    if (!handler) throw new Error(`${module} exports no ${method}`);
    // Next passes the browser's Host header; absolute links (the exports' permalinks) are built from it
    const headers: Record<string, string> = { host: "127.0.0.1:3000", ...init.headers };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    return handler(new Request(`http://127.0.0.1:3000${url}`, { method, headers, body }), { params: Promise.resolve(params) });
  };
}
