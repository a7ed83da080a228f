// What both side-by-side exports start from: the view's pairs for the request's query and the
// origin that makes their permalinks absolute.
import { requestOrigin } from "@/lib/api/origin";
import { getPrisma } from "@/lib/db/client";
import type { SideBySideExportSource } from "@/lib/export/side-by-side";
import type { SideBySideParams } from "@/lib/params/side-by-side";
import { sideBySideExportOrError } from "@/lib/queries/side-by-side";

export async function sideBySideExportFor(
  query: SideBySideParams,
  request: Request,
): Promise<{ source: SideBySideExportSource; origin: string }> {
  const origin = requestOrigin(request.headers);
  const source = await sideBySideExportOrError(getPrisma(), query, `${origin}/side-by-side${new URL(request.url).search}`);
  return { source, origin };
}
