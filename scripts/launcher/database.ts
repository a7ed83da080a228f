// The launcher's database step: DATABASE_URL or the embedded PGlite, migrated; the synthetic demo
// dataset goes only into an embedded database created by this very start (so it was empty).
import pg from "pg";
import path from "node:path";
import { DEFAULT_DATA_DIR, type EmbeddedOptions } from "@/lib/db/embedded";
import { ensureDatabase, type ReadyDatabase } from "@/lib/db/ensure";
import { loadDemoData, type DemoLoadResult } from "@/lib/demo/load";
import type { StepLog } from "./steps";

export interface PreparedDatabase {
  database: ReadyDatabase;
  demoLoaded: DemoLoadResult | null;
  answers: number;
  holdsDemo: boolean;
}

/** The data folder as the user knows it: relative to the project when inside it (.data/pglite). */
function shownDataDir(dataDir: string): string {
  const relative = path.relative(process.cwd(), dataDir);
  return relative && !relative.startsWith("..") ? relative : dataDir;
}

/** With `log`, each step (open or create, migrations, demo data) gets its own timed lines. */
export async function prepareDatabase(options: EmbeddedOptions = {}, log?: StepLog): Promise<PreparedDatabase> {
  const database = await ensureDatabase(
    options,
    log && {
      open: (work) =>
        log.step(`Opening the embedded database (${shownDataDir(options.dataDir ?? DEFAULT_DATA_DIR)})`, work, (server) =>
          server.created ? "created a new, empty one" : "opened",
        ),
      migrate: (work) =>
        log.step(
          process.env.DATABASE_URL ? "Connecting to DATABASE_URL and applying pending migrations" : "Applying pending migrations",
          work,
          (applied) => (applied.length > 0 ? `applied ${applied.length} (${applied.join(", ")})` : "none pending"),
        ),
    },
  );
  try {
    const load = () => loadDemoData(database.url);
    const demoLoaded =
      database.embedded && database.createdNow
        ? await (log
            ? log.step(
                "Loading the SYNTHETIC demo dataset into the new embedded database",
                load,
                (result) =>
                  `${result.answers} answers, ${result.models} models (not real model output; \`npm run demo:remove\` deletes it)`,
              )
            : load())
        : null;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ answers: string; holds_demo: boolean }>(
        `SELECT (SELECT count(*) FROM answer) AS answers, EXISTS (SELECT 1 FROM question_set WHERE is_demo) AS holds_demo`,
      );
      return { database, demoLoaded, answers: Number(rows[0].answers), holdsDemo: rows[0].holds_demo };
    } finally {
      await client.end();
    }
  } catch (error) {
    await database.close();
    throw error;
  }
}
