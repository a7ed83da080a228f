// Reviewer tokens (issue 11, item 3): pure, browser-free, no database. A token is 32 random bytes
// (base64url, 43 characters), printed once by `npm run reviewer -- add NAME`; the database keeps
// only its sha256, so a copy of the database (a backup, a test dump) holds no usable token. The
// server's side (lookup, disable) is lib/auth/reviewer.ts.
import crypto from "node:crypto";
import { z } from "zod";

/** The request header a script may use instead of `Authorization: Bearer <token>`. */
export const REVIEWER_TOKEN_HEADER = "x-reviewer-token";

/** A fresh token: 256 bits from the operating system's generator. */
export function generateReviewerToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** What the database stores: the token's sha256, hex. */
export function hashReviewerToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Whether a presented token is the one whose hash is stored. The lookup finds the row by the hash
 * (a unique index); this constant-time comparison of the two hashes is the check itself, as
 * lib/auth/admin.ts compares the admin token, so its time says nothing about how much matched.
 */
export function reviewerTokenMatches(presented: string, storedHash: string): boolean {
  const presentedHash = Buffer.from(hashReviewerToken(presented), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return stored.length === presentedHash.length && crypto.timingSafeEqual(presentedHash, stored);
}

/** The reviewer token a request presents: the Bearer credentials, else the x-reviewer-token header. */
export function presentedReviewerToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  const bearer = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1]?.trim() : undefined;
  if (bearer) return bearer;
  const header = headers.get(REVIEWER_TOKEN_HEADER)?.trim();
  return header ? header : null;
}

/** A reviewer's name: shown on every collection item they add. */
export const reviewerNameSchema = z
  .string()
  .trim()
  .min(1, "a reviewer needs a name")
  .max(64, "at most 64 characters")
  // control characters would garble the CLI's list and the pages
  .regex(/^[^\p{Cc}]+$/u, "no control characters");
