// POST /api/answers/<publicId>/labels {label, reason?}: a reviewer labels an answer (201 with the
// label). Needs a reviewer token (401 for none, a wrong one or a disabled reviewer's; ADMIN_TOKEN is
// not a reviewer token); 404 when the answer is not here, saying when it was removed. The judge's
// scores never change: the label is a new row of the append-only answer_label.
// GET: the answer's label history, newest first, each reviewer's current label and the reviewers'
// verdict; open to everyone, and kept for a removed answer (its labels outlive its batch).
import { parseJsonBody } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import type { AnswerReviewResponseContract } from "@/lib/api/contracts";
import { requireReviewer } from "@/lib/auth/reviewer";
import { getPrisma } from "@/lib/db/client";
import { parseAnswerRef } from "@/lib/params/answers";
import { addLabel, answerReview, LabelAnswerNotFoundError } from "@/lib/review/store";
import { addLabelBodySchema } from "@/lib/review/types";

export const dynamic = "force-dynamic";

/** The public id of the path, or a 404 (a serial id or anything else names no labels). */
function publicIdOf(raw: string | undefined): string {
  const ref = raw === undefined ? null : parseAnswerRef(raw);
  if (!ref || !("publicId" in ref)) throw new ApiError("not-found", `"${raw ?? ""}" is not an answer's public id (20 hex digits).`);
  return ref.publicId;
}

export const POST = apiRoute({
  cache: "no-store",
  handler: async ({ request, params }) => {
    const prisma = getPrisma();
    // the token first: a refused request learns nothing about the answer or the body
    const reviewer = await requireReviewer(prisma, request);
    const body = await parseJsonBody(request, addLabelBodySchema);
    const publicId = publicIdOf(params.publicId);
    try {
      const label = await addLabel(prisma, reviewer, publicId, body);
      return Response.json({ label }, { status: 201 });
    } catch (error) {
      if (error instanceof LabelAnswerNotFoundError) throw new ApiError("not-found", error.message);
      throw error;
    }
  },
});

export const GET = apiRoute({
  cache: "no-store",
  handler: async ({ params }) => {
    const publicId = publicIdOf(params.publicId);
    const review = await answerReview(getPrisma(), publicId);
    const body: AnswerReviewResponseContract = { publicId, ...review };
    return jsonResponse(body);
  },
});
