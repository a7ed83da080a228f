// GET /api/imports/<id>/removal: what DELETE /api/imports/<id> would remove, computed by doing the
// removal in a transaction and rolling it back (so the preview cannot drift from the real thing).
import { getPrisma } from "@/lib/db/client";
import { isConcurrencyConflict } from "@/lib/import/locks";
import { BatchNotFoundError, RemovalBusyError, removeImportBatch } from "@/lib/import/remove";
import { batchIdSchema } from "@/lib/params/imports";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const parsed = batchIdSchema.safeParse(id);
  const missing = () => Response.json({ error: `There is no import batch #${id}` }, { status: 404 });
  if (!parsed.success) return missing();
  try {
    return Response.json(await removeImportBatch(getPrisma(), parsed.data, { dryRun: true }), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof BatchNotFoundError) return missing();
    // the preview does the removal, so it waits for running imports like the removal (503 when too long)
    if (error instanceof RemovalBusyError || isConcurrencyConflict(error)) {
      const message = error instanceof RemovalBusyError ? error.message : new RemovalBusyError(parsed.data, "conflicts").message;
      return Response.json({ error: message }, { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "10" } });
    }
    throw error;
  }
}
