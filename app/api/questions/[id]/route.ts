// GET /api/questions/<id>?base=&preset=&aligned=&coherent=&denominator=&min=&ci=&bin=: the numbers
// of the question page as JSON (question, each group's rate = the Figure-4 rows of this question,
// histograms per group, worst answers), for one base-model scope and method; format=csv with
// table=rates (default) or table=worst gives that table. The method and scope travel with the
// numbers as on /api/rates: preset, methodLabel, method, baseModel, methodDescription at the top
// level and on every rate row; the rates CSV ends with the same method columns as the rates CSV.
import type { QuestionResponse } from "@/lib/api/contracts";
import { apiRoute, found, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { methodProvenance, provenanceHeaders } from "@/lib/api/provenance";
import { groupRateColumns, worstAnswerColumns } from "@/lib/export/questions";
import { ratesFileName } from "@/lib/export/rates";
import { resolveMethodView } from "@/lib/params/method";
import { parseEntityId } from "@/lib/params/models";
import { questionApiParamsSchema } from "@/lib/params/questions";
import { loadQuestionView } from "@/lib/queries/questions";
import { checkJudge } from "@/lib/queries/judges";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: questionApiParamsSchema,
  cache: "no-store",
  async handler({ query, params }) {
    const id = found(parseEntityId(params.id), `Question id "${params.id}" is not a positive whole number`);
    const methodView = resolveMethodView(query);
    await checkJudge(getPrisma(), methodView.method.source);
    const view = found(await loadQuestionView(getPrisma(), id, { view: methodView, binWidth: query.bin }), `No question with id ${id}`);
    const { question } = view;
    const provenance = methodProvenance(view, view.scope);
    const headers = provenanceHeaders(provenance);
    if (query.format === "csv") {
      const name = `${question.set.name}-${question.externalId}`;
      return query.table === "worst"
        ? csvResponse(
            `${name}-worst-answers_base-${view.scope.param}.csv`,
            toCsv(view.worst, worstAnswerColumns(question, view.scope.param)),
            headers,
          )
        : csvResponse(
            ratesFileName(`group-rates_${question.externalId}`, question.set.name, provenance),
            toCsv(view.rates, groupRateColumns(question, provenance)),
            headers,
          );
    }
    const body: QuestionResponse = {
      ...provenance,
      scopeLabel: view.scope.label,
      question,
      scopeAnswers: view.scoped.answers,
      scopeModels: view.scoped.models,
      rates: view.rates.map((rate) => ({ ...rate, ...provenance })),
      histograms: view.histograms,
      worstAnswers: view.worst,
    };
    return jsonResponse(body, headers);
  },
});
