// ADMIN_TOKEN: when the environment sets it, requests that change data (import, remove a batch)
// must carry it — `Authorization: Bearer <token>` or `x-admin-token: <token>`. Reading never
// needs it. Without ADMIN_TOKEN the app is open (one person's laptop).
import crypto from "node:crypto";

export type AdminCheck = { ok: true } | { ok: false; status: 401; message: string };

/** The configured token, or null when the app is open (unset or blank). */
export function configuredAdminToken(env: Record<string, string | undefined> = process.env): string | null {
  const token = env.ADMIN_TOKEN?.trim();
  return token ? token : null;
}

/** The token a request presents: the Bearer credentials, else the x-admin-token header. */
export function presentedToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  const bearer = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1]?.trim() : undefined;
  if (bearer) return bearer;
  const header = headers.get("x-admin-token")?.trim();
  return header ? header : null;
}

/**
 * Constant-time comparison: both sides are hashed first so timingSafeEqual gets equal lengths
 * and the time taken says nothing about the token's length or content.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest();
  return crypto.timingSafeEqual(digest(presented), digest(expected));
}

export function checkAdminToken(headers: Headers, expected: string | null = configuredAdminToken()): AdminCheck {
  if (expected === null) return { ok: true };
  const presented = presentedToken(headers);
  if (presented === null) {
    return {
      ok: false,
      status: 401,
      message:
        "This server requires the admin token (ADMIN_TOKEN) to import or remove data: send it as `Authorization: Bearer <token>` or an `x-admin-token` header, or enter it in the token field on the page.",
    };
  }
  if (!tokensMatch(presented, expected)) {
    return { ok: false, status: 401, message: "The admin token is wrong: it does not match this server's ADMIN_TOKEN." };
  }
  return { ok: true };
}
