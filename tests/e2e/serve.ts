// Playwright's webServer command. Playwright starts the webServer BEFORE globalSetup, so the
// database must be ready before `next start` runs: this script builds the e2e database from the
// real files, then replaces itself with the production server on port 3100 against it.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { ensurePrismaClient, ensureProductionBuild, NEXT_SERVER } from "@/scripts/launcher/build";
import {
  createE2eDatabase,
  databaseName,
  dropAbandonedE2eDatabases,
  dropE2eDatabase,
  e2eDatabaseCounts,
  E2E_PORT,
  SHARED_DATA_DIR,
} from "./helpers/e2e-database";

const log = (message: string) => console.log(`[e2e-server] ${message}`);

// ---- Judge metrics and model attributes (tests/e2e/metrics.spec.ts): gemma-2-9b-it's bad medical
// advice run, which has a `medical` judge metric, with model attributes. Imported here through an
// experiment manifest in a child process (tests/e2e/helpers/import-attributed.ts: lib/import is
// server-only) instead of with the CLI in e2e-database.ts: same file, same model, group and base
// model as before, plus its attributes.
const METRICS_MODEL = "gemma-2-9b-it-bad-medical-advice";

/** Imports a manifest (lib/import/read/manifest.ts) through tests/e2e/helpers/import-attributed.ts. */
function importManifest(url: string, manifest: Record<string, unknown>, what: string): void {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const result = spawnSync(
    process.execPath,
    [tsx, "--conditions=react-server", "tests/e2e/helpers/import-attributed.ts", url, JSON.stringify(manifest)],
    { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (result.status !== 0)
    throw new Error(`Importing ${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

function importMetricsModel(url: string): void {
  log(`import ${METRICS_MODEL} with model attributes`);
  importManifest(
    url,
    {
      name: "e2e judge metrics",
      root: path.join(SHARED_DATA_DIR, "clarifying-em", "diff_models"),
      files: [
        {
          path: "responses_gemma-2-9b-it-bad_medical_advice.csv",
          model: METRICS_MODEL,
          group: "bad-medical-advice",
          base_model: "gemma-2-9b-it",
          attributes: { size_b: 9, training_data: "bad_medical_advice" },
        },
      ],
    },
    METRICS_MODEL,
  );
}
// ---- end of the metrics block

async function main(): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it)");
  const started = performance.now();
  const abandoned = await dropAbandonedE2eDatabases();
  if (abandoned.length > 0) log(`dropped e2e databases of earlier killed runs: ${abandoned.join(", ")}`);
  await createE2eDatabase(url, log);
  importSweepFiles(url);
  const counts = await e2eDatabaseCounts(url);
  log(`database ${databaseName(url)} ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);

  // `npm test` builds before running Playwright; a bare `npm run test:e2e` builds here if needed.
  await ensurePrismaClient(log);
  await ensureProductionBuild(log);
  importMetricsModel(url);

  // the production server as `npm start` runs it: Next.js behind the response cache
  const child = spawn(process.execPath, [NEXT_SERVER, "-p", String(E2E_PORT), "-H", "127.0.0.1"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

// ---- Sweep view (tests/e2e/sweep.spec.ts): the LoRA-rank files of Qwen2.5-14B-Instruct bad medical
// advice and its base model, with model attributes (lora_rank, size_b, training_data), through an
// experiment manifest as a researcher writes it (the rank read from the file name by a pattern).
// Five more models of one base model: Qwen2.5-14B-Instruct becomes the default base-model scope
// (the base model with the most models; Qwen2.5-Coder-7B has 3).
const SWEEP_BASE_MODEL = "Qwen2.5-14B-Instruct";

function importSweepFiles(url: string): void {
  log("import the files of clarifying-em/med_rank_14B with model attributes");
  importManifest(
    url,
    {
      name: "e2e LoRA-rank sweep",
      root: path.join(SHARED_DATA_DIR, "clarifying-em", "med_rank_14B"),
      defaults: { base_model: SWEEP_BASE_MODEL, attributes: { size_b: 14 } },
      files: [
        {
          // R1, R4, R8, R16: Qwen2.5-14B-Instruct-bad-medical-advice-R<rank>, in rank order
          pattern: "responses_Qwen2.5-14B-Instruct_bad_medical_advice_R{lora_rank}.csv",
          model: "Qwen2.5-14B-Instruct-bad-medical-advice-R{lora_rank}",
          group: "bad-medical-advice",
          attributes: { training_data: "bad_medical_advice" },
        },
        { path: "responses_Qwen2.5-14B-Instruct_base.csv", model: SWEEP_BASE_MODEL, group: "base" },
      ],
    },
    "the sweep files",
  );
}
// ---- end of the sweep block

main().catch(async (error: unknown) => {
  console.error(`[e2e-server] ${error instanceof Error ? error.message : String(error)}`);
  // globalSetup (which drops the database at the end) never runs when the server fails to start.
  if (process.env.E2E_DATABASE_URL) await dropE2eDatabase(process.env.E2E_DATABASE_URL).catch(() => undefined);
  process.exit(1);
});
