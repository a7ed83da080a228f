// GET /api/collections: every collection (name, description, answers in it, last change);
// `?answer=<id>` adds which of them hold that answer (`containsAnswer`).
// POST /api/collections {name, description?}: creates one (201); needs a reviewer token.
import { z } from "zod";
import { parseJsonBody } from "@/lib/api/body";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { requireReviewer } from "@/lib/auth/reviewer";
import { createCollectionBodySchema } from "@/lib/collections/schemas";
import { collectionsWithAnswer, createCollection, listCollections } from "@/lib/collections/store";
import { getPrisma } from "@/lib/db/client";
import { answerIdSchema } from "@/lib/params";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: z.strictObject({ answer: answerIdSchema.optional() }),
  cache: "no-store",
  handler: async ({ query }) => {
    const prisma = getPrisma();
    const [collections, holding] = await Promise.all([
      listCollections(prisma),
      query.answer === undefined ? Promise.resolve(null) : collectionsWithAnswer(prisma, query.answer),
    ]);
    const holds = holding && new Set(holding);
    return jsonResponse({
      collections: collections.map((collection) => (holds ? { ...collection, containsAnswer: holds.has(collection.slug) } : collection)),
    });
  },
});

export const POST = apiRoute({
  cache: "no-store",
  handler: async ({ request }) => {
    const prisma = getPrisma();
    // who first, then the body: a request without a valid token learns nothing about its body
    const reviewer = await requireReviewer(prisma, request);
    const body = await parseJsonBody(request, createCollectionBodySchema);
    const collection = await createCollection(prisma, reviewer, body);
    return Response.json({ collection }, { status: 201 });
  },
});
