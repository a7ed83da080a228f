// GET /api/rates/overall/csv?set=&by=&...: /api/rates/overall as CSV (header OVERALL_CSV_HEADER).
import { apiRoute } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { overallCsvColumns, ratesFileName } from "@/lib/export/rates";
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
    return csvResponse(
      ratesFileName(`overall-by-${query.by}`, query.set, provenance),
      toCsv(rows, overallCsvColumns(query.set, query.by, provenance)),
      provenanceHeaders(provenance),
    );
  },
});
