// The benchmark's fresh database (created, migrated, dropped) and the environment it reports:
// machine, PostgreSQL version and settings, data and table sizes.
import os from "node:os";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/pg";

/** The server to use: DATABASE_URL's (its maintenance database), else the local default. */
export function adminUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = "/postgres";
  return url.toString();
}

/** bench_<answers>_<timestamp>: a new name every run, so runs never share a database. */
export function benchDatabaseName(answers: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  return `bench_${answers}_${stamp}`;
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(admin: string, name: string): Promise<BenchDatabase> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  await withPgClient(admin, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    name,
    url: url.toString(),
    drop: () => withPgClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TableSize {
  table: string;
  rows: number;
  totalBytes: number;
  heapBytes: number;
  indexBytes: number;
}

export interface Environment {
  cores: number;
  cpu: string;
  memoryGiB: number;
  loadAverage: number[];
  node: string;
  postgres: string;
  settings: Record<string, string>;
  answers: number;
  databaseBytes: number;
  tables: TableSize[];
}

const REPORTED_SETTINGS = ["shared_buffers", "work_mem", "max_parallel_workers_per_gather", "synchronous_commit", "jit"];

export async function describeEnvironment(databaseUrl: string): Promise<Environment> {
  return withPgClient(databaseUrl, async (client: pg.Client) => {
    const version = await client.query<{ server_version: string }>("SHOW server_version");
    const settings: Record<string, string> = {};
    for (const name of REPORTED_SETTINGS) {
      const row = await client.query<{ setting: string }>(`SELECT current_setting($1) AS setting`, [name]);
      settings[name] = row.rows[0].setting;
    }
    const answers = await client.query<{ count: string }>("SELECT count(*) FROM answer");
    const size = await client.query<{ bytes: string }>("SELECT pg_database_size(current_database()) AS bytes");
    // reltuples is the planner's row count, exact right after VACUUM ANALYZE (run after the load)
    const tables = await client.query<{ table: string; rows: string; total: string; heap: string; indexes: string }>(`
      SELECT c.relname AS table, greatest(c.reltuples, 0)::bigint AS rows, pg_total_relation_size(c.oid) AS total,
             pg_table_size(c.oid) AS heap, pg_indexes_size(c.oid) AS indexes
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
       ORDER BY pg_total_relation_size(c.oid) DESC`);
    return {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: os.totalmem() / 2 ** 30,
      loadAverage: os.loadavg(),
      node: process.version,
      postgres: version.rows[0].server_version,
      settings,
      answers: Number(answers.rows[0].count),
      databaseBytes: Number(size.rows[0].bytes),
      tables: tables.rows
        .filter((row) => Number(row.total) > 16_384 || row.table === "answer")
        .map((row) => ({
          table: row.table,
          rows: Number(row.rows),
          totalBytes: Number(row.total),
          heapBytes: Number(row.heap),
          indexBytes: Number(row.indexes),
        })),
    };
  });
}

export const formatMB = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

/** VACUUM ANALYZE after the load, as autovacuum would within a minute: stable plans for the timings. */
export async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  await withPgClient(databaseUrl, (client) => client.query("VACUUM (ANALYZE)"));
}
