// PATCH /api/collections/<slug> {name?, description?}: renames or describes (the slug stays, so
// shared links keep working). DELETE: deletes the collection and its items, never the answers.
// Both need a reviewer token (401 otherwise, nothing written).
import { parseJsonBody } from "@/lib/api/body";
import { apiRoute, found, jsonResponse } from "@/lib/api/route";
import { requireReviewer } from "@/lib/auth/reviewer";
import { collectionSlugSchema, updateCollectionBodySchema } from "@/lib/collections/schemas";
import { deleteCollection, updateCollection } from "@/lib/collections/store";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** The path's slug; one that cannot be a slug names no collection. */
function slugOf(params: Record<string, string>): string | null {
  const parsed = collectionSlugSchema.safeParse(params.slug);
  return parsed.success ? parsed.data : null;
}

export const PATCH = apiRoute({
  cache: "no-store",
  handler: async ({ request, params }) => {
    const prisma = getPrisma();
    await requireReviewer(prisma, request);
    const body = await parseJsonBody(request, updateCollectionBodySchema);
    const slug = slugOf(params);
    const collection = found(slug && (await updateCollection(prisma, slug, body)), `There is no collection "${params.slug}".`);
    return jsonResponse({ collection });
  },
});

export const DELETE = apiRoute({
  cache: "no-store",
  handler: async ({ request, params }) => {
    const prisma = getPrisma();
    await requireReviewer(prisma, request);
    const slug = slugOf(params);
    found(slug && (await deleteCollection(prisma, slug)) ? true : null, `There is no collection "${params.slug}".`);
    return jsonResponse({ deleted: slug });
  },
});
