// GET /api/rates?set=<name>&base=<base model>&preset=&aligned=<A>&coherent=<C>&denominator=&min=&ci=&groups=a,b:
// the Figure-4 numbers. Contract (stable): an array of { group, question, rate, ciLow, ciHigh, models,
// answers, ... }, questions in set order, groups in display order (or in the order `groups` names
// them). Each row also states how it was computed: preset, methodLabel, method (thresholds,
// denominator, minAnswers, interval), intervalMethod, baseModel (the scope) and methodDescription.
import { getPrisma } from "@/lib/db/client";
import { NO_STORE, provenanceHeaders, ratesFilter, withRatesParams } from "@/lib/figure/api";
import { ratesApiParamsSchema } from "@/lib/params";
import { getChosenGroupQuestionRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return withRatesParams(request, ratesApiParamsSchema, async (params) => {
    const prisma = getPrisma();
    const { filter, provenance } = await ratesFilter(prisma, params);
    const rows = await getChosenGroupQuestionRates(prisma, filter);
    return Response.json(
      rows.map((row) => ({ ...row, ...provenance })),
      { headers: { ...NO_STORE, ...provenanceHeaders(provenance) } },
    );
  });
}
