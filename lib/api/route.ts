// One way to answer an API request (issue 12, item 2), after langfuse's createAuthedAPIRoute:
// every app/api/**/route.ts handler is `apiRoute({ query, admin, cache, handler })`. The wrapper
// checks the admin token (when the route changes data), parses the query string with the route's
// zod schema, runs the handler, sets the caching header, and turns every thrown error into the one
// error body of lib/api/errors.ts: an ApiError as it is, a known domain error by its meaning, and
// anything else as a 500 whose body says nothing about internals (the stack goes to the log).
import type { z } from "zod";
import { checkAdminToken } from "@/lib/auth/admin";
import { withOneDataVersion } from "@/lib/cache/data-version";
import { QueryTimeoutError } from "@/lib/db/query-timeout";
import { asDatabaseUnavailable } from "@/lib/db/unavailable";
import { BatchNotFoundError, RemovalBusyError } from "@/lib/import/batches/remove";
import { describeIssues, searchParamsToRecord } from "@/lib/params/common";
import { SearchBusyError } from "@/lib/queries/answer-browser";
import { UnknownQuestionSetError } from "@/lib/queries/rates";
import { UnknownJudgeError } from "@/lib/queries/judges";
import { ApiError, errorResponse, type ParameterIssue } from "./errors";

/**
 * How a route's answers may be cached. Every route today answers "no-store": the numbers change
 * with each import and removal, and a cached figure would silently disagree with the database.
 */
export type CachePolicy = "no-store";

const CACHE_CONTROL: Record<CachePolicy, string> = { "no-store": "no-store" };

/** What Next passes as the second argument: the dynamic segments ([id]) of the path. */
export interface RouteContext {
  params: Promise<Record<string, string>>;
}

export interface ApiRouteOptions<Query extends z.ZodType | undefined> {
  /** the query string's schema; an invalid query answers 400 invalid-parameter with its issues */
  query?: Query;
  /** changes data: requires ADMIN_TOKEN when it is set (401 unauthorized otherwise) */
  admin?: true;
  cache: CachePolicy;
  handler: (input: {
    request: Request;
    query: Query extends z.ZodType ? z.output<Query> : undefined;
    /** the path's dynamic segments, as Next passes them (still unvalidated text) */
    params: Record<string, string>;
  }) => Promise<Response> | Response;
}

/** A bad query as the one error body: the message names every parameter, `issues` each one apart. */
export function invalidQueryError(error: z.ZodError): ApiError {
  const issues: ParameterIssue[] = error.issues.map((issue) => ({
    parameter: issue.path.join(".") || "parameter",
    message: issue.message,
  }));
  return new ApiError("invalid-parameter", `Invalid query: ${describeIssues(error)}`, { issues });
}

/** Domain errors that mean the same thing wherever they are thrown. */
function knownError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof UnknownQuestionSetError) return new ApiError("not-found", error.message);
  if (error instanceof UnknownJudgeError) {
    return new ApiError("invalid-parameter", error.message, { issues: [{ parameter: "judge", message: error.message }] });
  }
  if (error instanceof BatchNotFoundError) return new ApiError("not-found", error.message);
  // Retry-After: a search waits at most a few seconds for a connection; a removal for running imports
  if (error instanceof SearchBusyError) return new ApiError("busy", error.message, { headers: { "Retry-After": "5" } });
  if (error instanceof RemovalBusyError) return new ApiError("busy", error.message, { headers: { "Retry-After": "10" } });
  if (error instanceof QueryTimeoutError) return new ApiError("query-timeout", error.message, { headers: { "Retry-After": "5" } });
  // thrown raw by the routes whose queries are not cached per data version (search, writes)
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) return new ApiError("database-unavailable", unavailable.message, { headers: { "Retry-After": "5" } });
  return null;
}

function adminError(request: Request): ApiError | null {
  const check = checkAdminToken(request.headers);
  if (check.ok) return null;
  // WWW-Authenticate as RFC 6750 asks of a 401
  return new ApiError("unauthorized", check.message, { headers: { "WWW-Authenticate": 'Bearer realm="misalignment-explorer"' } });
}

/** A Next.js route handler (GET, POST, DELETE) built from the options. */
export function apiRoute<Query extends z.ZodType | undefined = undefined>(
  options: ApiRouteOptions<Query>,
): (request: Request, context?: RouteContext) => Promise<Response> {
  return async (request, context) => {
    let response: Response;
    try {
      response = await withOneDataVersion(() => answer(options, request, context));
    } catch (error) {
      const known = knownError(error);
      const path = new URL(request.url).pathname;
      if (!known) console.error(`${request.method} ${path} failed:`, error);
      // one line, not the stack trace, per request while the database is away
      else if (known.code === "database-unavailable")
        console.warn(`${request.method} ${path}: database unreachable (${asDatabaseUnavailable(error)?.reason})`);
      response = errorResponse(
        known ?? new ApiError("internal-error", "The server failed to answer this request; the error is in its log."),
      );
    }
    if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", CACHE_CONTROL[options.cache]);
    return response;
  };
}

async function answer<Query extends z.ZodType | undefined>(
  options: ApiRouteOptions<Query>,
  request: Request,
  context: RouteContext | undefined,
): Promise<Response> {
  if (options.admin) {
    const refused = adminError(request);
    if (refused) throw refused;
  }
  let query: unknown = undefined;
  if (options.query) {
    const parsed = options.query.safeParse(searchParamsToRecord(new URL(request.url).searchParams));
    if (!parsed.success) throw invalidQueryError(parsed.error);
    query = parsed.data;
  }
  const params = context ? await context.params : {};
  return options.handler({ request, query: query as never, params });
}

/** A JSON success body with the route's extra headers (provenance). */
export function jsonResponse<Body>(body: Body, headers: Record<string, string> = {}): Response {
  return Response.json(body, { headers });
}

/**
 * The one way a handler says "not found": the value when there is one, else a 404 not-found with
 * the message (an id that is not a whole number included: nothing can have it).
 */
export function found<Value>(value: Value | null | undefined, message: string): Value {
  if (value === null || value === undefined) throw new ApiError("not-found", message);
  return value;
}
