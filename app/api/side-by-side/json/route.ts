// GET /api/side-by-side/json?<the side-by-side view's params>: every pair the view's filter shows,
// in its order, with whole texts, scores, verdicts under the view's method, absolute permalinks and
// each side's Figure-4 number (lib/export/side-by-side.ts). A URL the page answers with a notice is
// a 404 with the notice's words.
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { sideBySideFileName, sideBySideJson } from "@/lib/export/side-by-side";
import { provenanceHeaders } from "@/lib/api/provenance";
import { sideBySideParamsSchema } from "@/lib/params/side-by-side";
import { sideBySideExportFor } from "../export-source";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: sideBySideParamsSchema,
  cache: "no-store",
  async handler({ query, request }) {
    const { source, origin } = await sideBySideExportFor(query, request);
    return jsonResponse(sideBySideJson(source, origin), {
      "Content-Disposition": `attachment; filename="${sideBySideFileName(source, "json")}"`,
      ...provenanceHeaders(source.provenance),
    });
  },
});
