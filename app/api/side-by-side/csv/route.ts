// GET /api/side-by-side/csv?<the side-by-side view's params>: one row per pair the view's filter
// shows, in its order, both answers with whole texts, scores, verdicts and absolute permalinks; every
// row states the method and base-model scope, and so do the X-Rates-* headers
// (lib/export/side-by-side.ts). A URL the page answers with a notice is a 404 with its words.
import { apiRoute } from "@/lib/api/route";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { exportedPairs, sideBySideCsvColumns, sideBySideFileName } from "@/lib/export/side-by-side";
import { provenanceHeaders } from "@/lib/api/provenance";
import { sideBySideParamsSchema } from "@/lib/params/side-by-side";
import { sideBySideExportFor } from "../export-source";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: sideBySideParamsSchema,
  cache: "no-store",
  async handler({ query, request }) {
    const { source, origin } = await sideBySideExportFor(query, request);
    return csvResponse(
      sideBySideFileName(source, "csv"),
      toCsv(exportedPairs(source, origin), sideBySideCsvColumns(source)),
      provenanceHeaders(source.provenance),
    );
  },
});
