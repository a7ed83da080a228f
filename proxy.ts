// Runs before every route (Next.js 16's proxy, formerly middleware; Node.js runtime): refuses
// requests for other host names and cross-site writes (lib/security/request-guard.ts), and sets
// the security headers on every response (lib/security/headers.ts).
import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders } from "@/lib/security/headers";
import { guardRequest } from "@/lib/security/request-guard";

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders(request.nextUrl.pathname);
  const refusal = guardRequest(request.method, request.headers);
  const response = refusal
    ? NextResponse.json({ error: refusal.message, code: refusal.code }, { status: refusal.status, headers: { "Cache-Control": "no-store" } })
    : NextResponse.next();
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
