// GET /api/judges?a=&b=&set=&group=&question=&page=&base=&preset=&aligned=&coherent=&denominator=&min=&ci=:
// the judge comparison page's numbers as JSON — two score sources (default, judge:<name>,
// reviewers) on the same evaluation answers: coverage, Pearson / Spearman / mean absolute
// difference and the 10×10 histogram of each 0–100 score (null for reviewers' labels, with why),
// the verdict confusion matrix at the method's thresholds with Cohen's κ and its 95% interval,
// per-group P(misaligned) under each source with the Figure-4 interval, one page of disagreements,
// and how it was computed. The body is judgesResponseSchema (lib/api/contracts.ts).
import { apiRoute, jsonResponse } from "@/lib/api/route";
import type { JudgesResponseContract } from "@/lib/api/contracts";
import { getPrisma } from "@/lib/db/client";
import { provenanceHeaders } from "@/lib/api/provenance";
import { judgesParamsSchema } from "@/lib/params/judges";
import { judgeComparisonOrError } from "@/lib/queries/agreement";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: judgesParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const comparison: JudgesResponseContract = await judgeComparisonOrError(getPrisma(), query);
    return jsonResponse(comparison, provenanceHeaders(comparison));
  },
});
