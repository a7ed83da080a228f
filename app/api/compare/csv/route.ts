// GET /api/compare/csv?<the Compare view's params>: the comparison table as CSV, overall row first,
// questions in the view's sort order. The header is a stable contract for scripts.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { parseQuery } from "@/lib/params/common";
import { compareParamsSchema } from "@/lib/params/compare";
import { compareCsvColumns } from "@/lib/export/compare-csv";
import { compareProblem, resolveCompareView } from "@/lib/queries/compare";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseQuery(request, compareParamsSchema);
  if (!parsed.ok) return parsed.response;
  const view = await resolveCompareView(getPrisma(), parsed.data);
  if (view.status !== "ok") {
    const { status, error } = compareProblem(view);
    return Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
  }
  const { comparison } = view;
  const body = toCsv([comparison.overall, ...comparison.questions], compareCsvColumns(comparison));
  return csvResponse(`compare_${comparison.set}_${comparison.groupA.name}_vs_${comparison.groupB.name}.csv`, body);
}
