// Route handlers called in process, as Next.js calls them: a Request (with the browser's Host
// header, a bearer token, a JSON or raw body) and the path's dynamic segments as promised params.
// One helper for every integration test that calls routes by URL (api-routes, review-labels,
// collections), and their JSON answers parsed with the contracts (lib/api/contracts.ts).
import type { z } from "zod";
import { apiErrorBodySchema } from "@/lib/api/contracts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TestDatabase } from "./database";

export type RouteMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** A route module and its dynamic segments, e.g. @/app/api/imports/[id]/route with { id: "12" }. */
export interface Route {
  module: string;
  params: Record<string, string>;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** What a call sends besides the method and URL: a token (Bearer), headers, a body (not a string: sent as JSON). */
export interface RouteCallInit {
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * The route of a path with an [id] segment every test shares: /api/models/12, /api/questions/12,
 * /api/imports/12 and /api/imports/12/removal (not the /csv exports beside them).
 */
function entityRoute(pathname: string): Route | undefined {
  const match = /^\/api\/(models|questions|imports)\/([^/]+)(\/removal)?$/.exec(pathname);
  if (!match || match[2] === "csv") return undefined;
  return { module: `@/app/api/${match[1]}/[id]${match[3] ?? ""}/route`, params: { id: decodeURIComponent(match[2]) } };
}

/**
 * A function that calls the route handler of a URL in process. `routeOf` maps the paths with other
 * dynamic segments a test uses; the [id] paths above and the static paths are mapped here.
 */
export function routeCaller(routeOf: (pathname: string) => Route | undefined = () => undefined) {
  return async function call(method: RouteMethod, url: string, init: RouteCallInit = {}): Promise<Response> {
    const { pathname } = new URL(url, "http://localhost");
    const { module, params } = routeOf(pathname) ?? entityRoute(pathname) ?? { module: `@/app${pathname}/route`, params: {} };
    const handler = ((await import(module)) as Record<string, Handler | undefined>)[method];
    if (!handler) throw new Error(`${module} exports no ${method}`);
    // Next passes the browser's Host header; absolute links (the exports' permalinks) are built from it
    const headers: Record<string, string> = { host: "127.0.0.1:3000", ...init.headers };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    return handler(new Request(`http://127.0.0.1:3000${url}`, { method, headers, body }), { params: Promise.resolve(params) });
  };
}

/**
 * A route's JSON answer parsed strictly with its contracts: a 200 body with `success`, any other with
 * `failure` (the one error body by default), so a field that drifts fails the test that reads it.
 */
export async function contractBody<Success extends z.ZodType, Failure extends z.ZodType = typeof apiErrorBodySchema>(
  response: Response,
  success: Success,
  failure?: Failure,
): Promise<{ status: number; body: z.output<Success> | z.output<Failure> }> {
  const json: unknown = await response.json();
  const body = response.status === 200 ? success.parse(json) : (failure ?? apiErrorBodySchema).parse(json);
  return { status: response.status, body: body as z.output<Success> | z.output<Failure> };
}

/**
 * After tests that call route handlers: disconnects the test's own client (when it has one) and the
 * handlers' (getPrisma, which DATABASE_URL pointed at the test database), then drops the database.
 */
export async function dropRouteDatabase(database: TestDatabase | undefined, prisma?: PrismaClient): Promise<void> {
  await prisma?.$disconnect();
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  await database?.drop();
}
