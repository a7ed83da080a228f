// GET /api/rates/overall/csv?set=&by=&...: /api/rates/overall as CSV (header OVERALL_CSV_HEADER).
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { overallCsvColumns, ratesFileName } from "@/lib/export/rates";
import { ratesFilter, withRatesParams } from "@/lib/figure/api";
import { overallRatesApiParamsSchema } from "@/lib/params";
import { getChosenOverallRates } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return withRatesParams(request, overallRatesApiParamsSchema, async (params) => {
    const prisma = getPrisma();
    const { filter, provenance } = await ratesFilter(prisma, params);
    const rows = await getChosenOverallRates(prisma, { ...filter, by: params.by });
    return csvResponse(
      ratesFileName(`overall-by-${params.by}`, params.set, provenance),
      toCsv(rows, overallCsvColumns(params.set, params.by, provenance)),
    );
  });
}
