// GET /api/imports/<id>/removal: what DELETE /api/imports/<id> would remove, computed with reads
// only (previewBatchRemoval mirrors each step of the removal; the tests check preview = removal).
// 404 for an unknown batch (BatchNotFoundError, lib/api/route.ts).
import type { BatchRemovalResponse } from "@/lib/api/contracts";
import { apiRoute, found, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { previewBatchRemoval } from "@/lib/import/batches/remove";
import { batchIdSchema } from "@/lib/params/imports";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  cache: "no-store",
  async handler({ params }) {
    const id = found(batchIdSchema.safeParse(params.id).data, `There is no import batch #${params.id}`);
    const body: BatchRemovalResponse = await previewBatchRemoval(getPrisma(), id);
    return jsonResponse(body);
  },
});
