// GET /api/collections/<slug>/csv: the collection as CSV (lib/export/collections.ts), one row per
// item with scores, verdict and method, note, who added it and when, and the absolute permalink.
import { apiRoute, found } from "@/lib/api/route";
import { requestOrigin } from "@/lib/api/origin";
import { collectionSlugSchema } from "@/lib/collections/schemas";
import { getCollection } from "@/lib/collections/store";
import { getPrisma } from "@/lib/db/client";
import { collectionCsv, collectionExport } from "@/lib/export/collections";
import { csvResponse } from "@/lib/export/csv";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  cache: "no-store",
  handler: async ({ request, params }) => {
    const slug = collectionSlugSchema.safeParse(params.slug);
    const detail = found(slug.success ? await getCollection(getPrisma(), slug.data) : null, `There is no collection "${params.slug}".`);
    return csvResponse(`collection-${detail.collection.slug}.csv`, collectionCsv(collectionExport(detail, requestOrigin(request.headers))));
  },
});
