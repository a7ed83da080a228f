// GET /api/compare/csv?<the Compare view's params>: the comparison table as CSV, overall row first,
// questions in the view's sort order. The header is a stable contract for scripts
// (lib/export/compare-csv.ts); every row states the method and the base-model scope, and so do the
// file name and the X-Rates-* headers.
import { apiRoute } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { compareCsvColumns, compareFileName } from "@/lib/export/compare-csv";
import { provenanceHeaders } from "@/lib/api/provenance";
import { compareParamsSchema } from "@/lib/params/compare";
import { comparisonOrError } from "@/lib/queries/compare";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: compareParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const comparison = await comparisonOrError(getPrisma(), query);
    return csvResponse(
      compareFileName(comparison, "csv"),
      toCsv([comparison.overall, ...comparison.questions], compareCsvColumns(comparison)),
      provenanceHeaders(comparison),
    );
  },
});
