// What proxy.ts checks on every request before any route runs (issue 15, item 6):
// - the Host header names this server (lib/security/hosts.ts: DNS rebinding), else 421;
// - a request that can change data (any method but GET/HEAD/OPTIONS) comes from this server's own
//   pages, a valid admin token, or no browser at all (the CLI, curl: no Origin/Sec-Fetch-Site),
//   else 403. Before, with no ADMIN_TOKEN, a page on any other site imported data with a
//   `fetch(..., { method: "POST", mode: "no-cors" })` (CSRF).
import { checkAdminToken, configuredAdminToken } from "@/lib/auth/admin";
import { hostAllowed } from "./hosts";

/** Every route that changes data, with its methods: a test checks this list against app/**\/route.ts. */
export const WRITE_ROUTES: { path: string; methods: string[] }[] = [
  // review labels: a reviewer token, checked by the route (lib/auth/reviewer.ts)
  { path: "/api/answers/[publicId]/labels", methods: ["POST"] },
  // collections: a reviewer token is checked by the routes themselves (lib/auth/reviewer.ts)
  { path: "/api/collections", methods: ["POST"] },
  { path: "/api/collections/[slug]", methods: ["PATCH", "DELETE"] },
  { path: "/api/collections/[slug]/items", methods: ["POST"] },
  { path: "/api/collections/[slug]/items/[answerId]", methods: ["DELETE"] },
  { path: "/api/import", methods: ["POST"] },
  { path: "/api/import/experiment", methods: ["POST"] },
  { path: "/api/imports/[id]", methods: ["DELETE"] },
];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type GuardRefusal = { status: 403 | 421; code: "cross-site-request" | "unknown-host"; message: string };

export function checkHostHeader(headers: Headers, env: Record<string, string | undefined> = process.env): GuardRefusal | null {
  const host = headers.get("host");
  if (hostAllowed(host, env)) return null;
  return {
    status: 421,
    code: "unknown-host",
    message:
      `This server does not answer to the host name "${host ?? ""}". Open it as http://localhost:<port>, ` +
      "or list the name in ALLOWED_HOSTS (comma-separated) when it is deployed behind a domain.",
  };
}

/** Whether the request's Origin (when it has one) is this server's own origin. */
function sameOrigin(origin: string, host: string | null): boolean {
  if (origin === "null" || host === null) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

export function checkWriteOrigin(
  method: string,
  headers: Headers,
  env: Record<string, string | undefined> = process.env,
): GuardRefusal | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const token = configuredAdminToken(env);
  if (token !== null && checkAdminToken(headers, token).ok) return null;
  const fetchSite = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  const crossSite =
    (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") ||
    (origin !== null && !sameOrigin(origin, headers.get("host")));
  if (!crossSite) return null;
  return {
    status: 403,
    code: "cross-site-request",
    message:
      `Refused: this ${method.toUpperCase()} came from another site (${origin ?? fetchSite}). Imports and removals are accepted from ` +
      "this server's own pages, from the command line (no Origin header), or with the admin token (ADMIN_TOKEN).",
  };
}

/** The first check the request fails, or null when it may go on. */
export function guardRequest(method: string, headers: Headers, env: Record<string, string | undefined> = process.env): GuardRefusal | null {
  return checkHostHeader(headers, env) ?? checkWriteOrigin(method, headers, env);
}
