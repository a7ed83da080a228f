// The Prisma client used by the app and the importer. Connects to DATABASE_URL through
// adapter-pg (the Rust-free client). The launcher (scripts/start.ts) sets DATABASE_URL to the
// embedded server when the user gave none.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; prismaUrl?: string };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides an embedded database.");
  }
  return url;
}

export function createPrisma(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
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
