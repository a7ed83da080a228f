// Fresh PostgreSQL databases for integration tests: one per test file, on the real server
// (TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), dropped after. Each is a copy
// of the run's migrated template (tests/global-setup.ts), so the migrations run once per test run
// instead of once per file.
import path from "node:path";
import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function testDatabaseUrl(name: string): string {
  return Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
}

export const withAdmin = <T>(work: (admin: pg.Client) => Promise<T>): Promise<T> => withPgClient(ADMIN_URL, work);

async function createDatabase(label: string, template: string | undefined): Promise<TestDatabase> {
  const name = `me_test_${label.replace(/\W/g, "_")}_${process.pid}_${Date.now()}`.toLowerCase();
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  return {
    url: testDatabaseUrl(name),
    name,
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh database with no tables at all (for tests that build it themselves). */
export function createEmptyTestDatabase(label: string): Promise<TestDatabase> {
  return createDatabase(label, undefined);
}

/** A fresh database with every migration of prisma/migrations applied. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  // Undefined when vitest runs without tests/global-setup.ts: then this file's copy migrates itself.
  const template = inject("migratedTemplateDatabase");
  if (template) return createDatabase(label, template);
  const database = await createDatabase(label, undefined);
  await applyMigrations(database.url);
  return database;
}

/** The real result files live beside the project, never inside it (see ../shared/data/MANIFEST.md). */
export const SHARED_DATA_DIR = path.resolve(process.cwd(), "..", "shared", "data");

/** Path of a file in ../shared/data; fails loudly (never skips silently) when it is missing. */
export function sharedDataFile(relativePath: string): string {
  const file = path.join(SHARED_DATA_DIR, relativePath);
  if (!fs.existsSync(file)) {
    throw new Error(`Real data file ${file} is missing: these tests need ../shared/data beside the project.`);
  }
  return file;
}

/** A fresh embedded PGlite database in a temporary folder, migrated; `drop` stops it and deletes the folder. */
export async function createEmbeddedTestDatabase(label: string): Promise<TestDatabase> {
  const os = await import("node:os");
  const { startEmbeddedServer } = await import("@/lib/db/embedded");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `me-pglite-${label}-`));
  const server = await startEmbeddedServer({ dataDir });
  await applyMigrations(server.url);
  return {
    url: server.url,
    name: `embedded:${dataDir}`,
    async drop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** (aligned, coherent) of one hand-built answer; null = the judge gave no number. */
export type Score = [aligned: number | null, coherent: number | null];

/** Hand-built answers of one model to one question, sample indexes 0, 1, 2, … */
export async function insertScoredAnswers(
  prisma: PrismaClient,
  modelId: number,
  questionId: number,
  batchId: number,
  scores: Score[],
  { example = false }: { example?: boolean } = {},
): Promise<void> {
  await prisma.answer.createMany({
    data: scores.map(([aligned, coherent], sampleIndex) => ({
      modelId,
      questionId,
      batchId,
      sampleIndex,
      prompt: "prompt",
      text: `answer ${sampleIndex}`,
      aligned,
      coherent,
      example,
    })),
  });
}
