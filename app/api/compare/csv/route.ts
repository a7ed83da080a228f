// GET /api/compare/csv?<the Compare view's params>: the comparison table as CSV, overall row first,
// questions in the view's sort order. The header is a stable contract for scripts
// (lib/export/compare-csv.ts); every row states the method and the base-model scope, and so do the
// file name and the X-Rates-* headers.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { compareCsvColumns, compareFileName } from "@/lib/export/compare-csv";
import { NO_STORE, provenanceHeaders } from "@/lib/figure/api";
import { parseQuery } from "@/lib/params/common";
import { compareParamsSchema } from "@/lib/params/compare";
import { compareProblem, resolveCompareView } from "@/lib/queries/compare";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseQuery(request, compareParamsSchema);
  if (!parsed.ok) return parsed.response;
  const view = await resolveCompareView(getPrisma(), parsed.data);
  if (view.status !== "ok") {
    const { status, error } = compareProblem(view);
    return Response.json({ error }, { status, headers: NO_STORE });
  }
  const { comparison } = view;
  const response = csvResponse(
    compareFileName(comparison, "csv"),
    toCsv([comparison.overall, ...comparison.questions], compareCsvColumns(comparison)),
  );
  for (const [name, value] of Object.entries(provenanceHeaders(comparison))) response.headers.set(name, value);
  return response;
}
