// GET /api/rates/csv?set=&base=&preset=&aligned=&coherent=&denominator=&min=&ci=&groups=: the table
// under Figure 4 as CSV, the same rows (and order) as /api/rates. Header: see RATES_CSV_HEADER; the
// method and scope are columns of every row and the file name.
import { apiRoute } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { ratesCsvColumns, ratesFileName } from "@/lib/export/rates";
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
    return csvResponse(
      ratesFileName("rates", query.set, provenance),
      toCsv(rows, ratesCsvColumns(query.set, provenance)),
      provenanceHeaders(provenance),
    );
  },
});
