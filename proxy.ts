// Runs before every route (Next.js 16's proxy, formerly middleware; Node.js runtime): refuses
// requests for other host names and cross-site writes (lib/security/request-guard.ts), and sets
// the security headers on every response (lib/security/headers.ts). Refusals use the API's one
// error body (lib/api/errors.ts).
import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { ANSWER_REF_HEADER, answerRefOfPath } from "@/lib/params/answers";
import { securityHeaders } from "@/lib/security/headers";
import { guardRequest } from "@/lib/security/request-guard";

/** The request's headers with ANSWER_REF_HEADER set from the path (and a client's own dropped). */
function withAnswerRef(request: NextRequest): Headers {
  const headers = new Headers(request.headers);
  headers.delete(ANSWER_REF_HEADER);
  const ref = answerRefOfPath(request.nextUrl.pathname);
  if (ref !== null) headers.set(ANSWER_REF_HEADER, ref);
  return headers;
}

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders(request.nextUrl.pathname);
  const refusal = guardRequest(request.method, request.headers);
  const error = refusal && new ApiError(refusal.code, refusal.message);
  const response = error
    ? NextResponse.json(error.body(), { status: error.status, headers: { "Cache-Control": "no-store" } })
    : NextResponse.next({ request: { headers: withAnswerRef(request) } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
