// The importer writes through one plain pg connection (not Prisma): COPY FROM STDIN needs the
// raw wire protocol, and pg's own parameter handling skips Prisma's per-value serialization.
// Callers pass the database's connection string (DATABASE_URL, the embedded server's URL), the
// same one their Prisma client was made from.
import "server-only";
import type pg from "pg";

/** True on the embedded PGlite, whose socket server cannot take COPY FROM STDIN (the connection dies with "protocol synchronization was lost"). */
export async function isEmbeddedPglite(client: pg.Client): Promise<boolean> {
  const rows = (await client.query<{ version: string }>("SELECT version()")).rows;
  return /PGlite|emscripten/i.test(rows[0]?.version ?? "");
}
