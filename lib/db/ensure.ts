// Resolves the database for a command-line process (launcher, importer, demo loader):
// DATABASE_URL when set, else the embedded PostgreSQL; then applies pending migrations.
import { checkDatabaseUrl, DatabaseConnectionError, explainConnectionError } from "./connection-error";
import { applyMigrations } from "./migrate";
import { startEmbeddedServer, type EmbeddedOptions, type EmbeddedServer } from "./embedded";

export interface ReadyDatabase {
  url: string;
  embedded: boolean;
  /** true when the embedded database was created by this call (empty, first start) */
  createdNow: boolean;
  migrationsApplied: string[];
  close(): Promise<void>;
}

/** What the launcher reports while the database gets ready (scripts/launcher/steps.ts). */
export interface EnsureDatabaseSteps {
  /** wraps opening (or creating) the embedded database; not called with DATABASE_URL */
  open?(work: () => Promise<EmbeddedServer>): Promise<EmbeddedServer>;
  /** wraps applying the pending migrations (the first connection to DATABASE_URL) */
  migrate?(work: () => Promise<string[]>): Promise<string[]>;
}

const run = <T>(work: () => Promise<T>) => work();

export async function ensureDatabase(options: EmbeddedOptions = {}, steps: EnsureDatabaseSteps = {}): Promise<ReadyDatabase> {
  const externalUrl = process.env.DATABASE_URL === undefined ? undefined : checkDatabaseUrl(process.env.DATABASE_URL);
  let server: EmbeddedServer | null = null;
  const url = externalUrl ?? (server = await (steps.open ?? run)(() => startEmbeddedServer(options))).url;
  let migrationsApplied: string[];
  try {
    // the first connection: where a wrong DATABASE_URL shows
    migrationsApplied = await (steps.migrate ?? run)(() => applyMigrations(url));
  } catch (error) {
    await server?.stop();
    const explained = explainConnectionError(error, url);
    throw explained === null ? error : new DatabaseConnectionError(explained);
  }
  return {
    url,
    embedded: !externalUrl,
    createdNow: server?.created ?? false,
    migrationsApplied,
    close: async () => server?.stop(),
  };
}
