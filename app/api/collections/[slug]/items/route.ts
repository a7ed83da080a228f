// POST /api/collections/<slug>/items {answerId, note?}: adds an answer (201; 200 with added: false
// when it was in already, unchanged). Needs a reviewer token; 404 for no such collection or answer.
import { parseJsonBody } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { apiRoute, found } from "@/lib/api/route";
import { requireReviewer } from "@/lib/auth/reviewer";
import { addCollectionItemBodySchema, collectionSlugSchema } from "@/lib/collections/schemas";
import { addCollectionItem, AnswerNotFoundError } from "@/lib/collections/store";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = apiRoute({
  cache: "no-store",
  handler: async ({ request, params }) => {
    const prisma = getPrisma();
    const reviewer = await requireReviewer(prisma, request);
    const body = await parseJsonBody(request, addCollectionItemBodySchema);
    const slug = collectionSlugSchema.safeParse(params.slug);
    let result;
    try {
      result = slug.success ? await addCollectionItem(prisma, reviewer, slug.data, body) : null;
    } catch (error) {
      if (error instanceof AnswerNotFoundError) throw new ApiError("not-found", error.message);
      throw error;
    }
    const { added, collection } = found(result, `There is no collection "${params.slug}".`);
    return Response.json({ added, collection }, { status: added ? 201 : 200 });
  },
});
