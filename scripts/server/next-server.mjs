// @ts-check
// The production server: Next.js behind the response cache (scripts/server/response-cache.mjs).
// `node scripts/server/next-server.mjs -p PORT -H HOST`, with DATABASE_URL set: what `next start`
// did, plus whole responses cached per data version. Started by `npm start` (scripts/start.ts) and
// the browser tests (tests/e2e/serve.ts). ME_RESPONSE_CACHE=off turns the cache off (see below).
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import pg from "pg";
import { createResponseCache } from "./response-cache.mjs";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** @param {string[]} argv */
function parseArguments(argv) {
  let port = Number(process.env.PORT ?? 3000);
  let host = process.env.HOST ?? "127.0.0.1";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-p" || argv[i] === "--port") port = Number(argv[++i]);
    else if (argv[i] === "-H" || argv[i] === "--hostname") host = argv[++i];
    else throw new Error(`next-server: unknown option ${argv[i]} (usage: -p PORT -H HOST)`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`next-server: invalid port ${port}`);
  return { port, host };
}

const { port, host } = parseArguments(process.argv.slice(2));
process.env.NODE_ENV = "production";

const app = next({ dev: false, dir: PROJECT_ROOT, hostname: host, port });
const handler = app.getRequestHandler();

// Two connections: a version read is one indexed row (about 0.2 ms); the pages' own queries use the
// app's pool (lib/db/client.ts). The same statement budget as the app's reads.
const versionPool = process.env.DATABASE_URL
  ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, options: "-c statement_timeout=2000" })
  : null;
versionPool?.on("error", () => undefined); // a dropped idle connection: the next read reconnects

// On unless ME_RESPONSE_CACHE=off. Without it, at 1M answers and 200 connections, `/`, /compare and
// /answers answered no request within the load test's 10 s timeout, and the other paths had p99s
// of 4-9 s (npm run loadtest with ME_RESPONSE_CACHE=off); with it every path had p99 under 140 ms (135 ms for `/`).
const cache =
  process.env.ME_RESPONSE_CACHE === "off" || !versionPool
    ? null
    : createResponseCache({
        readVersion: async () => {
          const { rows } = await versionPool.query("SELECT version::text AS version FROM data_version");
          return rows[0]?.version ?? null;
        },
      });

await app.prepare();

const server = http.createServer((request, response) => {
  const render = () => handler(request, response);
  if (!cache) return void render();
  cache.handle(request, response, render).catch((error) => {
    console.error("[server] response cache failed; answering without it:", error);
    if (!response.headersSent) render();
  });
});
server.on("error", (error) => {
  console.error(`[server] cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`[server] Next.js ${cache ? "with the response cache" : "without the response cache"} on http://${host}:${port}`);
});

const stop = () => {
  server.close();
  void versionPool?.end();
  void app.close?.();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
