// GET /api/models/<id>?set=&base=&preset=&aligned=&coherent=&denominator=&min=&ci=&question=&bin=:
// the numbers of the model page as JSON (model, per-question rates, histograms, scatter points);
// format=csv gives the per-question rates table. The method and scope behind the numbers travel
// with them as on /api/rates: preset, methodLabel, method, baseModel (the scope: the requested one
// when it holds the model, else the model's own base model) and methodDescription, at the top
// level and on every rate row; the CSV ends with the same method columns as the rates CSV.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { modelRateColumns } from "@/lib/export/models";
import { methodProvenance, NO_STORE, provenanceHeaders } from "@/lib/figure/api";
import { ratesFileName } from "@/lib/export/rates";
import { parseQuery } from "@/lib/params/common";
import { resolveMethodView } from "@/lib/params/method";
import { modelApiParamsSchema, parseEntityId } from "@/lib/params/models";
import { loadModelView } from "@/lib/queries/models";
import { meanOverQuestions } from "@/lib/models/summary";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const rawId = (await params).id;
  const id = parseEntityId(rawId);
  if (id === null) return Response.json({ error: `Model id "${rawId}" is not a positive whole number` }, { status: 404 });
  const parsed = parseQuery(request, modelApiParamsSchema);
  if (!parsed.ok) return parsed.response;
  const { set, question, bin, format } = parsed.data;
  const result = await loadModelView(getPrisma(), id, { set, question, view: resolveMethodView(parsed.data), binWidth: bin });
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
      const provenance = methodProvenance(view, view.scope);
      const headers = provenanceHeaders(provenance);
      if (format === "csv") {
        const response = csvResponse(
          ratesFileName(`model-rates_${view.model.name}`, view.set.name, provenance),
          toCsv(view.rates, modelRateColumns(view, provenance)),
        );
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
        return response;
      }
      const overall = meanOverQuestions(view.rates);
      return Response.json(
        {
          ...provenance,
          scopeLabel: view.scope.label,
          /** the requested scope, when it did not hold this model and its own base model was used */
          scopeReplaced: view.scope.replaced ?? null,
          model: view.model,
          set: view.set,
          question: view.question?.externalId ?? null,
          meanOverQuestions: overall.mean,
          meanQuestions: overall.questions,
          rates: view.rates.map((rate) => ({ ...rate, ...provenance })),
          histograms: view.histograms,
          scatter: view.scatter,
          examples: view.examples,
        },
        { headers: { ...NO_STORE, ...headers } },
      );
    }
  }
}
