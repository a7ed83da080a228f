// The database out of reach while the server runs (issue 13, item 3): PostgreSQL restarting, its
// connections killed, or the server gone. The app's pool reconnects by itself once the database is
// back (the connections that broke are dropped, the next query opens a new one); until then each
// request fails at once, and the reader is told what happened in one sentence: a 503 with
// Retry-After from the API, and on a page the error boundary's own message (app/error.tsx). Before,
// an API route answered 500 "the server failed" and logged a 30-line stack trace per request.
//
// Browser-safe: app/error.tsx reads the digest and the message.
import { sqlStateOf } from "./sql-state";

/** The digest Next passes to the error page unchanged (app/error.tsx). */
export const DATABASE_UNAVAILABLE_DIGEST = "ME_DATABASE_UNAVAILABLE";

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database cannot be reached at the moment: it may be restarting. Try again in a few seconds.";

/** The database could not be reached, or dropped the connection while answering. */
export class DatabaseUnavailableError extends Error {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;
  constructor(readonly reason: string) {
    super(DATABASE_UNAVAILABLE_MESSAGE);
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * SQLSTATEs that mean the connection, not the query, failed: class 08 (connection exception),
 * 57P01 admin_shutdown (a fast shutdown, or pg_terminate_backend), 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up or shutting down), 53300 too_many_connections.
 */
function isConnectionSqlState(state: string): boolean {
  return state.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03" || state === "53300";
}

/** Socket errors of a connection (and ENOENT on connect: a Unix socket whose file is gone, below). */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/** Prisma's driver-adapter kinds for a connection that could not be made or was lost. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * pg's own messages for a connection that ended under a query (no code): "Connection terminated
 * unexpectedly", "Connection terminated due to connection timeout", "Client has encountered a
 * connection error and is not queryable". At the start of a line: Prisma puts the driver's message
 * under its own heading ("Invalid `prisma.<method>()` invocation:").
 */
const LOST_CONNECTION_MESSAGE = /^((?:Connection terminated\b|Client has encountered a connection error).*)$/m;

interface ErrorShape {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
}

/** Why `error` means the database is out of reach, or null when it is about something else. */
function unavailableReason(error: unknown, depth = 0): string | null {
  if (depth > 4 || typeof error !== "object" || error === null) return null;
  const e = error as ErrorShape;
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return kind;
  const state = sqlStateOf(error);
  if (state !== null && isConnectionSqlState(state)) return `SQLSTATE ${state}`;
  // a missing socket file: pg's error has syscall "connect"; Prisma keeps only its code and message
  const missingSocket =
    e.code === "ENOENT" && (e.syscall === "connect" || (typeof e.message === "string" && e.message.includes("connect ENOENT")));
  if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || missingSocket)) return e.code;
  // Prisma's own codes: P1001 can't reach the database server, P1017 the server closed the connection
  if (e.code === "P1001" || e.code === "P1017") return e.code;
  const lost = typeof e.message === "string" ? LOST_CONNECTION_MESSAGE.exec(e.message) : null;
  if (lost) return lost[1];
  return unavailableReason(e.cause, depth + 1) ?? unavailableReason(e.meta?.driverAdapterError, depth + 1);
}

/** The error as a DatabaseUnavailableError when it means the database is out of reach, else null. */
export function asDatabaseUnavailable(error: unknown): DatabaseUnavailableError | null {
  if (error instanceof DatabaseUnavailableError) return error;
  // made by another copy of this module: Next bundles one per layer (pages' and route handlers')
  const other = error as { digest?: unknown; reason?: unknown } | null;
  if (other?.digest === DATABASE_UNAVAILABLE_DIGEST) return new DatabaseUnavailableError(String(other.reason));
  const reason = unavailableReason(error);
  return reason === null ? null : new DatabaseUnavailableError(reason);
}
