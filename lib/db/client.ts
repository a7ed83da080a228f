// The Prisma client used by the app and the importer. Connects to DATABASE_URL through
// adapter-pg (the Rust-free client). The launcher (scripts/start.ts) sets DATABASE_URL to the
// embedded server when the user gave none.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { isEmbeddedUrl } from "./embedded";
import { PreparingClient } from "./prepared-statements";
import { statementTimeoutMs } from "./query-timeout";

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

/**
 * The app's client: a pool of 10 connections whose clients prepare the queries marked with
 * PREPARED_STATEMENT (lib/db/prepared-statements.ts); $disconnect ends the pool.
 * The embedded database gets one connection, unprepared: PGlite serves every connection from its
 * one session, queuing their messages one by one. With several connections, one's Parse landed
 * between another's Parse and Bind ("unnamed prepared statement does not exist") or inside its
 * BEGIN, and a transaction waiting on the queue could hang: 10 concurrent searches on `npm start`
 * had 6-7 errors and 1-2 requests that never answered. PGlite runs one query at a time anyway.
 * A statement one connection prepared would also exist for the next, which then failed to prepare
 * it (42P05).
 */
export function createPrisma(connectionString: string): PrismaClient {
  const embedded = isEmbeddedUrl(connectionString);
  const pool = new pg.Pool({
    connectionString,
    max: embedded ? 1 : 10,
    options: appConnectionOptions(),
    Client: embedded ? pg.Client : PreparingClient,
  });
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
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
