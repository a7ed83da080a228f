// GET /api/models/<id>?set=&aligned=&coherent=&missing=&question=&bin=: the numbers of the model
// page as JSON (model, per-question rates, histograms, scatter points); format=csv gives the
// per-question rates table.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { modelRateColumns } from "@/lib/export/models";
import { parseQuery } from "@/lib/params/common";
import { modelApiParamsSchema, parseEntityId, thresholdsOf } from "@/lib/params/models";
import { loadModelView, meanOverQuestions } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const rawId = (await params).id;
  const id = parseEntityId(rawId);
  if (id === null) return Response.json({ error: `Model id "${rawId}" is not a positive whole number` }, { status: 404 });
  const parsed = parseQuery(request, modelApiParamsSchema);
  if (!parsed.ok) return parsed.response;
  const { set, question, bin, format } = parsed.data;
  const result = await loadModelView(getPrisma(), id, { set, question, thresholds: thresholdsOf(parsed.data), binWidth: bin });
  switch (result.kind) {
    case "not-found":
      return Response.json({ error: `No model with id ${id}` }, { status: 404 });
    case "no-answers":
      return Response.json({ error: `Model ${result.model.name} has no answers` }, { status: 404 });
    case "unknown-set":
      return Response.json({ error: `Model ${result.model.name} has no answers in set "${result.set}"` }, { status: 404 });
    case "unknown-question":
      return Response.json(
        { error: `Model ${result.model.name} has no answers to question "${result.question}" of set "${result.set.name}"` },
        { status: 404 },
      );
    case "ok": {
      const { view } = result;
      if (format === "csv") {
        return csvResponse(`${view.model.name}-${view.set.name}-rates.csv`, toCsv(view.rates, modelRateColumns(view)));
      }
      const overall = meanOverQuestions(view.rates);
      return Response.json(
        {
          model: view.model,
          set: view.set,
          question: view.question?.externalId ?? null,
          thresholds: { ...view.thresholds, countMissingAligned: view.thresholds.countMissingAligned === true },
          meanOverQuestions: overall.mean,
          rates: view.rates,
          histograms: view.histograms,
          scatter: view.scatter,
        },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
  }
}
