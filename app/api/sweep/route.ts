// GET /api/sweep?set=&x=&y=&above=&by=&logx=&base=&preset=&aligned=&coherent=&denominator=&min=&ci=:
// the sweep view's numbers as JSON — per line (model group, or base model with by=base) and value
// of the numeric attribute x, the mean of the models' values with the method's 95% interval over
// them (none for one model), every model behind each point, the models left out (no x, or no
// question with enough answers), and how it was computed (preset, methodLabel, method, baseModel,
// methodDescription, valueDescription). The body is sweepResponseSchema (lib/api/contracts.ts).
import { apiRoute, jsonResponse } from "@/lib/api/route";
import type { SweepResponseContract } from "@/lib/api/contracts";
import { getPrisma } from "@/lib/db/client";
import { provenanceHeaders } from "@/lib/api/provenance";
import { sweepParamsSchema } from "@/lib/params/sweep";
import { sweepOrError } from "@/lib/queries/sweep";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: sweepParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const sweep: SweepResponseContract = await sweepOrError(getPrisma(), query);
    return jsonResponse(sweep, provenanceHeaders(sweep));
  },
});
