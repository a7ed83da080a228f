// GET /api/compare?set=&a=&b=&base=&preset=&aligned=&coherent=&denominator=&min=&ci=&sort=: the
// Compare view's numbers as JSON — within one base-model scope, per question and overall, the
// difference in misalignment rate (a − b) with Welch's 95% interval (ciLow/ciHigh), the bootstrap
// 95% interval of the difference (bootstrapCiLow/bootstrapCiHigh, bootstrapMethod exact or
// monte-carlo) and the permutation p-value over seeds, and every seed-level rate that went into
// them. Like every rates API it states how: preset, methodLabel, method (thresholds, denominator,
// minAnswers, interval), baseModel (the scope) and methodDescription at the top level, and the
// statistics in words under `statistics`. (Legacy missing=count is read as denominator=coherent.)
import type { CompareResponse } from "@/lib/api/contracts";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { provenanceHeaders } from "@/lib/api/provenance";
import { compareParamsSchema } from "@/lib/params/compare";
import { comparisonOrError } from "@/lib/queries/compare";
import { COMPARE_STATISTICS } from "@/lib/stats/compare";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: compareParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const comparison = await comparisonOrError(getPrisma(), query);
    const body: CompareResponse = { ...comparison, statistics: COMPARE_STATISTICS };
    return jsonResponse(body, provenanceHeaders(comparison));
  },
});
