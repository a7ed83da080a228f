// vitest globalSetup: one migrated template database per test run. Every integration test file
// copies it (CREATE DATABASE ... TEMPLATE, tests/helpers/database.ts) instead of creating an empty
// database and applying the eleven migrations itself.
import type { TestProject } from "vitest/node";
import { processAlive } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/pg";

declare module "vitest" {
  export interface ProvidedContext {
    /** name of the run's migrated template database on TEST_PG_URL's server */
    migratedTemplateDatabase: string;
  }
}

const ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TEMPLATE_PREFIX = "me_template_";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `${TEMPLATE_PREFIX}${process.pid}_${Date.now()}`;
  await withPgClient(ADMIN_URL, async (admin) => {
    // templates of runs that were killed before their teardown (the pid in the name is gone)
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${TEMPLATE_PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      const pid = Number(/^me_template_(\d+)_\d+$/.exec(datname)?.[1]);
      if (pid > 0 && !processAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  // applyMigrations closes its connection: CREATE DATABASE ... TEMPLATE refuses a template with open sessions.
  await applyMigrations(Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString());
  project.provide("migratedTemplateDatabase", name);
  return async () => {
    await withPgClient(ADMIN_URL, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
}
