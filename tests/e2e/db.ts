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
