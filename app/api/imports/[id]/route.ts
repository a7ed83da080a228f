// GET /api/imports/<id>: one import batch (counts, skipped rows, options, models).
// DELETE /api/imports/<id>: removes the batch and what it added (lib/import/remove.ts); needs the
// admin token when ADMIN_TOKEN is set. Answers the removal report; 503 with a message when running
// imports (or other writers) kept it from happening.
import { checkAdminToken, unauthorizedResponse } from "@/lib/auth/admin";
import { getPrisma } from "@/lib/db/client";
import { isConcurrencyConflict } from "@/lib/import/locks";
import { BatchNotFoundError, RemovalBusyError, removeImportBatch } from "@/lib/import/remove";
import { batchIdSchema } from "@/lib/params/imports";
import { getImportBatch } from "@/lib/queries/batches";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const noStore = { "Cache-Control": "no-store" };

function notFound(id: string): Response {
  return Response.json({ error: `There is no import batch #${id}` }, { status: 404, headers: noStore });
}

/** 503: running imports or colliding writers kept the removal from happening; nothing changed. */
function busy(message: string): Response {
  return Response.json({ error: message }, { status: 503, headers: { ...noStore, "Retry-After": "10" } });
}

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  const parsed = batchIdSchema.safeParse(id);
  if (!parsed.success) return notFound(id);
  const batch = await getImportBatch(getPrisma(), parsed.data);
  return batch ? Response.json(batch, { headers: noStore }) : notFound(id);
}

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  const auth = checkAdminToken(request.headers);
  if (!auth.ok) return unauthorizedResponse(auth);
  const { id } = await params;
  const parsed = batchIdSchema.safeParse(id);
  if (!parsed.success) return notFound(id);
  try {
    const removal = await removeImportBatch(getPrisma(), parsed.data);
    return Response.json(removal, { headers: noStore });
  } catch (error) {
    if (error instanceof BatchNotFoundError) return notFound(id);
    if (error instanceof RemovalBusyError) return busy(error.message);
    if (isConcurrencyConflict(error)) return busy(new RemovalBusyError(parsed.data, "conflicts").message);
    throw error;
  }
}
