// The importer writes through one plain pg connection (not Prisma): COPY FROM STDIN needs the
// raw wire protocol, and pg's own parameter handling skips Prisma's per-value serialization.
// The connection settings come from the Prisma client the caller passes (importFile keeps its
// signature), i.e. from the adapter-pg factory it was created with (lib/db/client.ts).
import pg from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";

interface AdapterPgFactory {
  adapterName?: string;
  config?: pg.PoolConfig;
  externalPool?: pg.Pool | null;
}

/** The pg connection settings of a Prisma client created with @prisma/adapter-pg. */
export function pgConfigOf(prisma: PrismaClient): pg.ClientConfig {
  const adapter = (prisma as unknown as { _engineConfig?: { adapter?: AdapterPgFactory } })._engineConfig?.adapter;
  const config = adapter?.externalPool?.options ?? adapter?.config;
  if (adapter?.adapterName !== "@prisma/adapter-pg" || !config) {
    throw new Error("the importer needs a Prisma client created with @prisma/adapter-pg (lib/db/client.ts createPrisma)");
  }
  const { connectionString, host, port, user, password, database, ssl } = config;
  return { connectionString, host, port, user, password, database, ssl };
}

/** True on the embedded PGlite, whose socket server cannot take COPY FROM STDIN (the connection dies with "protocol synchronization was lost"). */
export async function isEmbeddedPglite(client: pg.Client): Promise<boolean> {
  const rows = (await client.query<{ version: string }>("SELECT version()")).rows;
  return /PGlite|emscripten/i.test(rows[0]?.version ?? "");
}
