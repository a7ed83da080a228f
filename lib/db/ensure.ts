// Resolves the database for a command-line process (launcher, importer, demo loader):
// DATABASE_URL when set, else the embedded PostgreSQL; then applies pending migrations.
import { applyMigrations } from "./migrate";
import { startEmbeddedServer, type EmbeddedServer } from "./embedded";

export interface ReadyDatabase {
  url: string;
  embedded: boolean;
  /** true when the embedded database was created by this call (empty, first start) */
  createdNow: boolean;
  migrationsApplied: string[];
  close(): Promise<void>;
}

export async function ensureDatabase(options: { dataDir?: string; port?: number } = {}): Promise<ReadyDatabase> {
  const externalUrl = process.env.DATABASE_URL;
  let server: EmbeddedServer | null = null;
  const url = externalUrl ?? (server = await startEmbeddedServer(options)).url;
  const migrationsApplied = await applyMigrations(url);
  return {
    url,
    embedded: !externalUrl,
    createdNow: server?.created ?? false,
    migrationsApplied,
    close: async () => server?.stop(),
  };
}
