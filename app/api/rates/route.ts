// GET /api/rates?set=<name>&aligned=<A>&coherent=<C>&missing=count&groups=a,b: the Figure-4 numbers.
// Contract (stable): an array of { group, question, rate, ciLow, ciHigh, models, answers, ... },
// questions in set order, groups in display order (or in the order `groups` names them).
import { getPrisma } from "@/lib/db/client";
import { NO_STORE, ratesFilter, withRatesParams } from "@/lib/figure/api";
import { ratesApiParamsSchema } from "@/lib/params";
import { getChosenGroupQuestionRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return withRatesParams(request, ratesApiParamsSchema, async (params) =>
    Response.json(await getChosenGroupQuestionRates(getPrisma(), ratesFilter(params)), { headers: NO_STORE }),
  );
}
