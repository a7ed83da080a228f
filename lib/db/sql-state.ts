// The SQLSTATE of a failed query, wherever pg or Prisma put it: one reader for the import locks
// (lib/import/write/locks.ts) and the statement budget (lib/db/query-timeout.ts).

/** SQLSTATE of a database error from pg (`code`) or from Prisma's driver adapter (`meta`), else null. */
export function sqlStateOf(error: unknown): string | null {
  const e = error as {
    code?: unknown;
    clientVersion?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
  } | null;
  const cause = e?.meta?.driverAdapterError?.cause;
  const adapterCode = cause?.originalCode ?? cause?.code;
  if (typeof adapterCode === "string") return adapterCode;
  // a Prisma error's own code (P2010, ...) looks like a SQLSTATE but is not one
  if (e?.clientVersion === undefined && typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return null;
}
