// `npm start` (production) and `npm run dev`: one command from a fresh clone to a running
// dashboard. Resolves the database (DATABASE_URL, else embedded PGlite under .data/pglite,
// migrated; a brand-new embedded database gets the synthetic demo dataset), makes sure the
// Prisma client and the production build are current, then runs Next.js against it.
import { spawn } from "node:child_process";
import { z } from "zod";
import { ensurePrismaClient, ensureProductionBuild, NEXT_BIN, PROJECT_ROOT } from "./launcher/build";
import { prepareDatabase } from "./launcher/database";

const startedAt = performance.now();
const log = (message: string) => console.log(`[start] ${message}`);
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;

const Options = z.object({
  dev: z.boolean(),
  port: z.coerce.number().int().min(1).max(65535),
});

function parseArguments(argv: string[]): z.infer<typeof Options> {
  let dev = false;
  let port: string | undefined = process.env.PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dev") dev = true;
    else if (arg === "--port" || arg === "-p") port = argv[++i];
    else if (arg.startsWith("--port=")) port = arg.slice("--port=".length);
    else throw new Error(`Unknown option ${arg}. Usage: npm start -- [--port N]   |   npm run dev -- [--port N]`);
  }
  const parsed = Options.safeParse({ dev, port: port ?? 3000 });
  if (!parsed.success) throw new Error(`Invalid port "${port}": give a whole number between 1 and 65535.`);
  return parsed.data;
}

/** Polls the page until the server answers, to report when the dashboard is really usable. */
async function waitUntilServing(url: string, child: { exitCode: number | null }): Promise<boolean> {
  while (child.exitCode === null) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return false;
}

async function main(): Promise<number> {
  const options = parseArguments(process.argv.slice(2));
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  await ensurePrismaClient(log);

  log(process.env.DATABASE_URL ? "Connecting to the database at DATABASE_URL..." : "Opening the embedded database (.data/pglite)...");
  const prepared = await prepareDatabase();
  const { database } = prepared;
  let stopping = false;
  const closeDatabase = async () => {
    try {
      await database.close();
    } catch (error) {
      console.error(`[start] Could not stop the embedded database cleanly: ${(error as Error).message}`);
    }
  };

  try {
    if (database.migrationsApplied.length > 0) log(`Applied migrations: ${database.migrationsApplied.join(", ")}`);
    if (prepared.demoLoaded) {
      log(
        `New embedded database: loaded the SYNTHETIC demo dataset (${prepared.demoLoaded.answers} answers, ` +
          `${prepared.demoLoaded.models} models) in ${(prepared.demoLoaded.milliseconds / 1000).toFixed(1)} s. ` +
          "It is not real model output; `npm run demo:remove` deletes it.",
      );
    }
    if (!database.embedded && prepared.answers === 0) {
      log("The database at DATABASE_URL holds no answers yet: import results with `npm run import -- <file>`, or `npm run demo:load` for synthetic demo data.");
    }
    if (!options.dev) await ensureProductionBuild(log);
  } catch (error) {
    await closeDatabase();
    throw error;
  }

  const kind = database.embedded ? "embedded PostgreSQL (PGlite, .data/pglite)" : "PostgreSQL at DATABASE_URL";
  const contents = prepared.holdsDemo ? "synthetic demo data" : `${prepared.answers} answers`;
  const nextArgs = options.dev ? ["dev", "-p", String(options.port)] : ["start", "-p", String(options.port)];
  const child = spawn(process.execPath, [NEXT_BIN, ...nextArgs], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" },
  });

  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    if (child.exitCode === null) child.kill(signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);

  const url = `http://localhost:${options.port}`;
  void waitUntilServing(url, child).then((serving) => {
    if (serving) {
      log(`Misalignment Explorer is running at ${url} (${options.dev ? "development" : "production"} server)`);
      log(`Database: ${kind}, ${contents}. Ready ${elapsed()} after start. Press Ctrl+C to stop.`);
    }
  });

  const exitCode = await new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1)));
    child.on("error", (error) => {
      console.error(`[start] Could not run Next.js: ${error.message}`);
      resolve(1);
    });
  });
  await closeDatabase();
  if (!stopping && exitCode !== 0) console.error(`[start] Next.js stopped with exit code ${exitCode}.`);
  return stopping ? 0 : exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
