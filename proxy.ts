// Runs before every route (Next.js 16's proxy, formerly middleware; Node.js runtime): refuses
// requests for other host names and cross-site writes (lib/security/request-guard.ts), answers a
// removed answer's permalink 410 Gone, and sets the security headers on every response
// (lib/security/headers.ts). Refusals use the API's one error body (lib/api/errors.ts).
import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { answerRefOfPath, parseAnswerRef } from "@/lib/params/answers";
import { isAnswerGone } from "@/lib/queries/answers";
import { securityHeaders } from "@/lib/security/headers";
import { guardRequest } from "@/lib/security/request-guard";

/**
 * 410 for the permalink page of an answer that was removed (and not imported again), else
 * undefined (the page decides: 200, or 404 from notFound()).
 *
 * Here and not in the page: a Next.js page has no way to answer 410. Its status is fixed before
 * the first byte streams, and the only statuses a render can choose are notFound() (404),
 * redirects, and forbidden()/unauthorized() (403/401); the maintainers' answer to custom statuses
 * is that they cannot be set once streaming starts (vercel/next.js discussion 53225). A status the
 * proxy gives NextResponse.next() is kept by a page that renders normally, so the page renders the
 * removed answer (components/answers/RemovedAnswer.tsx) instead of calling notFound().
 * Only a document request: an RSC request (client-side navigation, prefetch) with a status other
 * than 200 makes the router fall back to a full page load; that load gets the 410.
 */
async function permalinkStatus(request: NextRequest): Promise<number | undefined> {
  if ((request.method !== "GET" && request.method !== "HEAD") || request.headers.has("rsc")) return undefined;
  const path = answerRefOfPath(request.nextUrl.pathname);
  const ref = path === null ? null : parseAnswerRef(path);
  if (!ref || !("publicId" in ref)) return undefined;
  try {
    return (await isAnswerGone(getPrisma(), ref.publicId)) ? 410 : undefined;
  } catch {
    // the page still says what it can (the database error shows there); the status is not worth a failure here
    return undefined;
  }
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const headers = securityHeaders(request.nextUrl.pathname);
  const refusal = guardRequest(request.method, request.headers);
  const error = refusal && new ApiError(refusal.code, refusal.message);
  const response = error
    ? NextResponse.json(error.body(), { status: error.status, headers: { "Cache-Control": "no-store" } })
    : NextResponse.next({ status: await permalinkStatus(request) });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
