// GET /api/sweep/csv?<the sweep view's params, as /api/sweep>: the sweep's points as CSV, one row
// per line and x value, with the models behind each point. The header is a stable contract for
// scripts (lib/export/sweep-csv.ts); every row states what was plotted and the method and
// base-model scope, and so do the file name and the X-Rates-* headers.
import { apiRoute } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { sweepCsvColumns, sweepCsvRows, sweepFileName } from "@/lib/export/sweep-csv";
import { provenanceHeaders } from "@/lib/api/provenance";
import { sweepParamsSchema } from "@/lib/params/sweep";
import { sweepOrError } from "@/lib/queries/sweep";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: sweepParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const sweep = await sweepOrError(getPrisma(), query);
    return csvResponse(sweepFileName(sweep), toCsv(sweepCsvRows(sweep), sweepCsvColumns(sweep)), provenanceHeaders(sweep));
  },
});
