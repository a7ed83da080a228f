// DELETE /api/collections/<slug>/items/<answerId>: takes an answer out of a collection (also one
// whose answer was removed with its batch). Needs a reviewer token; 404 when it was not in it.
import { apiRoute, found, jsonResponse } from "@/lib/api/route";
import { requireReviewer } from "@/lib/auth/reviewer";
import { answerIdParamSchema, collectionSlugSchema } from "@/lib/collections/schemas";
import { removeCollectionItem } from "@/lib/collections/store";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute({
  cache: "no-store",
  handler: async ({ request, params }) => {
    const prisma = getPrisma();
    await requireReviewer(prisma, request);
    const slug = collectionSlugSchema.safeParse(params.slug);
    const answerId = answerIdParamSchema.safeParse(params.answerId);
    const removed = slug.success && answerId.success ? await removeCollectionItem(prisma, slug.data, answerId.data) : null;
    found(removed === null ? null : true, `There is no collection "${params.slug}".`);
    found(removed ? true : null, `Answer #${params.answerId} is not in the collection "${params.slug}".`);
    return jsonResponse({ removed: answerId.data });
  },
});
