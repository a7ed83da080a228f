// GET /api/rates/overall?set=&by=set|category|variant&base=&preset=&aligned=&coherent=&denominator=&min=&ci=&groups=:
// per group (and per category / variant) the set's overall rate: each model's mean over the
// questions every included model answered, then the mean over models with the method's interval;
// modelRates holds each model's value. Rows carry the method and scope, as /api/rates does.
import { getPrisma } from "@/lib/db/client";
import { NO_STORE, provenanceHeaders, ratesFilter, withRatesParams } from "@/lib/figure/api";
import { overallRatesApiParamsSchema } from "@/lib/params";
import { getChosenOverallRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return withRatesParams(request, overallRatesApiParamsSchema, async (params) => {
    const prisma = getPrisma();
    const { filter, provenance } = await ratesFilter(prisma, params);
    const rows = await getChosenOverallRates(prisma, { ...filter, by: params.by });
    return Response.json(
      rows.map((row) => ({ ...row, ...provenance })),
      { headers: { ...NO_STORE, ...provenanceHeaders(provenance) } },
    );
  });
}
