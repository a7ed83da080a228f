// A database as it was just before one migration (an instance upgraded from an earlier version):
// the migrations before `migration` applied, for a test to fill with rows, then `upgrade()` applies
// the rest. For tests of a migration on a database that already holds data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { createEmptyTestDatabase } from "./database";

export interface DatabaseBeforeMigration {
  url: string;
  /** applies the remaining migrations; returns the names applied */
  upgrade(): Promise<string[]>;
  drop(): Promise<void>;
}

export async function createDatabaseBefore(prefix: string, migration: string): Promise<DatabaseBeforeMigration> {
  const database = await createEmptyTestDatabase(prefix);
  const url = database.url;
  const earlierMigrations = fs.mkdtempSync(path.join(os.tmpdir(), "me-migrations-"));
  for (const entry of fs.readdirSync(MIGRATIONS_DIR)) {
    if (entry < migration && fs.statSync(path.join(MIGRATIONS_DIR, entry)).isDirectory()) {
      fs.cpSync(path.join(MIGRATIONS_DIR, entry), path.join(earlierMigrations, entry), { recursive: true });
    }
  }
  const applied = await applyMigrations(url, earlierMigrations);
  if (applied.includes(migration)) throw new Error(`${migration} was applied before the test's rows were written`);
  return {
    url,
    upgrade: () => applyMigrations(url),
    drop: async () => {
      await database.drop();
      fs.rmSync(earlierMigrations, { recursive: true, force: true });
    },
  };
}
