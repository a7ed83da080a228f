// Reviewers (issue 11, item 3): who may write to collections (and, later, label answers). A write
// presents the reviewer's token (`Authorization: Bearer <token>` or `x-reviewer-token`); the
// database holds only its sha256 (lib/auth/reviewer-token.ts). Reading never needs a token, and a
// reviewer token never replaces ADMIN_TOKEN: importing and removing batches check only that
// (lib/auth/admin.ts), so a reviewer's token there is refused like any wrong token.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { generateReviewerToken, hashReviewerToken, presentedReviewerToken, reviewerTokenMatches } from "./reviewer-token";

export interface ReviewerIdentity {
  id: number;
  name: string;
}

export interface ReviewerListing extends ReviewerIdentity {
  createdAt: Date;
  disabledAt: Date | null;
}

export class ReviewerExistsError extends Error {
  constructor(name: string) {
    super(`A reviewer named "${name}" exists already (reviewer names are unique).`);
    this.name = "ReviewerExistsError";
  }
}

/** Creates a reviewer and returns the token, which exists nowhere else from now on: show it once. */
export async function createReviewer(prisma: PrismaClient, name: string): Promise<{ reviewer: ReviewerIdentity; token: string }> {
  if (await prisma.reviewer.findUnique({ where: { name } })) throw new ReviewerExistsError(name);
  const token = generateReviewerToken();
  const reviewer = await prisma.reviewer.create({ data: { name, tokenHash: hashReviewerToken(token) }, select: { id: true, name: true } });
  return { reviewer, token };
}

export async function listReviewers(prisma: PrismaClient): Promise<ReviewerListing[]> {
  return prisma.reviewer.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, createdAt: true, disabledAt: true } });
}

/** Disables a reviewer (their token stops working at once); null when there is no such reviewer. */
export async function disableReviewer(prisma: PrismaClient, name: string): Promise<ReviewerListing | null> {
  const reviewer = await prisma.reviewer.findUnique({ where: { name } });
  if (!reviewer) return null;
  if (reviewer.disabledAt) return { id: reviewer.id, name: reviewer.name, createdAt: reviewer.createdAt, disabledAt: reviewer.disabledAt };
  return prisma.reviewer.update({
    where: { id: reviewer.id },
    data: { disabledAt: new Date() },
    select: { id: true, name: true, createdAt: true, disabledAt: true },
  });
}

export type ReviewerCheck = { ok: true; reviewer: ReviewerIdentity } | { ok: false; message: string };

/** Who the request's reviewer token belongs to, or why it names nobody. Never cached: a disabled token stops at once. */
export async function checkReviewerToken(prisma: PrismaClient, headers: Headers): Promise<ReviewerCheck> {
  const presented = presentedReviewerToken(headers);
  if (presented === null) {
    return {
      ok: false,
      message:
        "This needs a reviewer token: send it as `Authorization: Bearer <token>` or an `x-reviewer-token` header, or enter it in the reviewer token field on the page. An administrator creates one with `npm run reviewer -- add NAME`.",
    };
  }
  const row = await prisma.reviewer.findUnique({ where: { tokenHash: hashReviewerToken(presented) } });
  if (!row || !reviewerTokenMatches(presented, row.tokenHash)) {
    return { ok: false, message: "The reviewer token is wrong: it belongs to no reviewer of this server." };
  }
  if (row.disabledAt) return { ok: false, message: `The reviewer token of ${row.name} was disabled; ask for a new one.` };
  return { ok: true, reviewer: { id: row.id, name: row.name } };
}

/** The reviewer behind the request, or a 401 unauthorized ApiError (the route wrapper answers it). */
export async function requireReviewer(prisma: PrismaClient, request: Request): Promise<ReviewerIdentity> {
  const check = await checkReviewerToken(prisma, request.headers);
  if (check.ok) return check.reviewer;
  // WWW-Authenticate as RFC 6750 asks of a 401, as for the admin token (lib/api/route.ts)
  throw new ApiError("unauthorized", check.message, { headers: { "WWW-Authenticate": 'Bearer realm="misalignment-explorer reviewers"' } });
}
