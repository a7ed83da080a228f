// GET /api/rates/overall?set=&by=set|category|variant&aligned=&coherent=&missing=&groups=:
// per group (and per category / variant) the set's overall rate: each model's mean over the
// questions, then the mean over seeds with a 95% t interval; modelRates holds each seed's value.
import { getPrisma } from "@/lib/db/client";
import { NO_STORE, ratesFilter, withRatesParams } from "@/lib/figure/api";
import { overallRatesApiParamsSchema } from "@/lib/params";
import { getChosenOverallRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return withRatesParams(request, overallRatesApiParamsSchema, async (params) =>
    Response.json(await getChosenOverallRates(getPrisma(), { ...ratesFilter(params), by: params.by }), { headers: NO_STORE }),
  );
}
