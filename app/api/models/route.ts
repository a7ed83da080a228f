// GET /api/models[?base=<base model>|all|unknown][&group=<name>][&format=csv]: the models of one
// base-model scope (default: the base model with the most models, as on every page) with group,
// seed, base model, answers per set and model attributes (the CSV: one attr_<key> column per key any
// listed model has). Every JSON row and CSV row names the scope it was listed in (`scope`); the
// X-Rates-Base-Model header too.
import type { ModelsResponse } from "@/lib/api/contracts";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { modelAttributeKeys, modelListColumns } from "@/lib/export/models";
import { methodProvenance, provenanceHeaders } from "@/lib/api/provenance";
import { resolveMethodView } from "@/lib/params/method";
import { modelsListApiParamsSchema } from "@/lib/params/models";
import { listModels } from "@/lib/queries/models";
import { resolveScope } from "@/lib/queries/scope";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: modelsListApiParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const { group, format } = query;
    const prisma = getPrisma();
    const view = resolveMethodView(query);
    const scope = await resolveScope(prisma, view.base, view.attributes);
    const models = (await listModels(prisma, { scope: scope.scope })).filter((model) => !group || model.group.name === group);
    const headers = provenanceHeaders(methodProvenance(view, scope));
    if (format === "csv") {
      const name = `models_base-${scope.param}${group ? `_${group}` : ""}.csv`;
      return csvResponse(name, toCsv(models, modelListColumns(scope.param, modelAttributeKeys(models))), headers);
    }
    const body: ModelsResponse = models.map((model) => ({ ...model, scope: scope.param }));
    return jsonResponse(body, headers);
  },
});
