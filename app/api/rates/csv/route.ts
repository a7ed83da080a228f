// GET /api/rates/csv?set=&aligned=&coherent=&missing=&groups=: the table under Figure 4 as CSV,
// the same rows (and order) as /api/rates. Header: see RATES_CSV_HEADER.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { ratesCsvColumns, ratesFileName } from "@/lib/export/rates";
import { ratesFilter, withRatesParams } from "@/lib/figure/api";
import { ratesApiParamsSchema } from "@/lib/params";
import { getChosenGroupQuestionRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return withRatesParams(request, ratesApiParamsSchema, async (params) => {
    const filter = ratesFilter(params);
    const rows = await getChosenGroupQuestionRates(getPrisma(), filter);
    return csvResponse(ratesFileName("rates", params.set, filter.thresholds), toCsv(rows, ratesCsvColumns(params.set)));
  });
}
