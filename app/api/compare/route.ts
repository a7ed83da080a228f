// GET /api/compare?set=&a=&b=&aligned=&coherent=&missing=count&sort=: the Compare view's numbers as
// JSON — per question and overall, the difference in misalignment rate (a − b) with its 95% Welch
// interval and permutation p-value over seeds, and every seed-level rate that went into them.
import { getPrisma } from "@/lib/db/client";
import { parseQuery } from "@/lib/params/common";
import { compareParamsSchema } from "@/lib/params/compare";
import { compareProblem, resolveCompareView } from "@/lib/queries/compare";
import { COMPARE_METHOD } from "@/lib/stats/compare";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseQuery(request, compareParamsSchema);
  if (!parsed.ok) return parsed.response;
  const view = await resolveCompareView(getPrisma(), parsed.data);
  if (view.status !== "ok") {
    const { status, error } = compareProblem(view);
    return Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
  }
  return Response.json({ ...view.comparison, method: COMPARE_METHOD }, { headers: { "Cache-Control": "no-store" } });
}
