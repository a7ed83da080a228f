// The launcher's database step: DATABASE_URL or the embedded PGlite, migrated; the synthetic demo
// dataset goes only into an embedded database created by this very start (so it was empty).
import pg from "pg";
import type { EmbeddedOptions } from "@/lib/db/embedded";
import { ensureDatabase, type ReadyDatabase } from "@/lib/db/ensure";
import { loadDemoData, type DemoLoadResult } from "@/lib/demo/load";

export interface PreparedDatabase {
  database: ReadyDatabase;
  demoLoaded: DemoLoadResult | null;
  answers: number;
  holdsDemo: boolean;
}

export async function prepareDatabase(options: EmbeddedOptions = {}): Promise<PreparedDatabase> {
  const database = await ensureDatabase(options);
  try {
    const demoLoaded = database.embedded && database.createdNow ? await loadDemoData(database.url) : null;
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
