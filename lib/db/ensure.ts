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

export async function ensureDatabase(options: EmbeddedOptions = {}): Promise<ReadyDatabase> {
  const externalUrl = process.env.DATABASE_URL === undefined ? undefined : checkDatabaseUrl(process.env.DATABASE_URL);
  let server: EmbeddedServer | null = null;
  const url = externalUrl ?? (server = await startEmbeddedServer(options)).url;
  let migrationsApplied: string[];
  try {
    // the first connection: where a wrong DATABASE_URL shows
    migrationsApplied = await applyMigrations(url);
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
