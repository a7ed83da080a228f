// GET /api/imports/<id>: one import batch (counts, skipped rows, options, models).
// DELETE /api/imports/<id>: removes the batch and what it added (lib/import/batches/remove.ts); needs the
// admin token when ADMIN_TOKEN is set. Answers the removal report; 503 busy with a message when
// running imports (or other writers) kept it from happening (RemovalBusyError, lib/api/route.ts).
import type { BatchRemovalResponse, ImportBatchResponse } from "@/lib/api/contracts";
import { apiRoute, found, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { isConcurrencyConflict } from "@/lib/import/write/locks";
import { RemovalBusyError, removeImportBatch } from "@/lib/import/batches/remove";
import { batchIdSchema } from "@/lib/params/imports";
import { getImportBatch } from "@/lib/queries/batches";

export const dynamic = "force-dynamic";

const batchId = (raw: string | undefined) => found(batchIdSchema.safeParse(raw).data, `There is no import batch #${raw}`);

export const GET = apiRoute({
  cache: "no-store",
  async handler({ params }) {
    const id = batchId(params.id);
    const batch = found(await getImportBatch(getPrisma(), id), `There is no import batch #${id}`);
    const body: ImportBatchResponse = { ...batch, createdAt: batch.createdAt.toISOString() };
    return jsonResponse(body);
  },
});

export const DELETE = apiRoute({
  admin: true,
  cache: "no-store",
  async handler({ params }) {
    const id = batchId(params.id);
    try {
      const body: BatchRemovalResponse = await removeImportBatch(getPrisma(), id);
      return jsonResponse(body);
    } catch (error) {
      // a deadlock or lock timeout with another writer: nothing changed, and trying again works
      if (isConcurrencyConflict(error)) throw new RemovalBusyError(id, "conflicts");
      throw error;
    }
  },
});
