// `npm run loadtest -- [--url http://127.0.0.1:PORT] [--connections 200] [--duration 60] [--paths a,b,...]
//   [--timeout 10] [--pid PID] [--json FILE] [--check]`
//
// Issue 13's bounded load test: each path in turn gets N concurrent connections for a fixed
// duration (autocannon), against this machine only, then one markdown table: requests, req/s,
// p50/p99/max latency, errors, timeouts, non-2xx answers and the server's RSS before → after.
// Without --url it starts the production build itself (DATABASE_URL required) and stops it on
// every way out. Exit code: 0 when it ran (whatever the numbers), 1 with --check when a path
// misses the bar (0 errors, 0 timeouts, 0 non-2xx, p99 < 1 s), 2 on usage or setup errors.
//
// Parts (scripts/loadtest/): options.ts (command line, loopback check, default paths),
// discover.ts (ids and a search word through the public API), search-word.ts (which word),
// run.ts (autocannon, idle wait), process-tree.ts (RSS), server.ts (next start), report.ts
// (the table and the bar).
import fs from "node:fs";
import { discoverPlaceholders, DiscoveryError } from "./loadtest/discover";
import { fillPath, parseLoadtestArgs, placeholdersUsed, UsageError, type LoadtestOptions } from "./loadtest/options";
import { processTreeRssBytes } from "./loadtest/process-tree";
import { barMisses, formatResultsTable, formatVerdict, pathResultOf, type PathResult } from "./loadtest/report";
import { loadUrl, stopCurrentLoad, waitUntilIdle } from "./loadtest/run";
import { startProductionServer, type StartedServer } from "./loadtest/server";

const log = (message: string) => console.error(`[loadtest] ${message}`);

/** A setup step failed (no server, discovery): exit code 2. */
class SetupError extends Error {}

let server: StartedServer | null = null;
let interrupted = false;

async function run(options: LoadtestOptions): Promise<number> {
  let baseUrl = options.url;
  let pid = options.pid;
  if (baseUrl === undefined) {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      throw new UsageError(
        "DATABASE_URL is required without --url (the server to start needs its database); or give --url of a running server.",
      );
    }
    try {
      server = await startProductionServer(databaseUrl, log);
    } catch (error) {
      throw new SetupError(`Could not start the server: ${(error as Error).message}`);
    }
    baseUrl = server.url;
    pid = server.pid;
  }

  const discovered = await discoverPlaceholders(baseUrl, placeholdersUsed(options.paths));
  for (const note of discovered.notes) log(note);
  const paths = options.paths.map((path) => fillPath(path, discovered.values));
  log(
    `${paths.length} paths × ${options.connections} connections × ${options.durationSeconds} s against ${baseUrl}` +
      (pid === undefined ? " (no --pid: RSS not measured)" : ` (RSS of pid ${pid} and its children)`),
  );

  if (options.timeoutSeconds >= options.durationSeconds) {
    log(
      `--timeout ${options.timeoutSeconds} s ≥ --duration ${options.durationSeconds} s: slow requests end the run open ("open at end"), not as timeouts`,
    );
  }
  const results: PathResult[] = [];
  for (const path of paths) {
    if (interrupted) break;
    const idle = await waitUntilIdle(baseUrl);
    if (!idle.idle) log(`the server was still busy after ${Math.round(idle.waitedMs / 1000)} s; loading ${path} anyway`);
    const rssBeforeBytes = pid === undefined ? null : processTreeRssBytes(pid);
    log(`loading ${path} ...`);
    const raw = await loadUrl(`${baseUrl}${path}`, {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      timeoutSeconds: options.timeoutSeconds,
    });
    const rssAfterBytes = pid === undefined ? null : processTreeRssBytes(pid);
    results.push(pathResultOf(path, raw, { rssBeforeBytes, rssAfterBytes, serverIdleBefore: idle.idle }));
    rawResults.push(raw);
    if (options.jsonFile)
      writeJson(options.jsonFile, { url: baseUrl, options, discovery: discovered.notes, results, autocannon: rawResults });
  }

  console.log(formatResultsTable(results));
  console.log("");
  for (const line of formatVerdict(results)) console.log(line);
  if (interrupted) {
    log("interrupted: the table holds the paths run so far");
    return 130;
  }
  return options.check && results.some((result) => barMisses(result).length > 0) ? 1 : 0;
}

/** autocannon's own results (histogram percentiles, throughput, status codes), for --json. */
const rawResults: unknown[] = [];

/** Written after every path, so an interrupted run keeps what it measured. */
function writeJson(file: string, body: Record<string, unknown>): void {
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}

async function stopServer(): Promise<void> {
  const started = server;
  server = null;
  if (started) {
    log(`stopping the server (pid ${started.pid})`);
    await started.stop();
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping`);
    // during a load: it stops, and the table of the paths run so far is printed (run() returns 130);
    // otherwise (building, starting, discovering, waiting for idle) stop the server and leave now
    if (stopCurrentLoad()) return;
    void stopServer().then(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  let options: LoadtestOptions;
  try {
    options = parseLoadtestArgs(process.argv.slice(2));
    return await run(options);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SetupError || error instanceof DiscoveryError) {
      console.error(`[loadtest] ${error instanceof DiscoveryError ? "Finding ids to load failed: " : ""}${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await stopServer();
  }
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error);
    await stopServer();
    process.exit(2);
  },
);
