// GET /api/imports/<id>/removal: what DELETE /api/imports/<id> would remove, computed by doing the
// removal in a transaction and rolling it back (so the preview cannot drift from the real thing).
import { getPrisma } from "@/lib/db/client";
import { BatchNotFoundError, removeImportBatch } from "@/lib/import/remove";
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
    throw error;
  }
}
