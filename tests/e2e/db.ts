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

/** A public id no answer has, recorded as removed (tests/e2e/answer-permalink.spec.ts, axe.spec.ts). */
export const REMOVED_FIXTURE = {
  publicId: "deadbeef00000000e2e0",
  batchId: 999_999,
  batchFileName: "e2e-removed-fixture.csv",
  removedAt: "2026-01-02T03:04:05Z",
} as const;

/**
 * Records REMOVED_FIXTURE in removed_answer (idempotent). The e2e database is shared by every spec,
 * so no batch is really removed from it: only this row for an id no answer has is written.
 */
export async function seedRemovedAnswer(): Promise<string> {
  const { publicId, batchId, batchFileName, removedAt } = REMOVED_FIXTURE;
  await queryE2e(
    `INSERT INTO removed_answer (public_id, batch_id, batch_file_name, removed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (public_id) DO NOTHING`,
    [publicId, batchId, batchFileName, removedAt],
  );
  return publicId;
}
