// Read-only access to the e2e database from specs, to compute expected values from the same data
// the server shows (E2E_DATABASE_URL is set by playwright.config.ts).
import pg from "pg";

export async function queryE2e<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (run the specs through playwright.config.ts)");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export const SCREENSHOTS = "tests/e2e/screenshots";

/** The default base-model scope as lib/queries/scope.ts resolves it (null: base model unknown). */
export async function defaultBase(): Promise<string | null> {
  const rows = await queryE2e<{ base_model: string | null }>(
    `SELECT m.base_model FROM model m
      WHERE EXISTS (SELECT 1 FROM answer a WHERE a.model_id = m.id AND NOT a.example)
      GROUP BY m.base_model ORDER BY count(*) DESC, m.base_model NULLS LAST`,
  );
  return rows.find((row) => row.base_model !== null)?.base_model ?? null;
}
