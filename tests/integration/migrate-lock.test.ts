// lib/db/migrate.ts: two migrators on one database take turns on the advisory lock (one applies
// everything, the other waits and then finds nothing to do), and an applied migration whose file
// changed afterwards is reported in one line naming it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyMigrations, migrationChecksum, MIGRATION_LOCK_KEY, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/pg";
import { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from "../helpers/database";

const migrationNames = fs
  .readdirSync(MIGRATIONS_DIR)
  .filter((entry) => fs.statSync(path.join(MIGRATIONS_DIR, entry)).isDirectory())
  .sort();

describe("two migrators at once", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createEmptyTestDatabase("migrate_lock");
  });
  afterAll(async () => database?.drop());

  it("one applies every migration, the other waits for it and then applies none", async () => {
    await withPgClient(database.url, async (holder) => {
      // Hold the lock first, so that both migrators are certainly running when it is released.
      await holder.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      const both = Promise.all([applyMigrations(database.url), applyMigrations(database.url)]);
      await vi.waitFor(
        async () => {
          const { rows } = await holder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted AND d.datname = current_database()`,
            [MIGRATION_LOCK_KEY],
          );
          expect(rows[0].waiting).toBe(2);
        },
        { timeout: 30_000, interval: 100 },
      );
      await holder.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      const results = await both;
      expect(results.map((applied) => applied.length).sort((a, b) => a - b)).toEqual([0, migrationNames.length]);
      expect(results.flat()).toEqual(migrationNames);
    });
    const recorded = await withPgClient(
      database.url,
      async (client) =>
        (
          await client.query<{ migration_name: string; checksum: string }>(
            `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
          )
        ).rows,
    );
    // one row per migration, its checksum Prisma's: the sha256 of the file
    expect(recorded).toEqual(
      migrationNames.map((name) => ({
        migration_name: name,
        checksum: migrationChecksum(fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8")),
      })),
    );
  });
});

describe("an applied migration whose file changed", () => {
  let database: TestDatabase;
  let changedDir: string;
  beforeAll(async () => {
    database = await createTestDatabase("migrate_checksum");
    changedDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-migrations-changed-"));
    fs.cpSync(MIGRATIONS_DIR, changedDir, { recursive: true });
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(changedDir, { recursive: true, force: true });
  });

  it("is reported in one line naming it, and not applied again", async () => {
    const changed = migrationNames[3];
    fs.appendFileSync(path.join(changedDir, changed, "migration.sql"), "\n-- edited after it was applied\n");
    const warnings: string[] = [];
    expect(await applyMigrations(database.url, changedDir, (message) => warnings.push(message))).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(changed);
    expect(warnings[0]).not.toContain("\n");
  });

  it("says nothing when only the line ends changed to CRLF (Prisma accepts those too)", async () => {
    const crlf = migrationNames[0];
    const file = path.join(changedDir, crlf, "migration.sql");
    fs.writeFileSync(file, fs.readFileSync(path.join(MIGRATIONS_DIR, crlf, "migration.sql"), "utf8").replace(/\n/g, "\r\n"));
    const warnings: string[] = [];
    await applyMigrations(database.url, changedDir, (message) => warnings.push(message));
    expect(warnings.filter((warning) => warning.includes(crlf))).toEqual([]);
  });
});
