// What a command-line user reads when the database cannot be reached: one line that says what is
// wrong and how to fix it, instead of pg's 40-line stack trace ("Unexpected error during import:
// error: database "x" does not exist at parseErrorMessage ...").
import { z } from "zod";

export class DatabaseConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseConnectionError";
  }
}

/** DATABASE_URL as the app needs it: a postgres:// or postgresql:// URL. */
const databaseUrlSchema = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }));

/** Validates DATABASE_URL, throwing a DatabaseConnectionError that shows the expected form. */
export function checkDatabaseUrl(url: string): string {
  const parsed = databaseUrlSchema.safeParse(url);
  if (parsed.success) return parsed.data;
  throw new DatabaseConnectionError(
    `DATABASE_URL ${parsed.error.issues[0]?.message ?? "is invalid"} (${redact(url)}). ` +
      "Expected postgres://user:password@host:5432/database, or unset it to use the embedded database.",
  );
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url);
  }
}

/**
 * The one-line explanation of a failed connection to `url`, or null for an error that is not about
 * reaching the database (a bug, a failed query): those keep their stack trace.
 */
export function explainConnectionError(error: unknown, url: string): string | null {
  if (error instanceof DatabaseConnectionError) return error.message;
  const code = (error as { code?: unknown })?.code;
  let target: URL | null = null;
  try {
    target = new URL(url);
  } catch {
    // described below without the parts
  }
  // ?host=/folder: a Unix socket (the embedded database, lib/db/embedded.ts)
  const socketDir = target?.searchParams.get("host");
  const host = socketDir ? `the socket in ${socketDir}` : target ? `${target.hostname}:${target.port || "5432"}` : "the database server";
  const database = target ? decodeURIComponent(target.pathname.slice(1)) || "postgres" : "the database";
  const user = target ? decodeURIComponent(target.username) || "postgres" : "postgres";
  switch (code) {
    case "3D000":
      return `The database "${database}" does not exist on ${host}. Create it: createdb -h ${target?.hostname ?? "HOST"} -p ${target?.port || "5432"} -U ${user} ${database}`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${host} refused user "${user}": wrong password or no access (${(error as Error).message}). Fix the user and password in DATABASE_URL.`;
    case "ECONNREFUSED":
      return `Nothing accepts connections at ${host}: start PostgreSQL there, or fix the host and port in DATABASE_URL (or unset it for the embedded database).`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `The database host "${target?.hostname ?? "?"}" cannot be found: fix the host in DATABASE_URL.`;
    case "ETIMEDOUT":
      return `Connecting to ${host} timed out: is the host reachable from here, and is PostgreSQL listening on port ${target?.port || "5432"}?`;
    default:
      return null;
  }
}
