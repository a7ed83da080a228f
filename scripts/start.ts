// `npm start` (production) and `npm run dev`: one command from a fresh clone to a running
// dashboard. Resolves the database (DATABASE_URL, else embedded PGlite under .data/pglite,
// migrated; a brand-new embedded database gets the synthetic demo dataset), makes sure the
// Prisma client and the production build are current, then runs Next.js against it.
// Listens on 127.0.0.1 unless told otherwise (--host), and never on another interface without
// ADMIN_TOKEN. The embedded database has one owner (lib/db/data-lock.ts): a second start on the
// same folder stops with one line. The Next.js process ends with the launcher, even after kill -9.
import { z } from "zod";
import { configuredAdminToken } from "@/lib/auth/admin";
import { assertEmbeddedDatabaseFree } from "@/lib/db/embedded";
import { DEFAULT_BIND_HOST, isLoopbackHost, isWildcardHost, normalizeHostName } from "@/lib/security/hosts";
import { buildState, generatePrismaClient, NEXT_BIN, NEXT_SERVER, prismaClientCurrent, PROJECT_ROOT, runNextBuild } from "./launcher/build";
import { spawnTiedNode, watchOwnParent } from "./launcher/child";
import { prepareDatabase } from "./launcher/database";
import { probePort } from "./launcher/port";
import { stepLog } from "./launcher/steps";

const steps = stepLog();
const log = steps.line;

const Options = z.object({
  dev: z.boolean(),
  port: z.coerce.number().int().min(1).max(65535),
  host: z.string().trim().min(1),
});

const USAGE = "Usage: npm start -- [--port N] [--host ADDRESS]   |   npm run dev -- [--port N] [--host ADDRESS]";

function parseArguments(argv: string[]): z.infer<typeof Options> {
  let dev = false;
  let port: string | undefined = process.env.PORT;
  let host: string | undefined = process.env.HOST;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dev") dev = true;
    else if (arg === "--port" || arg === "-p") port = argv[++i];
    else if (arg.startsWith("--port=")) port = arg.slice("--port=".length);
    else if (arg === "--host" || arg === "-H") host = argv[++i];
    else if (arg.startsWith("--host=")) host = arg.slice("--host=".length);
    else throw new Error(`Unknown option ${arg}. ${USAGE}`);
  }
  const parsed = Options.safeParse({ dev, port: port ?? 3000, host: host || DEFAULT_BIND_HOST });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    throw new Error(
      field === "host"
        ? `Invalid --host: give an address such as 127.0.0.1 or 0.0.0.0.`
        : `Invalid port "${port}": give a whole number between 1 and 65535.`,
    );
  }
  return parsed.data;
}

/** An occupied port (an earlier server, an orphan) used to show "is running" — the other server answered — then EADDRINUSE. */
async function assertPortFree(port: number, host: string): Promise<void> {
  const problem = await probePort(port, host);
  if (problem === null) return;
  throw new Error(
    problem === "EADDRINUSE"
      ? `Port ${port} is already in use by another program (an earlier \`npm start\` still running?): stop it, or choose another port with --port N.`
      : `Cannot listen on ${host}:${port} (${problem}).`,
  );
}

/** Where the launcher itself reaches the server (a wildcard address is reached on loopback). */
function localUrl(host: string, port: number): string {
  const name = normalizeHostName(host);
  if (name === "0.0.0.0") return `http://127.0.0.1:${port}`;
  if (name === "[::]") return `http://[::1]:${port}`;
  return `http://${name}:${port}`;
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

  if (!isLoopbackHost(options.host) && configuredAdminToken() === null) {
    throw new Error(
      `Refusing to listen on ${options.host} without ADMIN_TOKEN: anyone who can reach this machine could import and delete data. ` +
        `Set ADMIN_TOKEN=<a long random secret>, or leave out --host to listen on ${DEFAULT_BIND_HOST} only.`,
    );
  }
  // before the port check: a second start on the same folder usually has the same port too, and this says more
  if (!process.env.DATABASE_URL) assertEmbeddedDatabaseFree();
  await assertPortFree(options.port, options.host);
  // Shown to users and in the lock; a wildcard address is opened as localhost.
  const url =
    isLoopbackHost(options.host) || isWildcardHost(options.host)
      ? `http://localhost:${options.port}`
      : localUrl(options.host, options.port);

  if (prismaClientCurrent()) log("Prisma client: current (prisma generate skipped)");
  else await steps.step("Generating the Prisma client (prisma generate)", generatePrismaClient);

  // reuse: false — two servers on one folder made the second depend on the first (500s once it stopped)
  const prepared = await prepareDatabase({ reuse: false, owner: `${options.dev ? "npm run dev" : "npm start"} at ${url}` }, steps);
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
    if (!database.embedded && prepared.answers === 0) {
      log(
        "The database at DATABASE_URL holds no answers yet: import results with `npm run import -- <file>`, or `npm run demo:load` for synthetic demo data.",
      );
    }
    // After the database, not beside it: run in parallel on the shared 2-core machine (load 6-11),
    // opening the embedded database took 40-105 s and the demo load 25-32 s instead of 3.7 s
    // (PGlite is one thread against Turbopack's many), and the first page came no sooner (151 s
    // and 271 s, against 75 s one after the other at load 5.7).
    const build = buildState();
    if (options.dev) log("Development server: no production build (Next.js compiles pages on first request)");
    else if (build.current) log("Production build: current (next build skipped)");
    else await steps.step(`Building the app (next build: ${build.reason}; the slowest step)`, () => runNextBuild());
    await assertPortFree(options.port, options.host); // again: the build may have taken a minute
  } catch (error) {
    await closeDatabase();
    throw error;
  }

  const kind = database.embedded ? "embedded PostgreSQL (PGlite, .data/pglite)" : "PostgreSQL at DATABASE_URL";
  const contents = prepared.holdsDemo ? "synthetic demo data" : `${prepared.answers} answers`;
  // production: `next start`'s work plus whole responses cached per data version (scripts/server/)
  const listen = ["-p", String(options.port), "-H", options.host];
  const child = spawnTiedNode(options.dev ? [NEXT_BIN, "dev", ...listen] : [NEXT_SERVER, ...listen], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    // HOST: the Host-header check (proxy.ts) also accepts the address the server listens on
    env: { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1", HOST: options.host },
  });

  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    if (child.exitCode === null) child.kill(signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  // the `npm`/`tsx` above this process was killed: stop the server and release the database
  watchOwnParent(() => forward("SIGTERM"));

  log(
    `Starting the ${options.dev ? "development server (next dev)" : "production server (Next.js; its first line says whether the response cache is on)"}...`,
  );
  void waitUntilServing(localUrl(options.host, options.port), child).then((serving) => {
    if (serving) {
      log(
        `Ready at ${localUrl(options.host, options.port)}: the first page answered ${steps.elapsed()} after start (${options.dev ? "development" : "production"} server).`,
      );
      log(`Database: ${kind}, ${contents}. Press Ctrl+C to stop.`);
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
