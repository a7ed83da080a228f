// The Prisma client used by the app and the importer. Connects to DATABASE_URL through
// adapter-pg (the Rust-free client). The launcher (scripts/start.ts) sets DATABASE_URL to the
// embedded server when the user gave none.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { isEmbeddedUrl } from "./embedded-url";
import { RollbackSafeClient } from "./lost-connection";
import { PreparingClient } from "./prepared-statements";
import { statementTimeoutMs } from "./query-timeout";
import { asDatabaseUnavailable } from "./unavailable";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; prismaUrl?: string };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides an embedded database.");
  }
  return url;
}

/**
 * Startup options of the app's connections. jit=off: the dashboard's queries are small (a few
 * milliseconds each), but estimates over the histogram tables can exceed PostgreSQL's JIT cost
 * threshold, and compiling a query then took ~200 ms (the question-set list: 143 ms -> 11 ms at 1M answers).
 * statement_timeout: the reads' budget (lib/db/query-timeout.ts).
 */
export function appConnectionOptions(timeoutMs: number = statementTimeoutMs()): string {
  return `-c jit=off -c statement_timeout=${timeoutMs}`;
}

/** Connections of the app's pool on PostgreSQL (the embedded database gets one, below). */
export const APP_POOL_CONNECTIONS = 10;

/**
 * The app's client: a pool of APP_POOL_CONNECTIONS connections whose clients prepare the queries marked with
 * PREPARED_STATEMENT (lib/db/prepared-statements.ts) and give back a transaction's lost connection
 * (lib/db/lost-connection.ts); $disconnect ends the pool.
 * The embedded database gets one connection, unprepared: PGlite serves every connection from its
 * one session, queuing their messages one by one. With several connections, one's Parse landed
 * between another's Parse and Bind ("unnamed prepared statement does not exist") or inside its
 * BEGIN, and a transaction waiting on the queue could hang: 10 concurrent searches on `npm start`
 * had 6-7 errors and 1-2 requests that never answered. PGlite runs one query at a time anyway.
 * A statement one connection prepared would also exist for the next, which then failed to prepare
 * it (42P05). Other connections to the same session (the server's version reads, `npm run import`)
 * cannot split a query's messages either: lib/db/pglite-protocol-groups.ts.
 */
export function createPrisma(connectionString: string): PrismaClient {
  const embedded = isEmbeddedUrl(connectionString);
  const pool = new pg.Pool({
    connectionString,
    max: embedded ? 1 : APP_POOL_CONNECTIONS,
    options: appConnectionOptions(),
    Client: embedded ? RollbackSafeClient : PreparingClient,
  });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // Every query's failure to reach the database becomes one DatabaseUnavailableError
  // (lib/db/unavailable.ts), on every page and route: before, only the reads cached per data
  // version told the reader, and /imports showed "something went wrong". A query extension only
  // wraps each operation: the client's API and types are PrismaClient's.
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw asDatabaseUnavailable(error) ?? error;
        }
      },
    },
  }) as unknown as PrismaClient;
}

/** One client per process (kept on globalThis so Next.js dev reloads do not leak pools). */
export function getPrisma(): PrismaClient {
  const url = databaseUrl();
  if (!globalForPrisma.prisma || globalForPrisma.prismaUrl !== url) {
    globalForPrisma.prisma = createPrisma(url);
    globalForPrisma.prismaUrl = url;
  }
  return globalForPrisma.prisma;
}
