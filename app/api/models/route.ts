// GET /api/models[?group=<name>][&format=csv]: every model with group, seed, base model and
// answers per set.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { MODEL_LIST_COLUMNS } from "@/lib/export/models";
import { parseQuery } from "@/lib/params/common";
import { modelsListApiParamsSchema } from "@/lib/params/models";
import { listModels } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseQuery(request, modelsListApiParamsSchema);
  if (!parsed.ok) return parsed.response;
  const { group, format } = parsed.data;
  const models = (await listModels(getPrisma())).filter((model) => !group || model.group.name === group);
  if (format === "csv") return csvResponse(group ? `models-${group}.csv` : "models.csv", toCsv(models, MODEL_LIST_COLUMNS));
  return Response.json(models, { headers: { "Cache-Control": "no-store" } });
}
