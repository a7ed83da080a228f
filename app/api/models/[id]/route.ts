// GET /api/models/<id>?set=&base=&preset=&aligned=&coherent=&denominator=&min=&ci=&question=&bin=:
// the numbers of the model page as JSON (model, per-question rates, histograms, scatter points);
// format=csv gives the per-question rates table. The method and scope behind the numbers travel
// with them as on /api/rates: preset, methodLabel, method, baseModel (the scope: the requested one
// when it holds the model, else the model's own base model) and methodDescription, at the top
// level and on every rate row; the CSV ends with the same method columns as the rates CSV.
import { ApiError } from "@/lib/api/errors";
import type { ModelResponse } from "@/lib/api/contracts";
import { apiRoute, found, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { modelRateColumns } from "@/lib/export/models";
import { methodProvenance, provenanceHeaders } from "@/lib/api/provenance";
import { ratesFileName } from "@/lib/export/rates";
import { resolveMethodView } from "@/lib/params/method";
import { modelApiParamsSchema, parseEntityId } from "@/lib/params/models";
import { loadModelView } from "@/lib/queries/models";
import { checkJudge } from "@/lib/queries/judges";
import { meanOverQuestions } from "@/lib/models/summary";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: modelApiParamsSchema,
  cache: "no-store",
  async handler({ query, params }) {
    const id = found(parseEntityId(params.id), `Model id "${params.id}" is not a positive whole number`);
    const { set, question, bin, format } = query;
    const view = resolveMethodView(query);
    await checkJudge(getPrisma(), view.method.source);
    const result = await loadModelView(getPrisma(), id, { set, question, view, binWidth: bin });
    switch (result.kind) {
      case "not-found":
        throw new ApiError("not-found", `No model with id ${id}`);
      case "no-answers":
        throw new ApiError("not-found", `Model ${result.model.name} has no answers`);
      case "unknown-set":
        throw new ApiError("not-found", `Model ${result.model.name} has no answers in set "${result.set}"`);
      case "unknown-question":
        throw new ApiError(
          "not-found",
          `Model ${result.model.name} has no answers to question "${result.question}" of set "${result.set.name}"`,
        );
      case "ok": {
        const { view } = result;
        const provenance = methodProvenance(view, view.scope);
        const headers = provenanceHeaders(provenance);
        if (format === "csv") {
          return csvResponse(
            ratesFileName(`model-rates_${view.model.name}`, view.set.name, provenance),
            toCsv(view.rates, modelRateColumns(view, provenance)),
            headers,
          );
        }
        const overall = meanOverQuestions(view.rates);
        const body: ModelResponse = {
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
        };
        return jsonResponse(body, headers);
      }
    }
  },
});
