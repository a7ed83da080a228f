// Every error an API route answers: one code → HTTP status map and one body,
// `{ error: { code, message, issues? } }` (issue 12, item 2). Before, 18 handlers wrote 41 status
// sites by hand, with two body shapes (`{ error: "..." }` and the import's `{ ok: false, error, ... }`)
// and four ways to say "not found". Browser-safe: no server imports (the import form reads these types).
import type { ImportIssue } from "@/lib/import/types";

/** Each error code and the HTTP status it is answered with. */
export const ERROR_STATUS = {
  /** a query parameter is missing or invalid; `issues` names each one */
  "invalid-parameter": 400,
  /** an uploaded file has problems; `issues` lists them (file, row, line, column) */
  "invalid-file": 400,
  /** ADMIN_TOKEN is set and the request lacks it or carries a wrong one */
  unauthorized: 401,
  /** a write from another site (lib/security/request-guard.ts) */
  "cross-site-request": 403,
  /** no such set, model, question, batch, group or base model */
  "not-found": 404,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  /** the Host header names another server (lib/security/hosts.ts) */
  "unknown-host": 421,
  /** other work holds what the request needs (search connections, a running import, a lock); try again */
  busy: 503,
  /** the database ran past the statement budget (lib/db/query-timeout.ts) and cancelled the query; try again */
  "query-timeout": 503,
  /** the database cannot be reached (restarting, connections killed); the pool reconnects by itself: try again */
  "database-unavailable": 503,
  /** anything else: a bug; the message says nothing about internals */
  "internal-error": 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** A bad query parameter (or a form field the upload lacks). */
export interface ParameterIssue {
  parameter: string;
  message: string;
}

/** One thing to fix: a parameter, or a place in an uploaded file. */
export type ApiIssue = ParameterIssue | ImportIssue;

export interface ApiErrorBody<Extra extends object = object> {
  error: { code: ErrorCode; message: string; issues?: ApiIssue[] } & Extra;
}

/**
 * Thrown by a route handler (or mapped from a domain error by the route wrapper): answered with
 * the status of its code and the one error body. `extra` adds fields to the error object (the
 * import's `truncated` and `format`); `headers` adds response headers (Retry-After, WWW-Authenticate).
 */
export class ApiError<Extra extends object = object> extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { issues?: ApiIssue[]; extra?: Extra; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  body(): ApiErrorBody<Extra> {
    const { issues, extra } = this.options;
    return { error: { code: this.code, message: this.message, ...(issues ? { issues } : {}), ...(extra as Extra) } };
  }
}

/** The JSON response for an error (never cached). */
export function errorResponse(error: ApiError): Response {
  return Response.json(error.body(), {
    status: error.status,
    headers: { "Cache-Control": "no-store", ...error.options.headers },
  });
}

/** The message of an error body read by a browser, or null when the body is not one. */
export function errorMessageOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null || !("message" in error)) return null;
  const message = (error as { message: unknown }).message;
  return typeof message === "string" ? message : null;
}
