// Applies prisma/migrations/*/migration.sql in order, recording them in Prisma's own
// _prisma_migrations table so `prisma migrate status/dev` agree. Done in-process (not by
// spawning the Prisma CLI) because it runs at every start of the app and the importer.
//
// Two migrators at once (two `npm start`s, an import starting beside the app, `prisma migrate
// deploy`) take turns on Prisma Migrate's own advisory lock: the second waits, then finds nothing
// left to apply. Each applied migration's checksum is the sha256 of its file, as Prisma writes it;
// a file changed after it was applied is reported (one line naming it) and not applied again.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/**
 * The session advisory-lock key of Prisma Migrate on PostgreSQL (prisma-engines' postgres flavour
 * takes pg_advisory_lock(72707369) around migrate deploy/dev), so this migrator and Prisma's
 * exclude each other too. On the embedded PGlite the call works, but every connection is one
 * backend, whose advisory locks never block it: two migrators at once through one embedded server
 * are NOT excluded (measured: on a fresh PGlite database the second failed with "type
 * QuestionVariant already exists", as it did before this lock).
 */
export const MIGRATION_LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's checksum of a migration script: the sha256 of the file's text, in hex. */
export function migrationChecksum(sql: string): string {
  return crypto.createHash("sha256").update(sql).digest("hex");
}

/** Whether an applied migration's recorded checksum still matches its file (Prisma also accepts the file with CRLF line ends made LF, or LF made CRLF). */
function checksumMatches(sql: string, recorded: string): boolean {
  return [sql, sql.replace(/\r\n/g, "\n"), sql.replace(/\r?\n/g, "\r\n")].some((variant) => migrationChecksum(variant) === recorded);
}

/**
 * Applies pending migrations; returns the names of those applied now. `warn` receives one line per
 * applied migration whose file has changed since (default: console.warn).
 */
export async function applyMigrations(
  connectionString: string,
  migrationsDir = MIGRATIONS_DIR,
  warn: (message: string) => void = console.warn,
): Promise<string[]> {
  const names = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();

  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // Session-level (not transaction-level): it spans the one transaction per migration below.
    // Ended with the session if this process dies.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = new Map(
      (
        await client.query<{ migration_name: string; checksum: string }>(
          `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).rows.map((row) => [row.migration_name, row.checksum]),
    );
    const appliedNow: string[] = [];
    for (const name of names) {
      const sql = fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      const recorded = applied.get(name);
      if (recorded !== undefined) {
        if (!checksumMatches(sql, recorded)) {
          warn(
            `Migration ${name} was changed after it was applied to this database (its checksum differs); the database keeps the version applied then.`,
          );
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), migrationChecksum(sql), name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`);
      }
      appliedNow.push(name);
    }
    return appliedNow;
  } finally {
    // client.end() alone would release the lock too; unlocking first frees it before the socket closes.
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
