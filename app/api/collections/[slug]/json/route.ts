// GET /api/collections/<slug>/json: the collection as JSON (lib/export/collections.ts): the
// collection, the method of the verdicts, and each item with its scores by metric, verdict, note,
// who added it and when, and the absolute permalink; a removed answer is status "answer removed".
import { apiRoute, found, jsonResponse } from "@/lib/api/route";
import { requestOrigin } from "@/lib/api/origin";
import { collectionSlugSchema } from "@/lib/collections/schemas";
import { getCollection } from "@/lib/collections/store";
import { getPrisma } from "@/lib/db/client";
import { collectionExport, collectionJson } from "@/lib/export/collections";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  cache: "no-store",
  handler: async ({ request, params }) => {
    const slug = collectionSlugSchema.safeParse(params.slug);
    const detail = found(slug.success ? await getCollection(getPrisma(), slug.data) : null, `There is no collection "${params.slug}".`);
    const body = collectionJson(collectionExport(detail, requestOrigin(request.headers)));
    return jsonResponse(body, { "Content-Disposition": `attachment; filename="collection-${detail.collection.slug}.json"` });
  },
});
