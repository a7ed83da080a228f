// GET /api/rates/csv?set=&base=&preset=&aligned=&coherent=&denominator=&min=&ci=&groups=: the table
// under Figure 4 as CSV, the same rows (and order) as /api/rates. Header: see RATES_CSV_HEADER; the
// method and scope are columns of every row and the file name.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { ratesCsvColumns, ratesFileName } from "@/lib/export/rates";
import { ratesFilter, withRatesParams } from "@/lib/figure/api";
import { ratesApiParamsSchema } from "@/lib/params";
import { getChosenGroupQuestionRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return withRatesParams(request, ratesApiParamsSchema, async (params) => {
    const prisma = getPrisma();
    const { filter, provenance } = await ratesFilter(prisma, params);
    const rows = await getChosenGroupQuestionRates(prisma, filter);
    return csvResponse(ratesFileName("rates", params.set, provenance), toCsv(rows, ratesCsvColumns(params.set, provenance)));
  });
}
