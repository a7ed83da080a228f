// GET /api/imports: every import batch, newest first, as JSON (the /imports page's data).
import { getPrisma } from "@/lib/db/client";
import { listImportBatches } from "@/lib/queries/batches";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const batches = await listImportBatches(getPrisma());
  return Response.json(batches, { headers: { "Cache-Control": "no-store" } });
}
