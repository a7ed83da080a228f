// Runs after the webServer (tests/e2e/serve.ts) is up: checks that the e2e database really holds
// the imported files, and returns the teardown that drops the database at the end of the run.
import type { FullConfig } from "@playwright/test";
import { dropE2eDatabase, e2eDatabaseCounts } from "./helpers/e2e-database";

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it)");
  const counts = await e2eDatabaseCounts(url);
  // 3 eval CSVs x 2,400 answers + 70 from the results CSV (fewer only if rows were skipped).
  if (counts.answers < 7_000 || counts.questions < 80) {
    throw new Error(`The e2e database is not filled as expected: ${JSON.stringify(counts)}`);
  }
  return async () => {
    if (process.env.E2E_KEEP_DATABASE === "1") {
      console.log(`[e2e] keeping ${url} (E2E_KEEP_DATABASE=1)`);
      return;
    }
    await dropE2eDatabase(url);
  };
}
