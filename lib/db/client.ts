// The Prisma client used by the app and the importer. Connects to DATABASE_URL through
// adapter-pg (the Rust-free client). The launcher (scripts/start.ts) sets DATABASE_URL to the
// embedded server when the user gave none.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
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

export function createPrisma(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10, options: appConnectionOptions() }) });
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
