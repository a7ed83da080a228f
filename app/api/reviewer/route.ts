// GET /api/reviewer: whose reviewer token the request carries (the pages say who is signed in).
// 401 unauthorized for no token, a wrong one or a disabled reviewer's. Never cached.
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { requireReviewer } from "@/lib/auth/reviewer";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  cache: "no-store",
  handler: async ({ request }) => {
    const reviewer = await requireReviewer(getPrisma(), request);
    return jsonResponse({ name: reviewer.name });
  },
});
