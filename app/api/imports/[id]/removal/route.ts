// GET /api/imports/<id>/removal: what DELETE /api/imports/<id> would remove, computed with reads
// only (previewBatchRemoval mirrors each step of the removal; the tests check preview = removal).
import { getPrisma } from "@/lib/db/client";
import { BatchNotFoundError, previewBatchRemoval } from "@/lib/import/remove";
import { batchIdSchema } from "@/lib/params/imports";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const parsed = batchIdSchema.safeParse(id);
  const missing = () => Response.json({ error: `There is no import batch #${id}` }, { status: 404 });
  if (!parsed.success) return missing();
  try {
    return Response.json(await previewBatchRemoval(getPrisma(), parsed.data), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof BatchNotFoundError) return missing();
    throw error;
  }
}
