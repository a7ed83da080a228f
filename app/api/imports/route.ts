// GET /api/imports: every import batch, newest first, as JSON (the /imports page's data;
// importsResponseSchema in lib/api/contracts.ts).
import type { ImportsResponse } from "@/lib/api/contracts";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { listImportBatches } from "@/lib/queries/batches";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  cache: "no-store",
  async handler() {
    const batches = await listImportBatches(getPrisma());
    const body: ImportsResponse = batches.map((batch) => ({ ...batch, createdAt: batch.createdAt.toISOString() }));
    return jsonResponse(body);
  },
});
