// Schema drift: what the migrations build versus what schema.prisma declares, as two lists of
// catalog entries, compared with prisma/intended-drift.txt (the differences we mean to have).
//
// Why not `prisma migrate diff --from-url <db> --to-schema-datamodel ...`: with a driver adapter in
// prisma.config.ts (the only way Prisma 6.19 migrates offline here, ../shared/notes/stack.md),
// Prisma 6.19 refuses --from-url and --from-schema-datasource ("not supported when defining an
// adapter"), and introspecting through the adapter (--from-migrations, db pull) panics in the
// WebAssembly schema engine ("RuntimeError: unreachable") as soon as the database has a CHECK
// constraint (answer_search_queue_check, migration 20261126130000): adapter-pg cannot hand it
// pg_constraint.contype, a "char". So Prisma renders the schema's SQL (`migrate diff --from-empty
// --to-schema-datamodel --script`, which needs no database), that SQL builds one database, the
// migrations build another, and the same catalog query reads both. It also sees what Prisma's
// diff would not: triggers, functions, INCLUDE columns. (Not column compression: migration
// 20261126150000 sets lz4 on answer.text only where the server has lz4.)
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { applyMigrations, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/pg";
import { createEmptyTestDatabase, type TestDatabase } from "./database";

export const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");
export const INTENDED_DRIFT_PATH = path.join(process.cwd(), "prisma", "intended-drift.txt");

/** Which side has an entry the other lacks. */
export type DriftSide = "migrations-only" | "schema-only";
/** One difference, as written in intended-drift.txt: "<side> <entry>". */
export type DriftLine = `${DriftSide} ${string}`;

// One row per catalog object of the public schema. `table_name` ties an object to its table: the
// objects of a table that only one side has are summed up by that table's own entry.
const CATALOG_SQL = `
WITH tables AS (
  SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
)
SELECT relname AS table_name, 'table ' || relname AS entry FROM tables
UNION ALL
SELECT t.relname, format('column %s.%s %s%s%s', t.relname, a.attname, format_type(a.atttypid, a.atttypmod),
         CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
         coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''))
  FROM tables t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
UNION ALL
SELECT t.relname, 'index ' || pg_get_indexdef(i.indexrelid)
  FROM tables t JOIN pg_index i ON i.indrelid = t.oid
UNION ALL
SELECT t.relname, format('constraint %s.%s %s', t.relname, c.conname, pg_get_constraintdef(c.oid))
  FROM tables t JOIN pg_constraint c ON c.conrelid = t.oid
UNION ALL
SELECT t.relname, 'trigger ' || pg_get_triggerdef(g.oid)
  FROM tables t JOIN pg_trigger g ON g.tgrelid = t.oid AND NOT g.tgisinternal
UNION ALL
SELECT NULL, format('function %s(%s)', p.proname, pg_get_function_identity_arguments(p.oid))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
UNION ALL
SELECT NULL, format('enum %s (%s)', t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder))
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
 WHERE n.nspname = 'public' GROUP BY t.typname`;

interface CatalogEntry {
  table_name: string | null;
  entry: string;
}

const normalise = (entry: string) =>
  entry
    .replace(/\bpublic\./g, "")
    .replace(/\s+/g, " ")
    .trim();

async function readCatalog(url: string): Promise<CatalogEntry[]> {
  const { rows } = await withPgClient(url, (client) => client.query<CatalogEntry>(CATALOG_SQL));
  return rows.map((row) => ({ ...row, entry: normalise(row.entry) }));
}

/** The differences between two catalogs, sorted; a table only one side has is one line. */
export function catalogDifferences(fromMigrations: CatalogEntry[], fromSchema: CatalogEntry[]): DriftLine[] {
  const tablesOf = (catalog: CatalogEntry[]) =>
    new Set(catalog.filter((row) => row.entry.startsWith("table ")).map((row) => row.table_name));
  const migrationTables = tablesOf(fromMigrations);
  const schemaTables = tablesOf(fromSchema);
  const shown = (row: CatalogEntry) =>
    row.entry.startsWith("table ") || row.table_name === null || (migrationTables.has(row.table_name) && schemaTables.has(row.table_name));
  const entries = (catalog: CatalogEntry[]) => new Set(catalog.filter(shown).map((row) => row.entry));
  const migrationEntries = entries(fromMigrations);
  const schemaEntries = entries(fromSchema);
  const lines: DriftLine[] = [
    ...[...migrationEntries].filter((entry) => !schemaEntries.has(entry)).map((entry): DriftLine => `migrations-only ${entry}`),
    ...[...schemaEntries].filter((entry) => !migrationEntries.has(entry)).map((entry): DriftLine => `schema-only ${entry}`),
  ];
  return lines.sort();
}

/** The committed list of intended differences (comments and blank lines dropped). */
export function readIntendedDrift(file = INTENDED_DRIFT_PATH): DriftLine[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      if (!/^(migrations-only|schema-only) /.test(line))
        throw new Error(`${file}: a line must start with migrations-only or schema-only: ${line}`);
      return normalise(line) as DriftLine;
    })
    .sort();
}

const execFileAsync = promisify(execFile);

/**
 * The SQL that builds what a schema.prisma declares, rendered by Prisma itself. The diff reads no
 * database, but the CLI opens prisma.config.ts's adapter all the same: `databaseUrl` must exist.
 */
export async function schemaSql(schemaPath: string, databaseUrl: string): Promise<string> {
  const prisma = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  const { stdout } = await execFileAsync(prisma, ["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaPath, "--script"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export interface DriftReport {
  /** differences the list does not name: the check fails on them */
  unexpected: DriftLine[];
  /** listed differences that are gone: the list must be updated */
  stale: DriftLine[];
}

/**
 * Builds the migrations and the schema into two fresh databases and compares their catalogs with
 * the intended drift. `migrationsUrl`: a database the migrations of `migrationsDir` already built
 * (e.g. a copy of the template), else one is built here.
 */
export async function checkSchemaDrift(options: {
  migrationsDir?: string;
  schemaPath?: string;
  intendedDriftPath?: string;
  migrationsUrl?: string;
}): Promise<DriftReport & { differences: DriftLine[] }> {
  const created: TestDatabase[] = [];
  try {
    let migrationsUrl = options.migrationsUrl;
    if (!migrationsUrl) {
      const database = await createEmptyTestDatabase("drift_migrations");
      created.push(database);
      await applyMigrations(database.url, options.migrationsDir ?? MIGRATIONS_DIR);
      migrationsUrl = database.url;
    }
    const schemaDatabase = await createEmptyTestDatabase("drift_schema");
    created.push(schemaDatabase);
    const sql = await schemaSql(options.schemaPath ?? SCHEMA_PATH, schemaDatabase.url);
    await withPgClient(schemaDatabase.url, (client) => client.query(sql));
    const differences = catalogDifferences(await readCatalog(migrationsUrl), await readCatalog(schemaDatabase.url));
    const intended = new Set(readIntendedDrift(options.intendedDriftPath));
    const found = new Set(differences);
    return {
      differences,
      unexpected: differences.filter((line) => !intended.has(line)),
      stale: [...intended].filter((line) => !found.has(line)),
    };
  } finally {
    for (const database of created) await database.drop();
  }
}
