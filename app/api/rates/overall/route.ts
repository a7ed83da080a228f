// GET /api/rates/overall?set=&by=set|category|variant&base=&preset=&aligned=&coherent=&denominator=&min=&ci=&groups=:
// per group (and per category / variant) the set's overall rate: each model's mean over the
// questions every included model answered, then the mean over models with the method's interval;
// modelRates holds each model's value. Rows carry the method and scope, as /api/rates does
// (overallRatesRowSchema in lib/api/contracts.ts).
import { apiRoute, jsonResponse } from "@/lib/api/route";
import type { OverallRatesResponse } from "@/lib/api/contracts";
import { getPrisma } from "@/lib/db/client";
import { provenanceHeaders, ratesFilter } from "@/lib/api/provenance";
import { overallRatesApiParamsSchema } from "@/lib/params";
import { getChosenOverallRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: overallRatesApiParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const prisma = getPrisma();
    const { filter, provenance } = await ratesFilter(prisma, query);
    const rows = await getChosenOverallRates(prisma, { ...filter, by: query.by });
    const body: OverallRatesResponse = rows.map((row) => ({ ...row, ...provenance }));
    return jsonResponse(body, provenanceHeaders(provenance));
  },
});
