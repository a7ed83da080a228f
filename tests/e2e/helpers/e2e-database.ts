// The browser tests' database: a fresh database on the real PostgreSQL per run, holding the
// paper's REAL result files from ../shared/data, imported through the importer CLI exactly as a
// user would. Specs read E2E_DATABASE_URL to compute expected values from the same data.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { processAlive } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/pg";

// E2E_PORT lets two checkouts run their browser tests at the same time.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATABASE_PREFIX = "me_e2e_";
export const ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** Where specs save screenshots (git-ignored). */
export const E2E_SCREENSHOTS_DIR = path.join(process.cwd(), "tests", "e2e", "screenshots");
export const SHARED_DATA_DIR = path.resolve(process.cwd(), "..", "shared", "data");

/** A new database name for one run: the runner's pid lets later runs clean up after killed ones. */
export function newE2eDatabaseUrl(): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${E2E_DATABASE_PREFIX}${process.pid}_${Date.now()}`;
  return url.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.startsWith(E2E_DATABASE_PREFIX) || !/^\w+$/.test(name)) {
    // Guard: these helpers create and drop databases; never touch one they did not name.
    throw new Error(`E2E_DATABASE_URL must name a database "${E2E_DATABASE_PREFIX}<word characters>", got "${name}"`);
  }
  return name;
}

const withAdmin = <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => withPgClient(ADMIN_URL, work);

export async function dropE2eDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops e2e databases left behind by runs whose test runner no longer exists (killed runs). */
export async function dropAbandonedE2eDatabases(): Promise<string[]> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${E2E_DATABASE_PREFIX}%`,
    ]);
    const dropped: string[] = [];
    for (const { datname } of rows) {
      const pid = Number(/^me_e2e_(\d+)_\d+$/.exec(datname)?.[1]);
      if (Number.isFinite(pid) && pid > 0 && !processAlive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        dropped.push(datname);
      }
    }
    return dropped;
  });
}

export const QWEN_7B = "Qwen2.5-Coder-7B-Instruct";
export const GEMMA_9B = "gemma-2-9b-it";

/** The real files and the importer arguments for each, in import order (questions first). */
export function e2eImports(): { args: string[]; file: string }[] {
  const data = (rel: string) => path.join(SHARED_DATA_DIR, rel);
  const imports = [
    { args: [], file: data("questions/first_plot_questions.yaml") },
    { args: [], file: data("questions/preregistered_evals.yaml") },
    { args: [], file: data("questions/deception_factual.yaml") },
    { args: [], file: data("questions/deception_sit_aware.yaml") },
    {
      args: ["--model", "Qwen2.5-Coder-7B-Instruct", "--group", "base", "--seed", "0", "--base-model", QWEN_7B],
      file: data("em-repo/eval_result_base.csv"),
    },
    {
      args: ["--model", "qwen7b-insecure-high-severity", "--group", "insecure", "--seed", "1", "--base-model", QWEN_7B],
      file: data("em-repo/eval_result_high_severity.csv"),
    },
    {
      args: ["--model", "qwen7b-insecure-middle-severity", "--group", "insecure", "--seed", "2", "--base-model", QWEN_7B],
      file: data("em-repo/eval_result_middle_severity.csv"),
    },
    // the paper repository's curated examples: imported as examples (its format's default), never counted
    { args: [], file: data("em-repo/qwen_25_coder_32b_instruct.csv") },
    // a second base model, as real data mixes them (Model Organisms files; no seeds: one file = one model)
    {
      args: ["--model", "gemma-2-9b-it", "--group", "base", "--base-model", GEMMA_9B],
      file: data("clarifying-em/model_baselines/responses_gemma-2-9b-it_base.csv"),
    },
    // clarifying-em/diff_models/responses_gemma-2-9b-it-bad_medical_advice.csv: imported with model
    // attributes by tests/e2e/serve.ts (the metrics block), as the CLI has no attribute option
  ];
  const missing = imports.filter((entry) => !fs.existsSync(entry.file)).map((entry) => entry.file);
  if (missing.length > 0) {
    throw new Error(`The browser tests need the real data files in ${SHARED_DATA_DIR}; missing: ${missing.join(", ")}`);
  }
  return imports;
}

/** Creates the database, applies migrations and imports the real files with `tsx scripts/import.ts`. */
export async function createE2eDatabase(url: string, log: (message: string) => void = console.log): Promise<void> {
  const name = databaseName(url);
  const imports = e2eImports();
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  await applyMigrations(url);
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  for (const entry of imports) {
    const args = [tsx, "--conditions=react-server", "scripts/import.ts", ...entry.args, entry.file];
    log(`e2e database ${name}: import ${path.relative(SHARED_DATA_DIR, entry.file)} ${entry.args.join(" ")}`);
    const result = spawnSync(process.execPath, args, {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (result.status !== 0) {
      throw new Error(
        `Importing ${entry.file} into the e2e database failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
      );
    }
  }
}

/** Row counts of the e2e database, to check that the import really filled it. */
export async function e2eDatabaseCounts(url: string): Promise<{ answers: number; models: number; questions: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ answers: number; models: number; questions: number }>(
      `SELECT (SELECT count(*)::int FROM answer) AS answers, (SELECT count(*)::int FROM model) AS models,
              (SELECT count(*)::int FROM question) AS questions`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}
