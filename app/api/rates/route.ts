// GET /api/rates?set=<name>&base=<base model>&preset=&aligned=<A>&coherent=<C>&denominator=&min=&ci=&groups=a,b:
// the Figure-4 numbers. Contract (stable, ratesRowSchema in lib/api/contracts.ts): an array of
// { group, question, rate, ciLow, ciHigh, models, answers, ... }, questions in set order, groups in
// display order (or in the order `groups` names them). Each row also states how it was computed:
// preset, methodLabel, method (thresholds, denominator, minAnswers, interval), intervalMethod,
// baseModel (the scope) and methodDescription. 404 for an unknown set.
import { apiRoute, jsonResponse } from "@/lib/api/route";
import type { RatesResponse } from "@/lib/api/contracts";
import { getPrisma } from "@/lib/db/client";
import { provenanceHeaders, ratesFilter } from "@/lib/api/provenance";
import { ratesApiParamsSchema } from "@/lib/params";
import { getChosenGroupQuestionRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: ratesApiParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const prisma = getPrisma();
    const { filter, provenance } = await ratesFilter(prisma, query);
    const rows = await getChosenGroupQuestionRates(prisma, filter);
    const body: RatesResponse = rows.map((row) => ({ ...row, ...provenance }));
    return jsonResponse(body, provenanceHeaders(provenance));
  },
});
