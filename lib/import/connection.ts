// The importer writes through one plain pg connection (not Prisma): COPY FROM STDIN needs the
// raw wire protocol, and pg's own parameter handling skips Prisma's per-value serialization.
// The connection settings come from the Prisma client the caller passes (importFile keeps its
// signature): lib/db/client.ts remembers each client's connection string.
import "server-only";
import pg from "pg";
import { connectionStringOf } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** The pg connection settings of a Prisma client made by createPrisma(). */
export function pgConfigOf(prisma: PrismaClient): pg.ClientConfig {
  return { connectionString: connectionStringOf(prisma) };
}

/** True on the embedded PGlite, whose socket server cannot take COPY FROM STDIN (the connection dies with "protocol synchronization was lost"). */
export async function isEmbeddedPglite(client: pg.Client): Promise<boolean> {
  const rows = (await client.query<{ version: string }>("SELECT version()")).rows;
  return /PGlite|emscripten/i.test(rows[0]?.version ?? "");
}
